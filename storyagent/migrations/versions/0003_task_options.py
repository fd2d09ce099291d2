"""Per-story options on a task (voice, aspect, pages, music, caption_style).

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


# plain ALTER TABLE (SQLite has ADD and DROP COLUMN): a batch copy would reflect the user table, whose
# expression index SQLAlchemy cannot reflect


def upgrade():
    op.add_column("task", sa.Column("options", sa.JSON(), nullable=True))


def downgrade():
    op.drop_column("task", "options")
