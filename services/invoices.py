"""Invoices: entered on the client page, imported from a bookkeeping program's export, and read
back as the facts behind a status (days late, the slowing alert, a statement).

An import of a bookkeeping program's file is `services.invoice_import`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from formats.csvcodec import RowError
from formats.hours_csv import read_hours, write_hours
from i18n import _, format_integer
from scoring import Assessment, Rubric, Stage
from scoring.accounts import AccountRecord
from scoring.invoices import (
    Invoice,
    InvoiceField,
    Ledger,
    Owed,
    Payment,
    Problem,
    ledger,
    make_invoice,
    too_many,
    warned_since,
)
from scoring.limits import WEEKLY_HOURS_MAX
from scoring.names import name_key
from scoring.status import split_history, turned_red_on
from services.settings import LOCAL
from storage import Repository
from storage.invoices import InvoicesChanged

#: The workspace's settings (shared by everyone who signs in): kept under the local owner.
CAPACITY = "capacity_hours"
LATE_FEE = "late_fee_percent"
DEFAULT_CURRENCY = "default_currency"


def invoices_of(repo: Repository, account_id: int) -> list[Invoice]:
    return repo.invoices(account_id)


def ledger_of(repo: Repository, rubric: Rubric, account_id: int, today: dt.date | None = None) -> Ledger:
    return ledger(repo.invoices(account_id), today or dt.date.today(), rubric.status)


# --- the client page's table -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InvoiceRow:
    """One row of the invoices table as a person typed it: `due_on` or `terms` (days) gives the due date."""

    number: str
    issued_on: dt.date | None
    due_on: dt.date | None
    terms: int | None
    amount: Decimal | None
    currency: str


@dataclass(frozen=True, slots=True)
class PaymentRow:
    number: str
    paid_on: dt.date | None
    amount: Decimal | None


def check_table(rows: Sequence[InvoiceRow], paid: Sequence[PaymentRow]) -> list[Invoice] | list[str]:
    """The invoices the two tables say, or every problem, each naming its table, row and field."""
    problems: list[str] = []
    by_number: dict[str, list[Payment]] = {}
    for index, pay in enumerate(paid, start=1):
        where = _("Payment row {n}").format(n=format_integer(index))
        number = (pay.number or "").strip()
        if not number:
            problems.append(_("{where}, invoice: choose the invoice it pays").format(where=where))
        if pay.paid_on is None:
            problems.append(_("{where}, paid on: the date is empty").format(where=where))
        if pay.amount is None or pay.amount <= 0:
            problems.append(_("{where}, amount: an amount must be more than zero").format(where=where))
        if number and pay.paid_on is not None and pay.amount is not None and pay.amount > 0:
            by_number.setdefault(number, []).append(Payment(paid_on=pay.paid_on, amount=pay.amount))
    made: list[Invoice] = []
    seen: set[str] = set()
    for index, row in enumerate(rows, start=1):
        where = _("Invoice row {n}").format(n=format_integer(index))
        number = (row.number or "").strip()
        if number in seen:
            problems.append(
                _("{where}, number: {number} is already on another row").format(where=where, number=number)
            )
            continue
        seen.add(number)
        if row.issued_on is None:
            problems.append(_("{where}, issued: the date is empty").format(where=where))
            continue
        due = row.due_on
        if due is None and row.terms is not None:
            due = row.issued_on + dt.timedelta(days=row.terms)
        if due is None:
            problems.append(_("{where}, due: give a due date or the terms in days").format(where=where))
            continue
        if row.amount is None:
            problems.append(_("{where}, amount: the amount is empty").format(where=where))
            continue
        found = make_invoice(
            number, row.issued_on, due, row.amount, row.currency or "EUR", by_number.get(number, ())
        )
        if isinstance(found, list):
            problems += [_field_problem(where, p) for p in found]
        else:
            made.append(found)
    for number in sorted(set(by_number) - seen):
        problems.append(
            _("Payments for invoice {number}: there is no invoice with that number").format(number=number)
        )
    limit = too_many(len(made))
    if limit:
        problems.append(limit)
    return problems if problems else made


_FIELD_NAMES = {
    InvoiceField.NUMBER: lambda: _("number"),
    InvoiceField.ISSUED_ON: lambda: _("issued"),
    InvoiceField.DUE_ON: lambda: _("due"),
    InvoiceField.AMOUNT: lambda: _("amount"),
    InvoiceField.CURRENCY: lambda: _("currency"),
    InvoiceField.PAYMENT: lambda: _("payments"),
}


def _field_problem(where: str, problem: Problem) -> str:
    return _("{where}, {field}: {problem}").format(
        where=where, field=_FIELD_NAMES[problem.field](), problem=problem.message
    )


def save_table(
    repo: Repository,
    account_id: int,
    rows: Sequence[InvoiceRow],
    paid: Sequence[PaymentRow],
    based_on: Sequence[Invoice] | None = None,
) -> list[str]:
    """Store the client's invoices as the tables say, whole, or nothing and every problem.
    `based_on`: the invoices the tables were filled from; when those are no longer what is stored
    (an import, another person saved), nothing is stored and the problem says so."""
    checked = check_table(rows, paid)
    if checked and isinstance(checked[0], str):
        return [str(p) for p in checked]
    try:
        repo.replace_invoices(account_id, [i for i in checked if isinstance(i, Invoice)], expected=based_on)
    except InvoicesChanged:
        return [changed_meanwhile()]
    return []


def changed_meanwhile() -> str:
    return _(
        "These invoices changed while you edited them (an import, or someone else saved): nothing was "
        "saved. The table now shows what is stored; make your change again."
    )


# --- hours and the workspace's settings ------------------------------------------------------


def check_hours(hours: float | None) -> str | None:
    if hours is None:
        return None
    if not 0 <= hours <= WEEKLY_HOURS_MAX:
        return _("Hours a week must be between 0 and {most}.").format(most=WEEKLY_HOURS_MAX)
    return None


def set_hours(repo: Repository, account_id: int, hours: float | None) -> None:
    problem = check_hours(hours)
    if problem:
        raise ValueError(problem)
    repo.set_weekly_hours(account_id, None if hours is None else round(float(hours), 2))


def capacity(repo: Repository) -> float | None:
    value = repo.settings(LOCAL).get(CAPACITY, "")
    try:
        return float(value) if value else None
    except ValueError:
        return None


def save_capacity(repo: Repository, hours: float | None) -> None:
    problem = check_hours(hours)
    if problem:
        raise ValueError(problem)
    repo.save_setting(LOCAL, CAPACITY, "" if hours is None else str(round(float(hours), 2)))


def late_fee_percent(repo: Repository) -> Decimal:
    """The yearly interest a statement adds on overdue amounts (0: none)."""
    value = repo.settings(LOCAL).get(LATE_FEE, "")
    try:
        found = Decimal(value) if value else Decimal(0)
    except ArithmeticError:
        return Decimal(0)
    return found if found.is_finite() and 0 <= found <= 100 else Decimal(0)


def save_late_fee(repo: Repository, percent: Decimal) -> None:
    if not (percent.is_finite() and 0 <= percent <= 100):
        raise ValueError(_("The late fee is a percentage a year between 0 and 100."))
    repo.save_setting(LOCAL, LATE_FEE, str(percent.normalize()))


def default_currency(repo: Repository) -> str:
    return repo.settings(LOCAL).get(DEFAULT_CURRENCY, "") or "EUR"


def latest_due(found: Ledger) -> Owed | None:
    """The invoice `Ledger.latest_days_overdue` takes its figure from, so the check-in can name it."""
    return found.latest_due()


@dataclass(frozen=True, slots=True)
class EarlyWarning:
    """When the invoices first raised today's slowing alert, and when the check-ins turned let go
    or fire now (None: they have not)."""

    since: dt.date
    checkins_red_on: dt.date | None

    @property
    def days_ahead(self) -> int | None:
        """How many days the invoices warned before the check-ins did (None: they did not, or later)."""
        if self.checkins_red_on is None or self.checkins_red_on <= self.since:
            return None
        return (self.checkins_red_on - self.since).days


def early_warning(
    rubric: Rubric, history: Sequence[Assessment], invoices: Sequence[Invoice], today: dt.date
) -> EarlyWarning | None:
    """How early the invoices warned: None when no slowing alert is raised today."""
    since = warned_since(invoices, today, rubric.status)
    if since is None:
        return None
    baseline, checkins = split_history(history)
    red = turned_red_on(rubric, baseline, checkins) if baseline is not None and checkins else None
    return EarlyWarning(since, red)


# --- hours as a file -------------------------------------------------------------------------


def hours_csv(repo: Repository, sep: str = ",") -> str:
    """Every client's planned hours a week (`formats.hours_csv`), by name: what `import_hours` reads."""
    clients = sorted(
        (a for a in repo.accounts() if a.stage is Stage.CLIENT), key=lambda a: (a.name.casefold(), a.id)
    )
    return write_hours(((a.name, a.weekly_hours) for a in clients), sep)


@dataclass
class HoursImport:
    changed: int = 0
    unchanged: int = 0
    problems: list[RowError] = field(default_factory=list)
    dry_run: bool = False


def import_hours(repo: Repository, data: bytes, *, dry_run: bool = False) -> HoursImport:
    """Set the hours a week an hours file (or the accounts download) gives, each to the account of
    its name, in one transaction; a line whose name is no account, or two accounts, is a problem and
    left out. `CsvDecodeError` for bytes that are no CSV text."""
    lines, problems = read_hours(data)
    report = HoursImport(problems=list(problems), dry_run=dry_run)
    by_key: dict[str, list[AccountRecord]] = {}
    for account in repo.accounts():
        by_key.setdefault(name_key(account.name), []).append(account)
    wanted: dict[int, float | None] = {}
    for line in lines:
        found = by_key.get(name_key(line.client), [])
        if len(found) != 1:
            message = (
                _("no account has the name {name}")
                if not found
                else _("{name} is the name of more than one account")
            ).format(name=line.client)
            report.problems.append(RowError(line.line, "client", message))
            continue
        account = found[0]
        if account.weekly_hours == line.hours:
            report.unchanged += 1
        else:
            wanted[account.id] = line.hours
    report.changed = len(wanted)
    report.problems.sort(key=lambda p: p.line)
    if not dry_run:
        repo.set_hours_of(wanted)
    return report
