"""Invoices as CSV: a bookkeeping program's export read in, and our own invoices download out and back.

An export has its own column names and its own ways of writing amounts and dates, so reading one
takes three steps the import page can show in between:

1. `read_sheet` turns the bytes into a header and numbered rows (`check_import` for the size
   limit and the encodings Excel writes, the separator sniffed from the header line);
2. `guess_mapping` says which column holds which `Column` of an invoice, from the headers alone
   (Dutch and English, case, spaces and punctuation ignored); the person may correct it, and
   `layout_key` names the layout so a correction can be remembered for the next file;
3. `parse_lines` reads every row by that mapping into an `InvoiceLine`, or `LineProblem`s naming
   the line and the column, in the reader's language. Nothing raises for a bad cell.

The rules of an invoice (due before issue, paid more than billed, decimals per currency, unknown
currency, limits) are `scoring.invoices.make_invoice`'s, called for every row; this module only
reads the cells. Amounts and dates are told per file: see `parse_lines`.

Our own download (`INVOICE_COLUMNS`, `write_invoices`) is one row per payment, written as every
download here is (formula-safe cells, either separator, ISO dates, plain numbers with the file's
decimal mark), and `guess_mapping` knows its headers, so it imports again with no help.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from formats._csv.cells import record, to_cell, unsafe_cell
from formats._csv.decoding import CsvDecodeError, check_import, lines, sniff_separator
from formats._csv.dialect import check_separator, decimal_mark
from formats._csv.reading import account_name
from i18n import Lazy, _, currency_digits, lazy_gettext
from scoring.invoices import (
    Invoice,
    InvoiceField,
    Payment,
    check_amount,
    due_from_terms,
    make_invoice,
)

__all__ = [
    "FIELDS",
    "INVOICE_COLUMNS",
    "Column",
    "InvoiceLine",
    "LineProblem",
    "Sheet",
    "field_label",
    "guess_mapping",
    "invoices_from",
    "layout_key",
    "money_cell",
    "parse_lines",
    "read_sheet",
    "terms_days",
    "write_invoices",
]


class Column(StrEnum):
    """What a column of an export can hold. A column mapped to None is ignored."""

    CUSTOMER = "customer"
    NUMBER = "number"
    ISSUED_ON = "issued_on"
    DUE_ON = "due_on"
    #: Payment terms in days ("30", "net 30", "30 dagen"): the due date when there is none.
    TERMS = "terms"
    #: The invoice's total, VAT included.
    AMOUNT = "amount"
    CURRENCY = "currency"
    #: The amount paid so far.
    PAID = "paid"
    #: The date of the (last) payment.
    PAID_ON = "paid_on"
    #: The amount still open: paid is the amount less this, when there is no paid column.
    OUTSTANDING = "outstanding"


#: Every choice a column's mapping offers, "ignore" (None) last.
FIELDS: tuple[Column | None, ...] = (*Column, None)

_LABELS: dict[Column | None, Lazy] = {
    Column.CUSTOMER: lazy_gettext("Customer"),
    Column.NUMBER: lazy_gettext("Invoice number"),
    Column.ISSUED_ON: lazy_gettext("Issue date"),
    Column.DUE_ON: lazy_gettext("Due date"),
    Column.TERMS: lazy_gettext("Payment terms (days)"),
    Column.AMOUNT: lazy_gettext("Amount incl. VAT"),
    Column.CURRENCY: lazy_gettext("Currency"),
    Column.PAID: lazy_gettext("Amount paid"),
    Column.PAID_ON: lazy_gettext("Payment date"),
    Column.OUTSTANDING: lazy_gettext("Amount outstanding"),
    None: lazy_gettext("Ignore this column"),
}


def field_label(field: Column | None) -> str:
    """A mapping choice as the reader reads it (the import page's select box)."""
    return str(_LABELS[field])


# --- the file --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sheet:
    """An export as read: its header (cells stripped), separator, and its non-blank rows, each with
    the physical line it starts on (the header is line 1) and its cells as written."""

    headers: tuple[str, ...]
    separator: str
    rows: tuple[tuple[int, tuple[str, ...]], ...]


def read_sheet(data: bytes) -> Sheet:
    """The header and rows of an uploaded export. `CsvDecodeError` when it is no CSV we can read:
    too large, empty, binary, of no known encoding, or broken from some line on."""
    text = check_import(data).removeprefix("\ufeff")
    separator = sniff_separator(text, _SNIFF_NAMES)
    reader = csv.reader(lines(text), delimiter=separator)
    headers: tuple[str, ...] | None = None
    rows: list[tuple[int, tuple[str, ...]]] = []
    start = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                if headers is None:
                    headers = tuple(cell.strip() for cell in cells)
                else:
                    rows.append((start, tuple(cells)))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise CsvDecodeError(
            _("line {line}: the file cannot be read from here on: {error}").format(line=start, error=exc)
        ) from None
    if headers is None:
        raise CsvDecodeError(_("the file is empty; export a CSV with a header line and at least one row"))
    return Sheet(headers, separator, tuple(rows))


def layout_key(headers: Iterable[str]) -> str:
    """32 hex digits that name a header layout (names stripped and casefolded, order kept), to
    remember the mapping a person chose for the next file from the same program."""
    joined = "\x1f".join(header.strip().casefold() for header in headers)
    return hashlib.blake2b(joined.encode("utf-8"), digest_size=16).hexdigest()


# --- guessing the mapping --------------------------------------------------------------------

# Headers as programs write them, per field, best first: when two columns would map to one field,
# the one in the earlier group wins, then the one further left. Our own download's are first.
_ALIASES: tuple[tuple[Column, tuple[str, ...]], ...] = (
    (
        Column.CUSTOMER,
        ("client", "Customer", "Customer name", "Client name", "Klant", "Klantnaam", "Naam klant"),
    ),
    (
        Column.CUSTOMER,
        ("Debiteur", "Debiteurnaam", "Relatie", "Relatienaam", "Debtor", "Bill to", "Billed to"),
    ),
    (Column.CUSTOMER, ("Bedrijfsnaam", "Bedrijf", "Company", "Company name", "Organisation", "Organization")),
    (Column.CUSTOMER, ("Naam", "Name")),
    (
        Column.NUMBER,
        (
            "invoice",
            "Invoice number",
            "Invoice #",
            "Invoice No",
            "Invoice nr",
            "Invoice ID",
            "Factuurnummer",
            "Factuurnr",
            "Factuur nr",
            "Factuur #",
        ),
    ),
    (Column.NUMBER, ("Factuur", "Number", "Nummer", "Nr", "No", "Document number", "Documentnummer")),
    (
        Column.ISSUED_ON,
        ("issued_on", "Invoice date", "Issue date", "Date issued", "Issued", "Factuurdatum", "Datum factuur"),
    ),
    (Column.ISSUED_ON, ("Date", "Datum", "Document date", "Documentdatum")),
    (Column.ISSUED_ON, ("Boekdatum", "Posting date")),
    (
        Column.DUE_ON,
        (
            "due_on",
            "Due date",
            "Date due",
            "Due",
            "Payment due date",
            "Vervaldatum",
            "Uiterste betaaldatum",
            "Vervaldag",
        ),
    ),
    (
        Column.TERMS,
        (
            "Terms",
            "Payment terms",
            "Payment term",
            "Betalingstermijn",
            "Betaaltermijn",
            "Betalingsconditie",
            "Betalingsvoorwaarden",
        ),
    ),
    (Column.TERMS, ("Termijn",)),
    (
        Column.AMOUNT,
        (
            "Total incl. VAT",
            "Amount incl. VAT",
            "Total incl. tax",
            "Amount incl. tax",
            "Bedrag incl. btw",
            "Totaal incl. btw",
            "Bedrag inclusief btw",
            "Totaal inclusief btw",
        ),
    ),
    (
        Column.AMOUNT,
        (
            "Total",
            "Invoice total",
            "Invoice amount",
            "Total amount",
            "Totaal",
            "Totaalbedrag",
            "Factuurbedrag",
        ),
    ),
    (Column.AMOUNT, ("amount", "Bedrag")),
    (Column.CURRENCY, ("currency", "Currency code", "Valuta", "Valutacode", "Munteenheid", "Munt", "Ccy")),
    (
        Column.PAID,
        ("Amount paid", "Paid amount", "Total paid", "Paid to date", "Betaald bedrag", "Totaal betaald"),
    ),
    (Column.PAID, ("paid", "Betaald", "Payments", "Ontvangen", "Ontvangen bedrag")),
    (
        Column.PAID_ON,
        (
            "paid_on",
            "Paid date",
            "Payment date",
            "Date paid",
            "Paid on",
            "Last payment date",
            "Last payment",
            "Betaald op",
            "Betaaldatum",
            "Betalingsdatum",
            "Datum betaald",
            "Datum betaling",
            "Laatste betaling",
            "Datum laatste betaling",
        ),
    ),
    (
        Column.OUTSTANDING,
        (
            "Outstanding",
            "Amount outstanding",
            "Outstanding amount",
            "Open amount",
            "Openstaand",
            "Openstaand bedrag",
            "Open bedrag",
            "Nog te betalen",
        ),
    ),
    (Column.OUTSTANDING, ("Amount due", "Balance", "Balance due", "Saldo", "Restant", "Open", "Te betalen")),
)
# What tells that a column is not the invoice's total: VAT apart, or an amount without it.
_NOT_THE_TOTAL = frozenset({"excl", "exclusief", "excluding", "ex", "subtotal", "subtotaal", "netto", "net"})
_INCLUDED = frozenset({"incl", "inclusief", "including", "inc", "bruto", "gross"})
_TAX = frozenset({"btw", "vat", "tax", "gst", "belasting"})
# Taken off the end of a header before it is looked up: "Bedrag (EUR)", "Amount in €".
_TRAILING = frozenset({"eur", "euro", "euros", "usd", "gbp", "in"})
_WORD = re.compile(r"[0-9a-z]+")


def _norm(header: str) -> str:
    """A header without case, accents, punctuation or extra spaces; `#` reads as "nr"."""
    text = unicodedata.normalize("NFKD", header.casefold().replace("#", " nr "))
    return " ".join(_WORD.findall(text))


_RANKS: dict[str, tuple[int, Column]] = {}
for _rank, (_column, _names) in enumerate(_ALIASES):
    for _name in _names:
        _RANKS.setdefault(_norm(_name), (_rank, _column))
#: Every alias as written, what `sniff_separator` counts in a header line.
_SNIFF_NAMES = frozenset(name.casefold() for _c, names in _ALIASES for name in names)
_IGNORED = (len(_ALIASES), None)


def _guess(header: str) -> tuple[int, Column | None]:
    words = _norm(header).split()
    while words:
        found = _RANKS.get(" ".join(words))
        if found:
            return found
        if words[-1] not in _TRAILING:
            break
        words.pop()
    present = set(words)
    if present & _NOT_THE_TOTAL:
        return _IGNORED
    if present & _INCLUDED:
        return _RANKS[_norm("Total incl. VAT")]
    return _IGNORED


def guess_mapping(headers: Iterable[str]) -> dict[str, Column | None]:
    """Which field each header holds, as far as the header says. Each field goes to one column at
    most: the best-named one ("Bedrag incl. btw" over "Bedrag"), then the leftmost. Columns that
    are VAT apart or an amount without it ("Bedrag excl. btw", "Subtotal", "BTW") and anything
    unknown map to None. Two columns with the same header share one entry: the first's."""
    mapping: dict[str, Column | None] = {}
    best: dict[Column, tuple[int, str]] = {}
    for header in headers:
        if header in mapping:
            continue
        rank, column = _guess(header)
        mapping[header] = None
        if column is not None and (column not in best or rank < best[column][0]):
            best[column] = (rank, header)
    for column, ranked in best.items():
        mapping[ranked[1]] = column
    return mapping


# --- reading the rows ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    """One row of an export as an invoice's facts. `paid` is what this row says was paid (0 when
    nothing), `paid_on` its date (None when nothing was paid)."""

    line: int
    customer: str
    number: str
    issued_on: dt.date
    due_on: dt.date
    amount: Decimal
    currency: str
    paid: Decimal
    paid_on: dt.date | None


@dataclass(frozen=True, slots=True)
class LineProblem:
    """Why a row was not read. `line` is the physical line (header: 1); `field` the column's header
    as written in the file, or the field's name when the file has no such column, or "" for the
    row as a whole."""

    line: int
    field: str
    message: str


def terms_days(text: str) -> int | None:
    """Payment terms as days: "30", "net 30", "Net 30 days", "30 dagen", "netto 30 dagen", "14 d".
    None when the text says no number of days."""
    found = _TERMS.fullmatch(text.strip())
    return int(found.group(1)) if found else None


_TERMS = re.compile(
    r"(?:net(?:to)?\s*)?(\d{1,3})\s*(?:d|dg|dgn|dag|dagen|day|days)?\.?(?:\s*net(?:to)?)?", re.IGNORECASE
)
# A date, with any time after it cut off first: yyyy-mm-dd, dd-mm-yyyy, dd-mm-yy, with - / or .
_DATE = re.compile(r"(\d{1,4})[-/.](\d{1,2})[-/.](\d{2,4})")
# An amount: a sign or brackets, a currency symbol or code before or after, digits with marks.
_AMOUNT = re.compile(
    r"(?P<open>\()?\s*(?P<sign>[-−])?\s*(?P<before>[A-Za-z]{3}|[€$£¥])?\s*(?P<sign2>[-−])?\s*"
    r"(?P<number>\d[\d.,'\s]*?)\s*(?P<after>[A-Za-z]{3}|[€$£¥])?\s*(?P<sign3>[-−])?\s*(?P<close>\))?"
)
_SYMBOLS = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY"}
_SPACES = str.maketrans("", "", " '\u00a0\u202f\u2009")
_ZERO = Decimal(0)

_MISSING: dict[Column, Lazy] = {
    Column.CUSTOMER: lazy_gettext("no column for the customer: choose one in the mapping"),
    Column.NUMBER: lazy_gettext("no column for the invoice number: choose one in the mapping"),
    Column.ISSUED_ON: lazy_gettext("no column for the issue date: choose one in the mapping"),
    Column.AMOUNT: lazy_gettext("no column for the invoice amount: choose one in the mapping"),
}


#: How a row's reader names a problem: the column it is about and the sentence.
_Say = Callable[[Column, str], None]


@dataclass(frozen=True, slots=True)
class _Bad:
    message: str


@dataclass(frozen=True, slots=True)
class _Amount:
    value: Decimal
    currency: str | None
    negative: bool


def parse_lines(
    sheet: Sheet, mapping: Mapping[str, Column | None], default_currency: str = "EUR"
) -> tuple[list[InvoiceLine], list[LineProblem]]:
    """Every row of `sheet` read by `mapping` (header -> field; a header missing from it is
    ignored), as invoice lines and problems. A row with any problem is left out; every problem of
    it is listed. Nothing raises for a bad cell.

    Required: a customer, number, issue date and amount column, and a due date or payment terms
    column (the due date wins where a row has both). Each one missing is a problem on line 1, and
    then no row is read; so is a field the mapping gives to two columns.

    - *Amounts* in any common form ("€ 1.234,56", "1,234.56", "EUR 1234.56", "1 234,56",
      "$1,234.56", "€ 1.234,-"). Where one cell cannot tell a thousands mark from a decimal mark
      ("1.234"), the file decides: all its amount cells that can tell ("1.234,56", "12,5") vote,
      and without a vote a `;` file has decimal commas, any other decimal points. A negative amount
      or one in brackets is a credit note: a problem, not imported.
    - *Currency*: the currency column; else a symbol or code in the amount cell (€ EUR, $ USD,
      £ GBP, ¥ JPY); else `default_currency`.
    - *Dates*: yyyy-mm-dd, yyyy/mm/dd, dd-mm-yyyy, dd/mm/yyyy, dd.mm.yyyy, dd-mm-yy, with or
      without a time after. Day first, as Dutch and European exports write it; a column is read
      month first (a US export) only when some of its dates have more than 12 in the second place
      and none in the first. A column that cannot tell (all at most 12) follows the file's other
      date columns that can.
    - *Paid*: the paid column; else the amount less the outstanding column (an empty cell there:
      nothing paid); else, with only a payment date column, the whole amount when it has a date;
      else nothing. Anything paid needs a payment date (days late are counted from it).
    - *The same invoice on several rows* (same customer and number, as our own download writes an
      invoice with two payments): allowed when the rows agree on the issue date, due date, amount
      and currency; then each row is one payment of that invoice, and its `paid` and `paid_on` are
      that payment. One `InvoiceLine` comes back per row: the caller groups them into invoices
      (`invoices_from`). Rows that disagree, or payments that add up to more than the invoice,
      are a problem on the later row.

    Every invoice rule (dates in order, payments no more than the invoice, decimals and code of
    the currency, limits) is `scoring.invoices.make_invoice`'s; its problems name the column of
    the field they are about.
    """
    at, problems = _columns(sheet.headers, mapping)
    if problems:
        return [], problems
    return _Reader(sheet, at, default_currency).read()


def _columns(
    headers: tuple[str, ...], mapping: Mapping[str, Column | None]
) -> tuple[dict[Column, int], list[LineProblem]]:
    at: dict[Column, int] = {}
    twice: dict[Column, list[str]] = {}
    for index, header in enumerate(headers):
        field = mapping.get(header)
        if field is None:
            continue
        field = Column(field)
        if field not in at:
            at[field] = index
        elif headers[at[field]] != header:
            twice.setdefault(field, [headers[at[field]]]).append(header)
    problems = [
        LineProblem(1, column.value, str(message)) for column, message in _MISSING.items() if column not in at
    ]
    if Column.DUE_ON not in at and Column.TERMS not in at:
        problems.append(
            LineProblem(
                1,
                Column.DUE_ON.value,
                _("no column for the due date or the payment terms: choose one in the mapping"),
            )
        )
    for field, names in twice.items():
        problems.append(
            LineProblem(
                1,
                field.value,
                _("the columns {columns} are mapped to the same field: keep one, ignore the others").format(
                    columns=", ".join(names)
                ),
            )
        )
    return at, problems


def _amount_parts(text: str) -> tuple[str, str | None, bool] | _Bad:
    """The digits-and-marks part of an amount cell, its currency (a symbol or code, else None) and
    whether it is negative."""
    cleaned = text.strip()
    for whole in (",--", ",-", ".-"):  # "€ 1.234,-": whole euros, as Dutch invoices write them
        if cleaned.endswith(whole):
            cleaned = cleaned[: -len(whole)]
            break
    found = _AMOUNT.fullmatch(cleaned)
    if found is None or bool(found["open"]) != bool(found["close"]):
        return _Bad(_("{text} is not an amount").format(text=text.strip()))
    before, after = found["before"], found["after"]
    if before and after:
        return _Bad(_("{text} is not an amount").format(text=text.strip()))
    code = before or after
    currency = None if code is None else _SYMBOLS.get(code, code.upper())
    negative = bool(found["open"] or found["sign"] or found["sign2"] or found["sign3"])
    return found["number"].translate(_SPACES), currency, negative


def _mark_vote(number: str) -> str | None:
    """The decimal mark this number shows, or None when it cannot tell ("1.234", "1234")."""
    comma, point = number.rfind(","), number.rfind(".")
    if comma >= 0 and point >= 0:
        return "," if comma > point else "."
    mark = "," if comma >= 0 else "." if point >= 0 else None
    if mark is None:
        return None
    if number.count(mark) > 1:  # "1.234.567": thousands, so the other mark is the decimal one
        return "," if mark == "." else "."
    return None if len(number) - number.rfind(mark) - 1 == 3 else mark


def _grouped(number: str, mark: str) -> bool:
    """Thousands written with `mark`: "1.234", "12.345.678"."""
    first, *rest = number.split(mark)
    return 1 <= len(first) <= 3 and bool(rest) and all(len(group) == 3 for group in rest)


def _to_decimal(number: str, decimal: str) -> Decimal | None:
    other = "." if decimal == "," else ","
    comma, point = number.rfind(","), number.rfind(".")
    if comma >= 0 and point >= 0:
        mark = "," if comma > point else "."
        thousands = "." if mark == "," else ","
        whole, fraction = number[: max(comma, point)], number[max(comma, point) + 1 :]
        if not _grouped(whole, thousands):
            return None
        plain = whole.replace(thousands, "") + "." + fraction
    elif comma >= 0 or point >= 0:
        mark = "," if comma >= 0 else "."
        if mark == decimal and number.count(mark) == 1:
            plain = number.replace(mark, ".")
        elif _grouped(number, mark):
            plain = number.replace(mark, "")
        elif mark == other and number.count(mark) == 1:
            plain = number.replace(mark, ".")
        else:
            return None
    else:
        plain = number
    if not plain.replace(".", "", 1).isdigit() or not plain.isascii() or plain.endswith("."):
        return None
    try:
        return Decimal(plain)
    except InvalidOperation:  # pragma: no cover - the digits were checked
        return None


def _date_parts(text: str) -> tuple[int, int, int, bool] | None:
    """(first, second, year, ambiguous) of a date cell; `ambiguous`: day and month may be either
    way round (dd-mm-yyyy or mm-dd-yyyy); otherwise (month, day) of a year-first date."""
    cleaned = text.strip()
    for cut in (" ", "T"):
        where = cleaned.find(cut)
        if where > 0:
            cleaned = cleaned[:where]
    found = _DATE.fullmatch(cleaned)
    if found is None:
        return None
    first, second, third = found.groups()
    if len(first) == 4 and len(third) <= 2:
        return int(second), int(third), int(first), False
    if len(first) <= 2 and len(third) in (2, 4):
        year = int(third) + (2000 if len(third) == 2 else 0)
        return int(first), int(second), year, True
    return None


class _Dates:
    """One date column: each distinct text read once, its order (day or month first) decided by all."""

    def __init__(self, cells: Iterable[str]) -> None:
        self.parts = {text: _date_parts(text) for text in cells if text.strip()}
        ambiguous = [p for p in self.parts.values() if p is not None and p[3]]
        self.day_first = any(p[0] > 12 for p in ambiguous)
        self.month_first = not self.day_first and any(p[1] > 12 for p in ambiguous)

    def values(self) -> dict[str, dt.date | _Bad]:
        """Each distinct non-blank text of the column as its date (or why not), in the order decided."""
        return {text: self._date(text, parts) for text, parts in self.parts.items()}

    def _date(self, text: str, parts: tuple[int, int, int, bool] | None) -> dt.date | _Bad:
        if parts is not None:
            first, second, year, ambiguous = parts
            month, day = (first, second) if not ambiguous or self.month_first else (second, first)
            try:
                return dt.date(year, month, day)
            except ValueError:
                pass
        return _Bad(_("{value} is not a date; use dd-mm-yyyy or yyyy-mm-dd").format(value=repr(text.strip())))


@dataclass(slots=True)
class _Group:
    """The first row of an invoice seen, and the payments of its rows so far."""

    line: int
    facts: tuple[dt.date, dt.date, Decimal, str]
    payments: list[Payment]


class _Reader:
    """The rows of one sheet by one mapping. Each column's distinct cells are read once (an export
    repeats its customers, dates and amounts), and a row's cells are padded to the header's width
    plus one empty cell, where a field with no column points."""

    def __init__(self, sheet: Sheet, at: dict[Column, int], default_currency: str) -> None:
        self.sheet = sheet
        self.at = at
        self.width = width = len(sheet.headers)
        self.default_currency = default_currency.strip().upper()
        self.customer_at = at.get(Column.CUSTOMER, width)
        self.number_at = at.get(Column.NUMBER, width)
        self.issued_at = at.get(Column.ISSUED_ON, width)
        self.due_at = at.get(Column.DUE_ON, width)
        self.terms_at = at.get(Column.TERMS, width)
        self.amount_at = at.get(Column.AMOUNT, width)
        self.currency_at = at.get(Column.CURRENCY, width)
        self.paid_at = at.get(Column.PAID, width)
        self.paid_on_at = at.get(Column.PAID_ON, width)
        self.outstanding_at = at.get(Column.OUTSTANDING, width)
        self.dates: dict[Column, _Dates] = {
            column: _Dates(self.cells(column))
            for column in (Column.ISSUED_ON, Column.DUE_ON, Column.PAID_ON)
            if column in at
        }
        # A column that cannot tell the order of day and month follows the ones that can.
        if any(d.month_first for d in self.dates.values()) and not any(
            d.day_first for d in self.dates.values()
        ):
            for found in self.dates.values():
                found.month_first = True
        # Per date column, each of its texts as a date; a blank cell, or a column not there, is not in it.
        self.date_values: dict[Column, dict[str, dt.date | _Bad]] = {
            column: self.dates[column].values() if column in self.dates else {}
            for column in (Column.ISSUED_ON, Column.DUE_ON, Column.PAID_ON)
        }
        self.parts: dict[str, tuple[str, str | None, bool] | _Bad] = {}
        votes = {",": 0, ".": 0}
        for column in (Column.AMOUNT, Column.PAID, Column.OUTSTANDING):
            for text in self.cells(column):
                if text.strip() and text not in self.parts:
                    parts = self.parts[text] = _amount_parts(text)
                    vote = None if isinstance(parts, _Bad) else _mark_vote(parts[0])
                    if vote:
                        votes[vote] += 1
        if votes[","] != votes["."]:
            self.decimal = "," if votes[","] > votes["."] else "."
        else:
            self.decimal = decimal_mark(sheet.separator)
        self.amounts: dict[str, _Amount | _Bad] = {}
        self.customers: dict[str, str | _Bad] = {}
        self.terms: dict[str, int | None] = {}
        self.groups: dict[tuple[str, str], _Group] = {}

    def cells(self, column: Column) -> set[str]:
        """The distinct texts of a column (a short row's missing cells are empty)."""
        index = self.at.get(column)
        if index is None:
            return set()
        return {cells[index] if index < len(cells) else "" for _line, cells in self.sheet.rows}

    def header(self, column: Column) -> str:
        index = self.at.get(column)
        return column.value if index is None else self.sheet.headers[index]

    def read(self) -> tuple[list[InvoiceLine], list[LineProblem]]:
        found: list[InvoiceLine] = []
        problems: list[LineProblem] = []
        width = self.width
        padding = ("",) * (width + 1)
        for line, cells in self.sheet.rows:
            if len(cells) > width:
                if any(cell.strip() for cell in cells[width:]):
                    message = _("this row has {cells} cells, but the header names {columns} columns")
                    problems.append(LineProblem(line, "", message.format(cells=len(cells), columns=width)))
                    continue
                cells = cells[:width]
            result = self.row(line, cells + padding[len(cells) :])
            if isinstance(result, InvoiceLine):
                found.append(result)
            else:
                problems.extend(result)
        return found, problems

    def row(self, line: int, cells: tuple[str, ...]) -> InvoiceLine | list[LineProblem]:
        problems: list[LineProblem] = []

        def problem(column: Column, message: str) -> None:
            problems.append(LineProblem(line, self.header(column), message))

        customer = self.customer(cells[self.customer_at])
        if isinstance(customer, _Bad):
            problem(Column.CUSTOMER, customer.message)
        number = cells[self.number_at]
        number = (unsafe_cell(number) if "'" in number else number).strip()
        text = cells[self.issued_at]
        issued_on = self.date(Column.ISSUED_ON, text, problem)
        if not text.strip():
            problem(Column.ISSUED_ON, _("the issue date is empty"))
        due_on = self.due_on(cells, issued_on, problem)
        amount = self.invoice_amount(cells[self.amount_at], problem)
        currency, told_by = self.currency(cells[self.currency_at], amount)
        text = cells[self.paid_on_at]
        paid_on = self.date(Column.PAID_ON, text, problem)
        paid = self.paid(cells, amount, paid_on, currency, problem)
        payments: list[Payment] = []
        if paid is not None and paid > 0:
            if paid_on is not None:
                payments.append(Payment(paid_on=paid_on, amount=paid))
            elif not text.strip():  # an unreadable date is named already
                problem(Column.PAID_ON, _("a payment without a date: fill in the date it was paid"))
        if issued_on is None or due_on is None or amount is None or paid is None:
            return problems
        key = (customer if isinstance(customer, str) else "", number)
        group = self.groups.get(key)
        facts = (issued_on, due_on, amount.value, currency)
        if group is not None and group.facts != facts:
            problem(
                Column.NUMBER,
                _("invoice {number} is on line {line} too, with another date, amount or currency").format(
                    number=number, line=group.line
                ),
            )
            return problems
        made = make_invoice(
            number,
            issued_on,
            due_on,
            amount.value,
            currency,
            [*group.payments, *payments] if group else payments,
        )
        if isinstance(made, list):
            problems += (LineProblem(line, self.field_of(p.field, told_by), p.message) for p in made)
            return problems
        if problems or not isinstance(customer, str):
            return problems
        if group is None:
            self.groups[key] = _Group(line, facts, payments)
        else:
            group.payments.extend(payments)
        return InvoiceLine(
            line,
            customer,
            made.number,
            issued_on,
            due_on,
            made.amount,
            made.currency,
            paid if payments else _ZERO,
            paid_on if payments else None,
        )

    def customer(self, text: str) -> str | _Bad:
        found = self.customers.get(text)
        if found is None:
            try:
                found = account_name(unsafe_cell(text))
            except ValueError as exc:
                found = _Bad(str(exc))
            self.customers[text] = found
        return found

    def date(self, column: Column, text: str, problem: _Say) -> dt.date | None:
        """The date in a cell, None for an empty cell or (named by `problem`) an unreadable one."""
        found = self.date_values[column].get(text)
        if found is None:
            return None
        if isinstance(found, _Bad):
            problem(column, found.message)
            return None
        return found

    def due_on(self, cells: tuple[str, ...], issued_on: dt.date | None, problem: _Say) -> dt.date | None:
        text = cells[self.due_at]
        if text.strip():
            return self.date(Column.DUE_ON, text, problem)
        terms = cells[self.terms_at]
        if not terms.strip():
            problem(
                Column.DUE_ON if Column.DUE_ON in self.at else Column.TERMS,
                _("no due date and no payment terms"),
            )
            return None
        days = self.terms.get(terms, -1)
        if days == -1:
            days = self.terms[terms] = terms_days(terms)
        if days is None:
            problem(
                Column.TERMS,
                _("{value} is not a payment term; use a number of days, such as 30 or net 30").format(
                    value=repr(terms.strip())
                ),
            )
            return None
        return None if issued_on is None else due_from_terms(issued_on, days)

    def amount(self, text: str) -> _Amount | _Bad:
        found = self.amounts.get(text)
        if found is None:
            parts = self.parts.get(text) or _amount_parts(text)
            if isinstance(parts, _Bad):
                found = parts
            else:
                number, currency, negative = parts
                value = _to_decimal(number, self.decimal)
                if value is None:
                    found = _Bad(_("{text} is not an amount").format(text=text.strip()))
                else:
                    found = _Amount(value, currency, negative)
            self.amounts[text] = found
        return found

    def invoice_amount(self, text: str, problem: _Say) -> _Amount | None:
        if not text.strip():
            problem(Column.AMOUNT, _("the amount is empty"))
            return None
        found = self.amount(text)
        if isinstance(found, _Bad):
            problem(Column.AMOUNT, found.message)
            return None
        if found.negative:
            problem(
                Column.AMOUNT,
                _("{text} is negative: credit notes are not imported").format(text=text.strip()),
            )
            return None
        return found

    def currency(self, text: str, amount: _Amount | None) -> tuple[str, Column | None]:
        """The invoice's currency and the column that told it (None: the default)."""
        text = text.strip()
        if text:
            return _SYMBOLS.get(text, text.upper()), Column.CURRENCY
        if amount is not None and amount.currency is not None:
            return amount.currency, Column.AMOUNT
        return self.default_currency, None

    def paid(
        self,
        cells: tuple[str, ...],
        amount: _Amount | None,
        paid_on: dt.date | None,
        currency: str,
        problem: _Say,
    ) -> Decimal | None:
        """What this row says was paid; None when a cell it comes from is unreadable."""
        for column, at in ((Column.PAID, self.paid_at), (Column.OUTSTANDING, self.outstanding_at)):
            if column not in self.at:
                continue
            text = cells[at].strip()
            if not text:
                return _ZERO
            found = self.amount(text)
            if isinstance(found, _Bad):
                problem(column, found.message)
                return None
            if found.negative and column is Column.PAID:
                problem(column, _("{text} is negative: a payment cannot be less than zero").format(text=text))
                return None
            if found.currency is not None and found.currency != currency:
                problem(
                    column,
                    _("{text} is in another currency than the invoice ({code})").format(
                        text=text, code=currency
                    ),
                )
                return None
            value = -found.value if found.negative else found.value
            if column is Column.OUTSTANDING:
                if amount is not None and value > amount.value:
                    problem(column, _("{text} is more than the invoice's amount").format(text=text))
                    return None
                return None if amount is None else amount.value - value
            bad = check_amount(value, InvoiceField.PAYMENT) if value else None
            if bad is not None:
                problem(column, bad.message)
                return None
            return value
        if paid_on is not None and amount is not None:
            return amount.value
        return _ZERO

    def field_of(self, field: InvoiceField, told_by: Column | None) -> str:
        """The header a problem of `make_invoice` is about."""
        if field is InvoiceField.CURRENCY:
            return self.header(told_by) if told_by is not None else Column.CURRENCY.value
        if field is InvoiceField.DUE_ON and Column.DUE_ON not in self.at:
            return self.header(Column.TERMS)
        if field is InvoiceField.PAYMENT:
            for column in (Column.PAID, Column.OUTSTANDING, Column.PAID_ON):
                if column in self.at:
                    return self.header(column)
            return Column.PAID.value
        return self.header(_COLUMN_OF[field])


_COLUMN_OF: dict[InvoiceField, Column] = {
    InvoiceField.NUMBER: Column.NUMBER,
    InvoiceField.ISSUED_ON: Column.ISSUED_ON,
    InvoiceField.DUE_ON: Column.DUE_ON,
    InvoiceField.AMOUNT: Column.AMOUNT,
    InvoiceField.CURRENCY: Column.CURRENCY,
    InvoiceField.PAYMENT: Column.PAID,
}


def invoices_from(found: Iterable[InvoiceLine]) -> list[tuple[str, Invoice]]:
    """The invoices of `parse_lines`' lines, (customer, invoice), in the order each first appears:
    the rows of one customer's invoice number are its payments. `ValueError` for lines that are
    not one invoice each (`parse_lines` gives none such)."""
    grouped: dict[tuple[str, str], list[InvoiceLine]] = {}
    for item in found:
        grouped.setdefault((item.customer, item.number), []).append(item)
    invoices: list[tuple[str, Invoice]] = []
    for (customer, number), items in grouped.items():
        first = items[0]
        payments = [
            Payment(paid_on=i.paid_on, amount=i.paid) for i in items if i.paid_on is not None and i.paid
        ]
        made = make_invoice(number, first.issued_on, first.due_on, first.amount, first.currency, payments)
        if isinstance(made, list):
            raise ValueError("; ".join(p.message for p in made))
        invoices.append((customer, made))
    return invoices


# --- our own download ------------------------------------------------------------------------

#: The invoices download: one row per payment (an invoice not paid yet: one row, the last two
#: cells empty), the invoice's facts repeated on each. A new version adds columns at the end only.
INVOICE_COLUMNS = (
    "client",
    "invoice",
    "issued_on",
    "due_on",
    "amount",
    "currency",
    "paid_on",
    "paid",
    # Added since: the client's portable id (`formats.portable`).
    "account_uid",
)


def write_invoices(rows: Iterable[tuple[str, Invoice] | tuple[str, Invoice, str]], sep: str = ",") -> str:
    """The invoices download for (client name, invoice) pairs, or (client name, invoice, account_uid),
    payments in date order. Dates ISO, amounts plain numbers with the currency's decimals and the
    file's decimal mark (`;`: a comma), every text cell formula-safe. `parse_lines` reads it back to
    the same invoices."""
    check_separator(sep)
    decimal = decimal_mark(sep)
    out = [record(INVOICE_COLUMNS, sep)]
    for client, invoice, *uid in rows:
        last = [to_cell(uid[0] if uid else "")]
        facts = [
            to_cell(client),
            to_cell(invoice.number),
            to_cell(invoice.issued_on),
            to_cell(invoice.due_on),
            money_cell(invoice.amount, invoice.currency, decimal),
            to_cell(invoice.currency),
        ]
        if not invoice.payments:
            out.append(record([*facts, "", "", *last], sep))
        for payment in sorted(invoice.payments, key=lambda p: p.paid_on):
            paid = [to_cell(payment.paid_on), money_cell(payment.amount, invoice.currency, decimal)]
            out.append(record([*facts, *paid, *last], sep))
    return "".join(out)


def money_cell(amount: Decimal, currency: str, decimal: str = ".") -> str:
    """An amount as a file writes it: as many decimals as the currency has, the file's decimal mark."""
    return to_cell(amount.quantize(Decimal(1).scaleb(-currency_digits(currency))), decimal=decimal)
