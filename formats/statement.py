"""A statement of account: every invoice of one client, what was paid and when, and what is open.

The payment playbook tells the person to have this ready for the hard talk about money: one page
that shows, invoice by invoice, how late each was or is, with the late fee the terms allow. It
comes as a CSV (`statement_csv`, for a spreadsheet or the bookkeeper) and as one self-contained,
printable HTML page (`statement_html`, A4, to print or save as PDF and send).

The figures are the domain's: days late from `Invoice.days_late`, the fee from
`scoring.invoices.late_fee`. Totals are per currency, never added across currencies.

The HTML page needs nothing from outside (inline CSS, no script, no font, no image) and escapes
every text a person typed: the client's name, the company, the sender and every invoice number.
Its words are in the reader's language, dates and money as that language writes them; the CSV
keeps English column keys, ISO dates and plain numbers, formula-safe, as every download here.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from formats._csv.cells import record, to_cell
from formats._csv.dialect import check_separator, decimal_mark
from formats.html_page import document
from formats.invoices_csv import money_cell
from i18n import _, format_amount, format_date, format_decimal, format_integer
from scoring.invoices import Invoice, late_fee

__all__ = [
    "STATEMENT_COLUMNS",
    "StatementRow",
    "StatementTotal",
    "statement_csv",
    "statement_html",
    "statement_rows",
    "statement_totals",
]

#: The statement download's columns, one row per invoice. A new version adds columns at the end only.
STATEMENT_COLUMNS = (
    "invoice",
    "issued_on",
    "due_on",
    "amount",
    "currency",
    "payments",
    "paid",
    "days_late",
    "outstanding",
    "late_fee",
)
_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class StatementRow:
    """One invoice on a statement. `payments` are (date, amount), oldest first; `late_fee` is 0
    with no rate set, before the due date and once paid."""

    number: str
    issued_on: dt.date
    due_on: dt.date
    amount: Decimal
    currency: str
    payments: tuple[tuple[dt.date, Decimal], ...]
    paid: Decimal
    days_late: int
    outstanding: Decimal
    overdue: bool
    late_fee: Decimal


@dataclass(frozen=True, slots=True)
class StatementTotal:
    """One currency's sums over a statement's invoices."""

    currency: str
    invoiced: Decimal
    paid: Decimal
    outstanding: Decimal
    overdue: Decimal
    late_fees: Decimal


def statement_rows(
    invoices: Sequence[Invoice], today: dt.date, percent_per_year: Decimal | None
) -> list[StatementRow]:
    """Each invoice as of `today`, in issue-date order. No rate (None or 0): no late fees."""
    rate = percent_per_year or _ZERO
    return [
        StatementRow(
            number=invoice.number,
            issued_on=invoice.issued_on,
            due_on=invoice.due_on,
            amount=invoice.amount,
            currency=invoice.currency,
            payments=tuple((p.paid_on, p.amount) for p in sorted(invoice.payments, key=lambda p: p.paid_on)),
            paid=invoice.paid,
            days_late=invoice.days_late(today),
            outstanding=invoice.outstanding,
            overdue=invoice.overdue(today),
            late_fee=late_fee(invoice, today, rate),
        )
        for invoice in sorted(invoices, key=lambda i: (i.issued_on, i.due_on, i.number))
    ]


def statement_totals(rows: Sequence[StatementRow]) -> list[StatementTotal]:
    """The sums of each currency, by currency code; amounts of two currencies are never added."""
    by: dict[str, list[StatementRow]] = {}
    for row in rows:
        by.setdefault(row.currency, []).append(row)
    return [
        StatementTotal(
            currency=currency,
            invoiced=sum((r.amount for r in items), _ZERO),
            paid=sum((r.paid for r in items), _ZERO),
            outstanding=sum((r.outstanding for r in items), _ZERO),
            overdue=sum((r.outstanding for r in items if r.overdue), _ZERO),
            late_fees=sum((r.late_fee for r in items), _ZERO),
        )
        for currency, items in sorted(by.items())
    ]


# --- the CSV ---------------------------------------------------------------------------------


def statement_csv(
    client: str,
    invoices: Sequence[Invoice],
    today: dt.date,
    percent_per_year: Decimal | None,
    sep: str = ",",
) -> str:
    """The statement as CSV, one row per invoice (`STATEMENT_COLUMNS`). `payments` lists each
    payment as "2026-02-03 500.00", joined by "; "; amounts carry the currency's decimals and the
    file's decimal mark. The client is not a column: the file's name carries it
    (`formats.filenames.download_name`), as the rows are one client's."""
    check_separator(sep)
    decimal = decimal_mark(sep)
    out = [record(STATEMENT_COLUMNS, sep)]
    for row in statement_rows(invoices, today, percent_per_year):

        def money(amount: Decimal, currency: str = row.currency) -> str:
            return money_cell(amount, currency, decimal)

        payments = "; ".join(f"{on.isoformat()} {money(amount)}" for on, amount in row.payments)
        out.append(
            record(
                [
                    to_cell(row.number),
                    to_cell(row.issued_on),
                    to_cell(row.due_on),
                    money(row.amount),
                    to_cell(row.currency),
                    to_cell(payments),
                    money(row.paid),
                    to_cell(row.days_late),
                    money(row.outstanding),
                    money(row.late_fee),
                ],
                sep,
            )
        )
    return "".join(out)


# --- the printable page ----------------------------------------------------------------------

_CSS = """
@page { size: A4; margin: 18mm; }
* { box-sizing: border-box; }
body {
  margin: 0; padding: 24px 16px; color: #111827; background: #ffffff;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Roboto, "Helvetica Neue",
    Arial, sans-serif;
}
main { max-width: 174mm; margin: 0 auto; }
h1 { margin: 0 0 12px; font-size: 26px; line-height: 1.2; }
h2 { margin: 20px 0 6px; font-size: 16px; break-after: avoid; page-break-after: avoid; }
.parties { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0 0 16px; }
.parties dt { color: #4b5563; }
.parties dd { margin: 0; overflow-wrap: anywhere; }
table { width: 100%; border-collapse: collapse; font-size: 12.5px; }
thead { display: table-header-group; }
tfoot { display: table-footer-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { padding: 5px 6px; text-align: left; vertical-align: top; border-bottom: 1px solid #d1d5db; }
th { font-weight: 600; }
thead th { border-bottom: 2px solid #111827; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.date { white-space: nowrap; }
.number { white-space: nowrap; }
.number.long { white-space: normal; overflow-wrap: anywhere; }
.payments { font-size: 12px; }
.payments span { display: block; white-space: nowrap; }
.overdue .open { font-weight: 700; }
.none { color: #6b7280; }
.terms { margin: 14px 0 0; font-size: 13px; }
footer { margin-top: 20px; font-size: 11px; color: #6b7280; }
@media print {
  body { padding: 0; font-size: 10pt; }
  main { max-width: none; }
  table { font-size: 9pt; }
}
"""


#: Invoice numbers up to this long stay on one line; longer ones wrap anywhere to fit the page.
_SHORT = 16


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _tag(name: str, text: str) -> str:
    return f"<{name}>{_e(text)}</{name}>"


def _pair(term: str, markup: str) -> str:
    """One line of the "to, from, date" list: `markup` is already escaped."""
    return f"<dt>{_e(term)}</dt><dd>{markup}</dd>"


def _date(on: dt.date) -> str:
    return f'<time datetime="{on.isoformat()}">{_e(format_date(on))}</time>'


def _money(amount: Decimal, currency: str) -> str:
    return _e(format_amount(amount, currency))


def _th(text: str, *, numeric: bool) -> str:
    return f'<th scope="col" class="num">{_e(text)}</th>' if numeric else f'<th scope="col">{_e(text)}</th>'


def _invoice_row(row: StatementRow, fees: bool) -> str:
    if row.payments:
        paid = "".join(
            "<span>"
            + _e(
                _("{amount} on {date}").format(
                    amount=format_amount(amount, row.currency), date=format_date(on)
                )
            )
            + "</span>"
            for on, amount in row.payments
        )
    else:
        paid = '<span class="none">—</span>'
    cells = [
        f'<td class="{"number long" if len(row.number) > _SHORT else "number"}">{_e(row.number)}</td>',
        f'<td class="date">{_date(row.issued_on)}</td>',
        f'<td class="date">{_date(row.due_on)}</td>',
        f'<td class="num">{_money(row.amount, row.currency)}</td>',
        f'<td class="payments">{paid}</td>',
        f'<td class="num">{_e(format_integer(row.days_late))}</td>',
        f'<td class="num open">{_money(row.outstanding, row.currency)}</td>',
    ]
    if fees:
        fee = _money(row.late_fee, row.currency) if row.late_fee else '<span class="none">—</span>'
        cells.append(f'<td class="num">{fee}</td>')
    overdue = ' class="overdue"' if row.overdue else ""
    return f"<tr{overdue}>" + "".join(cells) + "</tr>"


def _invoices_table(rows: Sequence[StatementRow], fees: bool) -> str:
    heads = [
        ("", _("Invoice")),
        ("", _("Issued")),
        ("", _("Due")),
        ("num", _("Amount")),
        ("", _("Paid")),
        ("num", _("Days late")),
        ("num", _("Outstanding")),
    ]
    if fees:
        heads.append(("num", _("Late fee")))
    head = "".join(_th(text, numeric=cls == "num") for cls, text in heads)
    if rows:
        body = "".join(_invoice_row(row, fees) for row in rows)
    else:
        empty = _e(_("No invoices yet."))
        body = f'<tr><td colspan="{len(heads)}" class="none">{empty}</td></tr>'
    return f'<table class="invoices"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _totals_table(totals: Sequence[StatementTotal], fees: bool) -> str:
    heads = [_("Currency"), _("Invoiced"), _("Paid"), _("Outstanding"), _("Overdue")]
    if fees:
        heads.append(_("Late fees"))
    head = "".join(_th(text, numeric=i > 0) for i, text in enumerate(heads))
    body = []
    for total in totals:
        figures = [total.invoiced, total.paid, total.outstanding, total.overdue]
        if fees:
            figures.append(total.late_fees)
        cells = "".join(f'<td class="num">{_money(value, total.currency)}</td>' for value in figures)
        body.append(f'<tr><th scope="row">{_e(total.currency)}</th>{cells}</tr>')
    return f'<table class="totals"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def statement_html(
    client: str,
    company: str,
    sender: str,
    invoices: Sequence[Invoice],
    today: dt.date,
    percent_per_year: Decimal | None,
) -> str:
    """The statement as one standalone, printable HTML5 page in the current language: for whom
    (client and company), from whom (`sender`, may be ""), the date, every invoice with its
    payments, days late, what is open and (with a rate set) the late fee, totals per currency,
    and the late-fee terms."""
    rate = percent_per_year or _ZERO
    fees = rate > 0
    rows = statement_rows(invoices, today, rate)
    totals = statement_totals(rows)
    to = _e(client) + (f"<br>{_e(company)}" if company.strip() and company.strip() != client.strip() else "")
    parties = [_pair(_("To"), to)]
    if sender.strip():
        parties.append(_pair(_("From"), _e(sender)))
    parties.append(_pair(_("Date"), _date(today)))
    body = [
        "<header>",
        _tag("h1", _("Statement of account")),
        '<dl class="parties">' + "".join(parties) + "</dl>",
        "</header>",
        '<section class="invoices">',
        _tag("h2", _("Invoices")),
        _invoices_table(rows, fees),
        "</section>",
    ]
    if totals:
        body += [
            '<section class="totals">',
            _tag("h2", _("Totals")),
            _totals_table(totals, fees),
            "</section>",
        ]
    if fees:
        terms = _("Late fee: {rate}% a year on overdue amounts, by the day.").format(
            rate=format_decimal(float(rate), 2)
        )
        body.append(f'<p class="terms">{_e(terms)}</p>')
    footer = _("Amounts as of {date}; payments received after that date are not included.").format(
        date=format_date(today)
    )
    body.append(f"<footer>{_e(footer)}</footer>")
    title = _("Statement of account · {client}").format(client=client)
    return document(title, _CSS, body)
