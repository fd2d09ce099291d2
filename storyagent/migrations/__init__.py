"""Alembic migrations of the database schema (flask --app storyagent db upgrade)."""
