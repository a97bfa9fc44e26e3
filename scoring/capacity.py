"""Time: the hours each client takes against the hours there are, and which relationship to end
first when there are more of the first than of the second.

The source articles end on one more reason to part: more work than you can handle. When the
planned hours exceed the capacity, the relationships are ranked for ending: the worst status
first, then the lowest value per hour (what was invoiced over the last year, or else the deal
value, per planned hour). Each line says what ending it frees.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from scoring.invoices import Ledger

#: The span of invoices a rate is taken over.
RATE_WINDOW = dt.timedelta(days=365)
_WEEK = Decimal(7)


@dataclass(frozen=True, slots=True)
class Rate:
    """Money per hour in one currency, and where it comes from."""

    amount: Decimal
    currency: str
    #: True: invoiced over hours worked; False: the deal value over a year of the planned hours.
    invoiced: bool


def hourly_rate(
    ledger: Ledger | None,
    weekly_hours: float | None,
    signed_on: dt.date | None,
    today: dt.date,
    deal_value: float | None = None,
    deal_currency: str = "EUR",
) -> Rate | None:
    """The effective rate: invoiced over the last year (issue dates), in the currency invoiced most,
    divided by the planned hours over the weeks of that year the client was signed. Without
    invoices, the deal value over a year of planned hours. None without hours, or with nothing
    to divide."""
    if not weekly_hours or weekly_hours <= 0:
        return None
    hours = Decimal(str(weekly_hours))
    if ledger is not None and not ledger.empty:
        since = today - RATE_WINDOW
        start = max(since, signed_on) if signed_on is not None else since
        first = min(i.issued_on for i in ledger.invoices)
        start = max(start, min(first, today))
        sums = ledger.invoiced_since(since)
        if sums:
            currency, invoiced = max(sums.items(), key=lambda item: (item[1], item[0]))
            weeks = max(Decimal(1), Decimal((today - start).days) / _WEEK)
            return Rate(_cents(invoiced / (hours * weeks)), currency, True)
    if deal_value:
        return Rate(_cents(Decimal(str(deal_value)) / (hours * 52)), deal_currency, False)
    return None


def _cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Load:
    """One relationship's part of the week: who, how bad its standing is (0 worst), its hours, its rate."""

    account_id: int
    name: str
    severity: int
    weekly_hours: float
    rate: Rate | None


@dataclass(frozen=True, slots=True)
class Ending:
    """A relationship in the order to end, with the hours left planned once it and every one
    before it have ended."""

    load: Load
    left_after: float
    #: True on the first line whose ending brings the week within capacity.
    enough: bool


@dataclass(frozen=True, slots=True)
class Plan:
    capacity: float | None
    planned: float
    order: tuple[Ending, ...]
    #: The currency rates are compared in (the one most rates are in); rates in another are not compared.
    currency: str | None

    @property
    def over(self) -> float:
        """Hours a week over capacity (0 when within it, or when no capacity is set)."""
        return max(0.0, self.planned - self.capacity) if self.capacity is not None else 0.0


def plan(loads: Sequence[Load], capacity: float | None) -> Plan:
    """Rank `loads` for ending: worst standing first, then the lowest value per hour (rates in
    the most common currency; a rate in another currency, or none, after those), then the most
    hours. Each line says how many hours stay planned once it is ended too."""
    counted = [load for load in loads if load.weekly_hours > 0]
    planned = float(sum(load.weekly_hours for load in counted))
    currencies = [load.rate.currency for load in counted if load.rate is not None]
    currency = max(sorted(set(currencies)), key=currencies.count) if currencies else None

    def key(load: Load) -> tuple[int, int, Decimal, float, str]:
        comparable = load.rate is not None and load.rate.currency == currency
        value = load.rate.amount if comparable and load.rate is not None else Decimal(0)
        return (load.severity, 0 if comparable else 1, value, -load.weekly_hours, load.name.casefold())

    left = planned
    order: list[Ending] = []
    reached = capacity is not None and planned <= capacity
    for load in sorted(counted, key=key):
        left -= load.weekly_hours
        enough = not reached and capacity is not None and left <= capacity
        reached = reached or enough
        order.append(Ending(load, round(left, 2), enough))
    return Plan(capacity, round(planned, 2), tuple(order), currency)
