"""Accounts and their assessments (screens now, check-ins later).

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("company", sa.String(200), nullable=False, server_default=""),
        sa.Column("deal_value", sa.Float(), nullable=True),
        sa.Column("stage", sa.String(16), nullable=False, server_default="prospect"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_accounts"),
    )
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("gut", sa.String(16), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.Column("rubric_key", sa.String(40), nullable=False),
        sa.Column("rubric_version", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name="fk_assessments_account_id_accounts",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_assessments"),
        sa.UniqueConstraint("idempotency_key", name="uq_assessments_idempotency_key"),
    )
    op.create_index("ix_assessments_account_taken", "assessments", ["account_id", "taken_on"])


def downgrade() -> None:
    op.drop_index("ix_assessments_account_taken", table_name="assessments")
    op.drop_table("assessments")
    op.drop_table("accounts")
