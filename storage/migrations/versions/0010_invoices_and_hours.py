"""Invoices, their payments and each client's planned hours: the money and time behind a status.

Amounts are whole numbers of ten-thousandths of the currency's unit (`amount_e4`): exact on
SQLite and PostgreSQL alike, and room for every currency's decimals. An invoice number is
unique per account, so importing the same file twice adds nothing. The names an invoice file
gives its customers are remembered per account (erased with it), and the column mapping of
each file layout a person confirmed is kept for the next file of that layout.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("accounts", sa.Column("weekly_hours", sa.Float(), nullable=True))
    op.create_table(
        "invoices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(60), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("amount_e4", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name="fk_invoices_account_id_accounts", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_invoices"),
        sa.UniqueConstraint("account_id", "number", name="uq_invoices_account_id"),
    )
    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("amount_e4", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name="fk_payments_invoice_id_invoices", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_payments"),
    )
    op.create_index("ix_payments_invoice_id", "payments", ["invoice_id"])
    op.create_table(
        "customer_names",
        sa.Column("name_key", sa.String(600), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name="fk_customer_names_account_id_accounts", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("name_key", name="pk_customer_names"),
    )
    op.create_index("ix_customer_names_account_id", "customer_names", ["account_id"])
    op.create_table(
        "invoice_layouts",
        sa.Column("layout", sa.String(32), nullable=False),
        sa.Column("mapping", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("layout", name="pk_invoice_layouts"),
    )


def downgrade() -> None:
    op.drop_table("invoice_layouts")
    op.drop_index("ix_customer_names_account_id", table_name="customer_names")
    op.drop_table("customer_names")
    op.drop_index("ix_payments_invoice_id", table_name="payments")
    op.drop_table("payments")
    op.drop_table("invoices")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("weekly_hours")
