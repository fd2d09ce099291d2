"""The schema comes from the Alembic migrations, on SQLite and PostgreSQL alike: start-up and
`flask init-db` migrate to head, `flask db upgrade` builds exactly what the models describe, and a
database made by create_all before migrations existed is brought up in place."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade
from sqlalchemy import inspect, text

from conftest import ApiUser
from storyagent import create_app
from storyagent.extensions import db
from storyagent.schema_upgrade import LEGACY_REVISION


def schema_differences() -> list:
    """What the migrated database lacks or has beyond the models (SQLite cannot reflect the case-folded
    username index, an expression index: it is checked by name instead)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based index")
        warnings.filterwarnings("ignore", "autogenerate skipping metadata-specified expression-based index")
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
            if connection.dialect.name == "sqlite":
                names = {row[0] for row in connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'index'")}
                assert "uq_user_username_folded" in names
                differences = [d for d in differences if not (d[0] == "add_index" and d[1].name == "uq_user_username_folded")]
    return differences


def head_revision(app) -> str:
    return ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config()).get_current_head()


def database_revision() -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def tables() -> set[str]:
    return set(inspect(db.engine).get_table_names())


def test_start_up_migrates_the_database_to_head(app):
    with app.app_context():
        assert database_revision() == head_revision(app)
        assert schema_differences() == []
        assert tables() == set(db.metadata.tables) | {"alembic_version"}


def test_db_upgrade_builds_todays_schema_and_downgrade_removes_it(app):
    runner = app.test_cli_runner()
    with app.app_context():
        downgrade(revision="base")
        assert tables() == {"alembic_version"}
        result = runner.invoke(args=["db", "upgrade"])
        assert result.exit_code == 0, result.output
        assert database_revision() == head_revision(app)
        assert schema_differences() == []


def test_init_db_migrates_an_empty_database_and_is_safe_to_run_again(app):
    runner = app.test_cli_runner()
    with app.app_context():
        downgrade(revision="base")
        for _ in range(2):
            result = runner.invoke(args=["init-db"])
            assert result.exit_code == 0 and "Database ready" in result.output, result.output
            assert database_revision() == head_revision(app)
        assert schema_differences() == []


def forget_migration_history(app, revision: str) -> None:
    """Leave the database as create_all left it at `revision`'s schema, before migrations existed."""
    with app.app_context():
        downgrade(revision=revision)
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE alembic_version"))
        db.session.remove()
        db.engine.dispose()


def test_a_create_all_database_from_before_migrations_is_stamped_and_upgraded(app, app_config, client, make_app):
    ApiUser(client, "olive")
    forget_migration_history(app, LEGACY_REVISION)
    restarted = make_app(app_config)
    with restarted.app_context():
        assert database_revision() == head_revision(restarted)
        assert schema_differences() == []
    olive = restarted.test_client().post("/api/login", json={"username": "olive", "password": "correct-horse"})
    assert olive.status_code == 200


def test_a_first_release_database_gains_token_families_and_generations_in_place(app, app_config, client, make_app):
    """The first schema (revision 0001's, made by create_all): no token families, no token generations."""
    ApiUser(client, "olive")
    forget_migration_history(app, "0001")
    restarted = make_app(app_config)
    with restarted.app_context():
        assert database_revision() == head_revision(restarted)
        assert schema_differences() == []
        generation = db.session.execute(text("SELECT token_generation FROM \"user\" WHERE username = 'olive'")).scalar()
        assert len(generation) == 32
    client = restarted.test_client()
    assert client.post("/api/login", json={"username": "olive", "password": "correct-horse"}).status_code == 200
    assert client.post("/api/register", json={"username": "OLIVE", "password": "correct-horse"}).status_code == 409


def test_processes_starting_together_on_an_empty_database_migrate_it_once(app, app_config):
    with app.app_context():
        downgrade(revision="base")
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE alembic_version"))
        db.engine.dispose()
    # real processes, as in production: threads would share one interpreter, whose compiler CPython 3.11
    # does not make safe for three threads loading the migration scripts at once ("AST constructor
    # recursion depth mismatch")
    starter = ("import json, os; from storyagent import create_app; "
               "create_app(json.loads(os.environ['TEST_APP_CONFIG'])); print('started')")
    settings = {key: value for key, value in app_config.items() if key != "SQLALCHEMY_ENGINE_OPTIONS"}  # a pool class
    env = {**os.environ, "TEST_APP_CONFIG": json.dumps(settings)}
    starters = [subprocess.Popen([sys.executable, "-c", starter], env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outcomes = [(*process.communicate(), process.returncode) for process in starters]
    assert [(code, out.strip()) for out, _, code in outcomes] == [(0, "started")] * 3, [err for _, err, _ in outcomes]
    built = [create_app(app_config)]
    with built[0].app_context():
        assert database_revision() == head_revision(built[0])
        assert schema_differences() == []
    for started in built:
        with started.app_context():
            db.engine.dispose()

