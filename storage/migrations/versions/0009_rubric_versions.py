"""Rubric versions: every save of the rubric, kept for good.

A version is never changed or removed: assessments name the version they were taken with,
and a restore is a new version. Triggers refuse an UPDATE or DELETE on both databases, so
no command or file can rewrite one.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_MESSAGE = "rubric versions are never changed or removed"


def upgrade() -> None:
    op.create_table(
        "rubric_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rubric_key", sa.String(40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("saved_by", sa.String(320), nullable=False, server_default=""),
        sa.Column("reason", sa.Text(), nullable=False, server_default=""),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_rubric_versions"),
        sa.UniqueConstraint("rubric_key", "version", name="uq_rubric_versions_rubric_key"),
    )
    if op.get_bind().dialect.name == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER rubric_versions_no_{event.lower()} BEFORE {event} ON rubric_versions "
                f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
            )
    else:
        op.execute(
            "CREATE FUNCTION rubric_versions_keep() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{_MESSAGE}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER rubric_versions_keep BEFORE UPDATE OR DELETE ON rubric_versions "
            "FOR EACH ROW EXECUTE FUNCTION rubric_versions_keep()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS rubric_versions_no_update")
        op.execute("DROP TRIGGER IF EXISTS rubric_versions_no_delete")
        op.drop_table("rubric_versions")
    else:
        op.drop_table("rubric_versions")
        op.execute("DROP FUNCTION IF EXISTS rubric_versions_keep()")
