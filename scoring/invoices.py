"""Invoices and payments: what a client was billed, what it paid and when, and what that says.

The sharpest early warning in the source articles is money: a client whose business goes
south pays slower and slower, often long before anything else shows. So the facts come in
here, and the rules that read them live here once:

- an invoice's days late (paid: how late the last payment settled it; open: how long past due);
- the average days late over the last invoices, what is outstanding and what is overdue, per
  currency (amounts of two currencies are never added up);
- the *slowing-payment* alert, with thresholds from the rubric's `[status]` section;
- the "days the latest invoice is overdue" a check-in is offered;
- the late fee a statement may show.

Amounts are `Decimal`, never floats, with no more decimals than the currency has.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

from pydantic import Field, StringConstraints, model_validator

from i18n import _, currency_digits, format_date, format_integer, format_money, is_currency
from scoring.limits import AMOUNT_MAX, INVOICE_NUMBER_MAX, INVOICES_PER_CLIENT_MAX
from scoring.models import Frozen, StatusRules

Amount = Annotated[Decimal, Field(gt=0, le=Decimal(AMOUNT_MAX), allow_inf_nan=False)]
Number = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=INVOICE_NUMBER_MAX)]
#: How many of the latest invoices the average days late is taken over.
AVERAGE_OVER = 6


class Payment(Frozen):
    paid_on: dt.date
    amount: Amount


class _Owed:
    """The rules of lateness, shared by an `Invoice` and a `Billed`: both say what is paid and when
    the invoice was settled; everything else follows from those."""

    __slots__ = ()

    if TYPE_CHECKING:
        due_on: dt.date
        issued_on: dt.date
        amount: Decimal

    @property
    def paid(self) -> Decimal:
        raise NotImplementedError

    @property
    def settled_on(self) -> dt.date | None:
        raise NotImplementedError

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.paid

    def days_late(self, today: dt.date) -> int:
        """Paid: how many days after the due date it was settled (0 when on time). Open: how
        many days past due it is today (0 before the due date)."""
        end = self.settled_on or today
        return max(0, (end - self.due_on).days)

    def overdue(self, today: dt.date) -> bool:
        return self.outstanding > 0 and today > self.due_on

    def days_to_pay(self) -> int | None:
        """Days from issue to the payment that settled it; None while open."""
        settled = self.settled_on
        return None if settled is None else (settled - self.issued_on).days


class Invoice(_Owed, Frozen):
    """One invoice to one client, with its payments (partial payments allowed).

    Build one with `make_invoice`, which words every problem for a person; the model's own
    checks are the last line, for code."""

    number: Number
    issued_on: dt.date
    due_on: dt.date
    amount: Amount
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    payments: tuple[Payment, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Invoice:
        problems = invoice_problems(self.issued_on, self.due_on, self.amount, self.currency, self.payments)
        if problems:
            raise ValueError("; ".join(p.message for p in problems))
        return self

    @property
    def paid(self) -> Decimal:
        return sum((p.amount for p in self.payments), Decimal(0))

    @property
    def settled_on(self) -> dt.date | None:
        """The day the last payment made it whole; None while any of it is open."""
        if self.outstanding > 0 or not self.payments:
            return None
        return max(p.paid_on for p in self.payments)


@dataclass(frozen=True, slots=True)
class Billed(_Owed):
    """An invoice as a list of every client reads it: its payments summed into what was paid and the
    day of the last one. Made from stored rows, unchecked (they were checked when stored): a first
    look at a team's portfolio reads tens of thousands."""

    number: str
    issued_on: dt.date
    due_on: dt.date
    amount: Decimal
    currency: str
    paid_sum: Decimal
    last_paid: dt.date | None

    @property
    def paid(self) -> Decimal:
        return self.paid_sum

    @property
    def settled_on(self) -> dt.date | None:
        if self.last_paid is None or self.paid_sum < self.amount:
            return None
        return self.last_paid


#: What a ledger reads: a whole invoice, or one with its payments summed.
Owed = Invoice | Billed


# --- checking what a person or a file gives --------------------------------------------------


class InvoiceField(StrEnum):
    """The fields of an invoice as a problem names them (and as the import's mapping does)."""

    NUMBER = "number"
    ISSUED_ON = "issued_on"
    DUE_ON = "due_on"
    AMOUNT = "amount"
    CURRENCY = "currency"
    PAYMENT = "payment"


@dataclass(frozen=True, slots=True)
class Problem:
    field: InvoiceField
    message: str


def invoice_problems(
    issued_on: dt.date,
    due_on: dt.date,
    amount: Decimal,
    currency: str,
    payments: Sequence[Payment] = (),
) -> list[Problem]:
    """Every reason these facts are not an invoice, each naming its field, in the reader's language."""
    problems: list[Problem] = []
    if due_on < issued_on:
        problems.append(
            Problem(
                InvoiceField.DUE_ON,
                _("the due date {due} is before the issue date {issued}").format(
                    due=format_date(due_on), issued=format_date(issued_on)
                ),
            )
        )
    if not is_currency(currency):
        problems.append(
            Problem(
                InvoiceField.CURRENCY,
                _("{code} is not a currency code (such as EUR or USD)").format(code=currency),
            )
        )
    else:
        digits = currency_digits(currency)
        for value, field in (
            (amount, InvoiceField.AMOUNT),
            *((p.amount, InvoiceField.PAYMENT) for p in payments),
        ):
            if _decimals(value) > digits:
                problems.append(Problem(field, _too_precise(value, currency, digits)))
    paid = sum((p.amount for p in payments), Decimal(0))
    if paid > amount and is_currency(currency):
        problems.append(
            Problem(
                InvoiceField.PAYMENT,
                _("the payments ({paid}) are more than the invoice ({amount})").format(
                    paid=format_money(paid, currency), amount=format_money(amount, currency)
                ),
            )
        )
    return problems


def _too_precise(value: Decimal, currency: str, digits: int) -> str:
    if digits == 0:
        return _("{amount} has decimals, but {code} amounts are whole").format(amount=value, code=currency)
    return _("{amount} has more than {n} decimals for {code}").format(amount=value, n=digits, code=currency)


def _decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def parse_amount(text: str) -> Decimal:
    """A plain amount as a form or our own files write it: "1234.50" or "1234,50" (no thousands
    separators). `ValueError` in the reader's words otherwise."""
    cleaned = text.strip().replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(_("{text} is not an amount").format(text=text.strip() or '""')) from None
    if not value.is_finite():
        raise ValueError(_("{text} is not an amount").format(text=text.strip()))
    return value


def check_amount(value: Decimal, field: InvoiceField) -> Problem | None:
    if value <= 0:
        return Problem(field, _("an amount must be more than zero"))
    if value > AMOUNT_MAX:
        return Problem(
            field, _("an amount can be at most {most}").format(most=format_integer(int(AMOUNT_MAX)))
        )
    return None


def make_invoice(
    number: str,
    issued_on: dt.date,
    due_on: dt.date,
    amount: Decimal,
    currency: str,
    payments: Iterable[Payment] = (),
) -> Invoice | list[Problem]:
    """The invoice, or every problem with it (each naming its field)."""
    payments = tuple(sorted(payments, key=lambda p: p.paid_on))
    currency = currency.strip().upper()
    number = number.strip()
    problems: list[Problem] = []
    if not number:
        problems.append(Problem(InvoiceField.NUMBER, _("the invoice number is empty")))
    elif len(number) > INVOICE_NUMBER_MAX:
        problems.append(
            Problem(
                InvoiceField.NUMBER,
                _("the invoice number is longer than {n} characters").format(n=INVOICE_NUMBER_MAX),
            )
        )
    found = check_amount(amount, InvoiceField.AMOUNT)
    if found:
        problems.append(found)
    problems += invoice_problems(issued_on, due_on, amount, currency, payments)
    if problems:
        return problems
    return Invoice(
        number=number, issued_on=issued_on, due_on=due_on, amount=amount, currency=currency, payments=payments
    )


def due_from_terms(issued_on: dt.date, days: int) -> dt.date:
    """Net `days`: the due date `days` after the issue date."""
    return issued_on + dt.timedelta(days=days)


# --- what the invoices say -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Totals:
    """One currency's sums over a client's invoices."""

    currency: str
    invoiced: Decimal
    paid: Decimal
    outstanding: Decimal
    overdue: Decimal


class Pattern(StrEnum):
    #: Each of the last invoices paid later than the one before: how a business short of cash shows.
    IN_A_ROW = "in_a_row"
    #: The latest invoices paid much later on average than the ones before.
    AVERAGE_UP = "average_up"


@dataclass(frozen=True, slots=True)
class Slowing:
    """Payments are slowing: which pattern, over which invoices, and where the playbook is."""

    pattern: Pattern
    #: The invoices the alert names, oldest first, with their days late.
    invoices: tuple[tuple[str, int], ...]
    #: Average days late before and after (AVERAGE_UP), or first and last (IN_A_ROW).
    before: float
    after: float
    #: "going_south" for a steady slide, "payment" for a jump or unpaid parts.
    playbook: str

    def message(self) -> str:
        numbers = ", ".join(number for number, _days in self.invoices)
        if self.pattern is Pattern.IN_A_ROW:
            return _(
                "Payments are slowing: invoices {numbers} were each paid later than the one before "
                "({first} to {last} days late)."
            ).format(
                numbers=numbers, first=format_integer(int(self.before)), last=format_integer(int(self.after))
            )
        return _(
            "Payments are slowing: invoices {numbers} were paid {after} days late on average, "
            "against {before} before."
        ).format(
            numbers=numbers,
            after=format_integer(round(self.after)),
            before=format_integer(round(self.before)),
        )


@dataclass(frozen=True, slots=True)
class Ledger:
    """What one client's invoices say on `today`. Invoices are sorted by issue date."""

    invoices: tuple[Owed, ...]
    today: dt.date
    slowing: Slowing | None
    totals: tuple[Totals, ...]

    @property
    def empty(self) -> bool:
        return not self.invoices

    def average_days_late(self, last: int = AVERAGE_OVER) -> float | None:
        """Over the latest `last` invoices that are paid or already due."""
        counted = [i.days_late(self.today) for i in _counted(self.invoices, self.today)][-last:]
        return sum(counted) / len(counted) if counted else None

    def average_days_to_pay(self, last: int = AVERAGE_OVER) -> float | None:
        paid = [d for d in (i.days_to_pay() for i in self.invoices) if d is not None][-last:]
        return sum(paid) / len(paid) if paid else None

    def latest_due(self) -> Owed | None:
        """The latest invoice that is due or settled: what a check-in's "days the latest invoice is
        overdue" reads. None before any is due."""
        due = [i for i in self.invoices if i.due_on < self.today or i.settled_on is not None]
        return max(due, key=lambda i: (i.due_on, i.issued_on, i.number)) if due else None

    def latest_days_overdue(self) -> int | None:
        """What a check-in's "days the latest invoice is overdue" is offered: the latest invoice that
        is due (paid: how late it was settled; open: how late it is now). None before any is due."""
        latest = self.latest_due()
        return None if latest is None else latest.days_late(self.today)

    def overdue(self) -> list[Owed]:
        return [i for i in self.invoices if i.overdue(self.today)]

    def invoiced_since(self, since: dt.date) -> dict[str, Decimal]:
        """Invoiced per currency on invoices issued on or after `since`."""
        sums: dict[str, Decimal] = {}
        for invoice in self.invoices:
            if invoice.issued_on >= since:
                sums[invoice.currency] = sums.get(invoice.currency, Decimal(0)) + invoice.amount
        return sums


def ledger(invoices: Iterable[Owed], today: dt.date, rules: StatusRules) -> Ledger:
    ordered = tuple(sorted(invoices, key=lambda i: (i.issued_on, i.due_on, i.number)))
    return Ledger(ordered, today, slowing(ordered, today, rules), _totals(ordered, today))


def _totals(invoices: Sequence[Owed], today: dt.date) -> tuple[Totals, ...]:
    by: dict[str, list[Owed]] = {}
    for invoice in invoices:
        by.setdefault(invoice.currency, []).append(invoice)
    zero = Decimal(0)
    return tuple(
        Totals(
            currency,
            sum((i.amount for i in items), zero),
            sum((i.paid for i in items), zero),
            sum((i.outstanding for i in items), zero),
            sum((i.outstanding for i in items if i.overdue(today)), zero),
        )
        for currency, items in sorted(by.items())
    )


def _counted(invoices: Sequence[Owed], today: dt.date) -> list[Owed]:
    """The invoices whose lateness is known: settled, or open and past due (late so far)."""
    return [i for i in invoices if i.settled_on is not None or today > i.due_on]


def slowing(invoices: Sequence[Owed], today: dt.date, rules: StatusRules) -> Slowing | None:
    """Are payments slowing? `invoices` sorted by issue date.

    - *In a row*: each of the last `slowing_in_a_row` invoices was paid later than the one before,
      and the latest is late. An open invoice past due counts with its days late so far.
    - *Average up*: the average days late of the last `slowing_in_a_row` invoices is at least
      `slowing_average_days` above that of the same number before them, and the latest is late.

    A steady slide points to the going-south playbook; a jump, or an invoice left partly or wholly
    unpaid among those named, to the payment playbook.
    """
    counted = _counted(invoices, today)
    n = rules.slowing_in_a_row
    late = [i.days_late(today) for i in counted]
    if len(counted) >= n + 1:
        tail = late[-(n + 1) :]
        if tail[-1] > 0 and all(b > a for a, b in itertools.pairwise(tail)):
            named = counted[-n:]
            return Slowing(
                Pattern.IN_A_ROW,
                tuple((i.number, i.days_late(today)) for i in named),
                float(tail[1]),
                float(tail[-1]),
                "payment" if _unpaid_parts(named, today) else "going_south",
            )
    if len(counted) >= 2 * n:
        before = sum(late[-2 * n : -n]) / n
        after = sum(late[-n:]) / n
        if after - before >= rules.slowing_average_days and late[-1] > 0:
            named = counted[-n:]
            return Slowing(
                Pattern.AVERAGE_UP,
                tuple((i.number, i.days_late(today)) for i in named),
                before,
                after,
                "payment",
            )
    return None


def as_known(invoices: Iterable[Invoice], day: dt.date) -> list[Billed]:
    """The invoices as they stood at the end of `day`: those issued by then, with the payments made
    by then (summed, as a list reads them)."""
    known: list[Billed] = []
    for invoice in invoices:
        if invoice.issued_on > day:
            continue
        made = [p for p in invoice.payments if p.paid_on <= day]
        known.append(
            Billed(
                invoice.number,
                invoice.issued_on,
                invoice.due_on,
                invoice.amount,
                invoice.currency,
                sum((p.amount for p in made), Decimal(0)),
                max((p.paid_on for p in made), default=None),
            )
        )
    return known


#: How far back `warned_since` looks for the start of a warning.
WARNING_LOOKBACK = 400
#: Days without the alert that end one warning: an alert after such a quiet spell is a new one.
QUIET_SPELL = 60


def warned_since(invoices: Sequence[Invoice], today: dt.date, rules: StatusRules) -> dt.date | None:
    """The day the invoices first raised the slowing alert that is raised today: the earliest day,
    as the invoices stood that day, with no quiet spell of `QUIET_SPELL` days between it and today.
    None when it is not raised today."""
    if ledger(invoices, today, rules).slowing is None:
        return None
    first = today
    for back in range(1, WARNING_LOOKBACK + 1):
        day = today - dt.timedelta(days=back)
        if (first - day).days > QUIET_SPELL:
            break
        known = as_known(invoices, day)
        if not known:
            break
        if slowing(sorted(known, key=lambda i: (i.issued_on, i.due_on, i.number)), day, rules) is not None:
            first = day
    return first


def _unpaid_parts(invoices: Sequence[Owed], today: dt.date) -> bool:
    """Any invoice partly paid, or open and past due by more than a payment term's worth."""
    return any((0 < i.paid < i.amount) or (i.overdue(today) and i.days_late(today) > 60) for i in invoices)


# --- the statement's late fee ----------------------------------------------------------------


def late_fee(invoice: Owed, today: dt.date, percent_per_year: Decimal) -> Decimal:
    """Interest on what is still open past the due date: `percent_per_year`, by the day, rounded to
    the currency's decimals. Zero before the due date, when paid, or with no rate set."""
    if percent_per_year <= 0 or not invoice.overdue(today):
        return Decimal(0)
    days = (today - invoice.due_on).days
    fee = invoice.outstanding * percent_per_year / Decimal(100) * Decimal(days) / Decimal(365)
    step = Decimal(1).scaleb(-currency_digits(invoice.currency))
    return fee.quantize(step, rounding=ROUND_HALF_UP)


def too_many(count: int) -> str | None:
    if count > INVOICES_PER_CLIENT_MAX:
        return _("a client can have at most {n} invoices").format(n=format_integer(INVOICES_PER_CLIENT_MAX))
    return None
