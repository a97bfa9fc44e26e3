"""A change sequence: which write last changed each account.

`data_version.seq` counts the write transactions, and each one that changes an account
stamps the account's `changed_in` with its number while it holds the data version's row
lock, so numbers are stamped in the order the writes commit. A reader that knows the
portfolio as of number N reads only the accounts changed after N. `epoch` changes
when the whole database is replaced (a restore): numbers from before mean nothing after.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("accounts", sa.Column("changed_in", sa.BigInteger(), nullable=False, server_default="0"))
    op.create_index("ix_accounts_changed_in", "accounts", ["changed_in"])
    op.add_column("data_version", sa.Column("seq", sa.BigInteger(), nullable=False, server_default="0"))
    op.add_column("data_version", sa.Column("epoch", sa.String(32), nullable=False, server_default=""))
    op.execute(sa.text("UPDATE data_version SET epoch = :epoch").bindparams(epoch=uuid.uuid4().hex))


def downgrade() -> None:
    with op.batch_alter_table("data_version") as batch:
        batch.drop_column("epoch")
        batch.drop_column("seq")
    op.drop_index("ix_accounts_changed_in", table_name="accounts")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("changed_in")
