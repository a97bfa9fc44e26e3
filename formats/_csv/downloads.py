"""The two downloads besides the assessments: accounts and the evidence log, written only.

Changes when what an accounts or evidence download holds changes; their columns are
named in `columns`, their cells made by `cells` like every other download's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from formats._csv.cells import record, safe_cell, to_cell
from formats._csv.columns import ACCOUNT_EXPORT_COLUMNS, ACCOUNT_NUMERIC_COLUMNS, EVIDENCE_EXPORT_COLUMNS
from formats._csv.dialect import check_separator, decimal_mark


def write_accounts(rows: Iterable[Mapping[str, object]], sep: str = ",") -> str:
    """The accounts download: `ACCOUNT_EXPORT_COLUMNS`, one row per mapping.

    Each mapping is read by column name; a missing name or `None` is an empty cell,
    other names are ignored. Enums are written as their value, dates as ISO 8601,
    numbers as plain numbers (`score` as `format_score` shows it; with a decimal comma in a `;`
    file, `dialect.decimal_mark`), booleans as
    true/false, and everything else as formula-safe text. In a numeric column a string
    that is a plain number (`-5`, `1200.50`) is written as it is.
    """
    check_separator(sep)
    decimal = decimal_mark(sep)
    lines = [record(map(safe_cell, ACCOUNT_EXPORT_COLUMNS), sep)]
    for row in rows:
        cells = (
            to_cell(
                row.get(name), numeric=name in ACCOUNT_NUMERIC_COLUMNS, score=name == "score", decimal=decimal
            )
            for name in ACCOUNT_EXPORT_COLUMNS
        )
        lines.append(record(cells, sep))
    return "".join(lines)


def write_evidence(
    rows: Iterable[tuple[str, dt.date, str] | tuple[str, dt.date, str, str]], sep: str = ","
) -> str:
    """The evidence log download: `EVIDENCE_EXPORT_COLUMNS`, one `(account, date, note)` per row, or
    `(account, date, note, account_uid)`."""
    check_separator(sep)
    lines = [record(map(safe_cell, EVIDENCE_EXPORT_COLUMNS), sep)]
    lines.extend(record([*map(to_cell, row), *([""] if len(row) == 3 else [])], sep) for row in rows)
    return "".join(lines)
