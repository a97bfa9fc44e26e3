"""Share links: capability tokens for read-only scorecards, stored only as hashes.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "share_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("include_notes", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("label", sa.String(200), nullable=False, server_default=""),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name="fk_share_links_account_id_accounts", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_share_links"),
        sa.UniqueConstraint("token_hash", name="uq_share_links_token_hash"),
    )
    op.create_index("ix_share_links_account", "share_links", ["account_id"])


def downgrade() -> None:
    op.drop_index("ix_share_links_account", table_name="share_links")
    op.drop_table("share_links")
