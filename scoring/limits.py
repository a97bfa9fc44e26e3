"""Every limit a person can run into, declared once, each with what it is for.

The models, the CSV reader and the forms all read these names, so a form never lets
through what the database refuses and an import never says one number where the form
says another. Change a limit here and every place follows (the datasette `SETTINGS`
idea: one table, with its help text; code reads it and never repeats a number).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

NAME_MAX: Final = 200
NOTE_MAX: Final = 10_000
COUNT_MAX: Final = 10_000
DEAL_VALUE_MAX: Final = 1e12
OUTCOME_NOTE_MAX: Final = 2000
SHARE_LABEL_MAX: Final = 200
MAX_IMPORT_BYTES: Final = 20 * 1024 * 1024
QUESTIONNAIRE_TEXT_MAX: Final = 2000
QUESTIONNAIRE_OPENING_MAX: Final = 1500
QUESTIONNAIRE_OPEN_MAX: Final = 10
AMOUNT_MAX: Final = 1_000_000_000
INVOICE_NUMBER_MAX: Final = 60
INVOICES_PER_CLIENT_MAX: Final = 5000
WEEKLY_HOURS_MAX: Final = 168


@dataclass(frozen=True, slots=True)
class Limit:
    name: str
    value: int | float
    help: str


LIMITS: Final = (
    Limit("AMOUNT_MAX", AMOUNT_MAX, "The largest amount of one invoice or payment, in its currency."),
    Limit("INVOICE_NUMBER_MAX", INVOICE_NUMBER_MAX, "Characters in an invoice number."),
    Limit("INVOICES_PER_CLIENT_MAX", INVOICES_PER_CLIENT_MAX, "Invoices one client can have."),
    Limit("WEEKLY_HOURS_MAX", WEEKLY_HOURS_MAX, "Planned hours per week for one client, and your capacity."),
    Limit("NAME_MAX", NAME_MAX, "Characters in an account's name or company name."),
    Limit(
        "NOTE_MAX",
        NOTE_MAX,
        "Characters in a note: on a screen or check-in (also the CSV `note` column) or in the evidence log.",
    ),
    Limit(
        "COUNT_MAX",
        COUNT_MAX,
        "The largest count a signal takes (days late, out-of-scope requests, missed meetings, "
        "after-hours demands), in the check-in form and in a CSV file.",
    ),
    Limit("DEAL_VALUE_MAX", DEAL_VALUE_MAX, "The largest deal value of an account."),
    Limit("OUTCOME_NOTE_MAX", OUTCOME_NOTE_MAX, "Characters in the note on how a relationship ended."),
    Limit("SHARE_LABEL_MAX", SHARE_LABEL_MAX, "Characters in the private label of a share link."),
    Limit(
        "QUESTIONNAIRE_TEXT_MAX",
        QUESTIONNAIRE_TEXT_MAX,
        "Characters in one written answer of a questionnaire (the other side's own words).",
    ),
    Limit(
        "QUESTIONNAIRE_OPENING_MAX",
        QUESTIONNAIRE_OPENING_MAX,
        "Characters in the opening you write above a questionnaire.",
    ),
    Limit(
        "QUESTIONNAIRE_OPEN_MAX",
        QUESTIONNAIRE_OPEN_MAX,
        "Questionnaire links one account can have waiting for answers at once "
        "(each link takes one set of answers).",
    ),
    Limit(
        "MAX_IMPORT_BYTES",
        MAX_IMPORT_BYTES,
        "Bytes in an uploaded or imported CSV file "
        "(.streamlit/config.toml `maxUploadSize` says the same in MB).",
    ),
)
