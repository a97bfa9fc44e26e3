"""The exports built from columns are byte for byte the files the row-by-row paths write.

`services.transfer.assessments_csv` reads every assessment in one query and judges all
rows at once. The reference is the slow, obvious path: `stored_rows` (a validated
`Row` per assessment) through `csvcodec.score_rows` and `csvcodec.write_rows`.
Both run on the same database, on SQLite and PostgreSQL, for a team-sized generated
portfolio, the demo, and a database full of awkward content: names with spaces,
quotes, separators and formula starts, two accounts with one name, notes across
lines, signals, and a check-in stored before any screen (it has no baseline and is
left out of both files). The accounts download, which reads only what a status
needs (`services.summaries`), is compared with one computed from full histories.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from bench.generate import generate
from formats import csvcodec
from scoring import (
    AccountDraft,
    Answer,
    Assessment,
    Kind,
    Signals,
    Stage,
    default_rubric,
    evaluate,
)
from scoring.status import client_status, split_history
from services.demo import load_demo
from services.transfer import accounts_csv, assessments_csv
from storage import Repository, make_engine, open_repository
from storage.schema import accounts
from tests import factories
from tests.helpers import stored_histories, stored_rows, without_portable

RUBRIC = default_rubric()
TODAY = dt.date(2026, 11, 24)


def _row_by_row(repo: Repository, sep: str = ",", account_id: int | None = None) -> str:
    scored, _ = csvcodec.score_rows(stored_rows(repo, account_id), RUBRIC, TODAY)
    return csvcodec.write_rows(scored, RUBRIC, sep)


def _accounts_from_full_histories(repo: Repository) -> str:
    histories = stored_histories(repo)
    records = []
    for account in repo.accounts():
        history = [s.assessment for s in histories.get(account.id, [])]
        latest = history[-1] if history else None
        result = evaluate(RUBRIC, latest.answers, latest.gut) if latest else None
        status = None
        baseline, checkins = split_history(history)
        if account.stage is Stage.CLIENT and baseline is not None:
            status = client_status(RUBRIC, baseline, checkins, TODAY)
        records.append(
            {
                "account_id": account.id,
                "account": account.name,
                "company": account.company,
                "stage": account.stage,
                "deal_value": account.deal_value,
                "signed_on": account.signed_on,
                "ended_on": account.ended_on,
                "outcome": account.outcome,
                "assessments": len(history),
                "last_date": latest.taken_on if latest else None,
                "score": result.score if result else None,
                "verdict": result.verdict if result else None,
                "status": status.status if status else None,
                "reason": status.reason if status and status.status.value != "hell_yes" else None,
                "weekly_hours": account.weekly_hours,
                "outcome_note": account.outcome_note,
                "created_at": account.created_at.astimezone(dt.UTC),
                "account_uid": account.uid,
            }
        )
    return csvcodec.write_accounts(records)


def _assessment(kind: Kind, day: dt.date, points: int = 4, **extra: Any) -> Assessment:
    """`points` to every question, but for the dimensions in `answers`."""
    return factories.assessment(
        day, kind=kind, answer=Answer.from_points(points), overrides=extra.pop("answers", None), **extra
    )


def _client(repo: Repository, name: str, day: dt.date, **extra: Any) -> int:
    stored = repo.add_client(
        AccountDraft(name=name), _assessment(Kind.SCREEN, day, **extra), day, key=str(uuid.uuid4())
    )
    return stored.account_id


def _add(repo: Repository, account_id: int, assessment: Assessment) -> None:
    repo.add_assessment(account_id, assessment, key=str(uuid.uuid4()))


def test_a_generated_portfolio_exports_as_the_row_by_row_path_writes_it(db_url: str) -> None:
    generate(db_url, accounts=120, checkins=24, prospects=40, today=TODAY, realistic=False)
    repo = open_repository(db_url)
    exported = without_portable(assessments_csv(repo, RUBRIC, TODAY))
    assert exported == _row_by_row(repo)
    assert accounts_csv(repo, RUBRIC, TODAY) == _accounts_from_full_histories(repo)
    # Every client row carries a status, and the statuses are not all alike.
    statuses = {line.split(",")[-2] for line in exported.splitlines()[1:] if ",checkin," in line}
    assert len(statuses) >= 3 and "" not in statuses
    repo.close()


@pytest.mark.parametrize("sep", csvcodec.READ_SEPARATORS)
def test_the_demo_exports_alike_with_every_separator(db_url: str, sep: str) -> None:
    load_demo(db_url, today=TODAY)
    repo = open_repository(db_url)
    assert without_portable(assessments_csv(repo, RUBRIC, TODAY, sep), sep) == _row_by_row(repo, sep)
    assert accounts_csv(repo, RUBRIC, TODAY) == _accounts_from_full_histories(repo)
    for account in repo.accounts():
        one = without_portable(assessments_csv(repo, RUBRIC, TODAY, sep, account_id=account.id), sep)
        assert one == _row_by_row(repo, sep, account.id)
        assert one.count("\r\n") - 1 == len(repo.assessments(account.id))
    repo.close()


def test_two_accounts_of_one_name_are_two_histories_in_the_file(db_url: str) -> None:
    """Each account's rows are judged on its own history, beside another of the same name: the
    whole file holds each account's rows exactly as that account's file alone does."""
    repo = open_repository(db_url)
    day = dt.date(2026, 1, 5)
    first = _client(repo, "zeta", day)
    _add(repo, first, _assessment(Kind.CHECKIN, day + dt.timedelta(days=30), points=4))
    twin = _client(repo, "zeta", day + dt.timedelta(days=3), answers={"payment": Answer.NO})
    _add(repo, twin, _assessment(Kind.CHECKIN, day + dt.timedelta(days=200), points=1))

    whole = assessments_csv(repo, RUBRIC, TODAY).split("\r\n")
    alone = [assessments_csv(repo, RUBRIC, TODAY, account_id=a).split("\r\n") for a in (first, twin)]

    assert whole == [whole[0], *alone[0][1:-1], *alone[1][1:-1], ""]
    statuses = [line.split(",")[23] for line in whole[1:-1]]
    assert statuses == ["", "stale", "", "fire_now"]  # not one history: the twin's check-in is its own


def test_awkward_content_exports_alike(db_url: str) -> None:
    repo = open_repository(db_url)
    day = dt.date(2026, 1, 5)
    hostile = [
        "  Padded Name  ",
        '=HYPERLINK("x")',
        "Semi;colon, comma",
        'Quote "inside"',
        "@risk",
        "zeta",
        "Zeta",
        "Élodie",
        "apple",
        "Banana",
    ]
    for offset, name in enumerate(hostile):
        account = _client(repo, name, day + dt.timedelta(days=offset))
        for month in range(1, 5):
            _add(
                repo,
                account,
                _assessment(
                    Kind.CHECKIN,
                    day + dt.timedelta(days=offset + 30 * month),
                    points=4 - month % 4,
                    note=f'line one\r\nline "two", {name}\n-3+4' if month == 2 else "",
                    signals=Signals(invoice_days_late=month * 7, leadership_change=month == 3)
                    if month % 2
                    else Signals(),
                ),
            )
    # A check-in stored before its account's screen (data from before the rule): no baseline.
    early = _client(repo, "Early bird", day + dt.timedelta(days=50))
    _add(repo, early, _assessment(Kind.CHECKIN, day + dt.timedelta(days=10), points=2))
    _add(repo, early, _assessment(Kind.CHECKIN, day + dt.timedelta(days=80), points=3))

    # A second screen on the day of the first check-in is the baseline, not the screen before it.
    same_day = _client(repo, "Same day", day)
    _add(repo, same_day, _assessment(Kind.SCREEN, day + dt.timedelta(days=30), points=2))
    _add(repo, same_day, _assessment(Kind.CHECKIN, day + dt.timedelta(days=30), points=2))
    # A name stored with spaces around it (by an older version) is read as a file reads it.
    with make_engine(db_url).begin() as conn:
        conn.execute(accounts.update().where(accounts.c.id == early).values(name="  Early bird "))

    exported = without_portable(assessments_csv(repo, RUBRIC, TODAY, ";"), ";")
    assert exported == _row_by_row(repo, ";")
    assert accounts_csv(repo, RUBRIC, TODAY) == _accounts_from_full_histories(repo)
    rows, errors = csvcodec.read_rows(exported, RUBRIC)
    assert errors == []
    names = [row.account for row in rows]
    assert names.index("apple") < names.index("Banana") < names.index("Zeta")  # any case, then exact
    assert len(rows) == sum(len(h) for h in stored_histories(repo).values()) - 1  # the early check-in
    assert {row.account for row in rows} >= {"Padded Name", '=HYPERLINK("x")', "zeta", "Zeta", "Early bird"}
    repo.close()


def test_an_empty_database_exports_the_header_alone(db_url: str) -> None:
    repo = open_repository(db_url)
    exported = without_portable(assessments_csv(repo, RUBRIC, TODAY))
    assert exported == _row_by_row(repo) == ",".join(csvcodec.columns(RUBRIC)) + "\r\n"
    repo.close()
