"""Signed clients: signing and ending dates, check-in signals, the evidence log.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

CHECKIN = sa.text("kind = 'checkin'")


def upgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("signed_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("ended_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("outcome", sa.String(16), nullable=True))
        batch.add_column(sa.Column("outcome_note", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("assessments") as batch:
        batch.add_column(sa.Column("signals", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("suggested", sa.JSON(), nullable=True))
    # One check-in per client per day; screens are not limited.
    op.create_index(
        "uq_assessments_checkin_day",
        "assessments",
        ["account_id", "taken_on"],
        unique=True,
        sqlite_where=CHECKIN,
        postgresql_where=CHECKIN,
    )
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("noted_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("idempotency_key", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name="fk_evidence_account_id_accounts", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_evidence"),
        sa.UniqueConstraint("idempotency_key", name="uq_evidence_idempotency_key"),
    )
    op.create_index("ix_evidence_account_noted", "evidence", ["account_id", "noted_on"])


def downgrade() -> None:
    op.drop_index("ix_evidence_account_noted", table_name="evidence")
    op.drop_table("evidence")
    op.drop_index("uq_assessments_checkin_day", table_name="assessments")
    with op.batch_alter_table("assessments") as batch:
        batch.drop_column("suggested")
        batch.drop_column("signals")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("outcome_note")
        batch.drop_column("outcome")
        batch.drop_column("ended_on")
        batch.drop_column("signed_on")
