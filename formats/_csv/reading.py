"""Reading an assessment file: every cell checked once, every problem kept with its line and column.

Changes when what a cell may say changes (a new spelling accepted, a limit, a rule
between columns). Each cell's parser is the one check of that cell: a row whose
cells all pass is a valid `Row`, built without validating it again.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Collection
from typing import Any, TypeVar

from formats._csv.cells import unsafe_cell
from formats._csv.columns import ACCOUNT_COLUMNS, COUNT_COLUMNS, NOTE_COLUMN, columns, required_columns
from formats._csv.decoding import sniff_separator
from formats._csv.errors import HeaderError, HeaderIssue, HeaderProblem, RowError
from formats._csv.row import Row
from scoring.limits import COUNT_MAX, NAME_MAX, NOTE_MAX
from scoring.models import Answer, Kind, Rubric, Stage, Verdict

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TRUE = frozenset({"true", "yes", "1"})
_FALSE = frozenset({"false", "no", "0"})

T = TypeVar("T")


def read_rows(text: str, rubric: Rubric, *, today: dt.date | None = None) -> tuple[list[Row], list[RowError]]:
    """Parse a whole file. Bad rows become errors; good rows are returned all the same.

    With `today`, a row dated after it is an error. A header that does not fit the
    schema gives one `HeaderError` and no rows.
    """
    numbered, errors = read_numbered_rows(text, rubric, today=today)
    return [row for _, row in numbered], errors


def read_numbered_rows(
    text: str, rubric: Rubric, *, today: dt.date | None = None
) -> tuple[list[tuple[int, Row]], list[RowError]]:
    """`read_rows`, each row with the physical line it starts on (for errors found later)."""
    known = columns(rubric)
    text = text.removeprefix("\ufeff")
    records, errors = _records(text, known)
    if not records:
        expected = known[: len(ACCOUNT_COLUMNS) + 1]
        empty = (HeaderProblem(HeaderIssue.EMPTY), HeaderProblem(HeaderIssue.NO_HEADER, expected))
        return [], [HeaderError.of(1, empty)]
    (header_line, header_cells), body = records[0], records[1:]
    header = [cell.strip().lower() for cell in header_cells]
    problems = _header_problems(header, body, rubric, known)
    if problems:
        return [], [HeaderError.of(header_line, problems)]
    rows: list[tuple[int, Row]] = []
    for line, cells in body:
        row = _row(line, header, cells, rubric, today, errors)
        if row is not None:
            rows.append((line, row))
    errors.sort(key=lambda e: e.line)
    return rows, errors


def parse_date(text: str) -> dt.date:
    """An ISO 8601 calendar date, `YYYY-MM-DD` and nothing looser (no `20250102`, no weeks)."""
    cleaned = text.strip()
    if not cleaned:
        raise ValueError("a date is needed; use YYYY-MM-DD")
    if _ISO_DATE.fullmatch(cleaned):
        try:
            return dt.date.fromisoformat(cleaned)
        except ValueError:
            pass
    raise ValueError(f"{text!r} is not a date; use YYYY-MM-DD")


def _records(text: str, known: Collection[str]) -> tuple[list[tuple[int, list[str]]], list[RowError]]:
    """Non-blank records with the physical line each starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_separator(text, known))
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                records.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        return records, [RowError(start, "", f"cannot read the file from here on: {exc}")]
    return records, []


def _header_problems(
    header: list[str], body: list[tuple[int, list[str]]], rubric: Rubric, known: tuple[str, ...]
) -> tuple[HeaderProblem, ...]:
    """What is wrong with the header; unknown columns count only beside a missing or doubled one."""
    present = set(header)
    missing = [name for name in required_columns(rubric) if name not in present]
    if "gut" not in present and "kind" in present:
        kind_at = header.index("kind")
        if any(_norm(cells[kind_at]) == Kind.SCREEN for _, cells in body if kind_at < len(cells)):
            missing.append("gut")
    twice = sorted({name for name in header if name and header.count(name) > 1})
    unknown = [name for name in header if name and name not in known]
    if not missing and not twice:
        return ()
    found = ((HeaderIssue.MISSING, missing), (HeaderIssue.TWICE, twice), (HeaderIssue.UNKNOWN, unknown))
    return tuple(HeaderProblem(issue, tuple(names)) for issue, names in found if names)


def _norm(text: str) -> str:
    return text.strip().lower().replace(" ", "_").replace("-", "_")


def _row(
    line: int,
    header: list[str],
    cells: list[str],
    rubric: Rubric,
    today: dt.date | None,
    errors: list[RowError],
) -> Row | None:
    """The row on `line`, or None after adding every problem of it to `errors`."""
    found: list[RowError] = []
    extra = [cell for cell in cells[len(header) :] if cell.strip()]
    if extra:
        found.append(RowError(line, "", f"{len(cells)} cells, but the header names {len(header)} columns"))
    values = {name: unsafe_cell(cell) for name, cell in zip(header, cells, strict=False) if name}

    def parse(column: str, parser: Callable[[str], T]) -> T | None:
        try:
            return parser(values.get(column, ""))
        except ValueError as exc:
            found.append(RowError(line, column, str(exc)))
            return None

    account = parse("account", _account)
    stage = parse("stage", _stage)
    taken_on = parse("date", parse_date)
    if taken_on is not None and today is not None and taken_on > today:
        found.append(RowError(line, "date", f"{taken_on} is after today ({today})"))
        taken_on = None
    kind = parse("kind", _kind)
    gut = parse("gut", _gut)
    if kind is Kind.SCREEN and gut is None and values.get("gut", "").strip() == "":
        found.append(RowError(line, "gut", "a screen needs a gut call; use hell_yes or hell_no"))
    answers = {dim.key: parse(dim.key, _answer) for dim in rubric.dimensions}
    counts = {name: parse(name, _count) for name in COUNT_COLUMNS}
    leadership_change = parse("leadership_change", _flag)
    note = parse(NOTE_COLUMN, _note)
    if found:
        errors.extend(found)
        return None
    fields: dict[str, Any] = {
        "account": account,
        "stage": stage,
        "taken_on": taken_on,
        "kind": kind,
        "gut": gut,
        "answers": answers,
        **counts,
        "leadership_change": leadership_change,
        "note": note,
    }
    # Every field has passed its parser above, which holds it to the rules `Row` declares.
    return Row.model_construct(**fields)


def _account(text: str) -> str:
    name = text.strip()
    if not name:
        raise ValueError("an account name is needed")
    if len(name) > NAME_MAX:
        raise ValueError(f"the account name has {len(name)} characters; the most is {NAME_MAX}")
    return name


def _stage(text: str) -> Stage:
    if not text.strip():
        return Stage.PROSPECT
    try:
        return Stage(_norm(text))
    except ValueError:
        raise ValueError(f"{text!r} is not a stage; use prospect or client") from None


def _kind(text: str) -> Kind:
    cleaned = _norm(text).replace("_", "")
    if not cleaned:
        raise ValueError("a kind is needed; use screen or checkin")
    try:
        return Kind(cleaned)
    except ValueError:
        raise ValueError(f"{text!r} is not a kind; use screen or checkin") from None


def _gut(text: str) -> Verdict | None:
    return Verdict.parse(text) if text.strip() else None


def _answer(text: str) -> Answer:
    if not text.strip():
        words = ", ".join(a.value for a in Answer)
        raise ValueError(f"no answer; use one of {words} or 0-4 (unsure is an answer, blank is not)")
    return Answer.parse(text)


def _count(text: str) -> int | None:
    cleaned = text.strip()
    if not cleaned:
        return None
    if not (cleaned.isascii() and cleaned.isdigit()):
        raise ValueError(f"{text!r} is not a count; use a whole number, 0 or more, or leave it empty")
    if len(cleaned) > len(str(COUNT_MAX)) or int(cleaned) > COUNT_MAX:
        raise ValueError(f"{cleaned} is too large; the most is {COUNT_MAX}")
    return int(cleaned)


def _flag(text: str) -> bool | None:
    cleaned = text.strip().lower()
    if not cleaned:
        return None
    if cleaned in _TRUE:
        return True
    if cleaned in _FALSE:
        return False
    raise ValueError(f"{text!r} is not true or false; use true/false, yes/no, 1/0 or leave it empty")


def _note(text: str) -> str:
    if len(text) > NOTE_MAX:
        raise ValueError(f"the note has {len(text)} characters; the most is {NOTE_MAX}")
    return text
