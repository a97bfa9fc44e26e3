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
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from formats import csvcodec
from formats.csvcodec import HeaderError, RowError
from scoring import Kind, Rubric, Stage, Verdict, batch
from scoring.headline import Headline, headline
from scoring.signals import SIGNAL_KEYS
from services.bulk import bulk
from services.summaries import Summary, summaries
from storage.records import stored_signals
from storage.repository import ImportReport, Incoming, Repository

T = TypeVar("T", bound=Hashable)
U = TypeVar("U")
V = TypeVar("V")


def assessments_csv(
    repo: Repository, rubric: Rubric, today: dt.date, sep: str = ",", account_id: int | None = None
) -> str:
    """The assessments download: every stored row with the computed columns `csvcodec.score_rows`
    gives them, built from columns (one query, every row judged at once), not a model per row."""
    with bulk():
        return csvcodec.write_sheet(assessment_sheet(repo, rubric, today, account_id), rubric, sep)


def assessment_sheet(
    repo: Repository, rubric: Rubric, today: dt.date, account_id: int | None = None
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
    # Per account, by rank: the name as a file has it (stripped), which is what rows group by.
    stripped = [names[account].strip() for account in ranked]
    groups: dict[str, int] = {}
    group = np.array([groups.setdefault(name, len(groups)) for name in stripped], dtype=np.int64)

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
        points=points,
        signals={
            name: list(map([getattr(s, name) for s in signals].__getitem__, codes)) for name in SIGNAL_KEYS
        },
        note=_arranged(table.note, at, _note),
        score=judged.scores.tolist(),
        verdict=judged.verdicts(),
        status=judged.status,
        reason=judged.reason,
    )
    return sheet if judged.kept.all() else _kept(sheet, judged.kept)


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
            }
        )
    return csvcodec.write_accounts(records, sep)


def _headline(rubric: Rubric, stage: Stage, summary: Summary | None, today: dt.date) -> Headline | None:
    if summary is None:
        return None
    return headline(
        rubric,
        stage,
        latest=summary.latest,
        first_screen=summary.first_screen,
        baseline=summary.baseline,
        recent=summary.recent,
        today=today,
    )


def evidence_csv(repo: Repository, sep: str = ",") -> str:
    names = {a.id: a.name for a in repo.accounts()}
    notes = ((names[n.account_id], n.noted_on, n.text) for n in repo.all_evidence())
    return csvcodec.write_evidence(notes, sep)


@dataclass
class ImportPlan:
    """What a file would add, before anything is written: the preview of an import."""

    incoming: list[Incoming] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    header_error: HeaderError | None = None

    @property
    def accounts(self) -> list[str]:
        return sorted({i.account for i in self.incoming})


def plan_import(data: bytes, rubric: Rubric, today: dt.date | None = None) -> ImportPlan:
    """Decode, check and parse a file; raises csvcodec.CsvDecodeError for a file that is no CSV."""
    text = csvcodec.check_import(data)
    numbered, errors = csvcodec.read_numbered_rows(text, rubric, today=today or dt.date.today())
    plan = ImportPlan(errors=[e for e in errors if not isinstance(e, HeaderError)])
    plan.header_error = next((e for e in errors if isinstance(e, HeaderError)), None)
    for line, row in numbered:
        plan.incoming.append(
            Incoming(
                line=line,
                account=row.account,
                stage=row.stage,
                assessment=csvcodec.to_assessment(row, rubric),
                key="import:" + csvcodec.row_fingerprint(row)[:64],
            )
        )
    return plan


def run_import(repo: Repository, plan: ImportPlan) -> ImportReport:
    report = repo.import_assessments(plan.incoming) if plan.header_error is None else ImportReport()
    return report


__all__ = [
    "ImportPlan",
    "accounts_csv",
    "assessment_sheet",
    "assessments_csv",
    "evidence_csv",
    "plan_import",
    "run_import",
]
