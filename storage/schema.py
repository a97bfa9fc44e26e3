"""Table definitions. Changes go through a new Alembic migration, never by editing history."""

from __future__ import annotations

import uuid

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    text,
)

from scoring.limits import INVOICE_NUMBER_MAX, NAME_MAX, SHARE_LABEL_MAX

#: Case folding can lengthen a name ("ß" is "ss"): never more than three characters for one.
NAME_KEY_MAX = 3 * NAME_MAX


def new_uid() -> str:
    """A new account's portable id: 32 random hex digits."""
    return uuid.uuid4().hex


metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(NAME_MAX), nullable=False),
    Column("company", String(NAME_MAX), nullable=False, server_default=""),
    Column("deal_value", Float, nullable=True),
    Column("stage", String(16), nullable=False, server_default="prospect"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("signed_on", Date, nullable=True),
    Column("ended_on", Date, nullable=True),
    Column("outcome", String(16), nullable=True),
    Column("outcome_note", Text, nullable=False, server_default=""),
    # The data version's `seq` of the last write that changed the account (its record or its
    # assessments): what a reader that knows the portfolio as of one number reads again.
    Column("changed_in", BigInteger, nullable=False, server_default="0"),
    # The name as a person reads it (`scoring.names.name_key`), set by every write that sets
    # `name`: "is this name already an account?" is one indexed look-up, not a scan of names.
    Column("name_key", String(NAME_KEY_MAX), nullable=False, server_default=""),
    # Hours a week the work for this client is planned to take (None: not said).
    Column("weekly_hours", Float, nullable=True),
    # The account's portable id (migration 0011): the same in every database the account is moved
    # to, so an import knows it whatever its `id` or name there. Every insert fills it.
    Column("uid", String(32), nullable=True, default=lambda: new_uid()),
    Index("ix_accounts_changed_in", "changed_in"),
    Index("ix_accounts_name_key", "name_key"),
    Index("uq_accounts_uid", "uid", unique=True),
)

assessments = Table(
    "assessments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("taken_on", Date, nullable=False),
    Column("gut", String(16), nullable=True),
    Column("answers", JSON, nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    Column("rubric_key", String(40), nullable=False),
    Column("rubric_version", Integer, nullable=False),
    Column("idempotency_key", String(80), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # None is stored as SQL NULL, not the JSON text 'null': "no signals" reads the same
    # in rows written now and in rows that predate these columns.
    Column("signals", JSON(none_as_null=True), nullable=True),
    Column("suggested", JSON(none_as_null=True), nullable=True),
    Index("ix_assessments_account_taken", "account_id", "taken_on"),
    Index(
        "uq_assessments_checkin_day",
        "account_id",
        "taken_on",
        unique=True,
        sqlite_where=text("kind = 'checkin'"),
        postgresql_where=text("kind = 'checkin'"),
    ),
)

evidence = Table(
    "evidence",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("noted_on", Date, nullable=False),
    Column("text", Text, nullable=False),
    Column("idempotency_key", String(80), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_evidence_account_noted", "account_id", "noted_on"),
)

share_links = Table(
    "share_links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("include_notes", Boolean, nullable=False, server_default=false()),
    Column("label", String(SHARE_LABEL_MAX), nullable=False, server_default=""),
    Index("ix_share_links_account", "account_id"),
)

# Links to a questionnaire the other side answers (`scoring.questionnaires`): like a share
# link, a capability stored only as its hash; unlike one, answered at most once (`used_at`).
questionnaire_links = Table(
    "questionnaire_links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("used_at", DateTime(timezone=True), nullable=True),
    Column("sender", String(NAME_MAX), nullable=False, server_default=""),
    Column("opening", Text, nullable=False, server_default=""),
    Index("ix_questionnaire_links_account", "account_id"),
)

# What the other side answered: one row per questionnaire submitted (or imported). A link
# takes one answer set only: `link_id` is unique.
questionnaire_answers = Table(
    "questionnaire_answers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column(
        "link_id",
        Integer,
        ForeignKey("questionnaire_links.id", ondelete="SET NULL"),
        nullable=True,
        unique=True,
    ),
    Column("kind", String(16), nullable=False),
    Column("version", Integer, nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("language", String(16), nullable=False, server_default="en"),
    Column("answers", JSON, nullable=False),
    # What an import recognises the answer set by: adding the same file twice adds nothing.
    # Per account: two respondents may well give the same answers in the same second.
    Column("fingerprint", String(64), nullable=False),
    Index("ix_questionnaire_answers_account", "account_id", "submitted_at"),
    UniqueConstraint("account_id", "fingerprint", name="uq_questionnaire_answers_account_id"),
)

# What each person chose for themselves (`services.settings`): owner is the signed-in person's
# e-mail address, or "" for the local user of an app without sign-in.
settings = Table(
    "settings",
    metadata,
    Column("owner", String(320), primary_key=True),
    Column("name", String(40), primary_key=True),
    Column("value", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# One row; every write transaction gives it a new random token (see Store._write), so a
# cache keyed on the token is never stale, whichever replica wrote. A token, not a counter:
# a restored backup cannot bring back a number some cache already holds.
# `seq` does count the writes, for reading only what changed (accounts.changed_in); it means
# something only within one `epoch`, which a restore replaces.
data_version = Table(
    "data_version",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token", String(32), nullable=False),
    Column("seq", BigInteger, nullable=False, server_default="0"),
    Column("epoch", String(32), nullable=False, server_default=""),
)

# Every save of the rubric (`services.rubrics`): the whole rubric as its TOML text, who saved it
# and why. Never updated or deleted (the migration's triggers refuse both): assessments name the
# version they were taken with.
rubric_versions = Table(
    "rubric_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("rubric_key", String(40), nullable=False),
    Column("version", Integer, nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),
    Column("saved_by", String(320), nullable=False, server_default=""),
    Column("reason", Text, nullable=False, server_default=""),
    Column("body", Text, nullable=False),
    UniqueConstraint("rubric_key", "version", name="uq_rubric_versions_rubric_key"),
)

# A client's invoices (`scoring.invoices`). Amounts are whole ten-thousandths of the currency's
# unit (`convert.to_e4`): exact on both databases. A number is unique per account, so importing a
# file twice adds nothing.
invoices = Table(
    "invoices",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("number", String(INVOICE_NUMBER_MAX), nullable=False),
    Column("issued_on", Date, nullable=False),
    Column("due_on", Date, nullable=False),
    Column("amount_e4", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("account_id", "number", name="uq_invoices_account_id"),
)

payments = Table(
    "payments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("invoice_id", Integer, ForeignKey("invoices.id", ondelete="CASCADE"), nullable=False),
    Column("paid_on", Date, nullable=False),
    Column("amount_e4", BigInteger, nullable=False),
    Index("ix_payments_invoice_id", "invoice_id"),
)

# The name an invoice file gives a customer (as `scoring.names.name_key` reads it), and the account
# the person said it is: asked once, remembered, erased with the account.
customer_names = Table(
    "customer_names",
    metadata,
    Column("name_key", String(NAME_KEY_MAX), primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(NAME_MAX), nullable=False),
    Index("ix_customer_names_account_id", "account_id"),
)

# The column mapping a person confirmed for an invoice file's header layout
# (`formats.invoices_csv.layout_key`): the next file of that layout maps itself.
invoice_layouts = Table(
    "invoice_layouts",
    metadata,
    Column("layout", String(32), primary_key=True),
    Column("mapping", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
