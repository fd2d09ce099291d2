"""Alembic's environment for `flask --app storyagent db ...`: the app's engine and models' metadata."""
from __future__ import annotations

import logging

from alembic import context
from flask import current_app

log = logging.getLogger("alembic.env")

extension = current_app.extensions["migrate"]
metadata = extension.db.metadata


def run_migrations_offline() -> None:
    """`db upgrade --sql`: print the SQL for the configured URL instead of running it."""
    url = extension.db.engine.url.render_as_string(hide_password=False)
    context.configure(url=url, target_metadata=metadata, literal_binds=True, **extension.configure_args)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations on the app's database (or the connection start-up passes), in one transaction."""

    def skip_empty_autogenerate(_context, _revision, directives):
        # `db migrate` with no model change writes no empty revision
        if getattr(context.config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            log.info("No changes in schema detected.")

    options = {"process_revision_directives": skip_empty_autogenerate, **extension.configure_args}
    given = context.config.attributes.get("connection")
    if given is not None:  # start-up (schema_upgrade.migrate_to_head): its connection, lock and transaction
        context.configure(connection=given, target_metadata=metadata, **options)
        with context.begin_transaction():
            context.run_migrations()
        return
    with extension.db.engine.connect() as connection:
        context.configure(connection=connection, target_metadata=metadata, **options)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
