"""The app survives its database server restarting between requests (pool_pre_ping): the connections
the pool kept are found dead and replaced before a request uses them, instead of failing it with a 500."""
from __future__ import annotations

import pytest

from storyagent.extensions import db
from tests.cluster_process import PostgresServer
from tests.databases import postgres_or_skip, restart


@pytest.fixture
def postgres():
    """A server of this test's own: restarting the session's would cut the other tests' connections."""
    postgres_or_skip()
    server = PostgresServer().start()
    yield server
    server.stop()


def test_requests_after_a_postgresql_restart_succeed(postgres, app_config, make_app):
    app = make_app({**app_config, "SQLALCHEMY_DATABASE_URI": postgres.url})
    client = app.test_client()
    assert client.post("/api/register", json={"username": "rita", "password": "correct-horse"}).status_code == 200
    with app.app_context():
        assert db.engine.pool.checkedin() >= 1  # a pooled connection, opened before the restart
    restart(postgres)
    response = client.post("/api/login", json={"username": "rita", "password": "correct-horse"})
    assert response.status_code == 200, response.json
    token = response.json["access_token"]
    response = client.post("/api/task/new", json={"topic": "a fox after the storm"},
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.json


def test_pool_pre_ping_is_on_for_every_database(app):
    with app.app_context():
        assert db.engine.pool._pre_ping
