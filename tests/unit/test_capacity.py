"""Capacity: which relationship to end first when the week does not fit (`scoring.capacity`), and
the loads the portfolio's lines make of it (`services.capacity`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from scoring import Stage, default_rubric
from scoring.accounts import AccountOverview, AccountRecord
from scoring.capacity import Load, Rate, plan
from scoring.headline import Headline
from scoring.invoices import Invoice, Payment, ledger
from scoring.status import Standing, Status
from services.capacity import (
    NO_STANDING,
    Week,
    by_hours,
    capacity_plan,
    free_hours,
    kept_week,
    load_of,
    planned_hours,
    to_end,
    week,
)
from services.portfolio import Line, Portfolio

TODAY = dt.date(2026, 3, 2)
RUBRIC = default_rubric()


def _load(name: str, severity: int, hours: float, rate: str | None = None, currency: str = "EUR") -> Load:
    found = Rate(Decimal(rate), currency, True) if rate is not None else None
    return Load(account_id=hash(name) % 10_000, name=name, severity=severity, weekly_hours=hours, rate=found)


def _names(loads: list[Load]) -> list[str]:
    return [load.name for load in loads]


# --- the domain: the order to end relationships in -----------------------------------------------


def test_the_worst_standing_goes_first_whatever_it_brings_in() -> None:
    ranked = plan(
        [_load("Healthy", 4, 10, "20"), _load("Fire", 0, 10, "200"), _load("Watch", 2, 10, "90")], 20
    )
    assert [e.load.name for e in ranked.order] == ["Fire", "Watch", "Healthy"]


def test_within_a_standing_the_lowest_value_per_hour_goes_first() -> None:
    ranked = plan(
        [_load("Dear", 4, 10, "150"), _load("Cheap", 4, 10, "35"), _load("Middle", 4, 10, "80")], 20
    )
    assert [e.load.name for e in ranked.order] == ["Cheap", "Middle", "Dear"]


def test_rates_in_another_currency_and_no_rate_come_after_the_compared_ones() -> None:
    loads = [
        _load("Dollars", 4, 5, "1", "USD"),
        _load("Unknown", 4, 5),
        _load("Euro high", 4, 5, "300"),
        _load("Euro low", 4, 5, "50"),
    ]
    ranked = plan(loads, 10)
    assert ranked.currency == "EUR"
    names = [e.load.name for e in ranked.order]
    # A dollar rate of 1 is not "lower" than 50 euros: it is not compared at all.
    assert names[:2] == ["Euro low", "Euro high"]
    assert set(names[2:]) == {"Dollars", "Unknown"}
    # A worse standing still goes before a compared rate of a better one.
    worse = plan([*loads, _load("Stale", 3, 5, "1", "USD")], 10)
    assert worse.order[0].load.name == "Stale"


def test_each_line_says_the_hours_left_and_the_line_where_the_week_fits_is_marked() -> None:
    ranked = plan([_load("A", 0, 12), _load("B", 1, 8), _load("C", 2, 20), _load("D", 4, 12)], 40)
    assert ranked.planned == 52
    assert ranked.over == 12
    assert [(e.load.name, e.left_after, e.enough) for e in ranked.order] == [
        ("A", 40, True),  # ending A alone brings 52 down to 40: the week fits
        ("B", 32, False),
        ("C", 12, False),
        ("D", 0, False),
    ]
    assert [load.name for load in to_end(Week(ranked, 0))] == ["A"]


def test_without_a_capacity_nothing_is_enough_and_nothing_is_over() -> None:
    ranked = plan([_load("A", 0, 30), _load("B", 4, 30)], None)
    assert ranked.planned == 60
    assert ranked.over == 0
    assert not any(e.enough for e in ranked.order)
    assert free_hours(ranked) is None


def test_within_capacity_no_line_is_marked_and_the_rest_is_free() -> None:
    ranked = plan([_load("A", 0, 10), _load("B", 4, 20.5)], 40)
    assert ranked.over == 0
    assert not any(e.enough for e in ranked.order)
    assert free_hours(ranked) == 9.5


def test_clients_without_hours_take_no_part() -> None:
    ranked = plan([_load("Zero", 0, 0), _load("Some", 4, 8)], 4)
    assert [e.load.name for e in ranked.order] == ["Some"]
    assert ranked.planned == 8


# --- the service: loads from the portfolio's lines ----------------------------------------------


def _standing(status: Status) -> Standing:
    return Standing(status, None, TODAY, 50.0, TODAY + dt.timedelta(days=20), 20)


def _line(
    account_id: int,
    name: str,
    *,
    hours: float | None = 10,
    status: Status | None = Status.HELL_YES,
    stage: Stage = Stage.CLIENT,
    ended: bool = False,
    deal: float | None = None,
    invoices: tuple[Invoice, ...] = (),
) -> Line:
    account = AccountRecord(
        id=account_id,
        name=name,
        company="",
        deal_value=deal,
        stage=stage,
        created_at=dt.datetime(2025, 1, 1),
        signed_on=dt.date(2025, 1, 1) if stage is Stage.CLIENT else None,
        ended_on=TODAY - dt.timedelta(days=3) if ended else None,
        weekly_hours=hours,
    )
    headline = None
    if status is not None:

        def judge() -> tuple[object, None]:
            raise AssertionError("a capacity plan judges no verdict")

        headline = Headline(stage, None, None, None, standing=_standing(status), judge=judge)  # type: ignore[arg-type]
    owed = ledger(invoices, TODAY, RUBRIC.status) if invoices else None
    return Line(AccountOverview(account, None, 0), headline, [], ledger=owed)


def _invoice(number: str, issued_on: dt.date, amount: str, currency: str = "EUR") -> Invoice:
    paid = (Payment(paid_on=issued_on + dt.timedelta(days=20), amount=Decimal(amount)),)
    return Invoice(
        number=number,
        issued_on=issued_on,
        due_on=issued_on + dt.timedelta(days=30),
        amount=Decimal(amount),
        currency=currency,
        payments=paid,
    )


def test_only_active_clients_with_hours_make_a_load() -> None:
    lines = [
        _line(1, "Counted"),
        _line(2, "No hours", hours=None),
        _line(3, "Zero hours", hours=0),
        _line(4, "Ended", ended=True),
        _line(5, "Prospect", stage=Stage.PROSPECT, status=None),
    ]
    assert [load_of(line, TODAY) is not None for line in lines] == [True, False, False, False, False]
    found = week(lines, 40, TODAY)
    assert [e.load.name for e in found.plan.order] == ["Counted"]
    # The two active clients whose hours are not said: the plan cannot count their time.
    assert found.without_hours == 2


def test_the_severity_is_the_standing_and_a_client_without_one_comes_last() -> None:
    statuses = [Status.HELL_YES, Status.STALE, Status.WATCH, Status.LET_GO, Status.FIRE_NOW, None]
    lines = [_line(n, str(status), status=status) for n, status in enumerate(statuses, start=1)]
    severities = [load.severity for line in lines if (load := load_of(line, TODAY)) is not None]
    assert severities == [4, 3, 2, 1, 0, NO_STANDING]
    ranked = capacity_plan(lines, 10, TODAY)
    assert [e.load.name for e in ranked.order] == [
        "fire_now",
        "let_go",
        "watch",
        "stale",
        "hell_yes",
        "None",
    ]


def test_the_rate_is_what_was_invoiced_else_the_deal_value() -> None:
    # 12 monthly invoices of 4,000 over the last year, 20 hours a week: 48,000 / (20 x 52.1 weeks).
    issued = [TODAY - dt.timedelta(days=30 * n) for n in range(1, 13)]
    invoiced = _line(
        1, "Invoiced", hours=20, invoices=tuple(_invoice(f"F{n}", d, "4000") for n, d in enumerate(issued))
    )
    dealt = _line(2, "Deal", hours=10, deal=26_000)  # 26,000 / (10 x 52) = 50 an hour
    nothing = _line(3, "Nothing", hours=10)
    first, second, third = (load_of(line, TODAY) for line in (invoiced, dealt, nothing))
    assert first is not None and first.rate is not None
    assert first.rate.invoiced and first.rate.currency == "EUR"
    assert Decimal("40") < first.rate.amount < Decimal("50")
    assert second is not None and second.rate == Rate(Decimal("50.00"), "EUR", False)
    assert third is not None and third.rate is None
    # Lowest value per hour first among equals: the invoiced client, then the deal, then no rate.
    assert [e.load.name for e in capacity_plan([nothing, dealt, invoiced], 5, TODAY).order] == [
        "Invoiced",
        "Deal",
        "Nothing",
    ]


def test_a_portfolios_week_is_made_once_and_home_reads_its_hours() -> None:
    lines = [
        _line(1, "A", hours=30, status=Status.WATCH),
        _line(2, "B", hours=22.5),
        _line(3, "C", hours=None),
    ]
    portfolio = Portfolio.build(RUBRIC, TODAY, "epoch", 1, lines)
    first = kept_week(portfolio, 40)
    assert kept_week(portfolio, 40.0) is first
    assert first.plan.planned == 52.5 and first.plan.over == 12.5 and first.without_hours == 1
    assert [e.load.name for e in first.plan.order] == ["A", "B"]
    assert planned_hours(portfolio) == 52.5
    assert kept_week(portfolio, None).plan.capacity is None
    # A portfolio after a save is another one: its week is made anew.
    after = portfolio.updated("epoch", 2, [_line(1, "A", hours=10, status=Status.WATCH)])
    assert planned_hours(after) == 32.5


def test_where_the_time_goes_lists_the_most_hours_first() -> None:
    lines = [
        _line(1, "Small", hours=4),
        _line(2, "Big", hours=25, status=Status.WATCH),
        _line(3, "Mid", hours=10),
    ]
    assert _names(by_hours(week(lines, 80, TODAY))) == ["Big", "Mid", "Small"]
