"""The assessment CSV: one row per assessment, the same schema going out and coming in.

A codec of our own rather than a data-frame reader, because an import has to say
"line 7, column payment" about a bad cell (counting a quoted note that spans lines
as the lines it really spans) and still keep the good rows. The two promises of the
product brief live here too: no written cell can run as a formula in a spreadsheet,
and reading an export gives back exactly the rows that were written.

Columns, in this order: the account columns, the rubric's dimension keys in rubric
order, the signal columns, `note`, then the computed columns. Computed columns are
written by `write_rows` and ignored by `read_rows`.

`score_rows` fills the computed columns of a whole file: `score` and `verdict` from
each row alone, `status` and `reason` from the account's rows in date order (see
its docstring for the exact rules).

Two more downloads have fixed columns of their own, written only (never imported):

- accounts, one row per prospect or client (`ACCOUNT_EXPORT_COLUMNS`, `write_accounts`);
- the evidence log, one row per note (`EVIDENCE_EXPORT_COLUMNS`, `write_evidence`).

A new version may add columns at the end of a schema, never rename or drop one.

Safe in a spreadsheet, whatever separator it splits on. Dutch or German Excel opens a
`,` file on `;`, LibreOffice may be told tab or `|`, so a cell of ours can be cut in
two anywhere one of the break characters `,` `;` tab `|` `"` CR LF stands, and what
follows the cut starts a cell of its own. Hence, in every file whatever its separator:

- a cell holding any break character is quoted (`_quoted`; otherwise no quotes);
- at the start of a text cell, when the first character past any `'` and spaces is
  `=` `+` `-` `@` tab CR LF or a full-width `＝＋－＠`, one `'` goes in front;
- after each break character in it, when the first character past any `'` and spaces
  is `=` `+` `-` `@` or a full-width `＝＋－＠`, one `'` goes right after the break
  character (tab, CR and LF are break characters themselves, so what follows them is
  judged in turn).

`safe_cell` adds exactly those quotes and `unsafe_cell` takes exactly those off, so
reading gives back what was typed; looking past `'` is what tells our quote from an
author's. A file written before the rule after break characters reads as it did,
unless a cell holds an author's `'` between a break character and a formula character
(`a;'=1` then reads as `a;=1`). Numeric columns are written as plain numbers and never
prefixed or quoted.
Dates are ISO 8601. A download is encoded by `to_excel_bytes` (UTF-8 with a BOM, so
Excel reads it as UTF-8); an upload goes through `check_import` (size limit, then
`decode`: UTF-8 with or without BOM, UTF-16, Windows-1252, or one clear error).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import json
import math
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, TypeVar

import numpy as np
from pydantic import Field, StringConstraints, ValidationError, model_validator

from scoring import batch
from scoring.models import (
    MAX_POINTS,
    NAME_MAX,
    Answer,
    Assessment,
    Frozen,
    Kind,
    Result,
    Rubric,
    Signals,
    Stage,
    Verdict,
    format_score,
)
from scoring.status import Status

ACCOUNT_COLUMNS = ("account", "stage", "date", "kind", "gut")
COUNT_COLUMNS = ("invoice_days_late", "out_of_scope_requests", "missed_meetings", "after_hours_demands")
SIGNAL_COLUMNS = (*COUNT_COLUMNS, "leadership_change")
NOTE_COLUMN = "note"
COMPUTED_COLUMNS = ("score", "verdict", "status", "reason")
#: Every column that is not a dimension key, in file order around the dimensions.
FIXED_COLUMNS = (*ACCOUNT_COLUMNS, *SIGNAL_COLUMNS, NOTE_COLUMN, *COMPUTED_COLUMNS)
#: Separators offered for a download: `,`, or `;` for Dutch Excel.
SEPARATORS = (",", ";")
#: Separators recognised in an upload (`sniff_separator`); the writers accept them too.
READ_SEPARATORS = (",", ";", "\t", "|")

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
)
#: Columns of the accounts download written as plain numbers, never prefixed.
ACCOUNT_NUMERIC_COLUMNS = frozenset({"account_id", "deal_value", "assessments", "score"})
#: The evidence log download: one row per note, in the order given.
EVIDENCE_EXPORT_COLUMNS = ("account", "date", "note")

_KNOWN_NAMES = frozenset((*FIXED_COLUMNS, *ACCOUNT_EXPORT_COLUMNS, *EVIDENCE_EXPORT_COLUMNS))

# `write_sheet` numbers answer sets in base 5 in an int64: 5**27 < 2**63.
_MAX_CODED_DIMENSIONS = 27

#: The largest upload `check_import` takes.
MAX_IMPORT_BYTES = 20 * 1024 * 1024

NOTE_MAX = 10_000
#: The largest signal count; the same limit as `scoring.models.Signals`, so every row read can be stored.
COUNT_MAX = 10_000

# A spreadsheet runs a cell starting with one of these as a formula.
_FORMULA_CHARS = "=+-@＝＋－＠"
# Judged at the start of a cell: the formula characters, and control characters that can
# be made into one.
_FORMULA_STARTS = frozenset(_FORMULA_CHARS + "\t\r\n")
# Looked past before the first character is judged: our own quote (and an author's),
# and spaces, which LibreOffice's "trim spaces" import option would take off.
_LOOKED_PAST = "' "
# Where a spreadsheet may cut a cell, whatever the file's separator: each separator
# `READ_SEPARATORS` offers, the quote character and line breaks. A cell holding one is
# quoted; after one, a formula character (past `'` and spaces) gets a `'` of its own.
# Tab, CR and LF need no quote behind them: they are break characters, so what follows
# them is judged in turn.
_BREAK_CHARS = ',;\t|"\r\n'
_BREAK = f"[{re.escape(_BREAK_CHARS)}]"
_FORMULA_AHEAD = f"(?=[{re.escape(_LOOKED_PAST)}]*[{re.escape(_FORMULA_CHARS)}])"
# Searched first (it starts with the break character, which the regex engine scans for
# fast); the substitution, which few cells need, then puts a `'` behind each one.
_BREAK_BEFORE_FORMULA = re.compile(_BREAK + _FORMULA_AHEAD)
_AFTER_BREAK_BEFORE_FORMULA = re.compile(f"(?<={_BREAK}){_FORMULA_AHEAD}")
_OUR_QUOTE_AFTER_BREAK = re.compile(f"(?<={_BREAK})'{_FORMULA_AHEAD}")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TRUE = frozenset({"true", "yes", "1"})
_FALSE = frozenset({"false", "no", "0"})

T = TypeVar("T")

AccountName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX)]
Count = Annotated[int, Field(ge=0, le=COUNT_MAX)]


class Row(Frozen):
    """One assessment as it stands in a CSV file. `taken_on` is the `date` column."""

    account: AccountName
    stage: Stage = Stage.PROSPECT
    taken_on: dt.date
    kind: Kind
    gut: Verdict | None = None
    answers: dict[str, Answer]
    invoice_days_late: Count | None = None
    out_of_scope_requests: Count | None = None
    missed_meetings: Count | None = None
    after_hours_demands: Count | None = None
    leadership_change: bool | None = None
    note: Annotated[str, StringConstraints(max_length=NOTE_MAX)] = ""

    @model_validator(mode="after")
    def _screens_have_a_gut_call(self) -> Row:
        if self.kind is Kind.SCREEN and self.gut is None:
            raise ValueError("a screen needs a gut call (hell_yes or hell_no)")
        return self


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in a file. `line` is the physical line (the header is line 1)."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return f"line {self.line}, column {self.column}: {self.message}"
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class HeaderError(RowError):
    """The header does not fit the schema, so no row of the file could be read."""


class CsvDecodeError(ValueError):
    """An upload that cannot be read as CSV text: too large, empty, binary or of no known encoding."""


@dataclass(frozen=True, slots=True)
class Scored:
    """A row with its computed columns; a `None` is an empty cell."""

    row: Row
    score: float | None
    verdict: Verdict | None
    status: Status | None = None
    reason: str | None = None

    @classmethod
    def of(cls, row: Row, result: Result | None) -> Scored:
        """The row with the score and verdict of `result` only (no status, no reason)."""
        return cls(row, result.score if result else None, result.verdict if result else None)


@dataclass(frozen=True)
class Sheet:
    """An assessment file as columns, one entry per row: what `write_sheet` writes.

    `points` holds the answers (rows × dimensions, rubric order, 0-4); `signals` one
    sequence per name in `SIGNAL_COLUMNS`. Computed columns may be None throughout.
    """

    account: Sequence[str]
    stage: Sequence[Stage]
    date: Sequence[dt.date]
    kind: Sequence[Kind]
    gut: Sequence[Verdict | None]
    points: batch.Points
    signals: Mapping[str, Sequence[int | bool | None]]
    note: Sequence[str]
    score: Sequence[float | None]
    verdict: Sequence[Verdict | None]
    status: Sequence[Status | None]
    reason: Sequence[str | None]


def columns(rubric: Rubric) -> tuple[str, ...]:
    """The file's columns for this rubric, in the order they are written."""
    clash = sorted(set(rubric.keys) & set(FIXED_COLUMNS))
    if clash:
        raise ValueError(f"rubric dimension keys {', '.join(clash)} clash with fixed CSV columns")
    return (*ACCOUNT_COLUMNS, *rubric.keys, *SIGNAL_COLUMNS, NOTE_COLUMN, *COMPUTED_COLUMNS)


def required_columns(rubric: Rubric) -> tuple[str, ...]:
    """Columns a file must have. `gut` joins them only when the file holds a screen."""
    return ("account", "date", "kind", *rubric.keys)


def decode(data: bytes) -> str:
    """Text of an uploaded or saved file, from what Excel and friends write.

    In this order: a byte-order mark (UTF-8, UTF-16 LE or BE, UTF-32), UTF-16 without
    one (told by the NUL byte of every ASCII character), UTF-8, and else Windows-1252.
    The mark is not part of the text. A known binary format (an .xlsx workbook, an
    image, a database) or any other NUL byte is "not a CSV file"; bytes that fit no
    encoding get a message saying so. Both are `CsvDecodeError`.
    """
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise CsvDecodeError(f"not a CSV file: it is {what}")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_as(data[len(bom) :], codec, f"starts with a {codec.upper()} byte-order mark")
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _decode_as(data, utf16, f"looks like {utf16.upper()} text")
    if b"\x00" in data:
        raise CsvDecodeError("not a CSV file: it holds binary data (NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise CsvDecodeError(
            f"not UTF-8, UTF-16 or Windows-1252 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save the file as CSV UTF-8"
        ) from None


def check_import(data: bytes, limit: int = MAX_IMPORT_BYTES) -> str:
    """The text of an upload, or one `CsvDecodeError` saying why there is none.

    Too large (more than `limit` bytes) is refused before anything is decoded; a file
    with nothing in it, or nothing but a byte-order mark and blanks, is refused too.
    """
    if len(data) > limit:
        raise CsvDecodeError(
            f"the file is {_size(len(data), up=True)}; the limit is {_size(limit, up=False)}"
        )
    text = decode(data)
    if not text.strip("\ufeff \t\r\n"):
        raise CsvDecodeError("the file is empty; export a CSV with a header line and at least one row")
    return text


def to_excel_bytes(text: str) -> bytes:
    """A download's bytes: UTF-8 with a byte-order mark, which is how Excel knows it is UTF-8."""
    return codecs.BOM_UTF8 + text.removeprefix("\ufeff").encode("utf-8")


def sniff_separator(text: str, known: Collection[str] | None = None) -> str:
    """The separator of a file: `,` `;` tab or `|`, judged from the header line.

    The header is the first line with anything on it, read with quotes respected. The
    separator that splits it into the most `known` column names (by default every
    column of every schema here, without the rubric's dimension keys) wins; on a tie,
    the one that gives the most cells; then the first in `READ_SEPARATORS`.
    """
    names = _KNOWN_NAMES if known is None else frozenset(name.lower() for name in known)
    text = text.removeprefix("\ufeff")

    def fit(sep: str) -> tuple[int, int]:
        cells = _first_record(text, sep)
        return sum(cell.strip().lower() in names for cell in cells), len(cells)

    return max(READ_SEPARATORS, key=lambda sep: (fit(sep), -READ_SEPARATORS.index(sep)))


def _first_record(text: str, sep: str) -> list[str]:
    try:
        for cells in csv.reader(io.StringIO(text, newline=""), delimiter=sep):
            if any(cell.strip() for cell in cells):
                return cells
    except csv.Error:
        pass
    return []


# Known binary formats, by their first bytes: the likely mistakes on an import page.
_SIGNATURES = (
    (b"PK\x03\x04", "an Excel workbook or another ZIP archive; save it as CSV UTF-8 and try again"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel (.xls) or Word file; save it as CSV UTF-8"),
    (b"SQLite format 3\x00", "an SQLite database; a backup is put back with restore, not import"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
)
# UTF-32 first: its little-endian mark starts with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SNIFF_BYTES = 4096


def _utf16_without_bom(data: bytes) -> str | None:
    """`utf-16-le` or `utf-16-be` when the NUL bytes say so, else `None`.

    A CSV's header is ASCII, and ASCII in UTF-16 is a NUL byte beside every
    character: at odd offsets for little-endian, even ones for big-endian. Other
    binary data has NUL bytes at both, or at neither.
    """
    if len(data) < 2 or len(data) % 2:
        return None
    sample = data[:_SNIFF_BYTES]
    pairs = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 0.3 * pairs and even <= 0.05 * pairs:
        return "utf-16-le"
    if even >= 0.3 * pairs and odd <= 0.05 * pairs:
        return "utf-16-be"
    return None


def _decode_as(data: bytes, codec: str, because: str) -> str:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise CsvDecodeError(
            f"the file {because} but is not valid {codec.upper()} (offset {exc.start}); "
            "save the file as CSV UTF-8"
        ) from None
    if "\x00" in text:
        raise CsvDecodeError("not a CSV file: it holds binary data (NUL characters)")
    return text


def _size(size: int, *, up: bool) -> str:
    """MB to a tenth (KB below one MB), the file's size rounded up and the limit's down,
    so a file just over the limit never reads as the same size as the limit.
    """
    unit, name = (1024 * 1024, "MB") if size >= 1024 * 1024 else (1024, "KB")
    tenths = size * 10 / unit if name == "MB" else size / unit
    rounded = math.ceil(tenths) if up else math.floor(tenths)
    return f"{rounded / 10 if name == 'MB' else rounded:g} {name}"


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


def safe_cell(text: str) -> str:
    """The cell with a `'` wherever a spreadsheet could start running it as a formula.

    At the start: the first character that counts is the first after any quotes and
    spaces, so a cell that already starts with `'=` gets one more quote and
    `unsafe_cell` can tell our quote from the author's, and ` =1` is caught before a
    "trim spaces" import option turns it into `=1`. After each break character
    (`,` `;` tab `|` `"` CR LF), where a spreadsheet splitting on another separator
    starts a new cell, the same judgement puts a `'` right behind the break character.
    """
    if _formula_like(text):
        text = "'" + text
    if not _holds_formula_char(text) or _BREAK_BEFORE_FORMULA.search(text) is None:
        return text
    return _AFTER_BREAK_BEFORE_FORMULA.sub("'", text)


def unsafe_cell(text: str) -> str:
    """Undo `safe_cell`: drop the `'` in front of each formula-like start it guarded."""
    if text.startswith("'") and _formula_like(text):
        text = text[1:]
    if "'" not in text:
        return text
    return _OUR_QUOTE_AFTER_BREAK.sub("", text)


def _formula_like(text: str) -> bool:
    return text.lstrip(_LOOKED_PAST)[:1] in _FORMULA_STARTS


def _holds_formula_char(text: str) -> bool:
    """`_FORMULA_CHARS` written out as `in` tests, before any regex: an export judges every
    distinct cell, and most hold none of them."""
    return (
        "=" in text
        or "+" in text
        or "-" in text
        or "@" in text
        or (not text.isascii() and ("＝" in text or "＋" in text or "－" in text or "＠" in text))
    )


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
        expected = ", ".join(known[: len(ACCOUNT_COLUMNS) + 1])
        return [], [
            HeaderError(1, "", f"the file is empty; the first line must name the columns ({expected}, ...)")
        ]
    (header_line, header_cells), body = records[0], records[1:]
    header = [cell.strip().lower() for cell in header_cells]
    problem = _header_problem(header, body, rubric, known)
    if problem:
        return [], [HeaderError(header_line, "", problem)]
    rows: list[tuple[int, Row]] = []
    for line, cells in body:
        row = _row(line, header, cells, rubric, today, errors)
        if row is not None:
            rows.append((line, row))
    errors.sort(key=lambda e: e.line)
    return rows, errors


def write_rows(rows: Iterable[Scored | tuple[Row, Result | None]], rubric: Rubric, sep: str = ",") -> str:
    """The file for these rows, computed columns filled in where they are given.

    A `(row, result)` pair fills `score` and `verdict` only; a `Scored` also fills
    `status` and `reason`, which depend on the account's history (`score_rows`).
    """
    items = [item if isinstance(item, Scored) else Scored.of(*item) for item in rows]
    for item in items:
        missing = [key for key in rubric.keys if key not in item.row.answers]
        if missing:
            raise ValueError(f"{item.row.account}: no answer for {', '.join(missing)} in rubric {rubric.key}")
    sheet = Sheet(
        account=[item.row.account for item in items],
        stage=[item.row.stage for item in items],
        date=[item.row.taken_on for item in items],
        kind=[item.row.kind for item in items],
        gut=[item.row.gut for item in items],
        points=batch.points_matrix(rubric, ({k: item.row.answers[k] for k in rubric.keys} for item in items)),
        signals={name: [getattr(item.row, name) for item in items] for name in SIGNAL_COLUMNS},
        note=[item.row.note for item in items],
        score=[item.score for item in items],
        verdict=[item.verdict for item in items],
        status=[item.status for item in items],
        reason=[item.reason for item in items],
    )
    return write_sheet(sheet, rubric, sep)


def write_sheet(sheet: Sheet, rubric: Rubric, sep: str = ",") -> str:
    """The file for a whole sheet, each cell `_quoted(_cell(value))` as in every download.

    Column by column: each distinct value of a column is turned into its cell once,
    so a file of tens of thousands of rows costs little more than joining the cells.
    """
    _check_separator(sep)
    rows = len(sheet.account)
    if sheet.points.shape != (rows, len(rubric.keys)):
        raise ValueError(f"the answers need {rows} rows of {len(rubric.keys)}, not {sheet.points.shape}")
    cells: list[list[str]] = [
        _column(sheet.account),
        _column(sheet.stage),
        _column(sheet.date),
        _column(sheet.kind),
        _column(sheet.gut),
        _answer_cells(sheet.points, sep),
        *(_column(sheet.signals[name], numeric=True) for name in COUNT_COLUMNS),
        _column(sheet.signals["leadership_change"]),
        _column(sheet.note),
        _column(sheet.score, numeric=True, score=True),
        _column(sheet.verdict),
        _column(sheet.status),
        _column(sheet.reason),
    ]
    if any(len(column) != rows for column in cells):
        raise ValueError(f"every column of the sheet needs {rows} rows")
    header = sep.join(_quoted(safe_cell(name)) for name in columns(rubric))
    lines = map(sep.join, zip(*cells, strict=True)) if rows else iter(())
    return "\r\n".join((header, *lines)) + "\r\n"


def _answer_cells(points: batch.Points, sep: str) -> list[str]:
    """The answer cells of each row, already joined; each distinct answer set is written once."""
    words = [_quoted(_cell(Answer.from_points(p))) for p in range(MAX_POINTS + 1)]
    if points.shape[1] > _MAX_CODED_DIMENSIONS:
        return [sep.join(map(words.__getitem__, row)) for row in points.tolist()]
    # Each answer set as one number in base 5, exact in an int64 for up to 27 dimensions.
    digits = (MAX_POINTS + 1) ** np.arange(points.shape[1], dtype=np.int64)
    _, first, inverse = np.unique(points.astype(np.int64) @ digits, return_index=True, return_inverse=True)
    joined = [sep.join(map(words.__getitem__, row)) for row in points[first].tolist()]
    return list(map(joined.__getitem__, inverse.tolist()))


def _column(values: Sequence[object], *, numeric: bool = False, score: bool = False) -> list[str]:
    """The cells of one column, each distinct value written once (a column holds one type, so
    values that are equal as keys, like True and 1, never meet)."""
    cells = {value: _quoted(_cell(value, numeric=numeric, score=score)) for value in set(values)}
    return list(map(cells.__getitem__, values))


def _quoted(text: str) -> str:
    """A cell in quotes (quotes in it doubled) when it holds any break character, whatever
    the file's separator: a spreadsheet that splits on another one then keeps it whole.

    The `in` tests are `_BREAK_CHARS` written out: faster than a regex for every cell.
    """
    if not (
        "," in text
        or ";" in text
        or "\t" in text
        or "|" in text
        or '"' in text
        or "\r" in text
        or "\n" in text
    ):
        return text
    return '"' + text.replace('"', '""') + '"'


def _line(cells: Iterable[str], sep: str) -> str:
    """One record of a download, its cells quoted as `_quoted` says, with a CR LF end."""
    return sep.join(map(_quoted, cells)) + "\r\n"


def write_accounts(rows: Iterable[Mapping[str, object]], sep: str = ",") -> str:
    """The accounts download: `ACCOUNT_EXPORT_COLUMNS`, one row per mapping.

    Each mapping is read by column name; a missing name or `None` is an empty cell,
    other names are ignored. Enums are written as their value, dates as ISO 8601,
    numbers as plain numbers (`score` as `format_score` shows it), booleans as
    true/false, and everything else as formula-safe text. In a numeric column a string
    that is a plain number (`-5`, `1200.50`) is written as it is.
    """
    _check_separator(sep)
    lines = [_line(map(safe_cell, ACCOUNT_EXPORT_COLUMNS), sep)]
    for row in rows:
        cells = (
            _cell(row.get(name), numeric=name in ACCOUNT_NUMERIC_COLUMNS, score=name == "score")
            for name in ACCOUNT_EXPORT_COLUMNS
        )
        lines.append(_line(cells, sep))
    return "".join(lines)


def write_evidence(rows: Iterable[tuple[str, dt.date, str]], sep: str = ",") -> str:
    """The evidence log download: `EVIDENCE_EXPORT_COLUMNS`, one `(account, date, note)` per row."""
    _check_separator(sep)
    lines = [_line(map(safe_cell, EVIDENCE_EXPORT_COLUMNS), sep)]
    lines.extend(_line((_cell(account), _cell(day), _cell(note)), sep) for account, day, note in rows)
    return "".join(lines)


def row_fingerprint(row: Row) -> str:
    """A SHA-256 hex digest of what an assessment says, to skip a row already imported.

    Covers the account name (exact, as stripped), date, kind, gut call, every answer
    (by dimension key, in sorted order so any dict order gives the same digest), the
    five signals (empty and 0 differ) and the note (with CR LF and CR read as LF,
    which spreadsheet programs change freely). Not the stage: that belongs to the
    account and may have moved on since the row was exported. Stable across runs and
    versions; changing what it covers would make a second import add everything again.
    """
    canonical = [
        "thinslice-row-v1",
        row.account,
        row.taken_on.isoformat(),
        row.kind.value,
        row.gut.value if row.gut else None,
        [[key, row.answers[key].value] for key in sorted(row.answers)],
        [getattr(row, name) for name in SIGNAL_COLUMNS],
        row.note.replace("\r\n", "\n").replace("\r", "\n"),
    ]
    encoded = json.dumps(canonical, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


def _check_separator(sep: str) -> None:
    if sep not in READ_SEPARATORS:
        shown = " ".join(repr(s) for s in READ_SEPARATORS)
        raise ValueError(f"separator must be one of {shown}, not {sep!r}")


def _cell(value: object, *, numeric: bool = False, score: bool = False) -> str:
    """One cell of a download: see `write_accounts` for the rules."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return _number(value, score=score)
    if isinstance(value, dt.date):  # a datetime too
        return value.isoformat()
    text = str(value)
    if numeric and _PLAIN_NUMBER.fullmatch(text):
        return text
    return safe_cell(text)


def _number(value: int | float | Decimal, *, score: bool = False) -> str:
    if isinstance(value, int):
        return str(value)
    if not (value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)):
        return ""
    if score:
        return format_score(float(value))
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(int(value)) if value.is_integer() else repr(value)


# --- computed columns ----------------------------------------------------------------

NO_BASELINE = "a check-in needs a screen before it (the baseline)"


def to_assessment(row: Row, rubric: Rubric) -> Assessment:
    """The row as the domain sees it, signals included (they never change the score)."""
    return Assessment(
        kind=row.kind,
        taken_on=row.taken_on,
        gut=row.gut,
        answers=row.answers,
        note=row.note,
        rubric_key=rubric.key,
        rubric_version=rubric.version,
        signals=Signals(**{name: getattr(row, name) for name in SIGNAL_COLUMNS}),
    )


def score_rows(
    rows: Sequence[tuple[int, Row]], rubric: Rubric, today: dt.date
) -> tuple[list[Scored], list[RowError]]:
    """Every computed column of a file, for rows numbered by line as `read_numbered_rows` gives them.

    Rows are grouped by account (the exact name) and each account's rows put in date
    order; on one day screens come before check-ins, then file order.

    - A screen gets no status; its reason is why it is a hell no: its first knockout,
      else its first dimension on the floor, else its weakest answer.
    - A check-in gets `client_status` over the account's rows up to and including
      it: the baseline is the last screen on or before the first check-in, the
      check-ins are all of them so far. It is judged as of its own date, except the
      account's newest row, which is judged as of `today`: only that one can be stale.
    - A check-in with no screen on or before it has no baseline: it is an error on
      `kind` and is left out, also from the history of the account's later rows.

    All rows are judged at once (`scoring.batch.judge_histories`). Returns the scored
    rows in the order given, without the rejected ones, and the errors.
    """
    judged = judge_rows([row for _, row in rows], rubric, today)
    scored = [
        Scored(row, score, verdict, status, reason)
        for (_, row), (keep, score, verdict, status, reason) in zip(rows, judged.rows(), strict=True)
        if keep
    ]
    rejected = (line for (line, _), keep in zip(rows, judged.kept.tolist(), strict=True) if not keep)
    errors = [RowError(line, "kind", NO_BASELINE) for line in rejected]
    return scored, errors


def judge_rows(rows: Sequence[Row], rubric: Rubric, today: dt.date) -> batch.Judged:
    """`scoring.batch.judge_histories` for rows of a file: accounts told apart by exact name."""
    names: dict[str, int] = {}
    return batch.judge_histories(
        rubric,
        batch.points_matrix(rubric, (row.answers for row in rows)),
        np.array([names.setdefault(row.account, len(names)) for row in rows], dtype=np.int64),
        np.array([row.taken_on.toordinal() for row in rows], dtype=np.int64),
        np.array([row.kind is Kind.CHECKIN for row in rows], dtype=np.bool_),
        today,
    )


# --- reading -------------------------------------------------------------------------


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


def _header_problem(
    header: list[str], body: list[tuple[int, list[str]]], rubric: Rubric, known: tuple[str, ...]
) -> str:
    present = set(header)
    missing = [name for name in required_columns(rubric) if name not in present]
    if "gut" not in present and "kind" in present:
        kind_at = header.index("kind")
        if any(_norm(cells[kind_at]) == Kind.SCREEN for _, cells in body if kind_at < len(cells)):
            missing.append("gut")
    twice = sorted({name for name in header if name and header.count(name) > 1})
    unknown = [name for name in header if name and name not in known]
    if not missing and not twice:
        return ""
    parts = []
    if missing:
        parts.append(f"missing columns: {', '.join(missing)}")
    if twice:
        parts.append(f"columns named twice: {', '.join(twice)}")
    if unknown:
        parts.append(f"unknown columns: {', '.join(unknown)}")
    return "; ".join(parts)


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
    try:
        return Row.model_validate(fields)
    except ValidationError as exc:  # a guard: the parsers above should have caught it all
        for err in exc.errors():
            column = str(err["loc"][0]) if err["loc"] else ""
            errors.append(RowError(line, "date" if column == "taken_on" else column, err["msg"]))
        return None


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
