"""The databases the API tests run on: SQLite in the test's folder, and PostgreSQL.

PostgreSQL costs one server per test session (per xdist worker) and one database per test,
copied from a template that the app's own start-up migrated once (``CREATE DATABASE ...
TEMPLATE``: a tenth of a second, where migrating each fresh database would take three).
Without the binaries the PostgreSQL half skips, except under CI=true, where .ci/run installs
them and their absence is a failure.
"""
from __future__ import annotations

import itertools
import os
import subprocess
import tempfile

import pytest
import sqlalchemy

from storyagent import create_app
from storyagent.extensions import db
from tests.cluster_process import PostgresServer, ServiceMissing

DATABASES = ("sqlite", "postgresql")
TEMPLATE = "storyagent_template"

# for the few app tests that read SQLite's own files or catalogue
sqlite_only = pytest.mark.parametrize("database", ["sqlite"], indirect=True)


def postgres_or_skip() -> None:
    """Skip without PostgreSQL's binaries, except in CI (.ci/run installs them): there it is a failure."""
    try:
        PostgresServer.binaries()
    except ServiceMissing as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{exc}; .ci/run installs it with apt-get")
        pytest.skip(str(exc))


def database_url(server: PostgresServer, name: str) -> str:
    return f"postgresql+psycopg://storyagent@127.0.0.1:{server.port}/{name}"


def restart(server: PostgresServer) -> None:
    """Stop the server abruptly (every connection dropped) and start it again on the same port."""
    subprocess.run(server.as_owner([str(server.bin / "pg_ctl"), "-D", str(server.data), "-m", "immediate",
                                    "-l", str(server.folder / "log"), "-w", "-o",
                                    f"-p {server.port} -k {server.folder} -c listen_addresses=127.0.0.1 "
                                    "-c fsync=off", "restart"]), check=True, capture_output=True)


def migrate_with_start_up(url: str) -> None:
    """Build the app once on `url`, as a server would start on an empty database (it migrates it)."""
    with pytest.MonkeyPatch.context() as patch:
        folder = tempfile.mkdtemp(prefix="storyagent-template-")
        patch.setenv("STORYAGENT_INSTANCE_PATH", os.path.join(folder, "instance"))
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "BASE_DIR": folder,
                          "SCHEDULER_ENABLED": False, "RUNNER": "sync"})
        with app.app_context():
            db.engine.dispose()


class PostgresDatabases:
    """A PostgreSQL server handing out a freshly migrated database per test."""

    def __init__(self, server: PostgresServer):
        self.server = server
        self.admin = sqlalchemy.create_engine(server.url, isolation_level="AUTOCOMMIT", poolclass=sqlalchemy.NullPool)
        self.names = (f"test_{number}" for number in itertools.count(1))
        self.execute(f"CREATE DATABASE {TEMPLATE}")
        migrate_with_start_up(database_url(server, TEMPLATE))

    def execute(self, sql: str) -> None:
        with self.admin.connect() as connection:
            connection.exec_driver_sql(sql)

    def fresh(self) -> str:
        name = next(self.names)
        self.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return name

    def drop(self, name: str) -> None:
        """Drop a test's database (FORCE: connections an app left open are closed first)."""
        self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def close(self) -> None:
        self.admin.dispose()
        self.server.stop()
