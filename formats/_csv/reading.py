"""Reading an assessment file: every cell checked once, every problem kept with its line and column.

Changes when what a cell may say changes (a new spelling accepted, a limit, a rule
between columns). Each cell's parser is the one check of that cell: a row whose
cells all pass is a valid `Row`, built without validating it again.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from formats._csv.cells import unsafe_cell
from formats._csv.columns import (
    ACCOUNT_COLUMNS,
    COUNT_COLUMNS,
    NOTE_COLUMN,
    SIGNAL_COLUMNS,
    columns,
    dimension_places,
    required_columns,
)
from formats._csv.decoding import lines, sniff_separator
from formats._csv.errors import HeaderError, HeaderIssue, HeaderProblem, RowError
from formats._csv.row import Row
from i18n import _
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
    rows: list[tuple[int, Row]] = []
    errors: list[RowError] = []
    for chunk in read_columns(text, rubric, today=today):
        if chunk.header_error is not None:
            return [], [chunk.header_error]
        rows.extend(zip(chunk.line, chunk.rows(), strict=True))
        errors.extend(chunk.errors)
    return rows, errors


@dataclass
class Columns:
    """The good rows of a stretch of a file, column by column (one entry per row, in file
    order), with the problems of its bad rows in line order. A `HeaderError` stops the file:
    then it is the only thing a chunk holds.

    `answers` holds each row's answers in rubric order; `signals` its signals in
    `SIGNAL_COLUMNS` order. Each value is what `Row` holds in that field.
    """

    keys: tuple[str, ...]
    line: list[int] = field(default_factory=list)
    account: list[str] = field(default_factory=list)
    stage: list[Stage] = field(default_factory=list)
    taken_on: list[dt.date] = field(default_factory=list)
    kind: list[Kind] = field(default_factory=list)
    gut: list[Verdict | None] = field(default_factory=list)
    #: Per row, an answer per key; None for a dimension added since that the row was not asked.
    answers: list[tuple[Answer | None, ...]] = field(default_factory=list)
    signals: list[tuple[int | bool | None, ...]] = field(default_factory=list)
    note: list[str] = field(default_factory=list)
    #: `PORTABLE_COLUMNS`: "" / None where the file has no such column or leaves the cell empty.
    account_uid: list[str] = field(default_factory=list)
    rubric_version: list[int | None] = field(default_factory=list)
    suggested: list[dict[str, Answer] | None] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    header_error: HeaderError | None = None

    def __len__(self) -> int:
        return len(self.line)

    def rows(self) -> list[Row]:
        """Each good row as a `Row`, built from cells already checked (not validated again)."""
        keys = self.keys
        return [
            Row.model_construct(
                account=account,
                stage=stage,
                taken_on=taken_on,
                kind=kind,
                gut=gut,
                answers={
                    key: answer for key, answer in zip(keys, answers, strict=True) if answer is not None
                },
                **dict(zip(SIGNAL_COLUMNS, signals, strict=True)),
                note=note,
            )
            for account, stage, taken_on, kind, gut, answers, signals, note in zip(
                self.account,
                self.stage,
                self.taken_on,
                self.kind,
                self.gut,
                self.answers,
                self.signals,
                self.note,
                strict=True,
            )
        ]


#: Records read and checked together: enough that each column's work is a few list operations,
#: few enough that a file of any size is held a chunk at a time.
CHUNK_ROWS = 5000


def read_columns(
    text: str, rubric: Rubric, *, today: dt.date | None = None, size: int = CHUNK_ROWS
) -> Iterator[Columns]:
    """A file read `size` records at a time, each stretch as `Columns`; what `read_numbered_rows`
    reads, without a model per row. The first chunk with a `header_error` is the last."""
    known = columns(rubric, portable=True)
    text = text.removeprefix("\ufeff")
    failed: list[RowError] = []
    records = numbered_records(text, known, failed)
    first = next(records, None)
    if first is None:
        expected = known[: len(ACCOUNT_COLUMNS) + 1]
        empty = (HeaderProblem(HeaderIssue.EMPTY), HeaderProblem(HeaderIssue.NO_HEADER, expected))
        yield Columns(rubric.keys, header_error=HeaderError.of(1, empty))
        return
    header_line, header_cells = first
    header = [cell.strip().lower() for cell in header_cells]
    problems = _header_problems(header, rubric, known, has_screen=False)
    if problems:
        yield Columns(rubric.keys, header_error=HeaderError.of(header_line, problems))
        return
    read = _ChunkReader(header, rubric, today)
    screen_needs_gut = "gut" not in header and "kind" in header
    kind_at = header.index("kind") if screen_needs_gut else 0
    while True:
        body = list(itertools.islice(records, size))
        if not body:
            if failed:
                yield Columns(rubric.keys, errors=failed)
            return
        if screen_needs_gut and any(
            _norm(cells[kind_at]) == Kind.SCREEN for _, cells in body if kind_at < len(cells)
        ):
            # A screen without a gut column: the header does not fit after all.
            problems = _header_problems(header, rubric, known, has_screen=True)
            yield Columns(rubric.keys, header_error=HeaderError.of(header_line, problems))
            return
        chunk = read(body)
        if failed and len(body) < size:  # the records ended early: on what could not be read
            chunk.errors.extend(failed)
            failed = []
        yield chunk


def parse_date(text: str) -> dt.date:
    """An ISO 8601 calendar date, `YYYY-MM-DD` and nothing looser (no `20250102`, no weeks)."""
    cleaned = text.strip()
    if not cleaned:
        raise ValueError(_("a date is needed; use YYYY-MM-DD"))
    if _ISO_DATE.fullmatch(cleaned):
        try:
            return dt.date.fromisoformat(cleaned)
        except ValueError:
            pass
    raise ValueError(_("{value} is not a date; use YYYY-MM-DD").format(value=repr(text)))


def numbered_records(
    text: str, known: Collection[str], failed: list[RowError]
) -> Iterator[tuple[int, list[str]]]:
    """Non-blank records with the physical line each starts on; a record that cannot be read
    ends them, with its line and why in `failed` (also read by the answers file)."""
    reader = csv.reader(lines(text), delimiter=sniff_separator(text, known))
    start = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        failed.append(RowError(start, "", _("cannot read the file from here on: {error}").format(error=exc)))


def _header_problems(
    header: list[str], rubric: Rubric, known: tuple[str, ...], *, has_screen: bool
) -> tuple[HeaderProblem, ...]:
    """What is wrong with the header; unknown columns count only beside a missing or doubled one.
    `has_screen`: a row of the file is a screen, so a missing `gut` column is missed too."""
    present = set(header)
    missing = [name for name in required_columns(rubric) if name not in present]
    if "gut" not in present and "kind" in present and has_screen:
        missing.append("gut")
    twice = sorted({name for name in header if name and header.count(name) > 1})
    unknown = [name for name in header if name and name not in known]
    if not missing and not twice:
        return ()
    found = ((HeaderIssue.MISSING, missing), (HeaderIssue.TWICE, twice), (HeaderIssue.UNKNOWN, unknown))
    return tuple(HeaderProblem(issue, tuple(names)) for issue, names in found if names)


def _norm(text: str) -> str:
    return text.strip().lower().replace(" ", "_").replace("-", "_")


class _ChunkReader:
    """Reads the records of one file a chunk at a time, column by column: each cell checked by
    its column's parser, each distinct text of a column parsed once (a file repeats its
    answers, dates, kinds and names on row after row), with the same values and the same
    messages, in the same order, as checking every cell of every row in turn."""

    def __init__(self, header: list[str], rubric: Rubric, today: dt.date | None) -> None:
        self._width = len(header)
        self._today = today
        self._keys = rubric.keys
        at = {
            name: index for index, name in enumerate(header) if name
        }  # the last of a name, as a dict keeps it

        def column(name: str, parser: Callable[[str], Any], *, remember: bool = True) -> _Column:
            return _Column(name, at.get(name), parser, remember=remember)

        # In the order a row's problems are listed.
        self._account = column("account", account_name)
        self._stage = column("stage", _stage)
        self._date = column("date", self._date_until_today)
        self._kind = column("kind", _kind)
        self._gut = column("gut", _gut)
        # A dimension added since the built-in rubric may be blank: that row was taken before it
        # was asked (as an export writes such a row), and is stored without it.
        _inside, added = dimension_places(rubric)
        later = {rubric.keys[i] for i in added}
        self._answers = [column(key, _answer_if_asked if key in later else _answer) for key in rubric.keys]
        self._signals = [column(name, _count) for name in COUNT_COLUMNS]
        self._signals.append(column("leadership_change", _flag))
        self._note = column(NOTE_COLUMN, _note, remember=False)  # notes seldom repeat: not kept
        self._uid = column("account_uid", account_uid)
        self._version = column("rubric_version", _version)
        self._suggested = column("suggested", suggested_answers)

    def _date_until_today(self, text: str) -> dt.date:
        taken_on = parse_date(text)
        if self._today is not None and taken_on > self._today:
            # Both dates as the file writes them (ISO), so the cell is easy to find.
            raise ValueError(_("{date} is after today ({today})").format(date=taken_on, today=self._today))
        return taken_on

    def __call__(self, body: list[tuple[int, list[str]]]) -> Columns:
        lines = [line for line, _ in body]
        records = [cells for _, cells in body]
        # Problems as (row, place in the row's list, error): sorted, they read row by row.
        found: list[tuple[int, int, RowError]] = []
        width = self._width
        for row, cells in enumerate(records):
            if len(cells) > width and any(cell.strip() for cell in cells[width:]):
                message = _("{cells} cells, but the header names {columns} columns").format(
                    cells=len(cells), columns=width
                )
                found.append((row, 0, RowError(lines[row], "", message)))
        place = iter(range(1, 1_000_000))
        account = self._account.read(records, lines, found, next(place))
        stage = self._stage.read(records, lines, found, next(place))
        taken_on = self._date.read(records, lines, found, next(place))
        kind = self._kind.read(records, lines, found, next(place))
        gut = self._gut.read(records, lines, found, next(place))
        gut_place = next(place)
        for row, (k, g) in enumerate(zip(kind, gut, strict=True)):
            if k is Kind.SCREEN and g is None and self._gut.blank(records[row]):
                message = _("a screen needs a gut call; use hell_yes or hell_no")
                found.append((row, gut_place, RowError(lines[row], "gut", message)))
        answers = [column.read(records, lines, found, next(place)) for column in self._answers]
        signals = [column.read(records, lines, found, next(place)) for column in self._signals]
        note = self._note.read(records, lines, found, next(place))
        uid = self._uid.read(records, lines, found, next(place))
        version = self._version.read(records, lines, found, next(place))
        suggested = self._suggested.read(records, lines, found, next(place))
        out = Columns(self._keys)
        found.sort(key=lambda problem: (problem[0], problem[1]))
        out.errors = [error for _, _, error in found]
        bad = {row for row, _, _ in found}
        good = [row for row in range(len(records)) if row not in bad] if bad else range(len(records))

        def kept(values: list[Any]) -> list[Any]:
            return values if not bad else [values[row] for row in good]

        out.line = kept(lines)
        out.account = kept(account)
        out.stage = kept(stage)
        out.taken_on = kept(taken_on)
        out.kind = kept(kind)
        out.gut = kept(gut)
        out.answers = kept(list(zip(*answers, strict=True))) if answers else [()] * len(out.line)
        out.signals = kept(list(zip(*signals, strict=True)))
        out.note = kept(note)
        out.account_uid = kept(uid)
        out.rubric_version = kept(version)
        out.suggested = kept(suggested)
        return out


class _Column:
    """One column of a file and what each distinct text in it parsed to: a value, or the
    message of the `ValueError` its parser raised (kept as a `_Bad`)."""

    __slots__ = ("_at", "_parsed", "_parser", "_remember", "name")

    def __init__(self, name: str, at: int | None, parser: Callable[[str], Any], *, remember: bool) -> None:
        self.name = name
        self._at = at
        self._parser = parser
        self._remember = remember
        self._parsed: dict[str, Any] = {}

    def _cells(self, records: list[list[str]]) -> list[str]:
        at = self._at
        if at is None:
            return [""] * len(records)
        return [cells[at] if at < len(cells) else "" for cells in records]

    def blank(self, cells: list[str]) -> bool:
        """The cell as typed (our formula guard taken off) is empty or blank, or there is none."""
        at = self._at
        return at is None or at >= len(cells) or unsafe_cell(cells[at]).strip() == ""

    def _parse(self, raw: str) -> Any:
        try:
            return self._parser(unsafe_cell(raw))
        except ValueError as exc:
            return _Bad(str(exc))

    def read(
        self, records: list[list[str]], lines: list[int], found: list[tuple[int, int, RowError]], place: int
    ) -> list[Any]:
        """Each record's value in this column (None where it is bad, with its problem in `found`)."""
        raw = self._cells(records)
        if self._remember:
            parsed = self._parsed
            missing = {text for text in set(raw) if text not in parsed}
            parsed.update((text, self._parse(text)) for text in missing)
            values = list(map(parsed.__getitem__, raw))
        else:
            values = list(map(self._parse, raw))
        if any(type(value) is _Bad for value in values):
            for row, value in enumerate(values):
                if type(value) is _Bad:
                    found.append((row, place, RowError(lines[row], self.name, value.message)))
                    values[row] = None
        return values


@dataclass(frozen=True, slots=True)
class _Bad:
    message: str


def account_name(text: str) -> str:
    """An account cell: a name, within the limit (also read by the answers file)."""
    name = text.strip()
    if not name:
        raise ValueError(_("an account name is needed"))
    if len(name) > NAME_MAX:
        raise ValueError(
            _("the account name has {length} characters; the most is {most}").format(
                length=len(name), most=NAME_MAX
            )
        )
    return name


_UID = re.compile(r"[0-9A-Za-z_-]{1,32}")


def account_uid(text: str) -> str:
    """An `account_uid` cell: the account's portable id (32 hex digits when the app made it), or
    nothing (the account is then found by its name)."""
    uid = text.strip()
    if uid and not _UID.fullmatch(uid):
        raise ValueError(
            _("{value} is not an account id: up to 32 letters, digits, - or _").format(value=repr(uid[:40]))
        )
    return uid


def _version(text: str) -> int | None:
    cleaned = text.strip()
    if not cleaned:
        return None
    if not cleaned.isdigit() or not 1 <= int(cleaned) <= 1_000_000:
        raise ValueError(
            _("{value} is not a rubric version (a whole number from 1)").format(value=repr(text))
        )
    return int(cleaned)


def suggested_answers(text: str) -> dict[str, Answer] | None:
    """A `suggested` cell: `key=answer` pairs with a space between (`payment=no scope=yes`)."""
    found: dict[str, Answer] = {}
    for pair in text.split():
        key, _eq, word = pair.partition("=")
        try:
            found[key] = Answer(word)
        except ValueError:
            raise ValueError(
                _("{value} is not key=answer (an answer word such as hell_yes)").format(value=repr(pair))
            ) from None
    return found or None


def suggested_cell(suggested: Mapping[str, Answer | str] | None) -> str:
    """`suggested_answers` the other way: the pairs by key."""
    if not suggested:
        return ""
    return " ".join(f"{key}={getattr(word, 'value', word)}" for key, word in sorted(suggested.items()))


def _stage(text: str) -> Stage:
    if not text.strip():
        return Stage.PROSPECT
    try:
        return Stage(_norm(text))
    except ValueError:
        raise ValueError(
            _("{value} is not a stage; use prospect or client").format(value=repr(text))
        ) from None


def _kind(text: str) -> Kind:
    cleaned = _norm(text).replace("_", "")
    if not cleaned:
        raise ValueError(_("a kind is needed; use screen or checkin"))
    try:
        return Kind(cleaned)
    except ValueError:
        raise ValueError(_("{value} is not a kind; use screen or checkin").format(value=repr(text))) from None


def _gut(text: str) -> Verdict | None:
    return Verdict.parse(text) if text.strip() else None


def _answer_if_asked(text: str) -> Answer | None:
    """An answer, or None for a blank cell: a dimension added since, not asked in that row."""
    return None if not text.strip() else _answer(text)


def _answer(text: str) -> Answer:
    if not text.strip():
        words = ", ".join(a.value for a in Answer)
        raise ValueError(
            _("no answer; use one of {words} or 0-4 (unsure is an answer, blank is not)").format(words=words)
        )
    return Answer.parse(text)


def _count(text: str) -> int | None:
    cleaned = text.strip()
    if not cleaned:
        return None
    if not (cleaned.isascii() and cleaned.isdigit()):
        raise ValueError(
            _("{value} is not a count; use a whole number, 0 or more, or leave it empty").format(
                value=repr(text)
            )
        )
    if len(cleaned) > len(str(COUNT_MAX)) or int(cleaned) > COUNT_MAX:
        raise ValueError(_("{value} is too large; the most is {most}").format(value=cleaned, most=COUNT_MAX))
    return int(cleaned)


def _flag(text: str) -> bool | None:
    cleaned = text.strip().lower()
    if not cleaned:
        return None
    if cleaned in _TRUE:
        return True
    if cleaned in _FALSE:
        return False
    raise ValueError(
        _("{value} is not true or false; use true/false, yes/no, 1/0 or leave it empty").format(
            value=repr(text)
        )
    )


def _note(text: str) -> str:
    if len(text) > NOTE_MAX:
        raise ValueError(
            _("the note has {length} characters; the most is {most}").format(length=len(text), most=NOTE_MAX)
        )
    return text
