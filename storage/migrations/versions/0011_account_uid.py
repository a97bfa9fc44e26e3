"""Each account's portable id: the same account in any database it is moved to.

An account's number (`id`) is the database's own: a second database numbers its accounts
as it likes, and two accounts may well share a name. The portable export (`services.portable`)
names every account by `uid`, a random 32-digit hex id given once when the account is made, so
an import recognises an account it already holds whatever its number or name there.

Existing accounts get theirs here, a batch at a time. The column stays nullable in the table
(every insert of the app fills it, by the column's default in `storage.schema`): making it
NOT NULL would mean rebuilding the accounts table on SQLite under the foreign keys that point
at it. The unique index keeps two accounts from sharing one.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

#: Accounts read and updated per round of the backfill.
BATCH = 5000

_accounts = sa.table("accounts", sa.column("id", sa.Integer()), sa.column("uid", sa.String()))


def upgrade() -> None:
    op.add_column("accounts", sa.Column("uid", sa.String(32), nullable=True))
    _backfill(op.get_bind())
    op.create_index("uq_accounts_uid", "accounts", ["uid"], unique=True)


def _backfill(conn: sa.Connection) -> None:
    update = (
        _accounts.update().where(_accounts.c.id == sa.bindparam("account_id")).values(uid=sa.bindparam("new"))
    )
    last = 0
    while True:
        ids = (
            conn.execute(
                sa.select(_accounts.c.id).where(_accounts.c.id > last).order_by(_accounts.c.id).limit(BATCH)
            )
            .scalars()
            .all()
        )
        if not ids:
            return
        conn.execute(update, [{"account_id": i, "new": uuid.uuid4().hex} for i in ids])
        last = ids[-1]


def downgrade() -> None:
    op.drop_index("uq_accounts_uid", table_name="accounts")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("uid")
