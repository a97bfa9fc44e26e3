"""Data out and in: the CSV files of the documented schema, built from and into the database.

Exports reuse the command line's scoring (`csvcodec.score_rows`), so a row's
computed columns are the same whether it comes from the app, `cli.py export`
or `cli.py score`. Imports go through the same reader as `cli.py score` and
land in one transaction; each row's fingerprint is its idempotency key, so a
file imported twice adds nothing the second time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from scoring import Rubric, csvcodec
from scoring.csvcodec import Row, RowError
from scoring.signals import SIGNAL_KEYS
from scoring.status import client_status, split_history
from scoring.verdict import evaluate
from storage.repository import ImportReport, Incoming, Repository


def stored_rows(repo: Repository, account_id: int | None = None) -> list[tuple[int, Row]]:
    """Every assessment (or one account's) as a CSV row, numbered in export order: by name, then date.

    The order never depends on database ids, so an export imported elsewhere and
    exported again comes out row for row the same.
    """
    names = {a.id: a for a in repo.accounts()}
    rows: list[tuple[int, Row]] = []
    histories = repo.histories()
    wanted = [account_id] if account_id is not None else list(histories)
    for key in sorted(wanted, key=lambda i: (names[i].name.casefold(), names[i].name, i)):
        account = names[key]
        for stored in histories.get(key, []):
            a = stored.assessment
            rows.append(
                (
                    len(rows) + 2,
                    Row(
                        account=account.name,
                        stage=account.stage,
                        taken_on=a.taken_on,
                        kind=a.kind,
                        gut=a.gut,
                        answers=a.answers,
                        note=a.note,
                        **{name: getattr(a.signals, name) for name in SIGNAL_KEYS},
                    ),
                )
            )
    return rows


def assessments_csv(
    repo: Repository, rubric: Rubric, today: dt.date, sep: str = ",", account_id: int | None = None
) -> str:
    scored, _ = csvcodec.score_rows(stored_rows(repo, account_id), rubric, today)
    return csvcodec.write_rows(scored, rubric, sep)


def accounts_csv(repo: Repository, rubric: Rubric, today: dt.date, sep: str = ",") -> str:
    histories = repo.histories()
    records = []
    for account in repo.accounts():
        history = [s.assessment for s in histories.get(account.id, [])]
        latest = history[-1] if history else None
        result = evaluate(rubric, latest.answers, latest.gut) if latest else None
        status = None
        if account.stage.value == "client" and history:
            baseline, checkins = split_history(history)
            if baseline is not None:
                status = client_status(rubric, baseline, checkins, today)
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
                "assessments": len(history),
                "last_date": latest.taken_on if latest else None,
                "score": result.score if result else None,
                "verdict": result.verdict.value if result else None,
                "status": status.status.value if status else None,
                "reason": status.reason if status and status.status.value != "hell_yes" else None,
            }
        )
    return csvcodec.write_accounts(records, sep)


def evidence_csv(repo: Repository, sep: str = ",") -> str:
    names = {a.id: a.name for a in repo.accounts()}
    notes = ((names[n.account_id], n.noted_on, n.text) for n in repo.all_evidence())
    return csvcodec.write_evidence(notes, sep)


@dataclass
class ImportPlan:
    """What a file would add, before anything is written: the preview of an import."""

    incoming: list[Incoming] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    header_error: RowError | None = None

    @property
    def accounts(self) -> list[str]:
        return sorted({i.account for i in self.incoming})


def plan_import(data: bytes, rubric: Rubric, today: dt.date | None = None) -> ImportPlan:
    """Decode, check and parse a file; raises csvcodec.CsvDecodeError for a file that is no CSV."""
    text = csvcodec.check_import(data)
    numbered, errors = csvcodec.read_numbered_rows(text, rubric, today=today or dt.date.today())
    plan = ImportPlan(errors=[e for e in errors if not isinstance(e, csvcodec.HeaderError)])
    plan.header_error = next((e for e in errors if isinstance(e, csvcodec.HeaderError)), None)
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
    "assessments_csv",
    "evidence_csv",
    "plan_import",
    "run_import",
    "stored_rows",
]
