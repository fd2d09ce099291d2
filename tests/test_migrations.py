"""The Alembic migrations build exactly the schema the models describe (SQLite here; PostgreSQL in
tests/test_celery_runner.py's cluster fixture when it is installed)."""
from __future__ import annotations

import warnings

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from storyagent.extensions import db
from tests.cluster_process import PostgresServer
from tests.test_celery_runner import services_or_skip


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


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_upgrade_from_empty_builds_todays_schema_and_downgrade_removes_it(app_config, make_app, database):
    if database == "postgresql":
        services_or_skip()
    postgres = PostgresServer().start() if database == "postgresql" else None
    try:
        uri = postgres.url if postgres else app_config["SQLALCHEMY_DATABASE_URI"]
        app = make_app({**app_config, "SQLALCHEMY_DATABASE_URI": uri})
        with app.app_context():
            db.drop_all()  # the factory made the tables with create_all: start from an empty database
            assert inspect(db.engine).get_table_names() == []
            upgrade()
            assert schema_differences() == []
            assert set(inspect(db.engine).get_table_names()) == set(db.metadata.tables) | {"alembic_version"}
            downgrade(revision="base")
            assert inspect(db.engine).get_table_names() == ["alembic_version"]
            db.session.remove()
            db.engine.dispose()
    finally:
        if postgres is not None:
            postgres.stop()
