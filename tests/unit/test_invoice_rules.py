"""The rules of invoices: what is late, what is owed, when payments are slowing, and the late fee."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring import StatusRules, default_rubric
from scoring.alerts import Severity, payment_alerts
from scoring.invoices import (
    Invoice,
    InvoiceField,
    Pattern,
    Payment,
    as_known,
    late_fee,
    ledger,
    make_invoice,
    parse_amount,
    warned_since,
)

RULES = default_rubric().status
START = dt.date(2026, 1, 1)


def invoice(n: int, late: int | None, *, amount: str = "1000.00", paid: str | None = None) -> Invoice:
    """Invoice n of a monthly series, due 30 days after issue, paid `late` days after its due date
    (None: nothing paid), `paid` of it (all of it unless told)."""
    issued = START + dt.timedelta(days=30 * n)
    due = issued + dt.timedelta(days=30)
    payments: tuple[Payment, ...] = ()
    if late is not None:
        payments = (Payment(paid_on=due + dt.timedelta(days=late), amount=Decimal(paid or amount)),)
    made = make_invoice(f"F-{n}", issued, due, Decimal(amount), "EUR", payments)
    assert isinstance(made, Invoice), made
    return made


def test_days_late_of_a_paid_and_an_open_invoice() -> None:
    on_time = invoice(0, -3)
    late = invoice(1, 12)
    still_open = invoice(2, None)
    today = still_open.due_on + dt.timedelta(days=20)
    assert on_time.days_late(today) == 0
    assert late.days_late(today) == 12
    assert still_open.days_late(today) == 20 and still_open.overdue(today)
    assert still_open.days_late(still_open.due_on) == 0 and not still_open.overdue(still_open.due_on)


def test_a_partly_paid_invoice_stays_open_and_late() -> None:
    part = invoice(0, 5, paid="400.00")
    today = part.due_on + dt.timedelta(days=45)
    assert part.outstanding == Decimal("600.00") and part.settled_on is None
    assert part.days_late(today) == 45
    assert part.days_to_pay() is None


def test_totals_are_per_currency_and_never_mixed() -> None:
    eur = invoice(0, None)
    usd = make_invoice("U-1", START, START + dt.timedelta(days=14), Decimal("250"), "USD")
    assert isinstance(usd, Invoice)
    books = ledger([eur, usd], START + dt.timedelta(days=60), RULES)
    by = {t.currency: t for t in books.totals}
    assert set(by) == {"EUR", "USD"}
    assert by["EUR"].outstanding == Decimal("1000.00") and by["EUR"].overdue == Decimal("1000.00")
    assert by["USD"].invoiced == Decimal("250") and by["USD"].overdue == Decimal("250")


def test_a_steady_slide_is_the_going_south_pattern_and_names_its_invoices() -> None:
    books = ledger(
        [invoice(n, late) for n, late in enumerate([0, 2, 6, 14, 25])], dt.date(2026, 12, 1), RULES
    )
    assert books.slowing is not None
    assert books.slowing.pattern is Pattern.IN_A_ROW
    assert books.slowing.playbook == "going_south"
    assert [number for number, _ in books.slowing.invoices] == ["F-2", "F-3", "F-4"]
    assert "F-2, F-3, F-4" in books.slowing.message()
    [alert] = payment_alerts(books)
    assert alert.severity is Severity.SLOWING_PAYMENT


def test_an_open_invoice_counts_with_its_days_late_so_far() -> None:
    series = [invoice(n, late) for n, late in enumerate([0, 3, 8])] + [invoice(3, None)]
    due = series[-1].due_on
    assert ledger(series, due + dt.timedelta(days=5), RULES).slowing is None  # 5 is not later than 8
    found = ledger(series, due + dt.timedelta(days=20), RULES).slowing
    assert found is not None and found.invoices[-1] == ("F-3", 20)


def test_a_jump_in_the_average_is_the_payment_pattern() -> None:
    # Not later each time, but 15 days later on average than the three before.
    books = ledger(
        [invoice(n, late) for n, late in enumerate([0, 1, 0, 20, 12, 16])], dt.date(2026, 12, 1), RULES
    )
    assert books.slowing is not None
    assert books.slowing.pattern is Pattern.AVERAGE_UP and books.slowing.playbook == "payment"
    assert books.slowing.before == pytest.approx(1 / 3) and books.slowing.after == 16


def test_steady_payers_and_early_payers_raise_nothing() -> None:
    today = dt.date(2026, 12, 1)
    assert ledger([invoice(n, 0) for n in range(8)], today, RULES).slowing is None
    # Paid ever closer to the due date but never late: nothing to warn about.
    assert (
        ledger([invoice(n, late) for n, late in enumerate([-20, -10, -5, -1])], today, RULES).slowing is None
    )
    assert ledger([], today, RULES).slowing is None


def test_the_thresholds_come_from_the_rubric() -> None:
    series = [invoice(n, late) for n, late in enumerate([0, 2, 6, 14, 25])]
    strict = StatusRules(slowing_in_a_row=5, slowing_average_days=40)
    assert ledger(series, dt.date(2026, 12, 1), strict).slowing is None
    two = StatusRules(slowing_in_a_row=2, slowing_average_days=40)
    found = ledger(series, dt.date(2026, 12, 1), two).slowing
    assert found is not None and [n for n, _ in found.invoices] == ["F-3", "F-4"]


def test_a_partly_paid_invoice_among_the_slowing_points_to_the_payment_playbook() -> None:
    series = [invoice(n, late) for n, late in enumerate([0, 2, 6, 14])] + [invoice(4, 30, paid="300.00")]
    found = ledger(series, dt.date(2026, 12, 1), RULES).slowing
    assert found is not None and found.playbook == "payment"


def test_the_check_in_is_offered_the_latest_due_invoice() -> None:
    series = [invoice(0, 4), invoice(1, None), invoice(2, None)]
    today = series[1].due_on + dt.timedelta(days=9)  # the third is not due yet
    assert ledger(series, today, RULES).latest_days_overdue() == 9
    assert ledger(series[:1], today, RULES).latest_days_overdue() == 4
    assert ledger(series[2:], today, RULES).latest_days_overdue() is None  # nothing due yet


def test_every_problem_is_named_by_its_field() -> None:
    found = make_invoice(
        "",
        dt.date(2026, 2, 1),
        dt.date(2026, 1, 1),
        Decimal("10.001"),
        "EUR",
        [Payment(paid_on=dt.date(2026, 2, 2), amount=Decimal("20"))],
    )
    assert isinstance(found, list)
    assert [p.field for p in found] == [
        InvoiceField.NUMBER,
        InvoiceField.DUE_ON,
        InvoiceField.AMOUNT,
        InvoiceField.PAYMENT,
    ]
    unknown = make_invoice("X", START, START, Decimal("10"), "EUQ")
    assert isinstance(unknown, list) and unknown[0].field is InvoiceField.CURRENCY
    assert "EUQ" in unknown[0].message
    yen = make_invoice("Y", START, START, Decimal("10.5"), "JPY")
    assert isinstance(yen, list) and "whole" in yen[0].message
    assert isinstance(make_invoice("Z", START, START, Decimal("0"), "EUR"), list)


def test_the_model_refuses_what_make_invoice_refuses() -> None:
    with pytest.raises(ValueError, match="before the issue date"):
        Invoice(
            number="X",
            issued_on=START,
            due_on=START - dt.timedelta(days=1),
            amount=Decimal(1),
            currency="EUR",
        )


def test_plain_amounts_parse_exactly() -> None:
    assert parse_amount("1234.50") == Decimal("1234.50")
    assert parse_amount(" 0,1 ") == Decimal("0.1")
    for bad in ("", "abc", "1.2.3", "NaN", "inf"):
        with pytest.raises(ValueError):
            parse_amount(bad)


def test_the_late_fee_is_interest_by_the_day_on_what_is_open() -> None:
    open_one = invoice(0, None)
    today = open_one.due_on + dt.timedelta(days=73)
    assert late_fee(open_one, today, Decimal("10")) == Decimal("20.00")  # 1000 x 10% x 73/365
    assert late_fee(open_one, today, Decimal("0")) == 0
    assert late_fee(invoice(1, 40), today, Decimal("10")) == 0  # paid, however late
    part = invoice(2, 0, paid="500.00")
    assert late_fee(part, part.due_on + dt.timedelta(days=365), Decimal("8")) == Decimal("40.00")


@given(
    st.lists(st.integers(min_value=-10, max_value=120) | st.none(), min_size=0, max_size=12),
    st.integers(min_value=0, max_value=400),
)
def test_the_figures_hold_whatever_the_history(lates: list[int | None], offset: int) -> None:
    series = [invoice(n, late) for n, late in enumerate(lates)]
    today = START + dt.timedelta(days=offset)
    books = ledger(series, today, RULES)
    [eur] = books.totals or [None]
    if eur is not None:
        assert eur.invoiced == eur.paid + eur.outstanding
        assert Decimal(0) <= eur.overdue <= eur.outstanding
    if books.slowing is not None:
        assert books.slowing.after > books.slowing.before or books.slowing.pattern is Pattern.AVERAGE_UP
        assert books.slowing.invoices[-1][1] > 0


def test_the_warning_dates_from_the_day_the_invoices_first_raised_it() -> None:
    series = [invoice(n, late) for n, late in enumerate([0, 0, 2, 6, 14, 25])]
    today = dt.date(2026, 12, 1)
    since = warned_since(series, today, RULES)
    # The alert came the day the still open F-4 was 7 days late (0 < 2 < 6 < 7), not before.
    came = series[4].due_on + dt.timedelta(days=7)
    assert since == came
    day_before = came - dt.timedelta(days=1)
    assert ledger(as_known(series, day_before), day_before, RULES).slowing is None
    assert warned_since([invoice(n, 0) for n in range(6)], today, RULES) is None


def test_a_quiet_spell_ends_one_warning_and_the_next_is_a_new_one() -> None:
    slide = [0, 2, 6, 14] + [0] * 5 + [1, 4, 9, 20]
    series = [invoice(n, late) for n, late in enumerate(slide)]
    since = warned_since(series, dt.date(2027, 6, 1), RULES)
    # The second slide, which began with F-9: not the first, months of on-time payments before it.
    assert since is not None and series[9].due_on < since < series[-1].payments[0].paid_on


def test_what_was_known_on_a_day_leaves_out_later_invoices_and_payments() -> None:
    series = [invoice(0, 10), invoice(1, None)]
    day = series[0].due_on + dt.timedelta(days=5)  # F-0 not paid yet; F-1 issued the day F-0 fell due
    [first, second] = as_known(series, day)
    assert first.paid == 0 and first.settled_on is None and first.days_late(day) == 5
    assert second.number == "F-1"
    assert as_known(series, series[0].issued_on - dt.timedelta(days=1)) == []
