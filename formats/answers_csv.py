"""Their answers as CSV: one row per answer set the other side gave, out and back in.

Columns, in this order: `account` (the account's name), `kind` (`fit` or `review`),
`submitted_at` (ISO 8601 in UTC, to the second: `2026-05-04T09:30:00Z`), `language` (the
language they read it in), `version` (of the questionnaire), then one column per question key:
the fit questionnaire's, then the review's, in the order of `scoring/questionnaires.toml`
(keys are unique across both). A choice is written as the choice's key, a scale as a whole
number from 0 to 10, a text as their own words; a question they left open, or one of the other
questionnaire, is an empty cell. A new version may add columns at the end, never rename or drop one.

Written as every download is (`formats.csvcodec`): either separator, every cell formula-safe,
quoted wherever a spreadsheet could cut it, a byte-order mark added by `to_excel_bytes`. Read
back with any separator `csvcodec` reads, our formula guard taken off; a bad row is reported by
line and column (`RowError`) and left out, the good rows are kept. Whether an account of that
name exists is the importer's question, not the file's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial

from formats._csv.cells import record, safe_cell, to_cell, unsafe_cell
from formats._csv.dialect import check_separator
from formats._csv.errors import HeaderError, HeaderIssue, HeaderProblem, RowError
from formats._csv.reading import account_name, account_uid, numbered_records
from i18n import _
from scoring.limits import QUESTIONNAIRE_TEXT_MAX
from scoring.questionnaires import (
    SCALE_MAX,
    Question,
    Questionnaire,
    QuestionnaireKind,
    QuestionType,
    TheirSide,
    questionnaires,
)

__all__ = [
    "FIXED_COLUMNS",
    "REQUIRED_COLUMNS",
    "AnswerRow",
    "AnswersFile",
    "answer_columns",
    "is_answers_file",
    "read_answers",
    "submitted_cell",
    "write_answers",
]

#: The columns before the question keys.
FIXED_COLUMNS = ("account", "kind", "submitted_at", "language", "version")
#: After the question keys, added since: the account's portable id.
LAST_COLUMNS = ("account_uid",)
#: Columns a file must have; the others may be left out (a missing question is unanswered).
REQUIRED_COLUMNS = ("account", "kind", "submitted_at")
#: The column that tells an answers file from an assessments file (which has `date`).
_TELLING_COLUMN = "submitted_at"

Found = Mapping[QuestionnaireKind, Questionnaire]

_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?", re.I)
_LANGUAGE = re.compile(r"[a-z]{2,3}([-_][a-z0-9]{2,8})?", re.I)
_WHOLE = re.compile(r"\d{1,9}")
# A scale cell: a whole number, also as a spreadsheet may write it ("7.0", or "7,0" in Dutch).
_SCALE = re.compile(r"(\d{1,2})(?:[.,]0+)?")


def _found(found: Found | None) -> Found:
    return questionnaires() if found is None else found


def answer_columns(found: Found | None = None) -> tuple[str, ...]:
    """The file's columns: the fixed ones, then each question key, fit first, in file order."""
    found = _found(found)
    keys = [question.key for kind in QuestionnaireKind for question in found[kind].questions]
    twice = sorted({key for key in keys if keys.count(key) > 1})
    if twice:
        raise ValueError(f"question keys {', '.join(twice)} are in both questionnaires")
    clash = sorted(set(keys) & {*FIXED_COLUMNS, *LAST_COLUMNS})
    if clash:
        raise ValueError(f"question keys {', '.join(clash)} clash with fixed CSV columns")
    return (*FIXED_COLUMNS, *keys, *LAST_COLUMNS)


def submitted_cell(moment: dt.datetime) -> str:
    """When they submitted, as the file has it: UTC, to the second, with a `Z`."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def write_answers(
    rows: Iterable[tuple[str, TheirSide] | tuple[str, TheirSide, str]],
    sep: str = ",",
    found: Found | None = None,
) -> str:
    """The answers download: one row per `(account name, answer set)`, or `(account name, answer
    set, account_uid)`, in the order given."""
    check_separator(sep)
    names = answer_columns(found)
    out = [record(map(safe_cell, names), sep)]
    for account, side, *more in rows:
        values: dict[str, object] = {
            **side.answers,
            "account_uid": more[0] if more else "",
            "account": account,
            "kind": side.kind.value,
            "submitted_at": submitted_cell(side.submitted_at),
            "language": side.language,
            "version": side.version,
        }
        out.append(record((to_cell(values.get(name)) for name in names), sep))
    return "".join(out)


# --- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AnswerRow:
    """One good row: an answer set for the account of that name (not looked up yet)."""

    line: int
    account: str
    kind: QuestionnaireKind
    submitted_at: dt.datetime
    language: str
    version: int
    answers: dict[str, str | int]
    account_uid: str = ""

    def side(self, account_id: int = 0) -> TheirSide:
        """The answer set as the domain keeps it, for `account_id` (0 while it is not found yet)."""
        return TheirSide(
            id=0,
            account_id=account_id,
            link_id=None,
            kind=self.kind,
            version=self.version,
            submitted_at=self.submitted_at,
            language=self.language,
            answers=self.answers,
        )


@dataclass
class AnswersFile:
    """What a file holds: its good rows and each bad row's problems, in line order; or a header
    that does not fit, and then nothing else."""

    rows: list[AnswerRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    header_error: HeaderError | None = None


def is_answers_file(text: str, found: Found | None = None) -> bool:
    """Whether the header line names `submitted_at`: an answers file, not an assessments file."""
    known = answer_columns(found)
    return _TELLING_COLUMN in (cell.strip().lower() for cell in _first_record(text, known))


def read_answers(text: str, found: Found | None = None) -> AnswersFile:
    """Parse a whole answers file (text already decoded, with or without its byte-order mark)."""
    found = _found(found)
    known = answer_columns(found)
    text = text.removeprefix("\ufeff")
    failed: list[RowError] = []
    records = numbered_records(text, known, failed)
    first = next(records, None)
    if first is None:
        empty = (HeaderProblem(HeaderIssue.EMPTY), HeaderProblem(HeaderIssue.NO_HEADER, REQUIRED_COLUMNS))
        return AnswersFile(header_error=HeaderError.of(1, empty))
    header_line, cells = first
    header = [cell.strip().lower() for cell in cells]
    problems = _header_problems(header, known)
    if problems:
        return AnswersFile(header_error=HeaderError.of(header_line, problems))
    read = _RowReader(header, found)
    out = AnswersFile()
    for line, cells in records:
        row, errors = read(line, cells)
        if row is not None:
            out.rows.append(row)
        out.errors.extend(errors)
    out.errors.extend(failed)
    return out


def _first_record(text: str, known: tuple[str, ...]) -> list[str]:
    return next((cells for _, cells in numbered_records(text.removeprefix("\ufeff"), known, [])), [])


def _header_problems(header: list[str], known: tuple[str, ...]) -> tuple[HeaderProblem, ...]:
    """As the assessments file: unknown columns are named only beside a missing or doubled one."""
    present = set(header)
    missing = [name for name in REQUIRED_COLUMNS if name not in present]
    twice = sorted({name for name in header if name and header.count(name) > 1})
    unknown = [name for name in header if name and name not in known]
    if not missing and not twice:
        return ()
    found = ((HeaderIssue.MISSING, missing), (HeaderIssue.TWICE, twice), (HeaderIssue.UNKNOWN, unknown))
    return tuple(HeaderProblem(issue, tuple(names)) for issue, names in found if names)


class _RowReader:
    """Reads one record at a time against the header: each cell checked by its column's rule,
    every problem of the row kept, in column order."""

    def __init__(self, header: list[str], found: Found) -> None:
        self._width = len(header)
        self._at = {name: index for index, name in enumerate(header) if name}
        self._found = found
        self._questions = {
            kind: [(question, self._at.get(question.key)) for question in q.questions]
            for kind, q in found.items()
        }

    def _cell(self, cells: list[str], name: str) -> str:
        at = self._at.get(name)
        return unsafe_cell(cells[at]) if at is not None and at < len(cells) else ""

    def __call__(self, line: int, cells: list[str]) -> tuple[AnswerRow | None, list[RowError]]:
        errors: list[RowError] = []

        def check(name: str, parse: Callable[[str], object]) -> object:
            try:
                return parse(self._cell(cells, name))
            except ValueError as exc:
                errors.append(RowError(line, name, str(exc)))
                return None

        if len(cells) > self._width and any(cell.strip() for cell in cells[self._width :]):
            message = _("{cells} cells, but the header names {columns} columns").format(
                cells=len(cells), columns=self._width
            )
            errors.append(RowError(line, "", message))
        account = check("account", account_name)
        kind = check("kind", _kind)
        submitted_at = check("submitted_at", _moment)
        language = check("language", _language)
        version = check("version", _version)
        uid = check("account_uid", account_uid)
        answers: dict[str, str | int] = {}
        if isinstance(kind, QuestionnaireKind):
            for question, at in self._questions[kind]:
                if at is None:
                    continue
                value = check(question.key, partial(_answer, question))
                if isinstance(value, str | int):
                    answers[question.key] = value
            for other, questions in self._questions.items():
                if other is kind:
                    continue
                for question, at in questions:
                    if at is not None and self._cell(cells, question.key).strip():
                        message = _("not a question of the {kind} questionnaire; leave it empty").format(
                            kind=kind.value
                        )
                        errors.append(RowError(line, question.key, message))
            if not answers and not errors:
                errors.append(RowError(line, "", _("no answers in this row")))
        errors.sort(key=self._place)
        if errors:
            return None, errors
        assert isinstance(account, str) and isinstance(kind, QuestionnaireKind)
        assert isinstance(submitted_at, dt.datetime) and isinstance(language, str)
        row = AnswerRow(
            line=line,
            account=account,
            kind=kind,
            submitted_at=submitted_at,
            language=language,
            version=version if isinstance(version, int) else self._found[kind].version,
            answers=answers,
            account_uid=uid if isinstance(uid, str) else "",
        )
        return row, []

    def _place(self, error: RowError) -> int:
        """Problems of a row in the order of the header's columns (the row's own first)."""
        at = self._at.get(error.column)
        return -1 if at is None else at


def _kind(text: str) -> QuestionnaireKind:
    cleaned = text.strip().lower()
    if not cleaned:
        raise ValueError(_("a questionnaire is needed; use fit or review"))
    try:
        return QuestionnaireKind(cleaned)
    except ValueError:
        raise ValueError(
            _("{value} is not a questionnaire; use fit or review").format(value=repr(text))
        ) from None


def _moment(text: str) -> dt.datetime:
    """ISO 8601 date and time; without an offset it is UTC, as the file writes it."""
    cleaned = text.strip()
    if not cleaned:
        raise ValueError(_("a date and time is needed; use YYYY-MM-DDTHH:MM:SSZ (UTC)"))
    if _MOMENT.fullmatch(cleaned):
        try:
            moment = dt.datetime.fromisoformat(cleaned.upper().replace("Z", "+00:00"))
        except ValueError:
            pass
        else:
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=dt.UTC)
            return moment.astimezone(dt.UTC)
    raise ValueError(
        _("{value} is not a date and time; use YYYY-MM-DDTHH:MM:SSZ (UTC)").format(value=repr(text))
    )


def _language(text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        return "en"
    if len(cleaned) <= 16 and _LANGUAGE.fullmatch(cleaned):
        return cleaned.lower().replace("_", "-")
    raise ValueError(_("{value} is not a language code; use en or nl, for instance").format(value=repr(text)))


def _version(text: str) -> int | None:
    cleaned = text.strip()
    if not cleaned:
        return None  # the questionnaire's current version
    if _WHOLE.fullmatch(cleaned) and int(cleaned) >= 1:
        return int(cleaned)
    raise ValueError(_("{value} is not a version; use a whole number, 1 or more").format(value=repr(text)))


def _answer(question: Question, text: str) -> str | int | None:
    """Their answer to one question, as stored; None for an empty cell (not answered)."""
    cleaned = text.strip()
    if not cleaned:
        return None
    if question.kind is QuestionType.CHOICE:
        key = cleaned.lower()
        if question.choice(key) is None:
            keys = ", ".join(choice.key for choice in question.choices)
            raise ValueError(
                _("{value} is not one of its choices; use {keys}").format(value=repr(text), keys=keys)
            )
        return key
    if question.kind is QuestionType.SCALE:
        matched = _SCALE.fullmatch(cleaned)
        if matched is None or int(matched.group(1)) > SCALE_MAX:
            raise ValueError(
                _("{value} is not a whole number from 0 to {most}").format(value=repr(text), most=SCALE_MAX)
            )
        return int(matched.group(1))
    if len(cleaned) > QUESTIONNAIRE_TEXT_MAX:
        raise ValueError(
            _("the answer has {length} characters; the most is {most}").format(
                length=len(cleaned), most=QUESTIONNAIRE_TEXT_MAX
            )
        )
    return cleaned
