"""Planned hours a week per client, as a file: written and read back.

`HOURS_COLUMNS` is the hours download; the reader takes it, and the accounts download too (its
`account` and `weekly_hours` columns), so either file puts the hours back as they were. Same
dialect as every file here: either separator (a `;` file writes decimal commas), formula-safe
cells, UTF-8 with a byte-order mark.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass

from formats._csv.cells import record, to_cell, unsafe_cell
from formats._csv.decoding import check_import, lines, sniff_separator
from formats._csv.dialect import check_separator, decimal_mark
from formats._csv.errors import RowError
from formats._csv.reading import account_name
from i18n import _
from scoring.limits import WEEKLY_HOURS_MAX

HOURS_COLUMNS = ("client", "weekly_hours")
#: The column names a file may give the client in: ours, or the accounts download's.
_NAME_COLUMNS = ("client", "account")
_HOURS = "weekly_hours"


def write_hours(rows: Iterable[tuple[str, float | None]], sep: str = ",") -> str:
    """One row per client: its name and its hours a week (empty when not set)."""
    check_separator(sep)
    mark = decimal_mark(sep)
    out = [record(HOURS_COLUMNS, sep)]
    out.extend(
        record((to_cell(name), to_cell(hours, numeric=True, decimal=mark)), sep) for name, hours in rows
    )
    return "".join(out)


@dataclass(frozen=True, slots=True)
class HoursLine:
    line: int
    client: str
    #: None: the file leaves the hours empty (not set).
    hours: float | None


def read_hours(data: bytes) -> tuple[list[HoursLine], list[RowError]]:
    """The clients' hours a file gives, and a problem for every line that gives none readable.
    `CsvDecodeError` for bytes that are no CSV text (too large, binary, no known encoding)."""
    text = check_import(data)
    sep = sniff_separator(text, (*_NAME_COLUMNS, _HOURS))
    reader = csv.reader(lines(text.removeprefix("\ufeff")), delimiter=sep)
    found: list[HoursLine] = []
    problems: list[RowError] = []
    header: list[str] | None = None
    start = 1
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                start = reader.line_num + 1
                continue
            if header is None:
                header = [unsafe_cell(cell).strip().lower() for cell in cells]
                named = next((header.index(c) for c in _NAME_COLUMNS if c in header), None)
                if named is None or _HOURS not in header:
                    problems.append(
                        RowError(
                            start, "", _("the header needs a client (or account) and a weekly_hours column")
                        )
                    )
                    return found, problems
                name_at, hours_at = named, header.index(_HOURS)
                name_column = header[name_at]
            else:
                line = _line(start, cells, name_at, hours_at, name_column, sep, problems)
                if line is not None:
                    found.append(line)
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.append(
            RowError(start, "", _("cannot read the file from here on: {error}").format(error=exc))
        )
    if header is None:
        problems.append(RowError(1, "", _("the file is empty")))
    return found, problems


def _line(
    at: int,
    cells: list[str],
    name_at: int,
    hours_at: int,
    name_column: str,
    sep: str,
    problems: list[RowError],
) -> HoursLine | None:
    cell = cells[name_at] if name_at < len(cells) else ""
    try:
        name = account_name(unsafe_cell(cell))
    except ValueError as exc:
        problems.append(RowError(at, name_column, str(exc)))
        return None
    text = (cells[hours_at] if hours_at < len(cells) else "").strip()
    if not text:
        return HoursLine(at, name, None)
    try:
        hours = float(text.replace(",", ".") if sep == ";" or ("," in text and "." not in text) else text)
    except ValueError:
        problems.append(RowError(at, _HOURS, _("{text} is not a number of hours").format(text=text)))
        return None
    if not 0 <= hours <= WEEKLY_HOURS_MAX or hours != hours:
        problems.append(
            RowError(at, _HOURS, _("hours a week must be between 0 and {most}").format(most=WEEKLY_HOURS_MAX))
        )
        return None
    return HoursLine(at, name, round(hours, 2))
