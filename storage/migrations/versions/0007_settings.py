"""Settings: what each person chose for themselves (language, je or u, their name).

One row per person and setting. The owner is the signed-in person's e-mail address, or
"" for the one local user of an app without sign-in.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-15
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "settings",
        sa.Column("owner", sa.String(320), nullable=False),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("owner", "name", name="pk_settings"),
    )


def downgrade() -> None:
    op.drop_table("settings")
