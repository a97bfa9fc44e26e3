"""The names and order of every column of every CSV file: the schemas that are a public promise.

A new version may add columns at the end of a schema, never rename or drop one, so a
change here is a change of the documented files. The signal columns are the signal
keys of `scoring.signals`, named there once.
"""

from __future__ import annotations

from scoring.models import Rubric
from scoring.rubric import default_rubric
from scoring.signals import COUNT_KEYS, SIGNAL_KEYS

ACCOUNT_COLUMNS = ("account", "stage", "date", "kind", "gut")
COUNT_COLUMNS = COUNT_KEYS
SIGNAL_COLUMNS = SIGNAL_KEYS
NOTE_COLUMN = "note"
COMPUTED_COLUMNS = ("score", "verdict", "status", "reason")
#: Every column that is not a dimension key, in file order around the dimensions.
FIXED_COLUMNS = (*ACCOUNT_COLUMNS, *SIGNAL_COLUMNS, NOTE_COLUMN, *COMPUTED_COLUMNS)

#: The accounts download: one row per prospect or client, its current standing last.
ACCOUNT_EXPORT_COLUMNS = (
    "account_id",
    "account",
    "company",
    "stage",
    "deal_value",
    "signed_on",
    "ended_on",
    "outcome",
    "assessments",
    "last_date",
    "score",
    "verdict",
    "status",
    "reason",
    # Added since: at the end, so no column moves.
    "weekly_hours",
    "outcome_note",
    "created_at",
    "account_uid",
)
#: Columns of the accounts download written as plain numbers, never prefixed.
ACCOUNT_NUMERIC_COLUMNS = frozenset({"account_id", "deal_value", "assessments", "score", "weekly_hours"})
#: The evidence log download: one row per note, in the order given.
EVIDENCE_EXPORT_COLUMNS = ("account", "date", "note", "account_uid")
#: Written after the computed columns of the assessments download, before the dimensions added
#: since (and read when a file has them):
#: the account's portable id, the rubric version the row was taken with, and the answers its
#: signals suggested (`key=answer` pairs, a space between).
PORTABLE_COLUMNS = ("account_uid", "rubric_version", "suggested")

#: Every column of every schema, without a rubric's dimension keys: what tells a separator.
KNOWN_NAMES = frozenset(
    (*FIXED_COLUMNS, *ACCOUNT_EXPORT_COLUMNS, *EVIDENCE_EXPORT_COLUMNS, *PORTABLE_COLUMNS)
)


def columns(rubric: Rubric, *, portable: bool = False) -> tuple[str, ...]:
    """The file's columns for this rubric, in the order they are written: a dimension of the
    built-in rubric in its place among the answers, one added since at the end, so adding
    a dimension moves no column a spreadsheet or a script already reads; `portable`:
    `PORTABLE_COLUMNS` after the computed ones, before any added dimension (what the app's own
    download writes)."""
    clash = sorted(set(rubric.keys) & {*FIXED_COLUMNS, *PORTABLE_COLUMNS})
    if clash:
        raise ValueError(f"rubric dimension keys {', '.join(clash)} clash with fixed CSV columns")
    inside, added = dimension_places(rubric)
    keys = rubric.keys
    return (
        *ACCOUNT_COLUMNS,
        *(keys[i] for i in inside),
        *SIGNAL_COLUMNS,
        NOTE_COLUMN,
        *COMPUTED_COLUMNS,
        *(PORTABLE_COLUMNS if portable else ()),
        *(keys[i] for i in added),
    )


def dimension_places(rubric: Rubric) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Which of `rubric`'s dimensions (by position) are written among the answers, those of the
    built-in rubric, and which at the end of a row, those added since."""
    built_in = {key: place for place, key in enumerate(default_rubric().keys)}
    # In the built-in order, whatever the rubric's: a column keeps its place.
    inside = tuple(
        sorted(
            (i for i, key in enumerate(rubric.keys) if key in built_in),
            key=lambda i: built_in[rubric.keys[i]],
        )
    )
    return inside, tuple(i for i, key in enumerate(rubric.keys) if key not in built_in)


def required_columns(rubric: Rubric) -> tuple[str, ...]:
    """Columns a file must have. `gut` joins them only when the file holds a screen. A dimension
    added since the built-in rubric may be left out: a file made before it was asked has none."""
    inside, _added = dimension_places(rubric)
    return ("account", "date", "kind", *(rubric.keys[i] for i in inside))
