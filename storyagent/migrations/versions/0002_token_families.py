"""Token families (refresh-token reuse detection), a token generation per account, case-folded usernames.

Revision ID: 0002
Revises: 0001
"""
import secrets

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("token_family",
                    sa.Column("id", sa.String(length=32), nullable=False),
                    sa.Column("user_id", sa.Integer(), nullable=False),
                    sa.Column("current_jti", sa.String(length=64), nullable=False),
                    sa.Column("previous_jti", sa.String(length=64), nullable=True),
                    sa.Column("rotated_at", sa.Double(), nullable=True),
                    sa.Column("revoked_at", sa.Double(), nullable=True),
                    sa.Column("expires_at", sa.Double(), nullable=False),
                    sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
                    sa.PrimaryKeyConstraint("id"))
    op.create_index(op.f("ix_token_family_expires_at"), "token_family", ["expires_at"], unique=False)
    op.create_index(op.f("ix_token_family_user_id"), "token_family", ["user_id"], unique=False)
    with op.batch_alter_table("user") as batch:
        batch.add_column(sa.Column("token_generation", sa.String(length=32), nullable=True))
    # every existing account gets a generation of its own (its old tokens stop working: log in again)
    connection = op.get_bind()
    for (user_id,) in connection.execute(sa.text('SELECT id FROM "user"')).all():
        connection.execute(sa.text('UPDATE "user" SET token_generation = :generation WHERE id = :id'),
                           {"generation": secrets.token_hex(16), "id": user_id})
    op.create_index("uq_user_username_folded", "user", [sa.text("lower(username)")], unique=True)


def downgrade():
    op.drop_index("uq_user_username_folded", table_name="user")
    with op.batch_alter_table("user") as batch:
        batch.drop_column("token_generation")
    op.drop_index(op.f("ix_token_family_user_id"), table_name="token_family")
    op.drop_index(op.f("ix_token_family_expires_at"), table_name="token_family")
    op.drop_table("token_family")
