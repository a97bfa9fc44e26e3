"""The demo's invoices and hours: the company going south is flagged by its payments months before
its check-ins say let go, the other clients pay like ordinary clients, a second run adds nothing,
and the planned hours fill a little more than a 40-hour week.

Every judgement is made on what was known on the day: invoices issued by then, payments made by
then (`known_on`), the check-ins and reviews up to it, as the client page would have judged it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from scoring import Kind, Stage, default_rubric
from scoring.alerts import Severity
from scoring.headline import headline_of
from scoring.invoices import Invoice, ledger
from scoring.reviews import reviews_of
from scoring.status import Status
from services.demo import DEMO_CLIENTS, STORY_PATH, DemoStoryError, load_demo, parse_story
from services.invoices import capacity, early_warning
from services.portfolio import compute_portfolio
from storage import AccountRecord, Repository, make_engine, open_repository
from storage.schema import invoices, payments

TODAY = dt.date(2025, 3, 14)
RUBRIC = default_rubric()
GOING_SOUTH = "visser-tuinmeubelen"
#: The late payer: its story is its payments, so its invoices slow too (towards the payment playbook).
LATE_PAYER = "mulder-bouw"
#: Still a hell yes at every check-in, but each invoice is paid later than the last.
EARLY = "noordzee-zeilschool"
#: The alert comes at least this long before the check-ins say let go.
EARLIER_BY_DAYS = 60
CLIENTS = {client.slug: client for client in DEMO_CLIENTS}
STORY = STORY_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('demo-invoices')}/demo.db"
    load_demo(url, today=TODAY)
    return url


def _account(repo: Repository, slug: str) -> AccountRecord:
    name = CLIENTS[slug].name
    return next(row.account for row in repo.overview(Stage.CLIENT) if row.account.name == name)


def known_on(stored: list[Invoice], day: dt.date) -> list[Invoice]:
    """The invoices as they stood at the end of `day`: those issued later left out, and of the
    others only the payments made by then."""
    return [
        invoice.model_copy(update={"payments": tuple(p for p in invoice.payments if p.paid_on <= day)})
        for invoice in stored
        if invoice.issued_on <= day
    ]


def _first_alert(stored: list[Invoice]) -> dt.date | None:
    """The first day the slowing-payment alert would have shown, checked day by day."""
    day = min(invoice.issued_on for invoice in stored)
    while day <= TODAY:
        if ledger(known_on(stored, day), day, RUBRIC.status).slowing is not None:
            return day
        day += dt.timedelta(days=1)
    return None


def _first_let_go(repo: Repository, account: AccountRecord) -> dt.date | None:
    """The day of the first check-in whose status, judged on that day over the history and the
    reviews up to it, is let go."""
    history = [stored.assessment for stored in repo.assessments(account.id)]
    sides = repo.their_answers(account.id)
    for checkin in sorted((a for a in history if a.kind is Kind.CHECKIN), key=lambda a: a.taken_on):
        day = checkin.taken_on
        then = [a for a in history if a.taken_on <= day]
        reviews = reviews_of(side for side in sides if side.submitted_at.date() <= day)
        head = headline_of(RUBRIC, account.stage, then, day, reviews)
        if head.status is not None and head.status.status is Status.LET_GO:
            return day
    return None


def test_the_going_south_client_is_flagged_by_its_payments_months_before_its_check_ins_say_let_go(
    loaded: str,
) -> None:
    repo = open_repository(loaded)
    account = _account(repo, GOING_SOUTH)
    stored = repo.invoices(account.id)
    alert = _first_alert(stored)
    let_go = _first_let_go(repo, account)
    repo.close()
    assert alert is not None, "the invoices never raise the slowing alert"
    assert let_go is not None, "the check-ins never say let go"
    assert (let_go - alert).days >= EARLIER_BY_DAYS, (alert, let_go)
    # It first shows as a steady slide, each invoice paid later than the one before.
    first = ledger(known_on(stored, alert), alert, RUBRIC.status).slowing
    assert first is not None and first.playbook == "going_south"
    # And it still shows today, naming the invoices.
    today = ledger(stored, TODAY, RUBRIC.status).slowing
    assert today is not None
    assert all(number in today.message() for number, _days in today.invoices)
    # What the client page says of it agrees with this walk, worked out independently here.
    repo = open_repository(loaded)
    said = early_warning(RUBRIC, [s.assessment for s in repo.assessments(account.id)], stored, TODAY)
    repo.close()
    assert said is not None and said.since == alert and said.checkins_red_on == let_go
    assert said.days_ahead is not None and said.days_ahead >= EARLIER_BY_DAYS


def test_the_going_south_client_pays_later_and_later_then_leaves_invoices_open(loaded: str) -> None:
    repo = open_repository(loaded)
    stored = repo.invoices(_account(repo, GOING_SOUTH).id)
    repo.close()
    late = [invoice.days_late(TODAY) for invoice in stored if invoice.settled_on is not None]
    # On time, then later every month: 4, 9, 17, 28 days and on.
    assert late[-8:] == sorted(set(late[-8:])) and late[-8] == 0 and late[-1] > 30
    assert [invoice.settled_on for invoice in stored[-2:]] == [None, None]


def test_only_the_three_slowing_payers_under_contract_raise_a_slowing_alert_today(loaded: str) -> None:
    repo = open_repository(loaded)
    lines = [line for line in compute_portfolio(repo, RUBRIC, TODAY) if line.is_client]
    repo.close()
    slowing = {
        line.overview.account.name: line
        for line in lines
        if any(alert.severity is Severity.SLOWING_PAYMENT for alert in line.alerts)
    }
    assert set(slowing) == {CLIENTS[GOING_SOUTH].name, CLIENTS[LATE_PAYER].name, CLIENTS[EARLY].name}
    # The sailing school is the early warning: still a hell yes at every check-in, already slowing.
    early = slowing[CLIENTS[EARLY].name]
    assert early.standing is not None and early.standing.status is Status.HELL_YES
    assert early.ledger is not None and early.ledger.slowing is not None
    assert early.ledger.slowing.playbook == "going_south"
    # The late payer left part of an invoice unpaid: its alert points to the payment playbook.
    late_payer = slowing[CLIENTS[LATE_PAYER].name].ledger
    assert late_payer is not None and late_payer.slowing is not None
    assert late_payer.slowing.playbook == "payment"
    # Every client has invoices; an ended one raises no alert, however its invoices went.
    assert all(line.ledger is not None and not line.ledger.empty for line in lines)
    assert all(not line.alerts for line in lines if line.ended)


def test_the_late_payer_paid_part_of_an_invoice_and_the_rest_much_later(loaded: str) -> None:
    repo = open_repository(loaded)
    stored = repo.invoices(_account(repo, LATE_PAYER).id)
    repo.close()
    split = [invoice for invoice in stored if len(invoice.payments) == 2]
    assert len(split) == 1
    invoice = split[0]
    part = known_on([invoice], invoice.payments[0].paid_on)[0]
    assert 0 < part.paid < part.amount and invoice.outstanding == 0


def test_the_other_clients_pay_on_time_or_a_few_days_late(loaded: str) -> None:
    repo = open_repository(loaded)
    for slug in CLIENTS.keys() - {GOING_SOUTH, LATE_PAYER, "brandt-solar"}:
        stored = repo.invoices(_account(repo, slug).id)
        late = [invoice.days_late(TODAY) for invoice in stored if invoice.settled_on is not None]
        assert len(stored) >= 4 and max(late) <= 14, slug
        assert sum(days == 0 for days in late) > len(late) / 2, slug
        assert not any(invoice.overdue(TODAY) for invoice in stored), slug
    repo.close()


def test_a_second_run_adds_no_invoice_and_no_payment_whatever_the_day(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'twice.db'}"
    load_demo(url, today=TODAY)
    first = _counts(url)
    assert first[0] == sum(len(c.invoices.invoices(TODAY)) for c in DEMO_CLIENTS if c.invoices)
    load_demo(url, today=TODAY)
    assert _counts(url) == first
    load_demo(url, today=TODAY + dt.timedelta(days=40))
    assert _counts(url) == first


def _counts(url: str) -> tuple[int, int, tuple[float | None, ...]]:
    engine = make_engine(url)
    with engine.connect() as conn:
        found = (
            int(conn.execute(select(func.count()).select_from(invoices)).scalar_one()),
            int(conn.execute(select(func.count()).select_from(payments)).scalar_one()),
        )
    engine.dispose()
    repo = open_repository(url)
    hours = tuple(sorted((a.weekly_hours for a in repo.accounts()), key=lambda h: (h is None, h or 0)))
    repo.close()
    return (*found, hours)


def test_the_clients_under_contract_plan_a_little_more_than_a_forty_hour_week(loaded: str) -> None:
    repo = open_repository(loaded)
    clients = [a for a in repo.accounts() if a.stage is Stage.CLIENT]
    active = [a.weekly_hours for a in clients if a.ended_on is None]
    assert all(hours is not None and hours > 0 for hours in active)
    assert 40 < sum(h for h in active if h is not None) <= 48
    assert all(a.weekly_hours is None for a in clients if a.ended_on is not None)
    # The capacity is the person's own to set: the demo leaves it unset.
    assert capacity(repo) is None
    repo.close()


def test_the_invoices_are_in_more_than_one_currency_and_never_summed_across(loaded: str) -> None:
    repo = open_repository(loaded)
    currencies = {i.currency for a in repo.accounts() for i in repo.invoices(a.id)}
    repo.close()
    assert {"EUR", "GBP"} <= currencies


def _broken(old: str, new: str) -> str:
    assert STORY.count(old) == 1, old
    return STORY.replace(old, new)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'prefix = "VT", first = 583, last = 103, amount = "3000.00", paid',
            'prefix = "VT", first = 583, last = 100, amount = "3000.00", paid',
            "clients[0] (visser-tuinmeubelen).invoices: Value error, first must be",
        ),
        (
            'paid = [0, 5, 0, 3, 0, 0, 5, 0, 4, 9, 17, 28, 38, 44, 51, "open", "open"]',
            'paid = [0, 5, 0, 3, 0, 0, 5, 0, 4, 9, 17, 28, 38, 44, 51, "unpaid", "open"]',
            "clients[0] (visser-tuinmeubelen).invoices.paid[15]: Input should be 'open' or 'none'",
        ),
        (
            '33, { late = 33, part = "2400.00", rest = 64 }',
            '33, { late = 33, part = "2400.00", rset = 64 }',
            "clients[3] (mulder-bouw).invoices.paid[12].rset: Extra inputs are not permitted",
        ),
        (
            '33, { late = 33, part = "2400.00", rest = 64 }',
            '33, { late = 33, part = "3400.00", rest = 64 }',
            "clients[3] (mulder-bouw).invoices: Value error, MB-013: the payments",
        ),
        (
            'prefix = "BW", first = 560, last = 20, amount = "2300.00", currency = "GBP",',
            'prefix = "BW", first = 560, last = 20, amount = "2300.005", currency = "GBP",',
            "clients[1] (brightwater).invoices: Value error, BW-001: 2300.005 has more than 2 decimals",
        ),
        (
            'currency = "SGD"',
            'currency = "XYZ"',
            "(lantern-books).invoices: Value error, LB-001: XYZ is not a currency code",
        ),
        (
            "hours = 9.0",
            "hours = 200.0",
            "clients[7] (gruenwald).hours: Input should be less than or equal to 168",
        ),
    ],
)
def test_a_mistake_in_the_invoices_names_the_account_and_the_field(old: str, new: str, message: str) -> None:
    with pytest.raises(DemoStoryError, match=r"^<demo story>: ") as caught:
        parse_story(_broken(old, new))
    assert message in str(caught.value)
