"""Questionnaires: links the other side answers once, and the answers they gave.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "questionnaire_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sender", sa.String(200), nullable=False, server_default=""),
        sa.Column("opening", sa.Text(), nullable=False, server_default=""),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name="fk_questionnaire_links_account_id_accounts",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_questionnaire_links"),
        sa.UniqueConstraint("token_hash", name="uq_questionnaire_links_token_hash"),
    )
    op.create_index("ix_questionnaire_links_account", "questionnaire_links", ["account_id"])
    op.create_table(
        "questionnaire_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("language", sa.String(16), nullable=False, server_default="en"),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name="fk_questionnaire_answers_account_id_accounts",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["link_id"],
            ["questionnaire_links.id"],
            name="fk_questionnaire_answers_link_id_questionnaire_links",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_questionnaire_answers"),
        sa.UniqueConstraint("link_id", name="uq_questionnaire_answers_link_id"),
        sa.UniqueConstraint("account_id", "fingerprint", name="uq_questionnaire_answers_account_id"),
    )
    op.create_index(
        "ix_questionnaire_answers_account", "questionnaire_answers", ["account_id", "submitted_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_questionnaire_answers_account", table_name="questionnaire_answers")
    op.drop_table("questionnaire_answers")
    op.drop_index("ix_questionnaire_links_account", table_name="questionnaire_links")
    op.drop_table("questionnaire_links")
