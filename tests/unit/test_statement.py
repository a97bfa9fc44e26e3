"""The statement of account (formats.statement): late fees and totals per currency, a CSV that reads
back in either separator, and a printable page that shows hostile names as text."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest

from formats.statement import (
    STATEMENT_COLUMNS,
    StatementTotal,
    statement_csv,
    statement_html,
    statement_rows,
    statement_totals,
)
from i18n import format_amount, format_date, format_money, use_language
from scoring.invoices import Invoice, Payment

D = dt.date
TODAY = D(2026, 3, 15)
HOSTILE = "<script>alert('x')</script> & Co"


def invoice(
    number: str, issued: dt.date, due: dt.date, amount: str, currency: str = "EUR", *paid: tuple[dt.date, str]
) -> Invoice:
    return Invoice(
        number=number,
        issued_on=issued,
        due_on=due,
        amount=Decimal(amount),
        currency=currency,
        payments=tuple(Payment(paid_on=on, amount=Decimal(value)) for on, value in paid),
    )


# Open, 73 days past due on TODAY (1 January to 15 March).
OPEN = invoice("2026-002", D(2025, 12, 2), D(2026, 1, 1), "1000.00")
# Paid in two parts, the last 25 days late.
PAID = invoice(
    "2026-001",
    D(2025, 11, 1),
    D(2025, 12, 1),
    "750.00",
    "EUR",
    (D(2025, 12, 3), "500"),
    (D(2025, 12, 26), "250"),
)
# Dollars, half paid, not due yet.
DOLLARS = invoice("US-1", D(2026, 3, 1), D(2026, 3, 31), "400.00", "USD", (D(2026, 3, 10), "200.00"))
INVOICES = [OPEN, DOLLARS, PAID]  # not in issue-date order


def test_rows_are_in_issue_date_order_with_days_late_and_late_fee() -> None:
    rows = statement_rows(INVOICES, TODAY, Decimal(10))
    assert [r.number for r in rows] == ["2026-001", "2026-002", "US-1"]
    paid, open_, dollars = rows
    assert paid.payments == ((D(2025, 12, 3), Decimal(500)), (D(2025, 12, 26), Decimal(250)))
    assert (paid.days_late, paid.outstanding, paid.late_fee, paid.overdue) == (
        25,
        Decimal(0),
        Decimal(0),
        False,
    )
    # 1000.00 open 73 days past due at 10% a year: 1000 * 0.10 * 73 / 365 = 20.00.
    assert (open_.days_late, open_.outstanding, open_.late_fee, open_.overdue) == (
        73,
        Decimal(1000),
        Decimal("20.00"),
        True,
    )
    assert (dollars.days_late, dollars.paid, dollars.late_fee) == (0, Decimal(200), Decimal(0))


def test_no_rate_no_late_fee() -> None:
    assert {r.late_fee for r in statement_rows(INVOICES, TODAY, None)} == {Decimal(0)}
    assert {r.late_fee for r in statement_rows(INVOICES, TODAY, Decimal(0))} == {Decimal(0)}


def test_totals_are_per_currency_and_never_added_across() -> None:
    totals = statement_totals(statement_rows(INVOICES, TODAY, Decimal(10)))
    assert totals == [
        StatementTotal(
            "EUR", Decimal("1750.00"), Decimal(750), Decimal(1000), Decimal(1000), Decimal("20.00")
        ),
        StatementTotal("USD", Decimal("400.00"), Decimal(200), Decimal(200), Decimal(0), Decimal(0)),
    ]


@pytest.mark.parametrize(("sep", "mark"), [(",", "."), (";", ",")])
def test_the_csv_reads_back_in_either_separator(sep: str, mark: str) -> None:
    text = statement_csv("Bakkerij Zoë", INVOICES, TODAY, Decimal(10), sep)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    assert tuple(rows[0]) == STATEMENT_COLUMNS
    assert rows[1:] == [
        [
            "2026-001",
            "2025-11-01",
            "2025-12-01",
            f"750{mark}00",
            "EUR",
            f"2025-12-03 500{mark}00; 2025-12-26 250{mark}00",
            f"750{mark}00",
            "25",
            f"0{mark}00",
            f"0{mark}00",
        ],
        [
            "2026-002",
            "2025-12-02",
            "2026-01-01",
            f"1000{mark}00",
            "EUR",
            "",
            f"0{mark}00",
            "73",
            f"1000{mark}00",
            f"20{mark}00",
        ],
        [
            "US-1",
            "2026-03-01",
            "2026-03-31",
            f"400{mark}00",
            "USD",
            f"2026-03-10 200{mark}00",
            f"200{mark}00",
            "0",
            f"200{mark}00",
            f"0{mark}00",
        ],
    ]


def test_the_csv_is_formula_safe() -> None:
    hostile = invoice('=HYPERLINK("http://x")', D(2026, 1, 1), D(2026, 1, 31), "10")
    text = statement_csv("=cmd", [hostile], TODAY, None, ";")
    (_, row) = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert row[0] == '\'=HYPERLINK("http://x")'


def test_the_page_escapes_every_name_and_loads_nothing() -> None:
    hostile = invoice("<script>x</script>", D(2026, 1, 1), D(2026, 1, 31), "10")
    page = statement_html(
        HOSTILE, f"<b>{HOSTILE}</b>", f"<img src=x onerror=alert(1)>{HOSTILE}", [hostile, OPEN], TODAY, None
    )
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; Co" in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    clean = statement_html("A", "B", "C", INVOICES, TODAY, Decimal(8))
    for outside in ("http", "src=", "<link", "<script", "@import", "url(", "@font-face"):
        assert outside not in clean  # nothing is loaded from anywhere


def test_the_page_shows_figures_in_the_readers_words() -> None:
    page = statement_html("Bakkerij Zoë", "Zoë B.V.", "Ada Consulting", INVOICES, TODAY, Decimal(10))
    assert "<h1>Statement of account</h1>" in page
    assert "Bakkerij Zoë" in page and "Zoë B.V." in page and "Ada Consulting" in page
    assert format_amount(Decimal("20.00"), "EUR") in page  # the late fee
    assert f"{format_amount(Decimal(500), 'EUR')} on {format_date(D(2025, 12, 3))}" in page
    assert format_amount(Decimal("1750.00"), "EUR") in page
    assert format_amount(Decimal("400.00"), "USD") in page
    assert "Late fee: 10% a year on overdue amounts, by the day." in page
    assert '<time datetime="2026-03-15">' in page


def test_the_page_prints_on_a4_with_the_header_on_every_page() -> None:
    page = statement_html("A", "", "", INVOICES, TODAY, None)
    assert "@page { size: A4; margin: 18mm; }" in page
    assert "thead { display: table-header-group; }" in page
    assert re.search(r"tr \{[^}]*break-inside: avoid", page)
    # No rate: no late-fee column, no terms line; no sender: no "From".
    assert "Late fee" not in page and ">From<" not in page


def test_the_page_has_no_invoices_line_when_empty() -> None:
    page = statement_html("A", "", "", [], TODAY, Decimal(8))
    assert "No invoices yet." in page and "Totals" not in page


def test_the_page_is_in_the_readers_language() -> None:
    with use_language("nl"):
        page = statement_html("A", "", "", [OPEN], TODAY, Decimal("8.5"))
        assert '<html lang="nl">' in page
        assert format_date(TODAY) in page and format_money(Decimal("1000.00"), "EUR") in page
        assert "8,5" in page
