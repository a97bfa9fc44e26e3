"""Data out and in: the CSV files of the documented schema, built from and into the database.

Exports compute the columns the command line's scoring does (`csvcodec.score_rows`;
both rest on `scoring.batch.judge_histories`), so a row's computed columns are the
same whether it comes from the app, `cli.py export` or `cli.py score`. Imports go
through the same reader as `cli.py score` and land in one transaction; each row's
fingerprint is its idempotency key, so a file imported twice adds nothing the second
time.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, overload

import numpy as np
import numpy.typing as npt

from formats import answers_csv as answers_format
from formats import csvcodec
from formats.csvcodec import HeaderError, RowError
from i18n import _
from scoring import Answer, Assessment, Kind, Rubric, Signals, Stage, Verdict, batch, lifecycle
from scoring.headline import Headline
from scoring.questionnaires import TheirSide
from scoring.rubric import default_rubric
from scoring.signals import SIGNAL_KEYS
from scoring.versions import as_written
from services.bulk import bulk
from services.summaries import Summary, as_taken_versions, summaries
from storage.errors import NotFound
from storage.records import AssessmentColumns, stored_signals
from storage.repository import ImportReport, ImportRow, Incoming, Repository

T = TypeVar("T", bound=Hashable)
U = TypeVar("U")
V = TypeVar("V")


def assessments_csv(
    repo: Repository,
    rubric: Rubric,
    today: dt.date,
    sep: str = ",",
    account_id: int | None = None,
    book: Mapping[int, Rubric] | None = None,
) -> str:
    """The assessments download: every stored row with the computed columns `csvcodec.score_rows`
    gives them, built from columns (one query, every row judged at once), not a model per row.
    With `book` (every version of the rubric by number), each row's score, verdict and a screen's
    reason are as taken: by the version it was taken with (`as_taken`)."""
    with bulk():
        sheet = assessment_sheet(repo, rubric, today, account_id, book)
        return csvcodec.write_sheet(sheet, as_written(rubric), sep)


def assessment_sheet(
    repo: Repository,
    rubric: Rubric,
    today: dt.date,
    account_id: int | None = None,
    book: Mapping[int, Rubric] | None = None,
) -> csvcodec.Sheet:
    """Every assessment (or one account's) and its computed columns, by account, then date, then id.

    What repeats (answer sets, signals, kinds, dates) is parsed and checked once per
    distinct value and spread over the rows by index, so tens of thousands of rows cost
    list and array operations, not a model each. Names are stripped as a file's are.
    """
    table = repo.assessment_columns(None if account_id is None else [account_id])
    names = table.names
    ranked = sorted(names, key=lambda i: (names[i].casefold(), names[i], i))
    rank = {account: place for place, account in enumerate(ranked)}
    ranks = np.array(list(map(rank.__getitem__, table.account_id)), dtype=np.int64)
    # Stable: each account keeps its rows in the stored order (date, then id).
    order = np.argsort(ranks, kind="stable")
    at = order.tolist()
    owner = ranks[order]
    owners = owner.tolist()
    # Per account, by rank: the name as a file has it (stripped). Each account is a history of its
    # own, also beside another of the same name (the file tells them apart by `account_uid`).
    stripped = [names[account].strip() for account in ranked]
    group = np.arange(len(ranked), dtype=np.int64)

    kind_codes, kind_texts = _codes(table.kind, at)
    kinds = [Kind(text) for text in kind_texts]
    points = table.points(rubric)[order]
    date = list(map(table.taken_on.__getitem__, at))
    ordinals = {day: day.toordinal() for day in set(date)}
    judged = batch.judge_histories(
        rubric,
        points,
        group[owner],
        np.array(list(map(ordinals.__getitem__, date)), dtype=np.int64),
        np.array([k is Kind.CHECKIN for k in kinds], dtype=np.bool_)[kind_codes],
        today,
    )
    scores, verdicts, reasons = judged.scores.tolist(), judged.verdicts(), judged.reason
    if book:  # as taken: each row by the version of the rubric it was taken with
        checkin = np.array([k is Kind.CHECKIN for k in kinds], dtype=np.bool_)[kind_codes]
        scores, verdicts, reasons = _as_taken(table, order, rubric, book, judged, checkin)
    signal_codes, signal_texts = _codes(table.signals, at)
    signals = [stored_signals(text) for text in signal_texts]
    codes = signal_codes.tolist()
    stages = [Stage(table.stages[account]) for account in ranked]
    sheet = csvcodec.Sheet(
        account=list(map(stripped.__getitem__, owners)),
        stage=list(map(stages.__getitem__, owners)),
        date=date,
        kind=list(map(kinds.__getitem__, kind_codes.tolist())),
        gut=_arranged(table.gut, at, _gut),
        # The answers as written: a retired dimension's column keeps its answers (`as_written`).
        points=points if not rubric.retired else table.points(as_written(rubric))[order],
        signals={
            name: list(map([getattr(s, name) for s in signals].__getitem__, codes)) for name in SIGNAL_KEYS
        },
        note=_arranged(table.note, at, _note),
        score=scores,
        verdict=verdicts,
        status=judged.status,
        reason=reasons,
        extra={
            "account_uid": list(map([table.uids.get(account, "") for account in ranked].__getitem__, owners)),
            "rubric_version": list(map(table.rubric_version.__getitem__, at)),
            "suggested": _arranged(table.suggested, at, _suggested),
        },
    )
    return sheet if judged.kept.all() else _kept(sheet, judged.kept)


def _suggested(stored: str | None) -> str:
    return csvcodec.suggested_cell(json.loads(stored) if stored else None)


def _as_taken(
    table: AssessmentColumns,
    order: npt.NDArray[np.int64],
    rubric: Rubric,
    book: Mapping[int, Rubric],
    judged: batch.Judged,
    checkin: npt.NDArray[np.bool_],
) -> tuple[list[float], list[Verdict], list[str | None]]:
    """Score, verdict and reason of each row (in `order`) as taken; the status stays the rubric in
    use's, a judgement of the client's whole history."""
    now = batch.Rescored(judged.scores, judged.hell_yes)
    versions = as_taken_versions(table, rubric)[order]
    then = batch.rescore_as_taken(lambda r: table.points(r)[order], versions, rubric, book, now)
    reasons = list(judged.reason)
    if then is not now:
        for version in set(versions.tolist()) - {rubric.version}:
            if version not in book:
                continue
            rows = np.flatnonzero((versions == version) & ~checkin)
            found = batch.screen_reasons(book[version], table.points(book[version])[order][rows])
            for row, reason in zip(rows.tolist(), found, strict=True):
                reasons[row] = reason
    return then.scores.tolist(), then.verdicts(), reasons


def _note(value: str | None) -> str:
    return value or ""


def _gut(value: str | None) -> Verdict | None:
    return Verdict(value) if value else None


def _arranged(column: Sequence[T], order: Sequence[int], parse: Callable[[T], U]) -> list[U]:
    """`parse` of each value in `order`, parsed once per distinct value."""
    codes, distinct = _codes(column, order)
    return list(map([parse(value) for value in distinct].__getitem__, codes.tolist()))


def _codes(column: Sequence[T], order: Sequence[int]) -> tuple[npt.NDArray[np.int64], list[T]]:
    """Each value in `order` as an index into the distinct values returned with it."""
    values = list(map(column.__getitem__, order))
    distinct = list(set(values))
    code = {value: i for i, value in enumerate(distinct)}
    return np.array(list(map(code.__getitem__, values)), dtype=np.int64), distinct


def _kept(sheet: csvcodec.Sheet, kept: npt.NDArray[np.bool_]) -> csvcodec.Sheet:
    """The sheet without the rows `kept` leaves out (check-ins with no screen before them)."""
    at = np.flatnonzero(kept).tolist()

    def only(column: Sequence[V]) -> list[V]:
        return [column[i] for i in at]

    return csvcodec.Sheet(
        account=only(sheet.account),
        stage=only(sheet.stage),
        date=only(sheet.date),
        kind=only(sheet.kind),
        gut=only(sheet.gut),
        points=sheet.points[kept],
        signals={name: only(values) for name, values in sheet.signals.items()},
        note=only(sheet.note),
        score=only(sheet.score),
        verdict=only(sheet.verdict),
        status=only(sheet.status),
        reason=only(sheet.reason),
        extra={name: only(values) for name, values in sheet.extra.items()},
    )


def accounts_csv(repo: Repository, rubric: Rubric, today: dt.date, sep: str = ",") -> str:
    with bulk():
        read = summaries(repo, rubric)
    records = []
    for account in repo.accounts():
        summary = read.get(account.id)
        head = _headline(rubric, account.stage, summary, today)
        records.append(
            {
                "account_id": account.id,
                "account": account.name,
                "company": account.company,
                "stage": account.stage.value,
                "deal_value": account.deal_value,
                "signed_on": account.signed_on,
                "ended_on": account.ended_on,
                "outcome": account.outcome.value if account.outcome else None,
                "assessments": summary.count if summary else 0,
                "last_date": summary.latest.taken_on if summary else None,
                "score": head.score if head else None,
                "verdict": head.result.verdict.value if head else None,
                "status": head.status.status.value if head and head.status else None,
                "reason": head.status.reason if head and head.status and not head.good else None,
                "weekly_hours": account.weekly_hours,
                "outcome_note": account.outcome_note,
                "created_at": account.created_at.astimezone(dt.UTC),
                "account_uid": account.uid,
            }
        )
    return csvcodec.write_accounts(records, sep)


def _headline(rubric: Rubric, stage: Stage, summary: Summary | None, today: dt.date) -> Headline | None:
    if summary is None:
        return None
    return summary.headline(rubric, stage, today)


def evidence_csv(repo: Repository, sep: str = ",") -> str:
    """Every evidence note, by account (name, then id), then date: the same order in any database
    the data is moved to."""
    found = {a.id: a for a in repo.accounts()}
    notes = sorted(
        repo.all_evidence(),
        key=lambda n: (
            found[n.account_id].name.casefold(),
            found[n.account_id].name,
            n.account_id,
            n.noted_on,
            n.id,
        ),
    )
    return csvcodec.write_evidence(
        ((found[n.account_id].name, n.noted_on, n.text, found[n.account_id].uid) for n in notes), sep
    )


@dataclass
class ImportPlan:
    """What a file would add, before anything is written: the preview of an import.

    Each good row is kept as the import stores it (`ImportRow`: plain values, no model);
    `incoming` gives them as `Incoming` rows, each built when it is looked at.
    """

    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    header_error: HeaderError | None = None

    @property
    def incoming(self) -> Sequence[Incoming]:
        return _Incoming(self.rows)

    @property
    def accounts(self) -> list[str]:
        return sorted({row.account for row in self.rows})


class _Incoming(Sequence[Incoming]):
    """Import rows seen as `Incoming`, one model each when asked for (a preview shows a few)."""

    def __init__(self, rows: Sequence[ImportRow]) -> None:
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> Incoming: ...
    @overload
    def __getitem__(self, index: slice) -> list[Incoming]: ...
    def __getitem__(self, index: int | slice) -> Incoming | list[Incoming]:
        if isinstance(index, slice):
            return [_incoming(row) for row in self._rows[index]]
        return _incoming(self._rows[index])


def _incoming(row: ImportRow) -> Incoming:
    assessment = Assessment(
        kind=row.kind,
        taken_on=row.taken_on,
        gut=row.gut,
        answers=row.answers,
        note=row.note,
        rubric_key=row.rubric_key,
        rubric_version=row.rubric_version,
        signals=Signals.model_validate(row.signals or {}),
    )
    return Incoming(row.line, row.account, row.stage, assessment, row.key)


def plan_import(
    data: bytes,
    rubric: Rubric,
    today: dt.date | None = None,
    *,
    limited: bool = True,
    versions: Collection[int] = (),
) -> ImportPlan:
    """Decode, check and parse a file; raises csvcodec.CsvDecodeError for a file that is no CSV.

    `limited`: a file over `csvcodec.MAX_IMPORT_BYTES` is refused (an upload through the
    browser); the command line reads any size (`limited=False`). The file is read a chunk
    of rows at a time, each column checked at once, and each good row kept as the import
    stores it (`ImportRow`), its equal answer sets and signals shared.
    """
    text = csvcodec.check_import(data) if limited else csvcodec.check_import(data, limit=len(data))
    return plan_text(text, rubric, today, versions=versions)


def plan_text(
    text: str, rubric: Rubric, today: dt.date | None = None, *, versions: Collection[int] = ()
) -> ImportPlan:
    """`plan_import` of a file already decoded. `versions`: the rubric versions the database holds
    (`rubric_versions` of the rubric's key): a row's `rubric_version` among them is kept, any other
    row is stored as taken with `rubric` (the version in use)."""
    plan = ImportPlan()
    rows = _ImportRows(rubric, versions)
    for chunk in csvcodec.read_columns(text, rubric, today=today or dt.date.today()):
        if chunk.header_error is not None:
            return ImportPlan(header_error=chunk.header_error)
        plan.errors.extend(chunk.errors)
        plan.rows.extend(rows.of(chunk))
    return plan


class _ImportRows:
    """Rows of a file as the import stores them: what `storage.convert.assessment_values` makes of
    `csvcodec.to_assessment`, each distinct answer set and signal set built once and shared."""

    def __init__(self, rubric: Rubric, versions: Collection[int] = ()) -> None:
        self._rubric = rubric
        # The built-in version (1) is never stored, but rows are taken with it until a first save.
        built_in = default_rubric()
        self._versions = {
            *versions,
            rubric.version,
            *([built_in.version] if built_in.key == rubric.key else []),
        }
        self._fingerprints = csvcodec.Fingerprints(rubric.keys)
        self._answers: dict[tuple[Answer | None, ...], dict[str, str]] = {}
        self._signals: dict[tuple[int | bool | None, ...], dict[str, Any] | None] = {}

    def _stored_answers(self, answers: tuple[Answer | None, ...]) -> dict[str, str]:
        found = self._answers.get(answers)
        if found is None:  # a dimension added since, not asked in the row (None), is not stored
            found = self._answers[answers] = {
                key: answer.value
                for key, answer in zip(self._rubric.keys, answers, strict=True)
                if answer is not None
            }
        return found

    def _stored_signals(self, values: tuple[int | bool | None, ...]) -> dict[str, Any] | None:
        if values not in self._signals:
            given: dict[str, Any] = dict(zip(SIGNAL_KEYS, values, strict=True))
            signals = Signals.model_construct(**given)
            self._signals[values] = None if signals.is_empty() else signals.model_dump(mode="json")
        return self._signals[values]

    def of(self, chunk: csvcodec.Columns) -> list[ImportRow]:
        key, version, versions = self._rubric.key, self._rubric.version, self._versions
        fingerprint = self._fingerprints.of
        size = len(chunk.line)
        uids = chunk.account_uid or [""] * size
        taken_with = chunk.rubric_version or [None] * size
        suggested = chunk.suggested or [None] * size
        return [
            ImportRow(
                line=line,
                account=account,
                stage=stage,
                kind=kind,
                taken_on=taken_on,
                # Two accounts of one name, told apart by their ids, keep two rows alike apart.
                key="import:" + fingerprint(uid or account, taken_on, kind, gut, answers, signals, note)[:64],
                gut=gut.value if gut else None,
                answers=self._stored_answers(answers),
                note=note,
                signals=self._stored_signals(signals),
                rubric_key=key,
                rubric_version=then if then in versions else version,
                suggested={k: a.value for k, a in hint.items()} if hint else None,
                account_uid=uid,
            )
            for line, account, stage, kind, taken_on, gut, answers, signals, note, uid, then, hint in zip(
                chunk.line,
                chunk.account,
                chunk.stage,
                chunk.kind,
                chunk.taken_on,
                chunk.gut,
                chunk.answers,
                chunk.signals,
                chunk.note,
                uids,
                taken_with,
                suggested,
                strict=True,
            )
        ]


def run_import(repo: Repository, plan: ImportPlan) -> ImportReport:
    return repo.import_rows(plan.rows) if plan.header_error is None else ImportReport()


# --- their answers (questionnaires) -----------------------------------------------------------


def answers_csv(repo: Repository, sep: str = ",") -> str:
    """Every answer set the other side gave, one row each (`formats.answers_csv`), by account
    name, then when it was submitted: the same order in any database with the same names."""
    found = {a.id: a for a in repo.accounts()}
    sides = sorted(
        repo.their_answers(),
        key=lambda s: (
            found[s.account_id].name.strip().casefold(),
            found[s.account_id].name.strip(),
            s.account_id,
            s.submitted_at,
            s.id,
        ),
    )
    return answers_format.write_answers(
        ((found[s.account_id].name.strip(), s, found[s.account_id].uid) for s in sides),
        sep,
    )


@dataclass
class AnswersPlan:
    """What an answers file would add, before anything is written."""

    rows: list[answers_format.AnswerRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    header_error: HeaderError | None = None

    @property
    def accounts(self) -> list[str]:
        return sorted({row.account for row in self.rows})


@dataclass
class AnswersReport:
    """What an answers import did: sets added, sets it already had, and the rows it left out
    because no account has that name (by line)."""

    added: int = 0
    already_there: int = 0
    errors: list[RowError] = field(default_factory=list)


def is_answers_file(text: str) -> bool:
    """Whether decoded CSV text is an answers file (its header names `submitted_at`)."""
    return answers_format.is_answers_file(text)


def plan_answers(data: bytes, *, limited: bool = True) -> AnswersPlan:
    """Decode and check an answers file (`csvcodec.CsvDecodeError` for one that is no CSV);
    `limited` as `plan_import`."""
    text = csvcodec.check_import(data) if limited else csvcodec.check_import(data, limit=len(data))
    return plan_answers_text(text)


def plan_answers_text(text: str) -> AnswersPlan:
    read = answers_format.read_answers(text)
    return AnswersPlan(rows=read.rows, errors=read.errors, header_error=read.header_error)


def run_answers_import(repo: Repository, plan: AnswersPlan, *, dry_run: bool = False) -> AnswersReport:
    """Add each answer set to its account (by `account_uid` when the row has one, else by exactly
    its name, as an assessments import matches), once: a set already stored, here or from an
    earlier import, is counted, not added. A name no account has, or two accounts share, is a bad
    row, never a new account or a guess. `dry_run`: match the names, write nothing."""
    if plan.header_error is not None:
        return AnswersReport()
    ids: dict[str, int] = {}
    shared: dict[str, int] = {}
    uids: dict[str, int] = {}
    for account in repo.accounts():
        if account.name in ids:
            shared[account.name] = shared.get(account.name, 1) + 1
        ids.setdefault(account.name, account.id)
        uids[account.uid] = account.id
    report = AnswersReport()
    taken: list[tuple[int, TheirSide]] = []
    for row in plan.rows:
        if not row.account_uid and row.account in shared:
            why = lifecycle.imported_name_ambiguous(row.account, shared[row.account])
            report.errors.append(RowError(row.line, "account", str(why)))
            continue
        account_id = uids.get(row.account_uid) if row.account_uid else ids.get(row.account)
        if account_id is None:
            report.errors.append(
                RowError(
                    row.line,
                    "account",
                    _("no account {name}; import its assessments first, or add it in the app").format(
                        name=repr(row.account)
                    ),
                )
            )
            continue
        taken.append((account_id, row.side(account_id)))
    if dry_run:
        return report
    try:
        report.added, report.already_there = repo.import_their_answers(taken)
    except NotFound:  # an account erased between the look-up and the write: try once more
        return run_answers_import(repo, plan)
    return report


__all__ = [
    "AnswersPlan",
    "AnswersReport",
    "ImportPlan",
    "accounts_csv",
    "answers_csv",
    "assessment_sheet",
    "assessments_csv",
    "evidence_csv",
    "is_answers_file",
    "plan_answers",
    "plan_answers_text",
    "plan_import",
    "plan_text",
    "run_answers_import",
    "run_import",
]
