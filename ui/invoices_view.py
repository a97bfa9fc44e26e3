"""The client page's Invoices tab: what the invoices say, the table that keeps them, the statement.

The figures, the warning and the chart read one `scoring.invoices.Ledger`, the table and the
statement the whole invoices it is made of (`client_books`), kept in the client page's memo for
the data version: a click that changes nothing reads no invoice again. The table is two
`st.data_editor`s in one form: typing in a cell reruns nothing, and a save stores the whole
table or, with every problem listed, nothing. What the editors return is turned into the
service's rows by `rows_from_frames` (pure, tested without a browser).

An editor keeps a person's edits as changes to the frame it was given: laid over another frame
they would land on the wrong rows. So the editors' keys carry a digest of what is stored, and a
save (here, or by anyone else) gives them new keys and the stored rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from formats import csvcodec
from formats.filenames import download_name
from formats.statement import statement_csv, statement_html
from i18n import (
    _,
    currency_digits,
    current_language,
    format_date,
    format_decimal,
    format_integer,
    format_money,
    is_currency,
    ngettext,
    pgettext,
    use_language,
)
from scoring import Assessment, Rubric
from scoring.capacity import Rate, hourly_rate
from scoring.invoices import AVERAGE_OVER, Invoice, Ledger, Totals
from scoring.invoices import ledger as make_ledger
from scoring.limits import AMOUNT_MAX, INVOICE_NUMBER_MAX, WEEKLY_HOURS_MAX
from scoring.playbooks import playbooks_for
from services.invoices import (
    EarlyWarning,
    InvoiceRow,
    PaymentRow,
    changed_meanwhile,
    default_currency,
    early_warning,
    invoices_of,
    late_fee_percent,
    save_table,
    set_hours,
)
from services.store import AccountRecord, NotFound, Repository, StorageUnavailable
from ui import routes
from ui.charts import vega_locale
from ui.client_view import REASON_PARAM
from ui.data_view import SEPARATOR_KEY
from ui.forms import NOT_SAVED
from ui.language import stored_preferences
from ui.text import md_escape

#: The currencies the table offers first; an invoice stored in another keeps its own.
CURRENCIES = ("EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "JPY", "AUD", "CAD")
#: The editors' columns, by the names `rows_from_frames` reads.
INVOICE_COLUMNS = ("number", "issued", "due", "terms", "amount", "currency")
PAYMENT_COLUMNS = ("invoice", "paid_on", "amount")

# The figures: an amount per currency takes a line of its own, never cut off with "…".
_FIGURES_CSS = """
<style>
.st-key-ts-invoice-figures [data-testid="stMetricValue"] {font-size: 1.75rem; line-height: 1.2;}
.st-key-ts-invoice-figures [data-testid="stMetricValue"] p {white-space: normal; overflow: visible;}
</style>
"""

# Quiet colours: the chart shows how late, not an alarm.
_PAID_COLOUR = "#475569"
_OPEN_COLOUR = "#d97706"


# --- what the tab reads --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Books:
    """One client's invoices on `today`: whole, with every payment (the table, the statement), and
    what they say (`Ledger`: the figures, the warning, the chart)."""

    invoices: tuple[Invoice, ...]
    ledger: Ledger


def client_books(
    repo: Repository,
    rubric: Rubric,
    account_id: int,
    memo: dict[str, Any] | None = None,
    today: dt.date | None = None,
) -> Books:
    """The client's invoices, read once per data version: kept in the page's `memo`
    (`ui.scorecard.Current.memo`; any save makes a new one), so a click that changes nothing
    reads no invoice again."""
    today = today or dt.date.today()
    key = f"invoices.books.{rubric.key}.{rubric.version}.{today.isoformat()}"
    found = memo.get(key) if memo is not None else None
    if not isinstance(found, Books):
        invoices = tuple(invoices_of(repo, account_id))
        found = Books(invoices, make_ledger(invoices, today, rubric.status))
        if memo is not None:
            memo[key] = found
    return found


def _early(
    rubric: Rubric, books: Books, history: Sequence[Assessment], memo: dict[str, Any] | None
) -> EarlyWarning | None:
    """How early the invoices warned, worked out once per data version (kept in `memo`)."""
    if books.ledger.slowing is None:
        return None
    key = f"invoices.early.{rubric.key}.{rubric.version}.{books.ledger.today.isoformat()}"
    if memo is not None and key in memo:
        found = memo[key]
        return found if isinstance(found, EarlyWarning) else None
    made = early_warning(rubric, history, books.invoices, books.ledger.today)
    if memo is not None:
        memo[key] = made
    return made


def client_ledger(
    repo: Repository,
    rubric: Rubric,
    account_id: int,
    memo: dict[str, Any] | None = None,
    today: dt.date | None = None,
) -> Ledger:
    """What the client's invoices say (`client_books`): the check-in's fact comes from it."""
    return client_books(repo, rubric, account_id, memo, today).ledger


# --- the editors' frames and back ----------------------------------------------------------------


def invoice_frame(invoices: Sequence[Invoice]) -> pd.DataFrame:
    """The invoices table as the editor shows it: one row per invoice, amounts as numbers."""
    return pd.DataFrame(
        {
            "number": pd.Series([i.number for i in invoices], dtype="object"),
            "issued": pd.Series([i.issued_on for i in invoices], dtype="object"),
            "due": pd.Series([i.due_on for i in invoices], dtype="object"),
            # Text, so an empty cell shows empty rather than "None"; `_whole` reads the digits.
            "terms": pd.Series([""] * len(invoices), dtype="object"),
            "amount": pd.Series([float(i.amount) for i in invoices], dtype="float64"),
            "currency": pd.Series([i.currency for i in invoices], dtype="object"),
        },
        columns=list(INVOICE_COLUMNS),
    )


def payment_frame(invoices: Sequence[Invoice]) -> pd.DataFrame:
    """The payments table: one row per payment, naming the invoice it pays by its number."""
    paid = [(i.number, p.paid_on, float(p.amount)) for i in invoices for p in i.payments]
    return pd.DataFrame(
        {
            "invoice": pd.Series([number for number, _day, _amount in paid], dtype="object"),
            "paid_on": pd.Series([day for _number, day, _amount in paid], dtype="object"),
            "amount": pd.Series([amount for _number, _day, amount in paid], dtype="float64"),
        },
        columns=list(PAYMENT_COLUMNS),
    )


def _blank(value: object) -> bool:
    if value is None or value is pd.NaT:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return False


def _text(value: object) -> str:
    return "" if _blank(value) else str(value).strip()


def _date(value: object) -> dt.date | None:
    if _blank(value):
        return None
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _whole(value: object) -> int | None:
    if _blank(value):
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    return int(number) if math.isfinite(number) and number >= 0 else None


def amount_of(value: object, currency: str) -> Decimal | None:
    """An editor's number as the amount it means: rounded to the currency's decimals first, so the
    float an editor hands back (0.1 + 0.2 is 0.30000000000000004) is the 0.30 that was typed."""
    if _blank(value):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number):
        return None
    digits = currency_digits(currency) if is_currency(currency) else 2
    return Decimal(str(round(number, digits)))


def rows_from_frames(
    invoices: pd.DataFrame, payments: pd.DataFrame, currency: str = "EUR"
) -> tuple[list[InvoiceRow], list[PaymentRow]]:
    """The two edited tables as the service's rows. A row left wholly empty (added and not filled)
    is left out; `currency` is for a row without one."""
    rows: list[InvoiceRow] = []
    currency_of: dict[str, str] = {}
    for record in invoices.to_dict("records"):
        number = _text(record.get("number"))
        issued, due = _date(record.get("issued")), _date(record.get("due"))
        terms, raw = _whole(record.get("terms")), record.get("amount")
        if not number and issued is None and due is None and terms is None and _blank(raw):
            continue
        code = _text(record.get("currency")).upper() or currency
        currency_of.setdefault(number, code)
        rows.append(InvoiceRow(number, issued, due, terms, amount_of(raw, code), code))
    paid: list[PaymentRow] = []
    for record in payments.to_dict("records"):
        number = _text(record.get("invoice"))
        day, raw = _date(record.get("paid_on")), record.get("amount")
        if not number and day is None and _blank(raw):
            continue
        paid.append(PaymentRow(number, day, amount_of(raw, currency_of.get(number, currency))))
    return rows, paid


def stored_digest(invoices: Sequence[Invoice]) -> str:
    """A short name for what is stored: the editors' keys change when it does."""
    text = "|".join(
        f"{i.number};{i.issued_on};{i.due_on};{i.amount};{i.currency};"
        + ",".join(f"{p.paid_on}:{p.amount}" for p in i.payments)
        for i in invoices
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


# --- what the invoices say -----------------------------------------------------------------------


def _per_currency(totals: Sequence[Totals], field: str) -> str:
    """One amount per currency, a line each: amounts in two currencies are never added up. A
    currency with nothing to show is left out, unless none has anything."""
    shown = [t for t in totals if getattr(t, field) > 0] or list(totals[:1])
    # A metric's value is markdown: escaped ("$" would start a formula).
    return md_escape("\n".join(format_money(getattr(t, field), t.currency) for t in shown)) or "—"


def _days(value: float | None) -> str:
    if value is None:
        return "—"
    n = round(value)
    return ngettext("{n} day", "{n} days", n).format(n=format_integer(n))


def rate_text(rate: Rate | None, weekly_hours: float | None) -> tuple[str, str]:
    """The effective hourly rate as a metric shows it, and how it is worked out."""
    if rate is None:
        if not weekly_hours:
            return "—", _("Give the planned hours a week below: the rate is what this client pays per hour.")
        return "—", _("There is nothing to divide yet: no invoices of the last year and no deal value.")
    # Translators: an hourly rate, short enough for a narrow column ("€ 85,50/u").
    amount = _("{amount}/h").format(amount=format_money(rate.amount, rate.currency))
    hours = format_decimal(weekly_hours or 0, 2)
    if rate.invoiced:
        how = _(
            "What was invoiced over the last year ({currency}) ÷ the hours planned in that time "
            "({hours} a week). Set beside your other clients' rates, a low one is a price fighter."
        ).format(currency=rate.currency, hours=hours)
    else:
        how = _(
            "The deal value ÷ a year of planned hours ({hours} a week): there are no invoices "
            "of the last year yet."
        ).format(hours=hours)
    return amount, how


def figures(ledger: Ledger, account: AccountRecord, deal_currency: str = "EUR") -> None:
    """Outstanding, overdue, how late and how soon they pay, and the rate: three and two to a row
    on a phone (the Home numbers' layout, `ts-metrics`)."""
    rate = hourly_rate(
        ledger, account.weekly_hours, account.signed_on, ledger.today, account.deal_value, deal_currency
    )
    rate_value, rate_help = rate_text(rate, account.weekly_hours)
    st.html(_FIGURES_CSS)
    with st.container(key="ts-invoice-figures"), st.container(key="ts-metrics"):
        cols = st.columns(5)
        cols[0].metric(
            _("Outstanding"),
            _per_currency(ledger.totals, "outstanding"),
            help=_("Invoiced and not yet paid, per currency."),
        )
        cols[1].metric(
            _("Overdue"),
            _per_currency(ledger.totals, "overdue"),
            help=_("Outstanding past its due date, per currency."),
        )
        cols[2].metric(
            _("Days late (avg.)"),
            _days(ledger.average_days_late()),
            help=_("On average over the last {n} invoices that are paid or past due.").format(n=AVERAGE_OVER),
        )
        cols[3].metric(
            _("Days to pay (avg.)"),
            _days(ledger.average_days_to_pay()),
            help=_(
                "From the issue date to the payment that settled it, "
                "on average over the last {n} paid invoices."
            ).format(n=AVERAGE_OVER),
        )
        cols[4].metric(_("Hourly rate"), md_escape(rate_value), help=rate_help)


def days_late_chart(ledger: Ledger, language: str) -> tuple[pd.DataFrame, dict[str, Any]] | None:
    """Days late per invoice by issue date, paid and still open apart: a slide shows as a line
    going up. None with fewer than two invoices whose lateness is known (paid, or past due)."""
    today = ledger.today
    known = [i for i in ledger.invoices if i.settled_on is not None or i.overdue(today)]
    if len(known) < 2:
        return None
    with use_language(language):
        paid, still_open = _("paid"), _("still open")
        data = pd.DataFrame(
            {
                "issued": [i.issued_on.isoformat() for i in known],
                "days": [i.days_late(today) for i in known],
                "number": [i.number for i in known],
                "state": [paid if i.settled_on is not None else still_open for i in known],
            }
        )
        tooltip = [
            {"field": "number", "type": "nominal", "title": _("Invoice")},
            {"field": "issued", "type": "temporal", "title": _("Issued"), "format": "%Y-%m-%d"},
            {"field": "days", "type": "quantitative", "title": _("Days late")},
        ]
        when = {
            "field": "issued",
            "type": "temporal",
            "title": None,
            "scale": {"padding": 12},
            "axis": {"labelOverlap": True},
        }
        spec: dict[str, Any] = {
            "height": 180,
            "encoding": {
                "x": when,
                "y": {
                    "field": "days",
                    "type": "quantitative",
                    "title": _("Days late"),
                    "scale": {"zero": True},
                },
            },
            "layer": [
                {"mark": {"type": "line", "color": "#94a3b8", "strokeWidth": 2}},
                {
                    "mark": {"type": "circle", "size": 70, "opacity": 1},
                    "encoding": {
                        "color": {
                            "field": "state",
                            "type": "nominal",
                            "scale": {"domain": [paid, still_open], "range": [_PAID_COLOUR, _OPEN_COLOUR]},
                            "legend": {"title": None, "orient": "top"},
                        },
                        "tooltip": tooltip,
                    },
                },
            ],
            "config": {"locale": vega_locale(language)},
        }
    return data, spec


def figures_frame(ledger: Ledger) -> pd.DataFrame:
    """What each invoice says, worked out (read only): the editor above holds only what was typed."""
    today = ledger.today
    rows = []
    for i in reversed(ledger.invoices):
        known = i.settled_on is not None or i.overdue(today)
        if i.settled_on is not None:
            state = _("paid {date}").format(date=format_date(i.settled_on))
        elif i.overdue(today):
            state = _("overdue")
        else:
            state = _("open")
        rows.append(
            {
                # What a phone shows without scrolling first: which, how late, what is open.
                _("Invoice"): i.number,
                _("Days late"): format_integer(i.days_late(today)) if known else "",
                _("Outstanding"): format_money(i.outstanding, i.currency),
                _("State"): state,
                _("Due"): format_date(i.due_on),
                _("Amount"): format_money(i.amount, i.currency),
            }
        )
    return pd.DataFrame(rows)


# --- the statement -------------------------------------------------------------------------------


def statement_html_bytes(
    client: str,
    company: str,
    sender: str,
    invoices: Sequence[Invoice],
    today: dt.date,
    percent: Decimal,
    language: str,
) -> bytes:
    """The printable statement, in `language` (built when the button is clicked)."""
    with use_language(language):
        return statement_html(client, company, sender, invoices, today, percent).encode("utf-8")


def statement_csv_bytes(
    client: str, invoices: Sequence[Invoice], today: dt.date, percent: Decimal, sep: str, language: str
) -> bytes:
    """The statement as a CSV Excel opens right (UTF-8 with a byte-order mark), in `language`."""
    with use_language(language):
        return csvcodec.to_excel_bytes(statement_csv(client, invoices, today, percent, sep=sep))


def statement_buttons(repo: Repository, account: AccountRecord, books: Books) -> None:
    """The statement to send: a page to print (or save as PDF) and the same as a CSV, in the
    reader's language, with the late fee the workspace charges."""
    language = current_language()
    today = books.ledger.today
    percent = late_fee_percent(repo)
    sender = stored_preferences(repo).questionnaire_sender
    # The separator the Data page uses: the one picked there this session, else the language's.
    sep = str(st.session_state.get(SEPARATOR_KEY) or csvcodec.separator_for())
    html_col, csv_col = st.columns(2)
    with html_col:
        st.download_button(
            _("Statement (print or save as PDF)"),
            data=partial(
                statement_html_bytes,
                account.name,
                account.company,
                sender,
                books.invoices,
                today,
                percent,
                language,
            ),
            file_name=download_name(_file_kind(), account.name, today, "html"),
            mime="text/html",
            icon=":material/print:",
            on_click="ignore",
            key=f"invoices.{account.id}.statement.html",
            width="stretch",
        )
    with csv_col:
        st.download_button(
            _("Statement as CSV"),
            data=partial(statement_csv_bytes, account.name, books.invoices, today, percent, sep, language),
            file_name=download_name(_file_kind(), account.name, today, "csv"),
            mime="text/csv",
            icon=":material/download:",
            on_click="ignore",
            key=f"invoices.{account.id}.statement.csv",
            width="stretch",
        )
    if percent > 0:
        st.caption(
            _("Overdue amounts carry a late fee of {percent}% a year, by the day.").format(
                percent=format_decimal(float(percent), 2)
            )
        )


def _file_kind() -> str:
    # Translators: the first word of a statement's file name (plain lower-case letters, no spaces).
    return pgettext("file name", "statement")


# --- the tab -------------------------------------------------------------------------------------


def _outcome_key(account_id: int) -> str:
    return f"invoices.{account_id}.outcome"


def _hours_key(account_id: int) -> str:
    return f"invoices.{account_id}.hours"


def _save_hours(repo: Repository, account_id: int) -> None:
    value = st.session_state.get(_hours_key(account_id))
    hours = float(value) if isinstance(value, int | float) else None
    try:
        set_hours(repo, account_id, hours)
    except ValueError as exc:
        st.session_state[f"{_hours_key(account_id)}.said"] = ("error", str(exc))
        return
    except (StorageUnavailable, NotFound):
        st.session_state[f"{_hours_key(account_id)}.said"] = ("error", str(NOT_SAVED))
        return
    st.session_state[f"{_hours_key(account_id)}.said"] = ("saved", _("Saved."))


def hours_input(repo: Repository, account: AccountRecord) -> None:
    """Planned hours a week, saved as soon as it changes."""
    key = _hours_key(account.id)
    if key not in st.session_state:
        # Empty allowed: the input starts at None and takes the stored hours as its state.
        st.session_state[key] = account.weekly_hours
    number_col, said_col = st.columns([2, 3], vertical_alignment="bottom")
    with number_col:
        st.number_input(
            _("Planned hours a week"),
            min_value=0.0,
            max_value=float(WEEKLY_HOURS_MAX),
            step=0.5,
            value=None,
            placeholder="—",
            key=key,
            on_change=_save_hours,
            args=(repo, account.id),
            help=_(
                "How many hours a week the work for this client is planned to take. With the invoices "
                "it gives the hourly rate; your capacity adds up every client's."
            ),
        )
    said = st.session_state.pop(f"{_hours_key(account.id)}.said", None)
    with said_col:
        if said and said[0] == "error":
            st.error(said[1], icon=":material/error:")
        elif said:
            st.caption(":material/check: " + said[1])


def _invoice_config(currencies: Sequence[str], default: str) -> dict[str, Any]:
    return {
        "number": st.column_config.TextColumn(
            _("Number"),
            required=True,
            max_chars=INVOICE_NUMBER_MAX,
            help=_("The invoice number, as on the invoice."),
        ),
        "issued": st.column_config.DateColumn(_("Issued"), format="YYYY-MM-DD", required=True),
        "due": st.column_config.DateColumn(
            _("Due"), format="YYYY-MM-DD", help=_("The due date. Leave it empty to give the terms instead.")
        ),
        "terms": st.column_config.TextColumn(
            _("Terms (days)"),
            max_chars=3,
            validate=r"^\d{0,3}$",
            help=_("Days after the issue date the invoice is due: used when Due is empty."),
        ),
        "amount": _amount_column(),
        "currency": st.column_config.SelectboxColumn(
            _("Currency"), options=list(currencies), default=default, required=True
        ),
    }


def _payment_config(numbers: Sequence[str]) -> dict[str, Any]:
    return {
        "invoice": st.column_config.SelectboxColumn(
            _("Invoice"), options=list(numbers), required=True, help=_("The invoice this payment pays.")
        ),
        "paid_on": st.column_config.DateColumn(_("Paid on"), format="YYYY-MM-DD", required=True),
        "amount": _amount_column(),
    }


def _amount_column() -> Any:
    return st.column_config.NumberColumn(
        _("Amount"), required=True, min_value=0.0, max_value=float(AMOUNT_MAX), step=0.01, format="%.2f"
    )


def invoices_table(repo: Repository, account: AccountRecord, books: Books) -> None:
    """The two editors and the save, in one form; what the save did, under it."""
    stored = books.invoices
    default = default_currency(repo)
    currencies = list(CURRENCIES)
    currencies += sorted({i.currency for i in stored} | {default} - set(CURRENCIES))
    numbers = [i.number for i in stored]
    digest = stored_digest(stored)
    with st.form(f"invoices-form-{account.id}", border=True, enter_to_submit=False):
        st.markdown("##### " + _("Invoices"))
        st.caption(
            _(
                "One row per invoice: give the due date, or the terms in days. Add a row at the bottom; "
                "select rows on their left edge to delete them."
            )
        )
        edited = st.data_editor(
            invoice_frame(stored),
            key=f"invoices.{account.id}.table.{digest}",
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            column_order=INVOICE_COLUMNS,
            column_config=_invoice_config(currencies, default),
        )
        st.markdown("##### " + _("Payments"))
        st.caption(
            _(
                "One row per payment; an invoice may be paid in parts. "
                "Save a new invoice before you record its payments."
            )
        )
        paid = st.data_editor(
            payment_frame(stored),
            key=f"invoices.{account.id}.payments.{digest}",
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            column_order=PAYMENT_COLUMNS,
            column_config=_payment_config(numbers),
        )
        submitted = st.form_submit_button(_("Save invoices"), type="primary", icon=":material/save:")
    # What the tables were filled from when the person started: a submit finds what is stored now.
    base_key = f"invoices.{account.id}.based_on"
    based_on = st.session_state.get(base_key, digest)
    st.session_state[base_key] = digest
    if submitted:
        rows, payments = rows_from_frames(edited, paid, default)
        outcome: tuple[str, object]
        try:
            if based_on != digest:  # changed since the tables were filled: their edits are gone
                problems = [changed_meanwhile()]
            else:
                problems = save_table(repo, account.id, rows, payments, based_on=stored)
        except (StorageUnavailable, NotFound):
            outcome = ("problems", [str(NOT_SAVED)])
        else:
            outcome = ("problems", problems) if problems else ("saved", len(rows))
        st.session_state[_outcome_key(account.id)] = outcome
        if outcome[0] == "saved":
            # Everything above (the figures, the chart) reads the new invoices.
            st.rerun()
    said = st.session_state.pop(_outcome_key(account.id), None)
    if said is None:
        return
    kind, detail = said
    if kind == "saved" and isinstance(detail, int):
        st.success(
            ngettext("Saved {n} invoice.", "Saved {n} invoices.", detail).format(n=format_integer(detail)),
            icon=":material/check_circle:",
        )
    elif isinstance(detail, list):
        st.error(
            _("Nothing was saved. Fix these and save again:")
            + "\n"
            + "\n".join(f"- {md_escape(str(problem))}" for problem in detail),
            icon=":material/error:",
        )


def slowing_notice(account: AccountRecord, ledger: Ledger) -> None:
    """One line under the client's status when its invoices are paid slower and slower, with the
    way to the Invoices tab (where the warning says more)."""
    if ledger.slowing is None or st.query_params.get(routes.TAB_PARAM) == "Invoices":
        return
    st.warning(md_escape(ledger.slowing.message()), icon=":material/trending_down:")
    st.page_link(
        routes.CLIENT,
        label=_("See the invoices"),
        icon=":material/receipt_long:",
        query_params={"account": str(account.id), routes.TAB_PARAM: "Invoices"},
    )


def slowing_warning(
    rubric: Rubric, account: AccountRecord, ledger: Ledger, warned: EarlyWarning | None = None
) -> bool:
    """The slowing-payment warning, since when, and the way to its playbook; True when the playbook
    is the payment one, which asks for a statement at hand."""
    slowing = ledger.slowing
    if slowing is None:
        return False
    st.warning(md_escape(slowing.message()), icon=":material/trending_down:")
    if warned is not None:
        ahead = warned.days_ahead
        if ahead is not None:
            st.caption(
                ngettext(
                    "The invoices first warned of this on {date}, {n} day before the check-ins said let go.",
                    "The invoices first warned of this on {date}, {n} days before the check-ins said let go.",
                    ahead,
                ).format(date=format_date(warned.since), n=format_integer(ahead))
            )
        else:
            st.caption(
                _("The invoices have warned of this since {date}.").format(date=format_date(warned.since))
            )
    book = playbooks_for(rubric).get(slowing.playbook)
    if book is not None and account.ended_on is None:
        st.page_link(
            routes.CLIENT,
            label=_("Open the playbook: {title}").format(title=md_escape(str(book.title))),
            icon=":material/menu_book:",
            query_params={
                "account": str(account.id),
                routes.TAB_PARAM: "Let go",
                REASON_PARAM: slowing.playbook,
            },
        )
    return slowing.playbook == "payment"


def invoices_tab(
    repo: Repository,
    rubric: Rubric,
    account: AccountRecord,
    memo: dict[str, Any] | None = None,
    history: Sequence[Assessment] = (),
) -> None:
    """The Invoices tab. `memo`: the client page's (`ui.scorecard.Current.memo`); `history`: the
    client's assessments, to say how early the invoices warned."""
    books = client_books(repo, rubric, account.id, memo)
    ledger = books.ledger
    warned = _early(rubric, books, history, memo)
    if ledger.empty:
        st.info(
            _(
                "No invoices yet. Enter them below, or import a bookkeeping export on the Data page: "
                "how late they are paid is the earliest sign that a client is in trouble."
            ),
            icon=":material/receipt_long:",
        )
    else:
        figures(ledger, account, default_currency(repo))
        if slowing_warning(rubric, account, ledger, warned):
            # The payment playbook starts with collecting what is owed: the statement at hand.
            statement_buttons(repo, account, books)
        language = current_language()
        key = f"invoices.chart.{language}.{ledger.today.isoformat()}"
        chart = memo.get(key) if memo is not None else None
        if chart is None:
            chart = days_late_chart(ledger, language) or ()
            if memo is not None:
                memo[key] = chart
        if chart:
            st.markdown("##### " + _("Days late per invoice"))
            data, spec = chart
            st.vega_lite_chart(data, spec, width="stretch")
    if account.ended_on is None:
        hours_input(repo, account)
    invoices_table(repo, account, books)
    if not ledger.empty:
        st.markdown("##### " + _("What each invoice says"))
        st.dataframe(figures_frame(ledger), hide_index=True, width="stretch")
        if not (ledger.slowing is not None and ledger.slowing.playbook == "payment"):
            st.markdown("##### " + _("Statement"))
            statement_buttons(repo, account, books)
