"""Each account's name as a person reads it, stored and indexed.

A new screen asks whether its name is already an account, where case and spacing do not
count (`scoring.names.name_key`). Asked of the names themselves, that reads every
account's name on every screen; asked of this column, it is one look-up in an index.
Existing rows get their key here, computed in Python by the very function the app uses
(SQL's `lower()` does not fold "ß" or "Ł" the way `str.casefold` does), a batch of
accounts at a time so a large database is never held in memory at once.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-14
"""

import sqlalchemy as sa
from alembic import op

from scoring.names import name_key

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

#: Accounts read and updated per round of the backfill.
BATCH = 5000

_accounts = sa.table(
    "accounts",
    sa.column("id", sa.Integer()),
    sa.column("name", sa.String()),
    sa.column("name_key", sa.String()),
)


def upgrade() -> None:
    # Three characters of key for one of name at most ("ß" folds to "ss"): 3 × the name's 200.
    op.add_column("accounts", sa.Column("name_key", sa.String(600), nullable=False, server_default=""))
    _backfill(op.get_bind())
    op.create_index("ix_accounts_name_key", "accounts", ["name_key"])


def _backfill(conn: sa.Connection) -> None:
    """Set every account's key from its name, `BATCH` accounts at a time, in id order."""
    update = (
        _accounts.update()
        .where(_accounts.c.id == sa.bindparam("account_id"))
        .values(name_key=sa.bindparam("key"))
    )
    last = 0  # ids start at 1
    while True:
        rows = conn.execute(
            sa.select(_accounts.c.id, _accounts.c.name)
            .where(_accounts.c.id > last)
            .order_by(_accounts.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        conn.execute(update, [{"account_id": row.id, "key": name_key(row.name)} for row in rows])
        last = rows[-1].id


def downgrade() -> None:
    op.drop_index("ix_accounts_name_key", table_name="accounts")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("name_key")
