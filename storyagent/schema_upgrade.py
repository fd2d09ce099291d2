"""Bring the database to the current schema at start-up: the Alembic migrations, and before them the
in-place fixes a database made by create_all (before migrations existed) needs.

An empty database is built by the migrations (upgrade head). One made by create_all has tables
but no ``alembic_version``: it gets the fixes below, which bring it to the schema of
LEGACY_REVISION, is stamped with that revision, and then upgraded like any other. Processes
starting together take turns (a PostgreSQL advisory lock, a file lock beside a SQLite file).

Older databases have a user table whose ids SQLite may reuse (no AUTOINCREMENT) and no
token generation. SQLite cannot add AUTOINCREMENT to a table, so the table is rebuilt
(the procedure of sqlite.org/lang_altertable.html: new table, copy, drop, rename) inside
one exclusive transaction; every account gets a fresh generation, which logs everyone
out once. Other databases only gain the column (their sequences never reuse ids).
"""
from __future__ import annotations

import fcntl
import logging
import os
import secrets
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from flask import Flask
from sqlalchemy import Connection, Engine, func, inspect, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.schema import CreateIndex, CreateTable

from .extensions import db
from .models import User

log = logging.getLogger(__name__)

# the last revision whose schema create_all made before start-up ran the migrations: a database
# without alembic_version is brought to it in place, then stamped with it
LEGACY_REVISION = "0002"
# any constant: the key of the PostgreSQL advisory lock that lets one starting process migrate at a time
_MIGRATION_LOCK = 0x5701A6F


def migrate_to_head(app: Flask) -> None:
    """Migrate the app's database to the newest revision (a no-op when it is there already)."""
    with app.app_context(), _migration_turn(db.engine) as connection:
        config = app.extensions["migrate"].migrate.get_config()
        config.attributes["connection"] = connection  # env.py migrates on this connection, under the lock
        tables = set(inspect(connection).get_table_names())
        if tables and "alembic_version" not in tables:
            _bring_legacy_database_to(LEGACY_REVISION, db.engine, connection)
            command.stamp(config, LEGACY_REVISION)
        command.upgrade(config, "head")
    with app.app_context():
        upgrade_user_table(db.engine)  # a SQLite user table an earlier revision 0001 made without AUTOINCREMENT


@contextmanager
def _migration_turn(engine: Engine):
    """A connection in a transaction that no other starting process migrates alongside."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(select(func.pg_advisory_xact_lock(_MIGRATION_LOCK)))  # until commit
            yield connection
        return
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        with engine.begin() as connection:
            yield connection
        return
    # beside the database, private like it (it holds nothing, but the folder's files are the service's own)
    lock = os.open(Path(database).with_name(Path(database).name + ".migrate-lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with engine.begin() as connection:
            yield connection
    finally:
        os.close(lock)  # and with it the lock


def _bring_legacy_database_to(revision: str, engine: Engine, connection: Connection) -> None:
    """Give a create_all-made database what `revision` has: the new user table, new columns, new tables."""
    log.warning("the database has no migration history: bringing it to revision %s in place", revision)
    upgrade_user_table(engine)
    add_missing_columns(engine)
    # tables a later release added, as the models describe them (no revision after LEGACY_REVISION
    # may change a table that an old release lacked)
    missing = [table for name, table in db.metadata.tables.items() if name not in inspect(engine).get_table_names()]
    db.metadata.create_all(connection, tables=missing)

FOLDED_INDEX = next(index for index in User.__table__.indexes if index.name == "uq_user_username_folded")


def upgrade_user_table(engine: Engine) -> bool:
    """Upgrade the user table if it is an old one; True when something changed."""
    if "user" not in inspect(engine).get_table_names():
        return False  # a new database: create_all makes the current table
    if engine.dialect.name == "sqlite":
        return _upgrade_sqlite(engine)
    return _add_generation_column(engine)


def _sqlite_needs_rebuild(cursor) -> bool:
    row = cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'user'").fetchone()
    columns = {info[1] for info in cursor.execute('PRAGMA table_info("user")')}
    return row is not None and ("AUTOINCREMENT" not in row[0].upper() or "token_generation" not in columns)


def _upgrade_sqlite(engine: Engine) -> bool:
    raw = engine.raw_connection()
    connection = raw.driver_connection
    saved_isolation = connection.isolation_level
    connection.isolation_level = None  # we issue BEGIN/COMMIT ourselves (DDL included)
    cursor = connection.cursor()
    try:
        if not _sqlite_needs_rebuild(cursor):
            return False
        cursor.execute("BEGIN IMMEDIATE")  # one process upgrades; the others wait, then see it done
        if not _sqlite_needs_rebuild(cursor):
            cursor.execute("COMMIT")
            return False
        try:
            _rebuild_sqlite_user_table(cursor, engine)
            cursor.execute("COMMIT")
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
    finally:
        cursor.close()
        connection.isolation_level = saved_isolation
        raw.close()
    log.warning("upgraded the user table: ids are never reused now, and every account must log in again")
    return True


def _rebuild_sqlite_user_table(cursor, engine: Engine) -> None:
    create = str(CreateTable(User.__table__).compile(dialect=engine.dialect))
    cursor.execute(create.replace("CREATE TABLE user ", "CREATE TABLE user_new ", 1))
    columns = {info[1] for info in cursor.execute('PRAGMA table_info("user")')}
    created = "created_at" if "created_at" in columns else "CURRENT_TIMESTAMP"
    cursor.execute("INSERT INTO user_new (id, username, password_hash, created_at, token_generation) "
                   f"SELECT id, username, password_hash, {created}, lower(hex(randomblob(16))) FROM user")
    # ids already handed out to accounts deleted before this upgrade may still own tasks: skip them too
    highest = cursor.execute("SELECT max(coalesce((SELECT max(id) FROM user), 0), "
                             "coalesce((SELECT max(user_id) FROM task), 0))").fetchone()[0]
    cursor.execute("DROP TABLE user")
    cursor.execute("ALTER TABLE user_new RENAME TO user")
    cursor.execute("DELETE FROM sqlite_sequence WHERE name = 'user'")
    cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('user', ?)", (highest,))
    _create_folded_index(lambda sql: cursor.execute(sql), engine)


def _create_folded_index(execute, engine: Engine) -> None:
    """Add the case-insensitive unique index, unless old accounts already differ only in case."""
    sql = str(CreateIndex(FOLDED_INDEX, if_not_exists=True).compile(dialect=engine.dialect))
    try:
        execute(sql)
    except Exception as exc:  # noqa: BLE001 - the driver's own IntegrityError type
        log.warning("usernames that differ only in case exist; case-insensitive uniqueness is off: %s", exc)


def _add_generation_column(engine: Engine) -> bool:
    columns = {column["name"] for column in inspect(engine).get_columns("user")}
    if "token_generation" in columns:
        return False
    with engine.begin() as connection:
        connection.execute(text('ALTER TABLE "user" ADD COLUMN token_generation VARCHAR(32)'))
        for (user_id,) in connection.execute(text('SELECT id FROM "user"')).all():
            connection.execute(text('UPDATE "user" SET token_generation = :generation WHERE id = :id'),
                               {"generation": secrets.token_hex(16), "id": user_id})
    try:
        with engine.begin() as connection:
            _create_folded_index(lambda sql: connection.execute(text(sql)), engine)
    except IntegrityError:
        pass
    return True


# columns added to tables an earlier release created: (table, column, SQL type); create_all adds
# missing tables but never columns
# what revision LEGACY_REVISION has that a create_all database may lack; later columns come from
# their migrations (0003 adds task.options) once the database is stamped
ADDED_COLUMNS = (("task", "chain_through", "INTEGER"),)


def add_missing_columns(engine: Engine) -> list[str]:
    """Add the columns of ADDED_COLUMNS that an older database lacks; return what was added."""
    added = []
    for table, column, sql_type in ADDED_COLUMNS:
        inspector = inspect(engine)
        if table not in inspector.get_table_names():
            continue
        if column in {info["name"] for info in inspector.get_columns(table)}:
            continue
        try:
            with engine.begin() as connection:
                connection.execute(text(f'ALTER TABLE "{table}" ADD COLUMN {column} {sql_type}'))
        except Exception:  # noqa: BLE001 - another process added it first (the driver's own error type)
            if column not in {info["name"] for info in inspect(engine).get_columns(table)}:
                raise
            continue
        added.append(f"{table}.{column}")
        log.warning("added the column %s.%s that this version needs", table, column)
    return added
