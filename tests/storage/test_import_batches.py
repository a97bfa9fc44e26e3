"""The import at team size: decided in memory, written in batches, with the outcome of storing the
rows one at a time (tests/storage/import_reference.py) and a bounded number of statements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event, select

from formats import csvcodec
from scoring import AccountDraft, Answer, Assessment, Kind, Verdict, default_rubric
from services.transfer import plan_import, run_import
from storage import Repository, open_repository
from storage.schema import accounts, assessments
from tests.storage.import_reference import import_one_by_one

RUBRIC = default_rubric()
TODAY = dt.date(2026, 11, 23)
NewUrl = Callable[[], str]
HEADER = ",".join(csvcodec.columns(RUBRIC)[:21])


def _row(account: str, day: str, kind: str, gut: str = "", payment: str = "hell_yes", stage: str = "") -> str:
    answers = ["hell_yes"] * 10
    answers[4] = payment
    return ",".join([account, stage, day, kind, gut, *answers, "", "", "", "", "", ""])


def _screen(day: dt.date) -> Assessment:
    answers = dict.fromkeys(RUBRIC.keys, Answer.YES)
    return Assessment(
        taken_on=day,
        gut=Verdict.HELL_YES,
        answers=answers,
        rubric_key=RUBRIC.key,
        rubric_version=RUBRIC.version,
    )


def _checkin(day: dt.date) -> Assessment:
    answers = dict.fromkeys(RUBRIC.keys, Answer.YES)
    return Assessment(
        kind=Kind.CHECKIN, taken_on=day, answers=answers, rubric_key=RUBRIC.key, rubric_version=RUBRIC.version
    )


def _stored_before(repo: Repository) -> None:
    """What the database holds before the file comes: a prospect, a client with a check-in, two
    accounts of one name (a row naming only that name is refused), and a row an earlier import stored."""
    repo.screen_prospect(AccountDraft(name="Known prospect"), _screen(dt.date(2026, 1, 10)), "k1")
    client = repo.add_client(
        AccountDraft(name="Known client"), _screen(dt.date(2026, 1, 5)), dt.date(2026, 1, 5), "k2"
    )
    repo.add_checkin(client.account_id, _checkin(dt.date(2026, 2, 1)), "k3")
    repo.screen_prospect(AccountDraft(name="Twin"), _screen(dt.date(2026, 1, 3)), "k4")
    repo.screen_prospect(AccountDraft(name="Twin"), _screen(dt.date(2026, 3, 3)), "k5")
    repo.screen_prospect(AccountDraft(name="Late screen"), _screen(dt.date(2026, 6, 1)), "k6")
    earlier = "\n".join([HEADER, _row("Imported before", "2026-01-02", "screen", "hell_yes")]).encode()
    run_import(repo, plan_import(earlier, RUBRIC, TODAY))


MIXED = "\n".join(
    [
        HEADER,
        _row("Nova", "2026-03-01", "checkin"),  # 2: before its screen in the file, after it by date
        _row("Nova", "2026-02-01", "screen", "hell_yes"),  # 3: a new account
        _row("Nova", "2026-03-01", "checkin", payment="no"),  # 4: a second check-in that day
        _row("Lone", "2026-02-01", "checkin"),  # 5: a check-in before any screen
        _row("Known prospect", "2026-02-15", "checkin"),  # 6: signs the prospect on its screen's day
        _row("Known client", "2026-02-01", "checkin", payment="no"),  # 7: that day has another one
        _row("Known client", "2026-03-01", "checkin"),  # 8
        _row("Nova", "2026-02-01", "screen", "hell_yes"),  # 9: line 3 again
        _row("Imported before", "2026-01-02", "screen", "hell_yes"),  # 10: stored already
        _row("Signed", "2026-01-20", "screen", "hell_yes", stage="client"),  # 11: a new client
        _row("Twin", "2026-02-01", "checkin"),  # 12: two accounts have that name: refused, never merged
        _row("Late screen", "2026-05-01", "checkin"),  # 13: its only screen is later
        _row("Known prospect", "2026-02-20", "screen", "hell_no", stage="client"),  # 14
        _row("Bad", "2026-02-30", "screen", "hell_yes"),  # 15: no such day (a reading error)
    ]
).encode()


def _stored(repo: Repository) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Accounts and assessments in id order, without the times of writing."""
    engine: Engine = repo._engine
    with engine.connect() as conn:
        people = conn.execute(
            select(accounts.c.id, accounts.c.name, accounts.c.stage, accounts.c.signed_on).order_by(
                accounts.c.id
            )
        ).all()
        rows = conn.execute(
            select(
                assessments.c.account_id,
                assessments.c.kind,
                assessments.c.taken_on,
                assessments.c.gut,
                assessments.c.answers,
                assessments.c.note,
                assessments.c.signals,
                assessments.c.idempotency_key,
            ).order_by(assessments.c.id)
        ).all()
    return [tuple(p) for p in people], [tuple(r) for r in rows]


def test_a_mixed_file_gives_the_report_and_the_data_of_one_row_at_a_time(new_url: NewUrl) -> None:
    batched, one_by_one = open_repository(new_url()), open_repository(new_url())
    for repo in (batched, one_by_one):
        _stored_before(repo)
    plan = plan_import(MIXED, RUBRIC, TODAY)
    assert [(e.line, e.column) for e in plan.errors] == [(15, "date")]

    report = run_import(batched, plan)
    reference = import_one_by_one(one_by_one, list(plan.incoming))

    assert report == reference
    assert (report.added, report.already_there, report.new_accounts) == (6, 2, 2)
    assert report.errors == [
        (4, "'Nova' already has a different check-in on 2026-03-01"),
        (5, "'Lone' has no screen on or before 2026-02-01 to serve as baseline"),
        (7, "'Known client' already has a different check-in on 2026-02-01"),
        (
            12,
            "2 accounts are called 'Twin': the row does not say which; import a file with the "
            "account_uid column (every export has it), or rename one of them first",
        ),
        (13, "'Late screen' has no screen on or before 2026-05-01 to serve as baseline"),
    ]
    assert _stored(batched) == _stored(one_by_one)
    people = {name: (stage, signed_on) for _, name, stage, signed_on in _stored(batched)[0]}
    assert people["Nova"] == ("client", dt.date(2026, 2, 1))
    assert people["Known prospect"] == ("client", dt.date(2026, 1, 10))
    assert people["Signed"] == ("client", dt.date(2026, 1, 20))
    assert people["Late screen"] == ("prospect", None)
    twins = [(i, stage) for i, name, stage, _ in _stored(batched)[0] if name == "Twin"]
    assert [stage for _, stage in twins] == ["prospect", "prospect"]  # neither is guessed

    again = run_import(batched, plan)
    assert again == import_one_by_one(one_by_one, list(plan.incoming))
    assert (again.added, again.already_there, again.new_accounts) == (0, 8, 0)
    assert _stored(batched) == _stored(one_by_one)


def test_an_import_lists_accounts_by_their_newest_row_as_one_at_a_time_did(new_url: NewUrl) -> None:
    batched, one_by_one = open_repository(new_url()), open_repository(new_url())
    for repo in (batched, one_by_one):
        _stored_before(repo)
    plan = plan_import(MIXED, RUBRIC, TODAY)
    run_import(batched, plan)
    import_one_by_one(one_by_one, list(plan.incoming))

    def listed(repo: Repository) -> list[str]:
        return [item.account.name for item in repo.overview()]

    assert listed(batched) == listed(one_by_one)


@contextmanager
def _statements(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _large_file(accounts_: int, per_account: int) -> bytes:
    """Each account a client: a screen, then monthly check-ins (`per_account` rows in all)."""
    lines = [HEADER]
    start = dt.date(2023, 1, 1)
    for n in range(accounts_):
        name = f"Client {n:05d}"
        lines.append(_row(name, start.isoformat(), "screen", "hell_yes", stage="client"))
        for month in range(1, per_account):
            day = start + dt.timedelta(days=30 * month + n % 7)
            lines.append(
                _row(name, day.isoformat(), "checkin", payment=("yes", "no", "hell_yes")[(n + month) % 3])
            )
    return "\n".join(lines).encode()


def test_twenty_thousand_rows_import_in_a_bounded_number_of_statements(new_url: NewUrl) -> None:
    repo = open_repository(new_url())
    repo.screen_prospect(AccountDraft(name="Client 00007"), _screen(dt.date(2022, 12, 1)), "there-before")
    plan = plan_import(_large_file(1000, 20), RUBRIC, TODAY)
    assert len(plan.rows) == 20_000 and plan.errors == []
    seen_before = repo.changes_since(None, 0)

    with _statements(repo._engine) as statements:
        report = run_import(repo, plan)

    assert (report.added, report.already_there, report.new_accounts, report.errors) == (20_000, 0, 999, [])
    assert len(statements) < 60, statements  # one a row would be 20,000; one a thousand rows, 20
    changed = repo.changes_since(seen_before.epoch, seen_before.seq)
    assert len(changed.accounts) == 1000  # every account the import added to is marked changed

    with _statements(repo._engine) as statements:
        again = run_import(repo, plan)
    assert (again.added, again.already_there) == (0, 20_000)
    assert len(statements) < 30, statements
