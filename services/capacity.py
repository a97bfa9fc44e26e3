"""Capacity: the hours a week the clients take against the hours the person can work, and which
relationship to end first when the week does not fit.

The rule (what ranks first, what a rate is) is `scoring.capacity`; this module turns the
portfolio's lines into its loads. A line already holds everything a load needs (the account's
hours, its standing, its invoices as a `Ledger`), so a plan reads nothing from the database: it
costs one pass over the clients, and a portfolio's plan is made once and kept with it.
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from scoring.capacity import Load, Plan, hourly_rate, plan
from services.portfolio import Line, Portfolio

#: The playbook a relationship ended for want of time follows (`scoring/playbooks.toml`).
PLAYBOOK = "over_capacity"

#: The severity of a client without a standing (never checked in against a baseline): after
#: every status, so a client the rubric has judged badly is always ended before it.
NO_STANDING = 5


def load_of(line: Line, today: dt.date) -> Load | None:
    """An active client's part of the week, or None: a prospect, an ended relationship, or a
    client whose hours a week are not said (or zero)."""
    account = line.overview.account
    if not line.is_client or line.ended:
        return None
    hours = account.weekly_hours
    if hours is None or hours <= 0:
        return None
    standing = line.standing
    # Fire now 0, let go 1, watch 2, stale 3, hell yes 4 (`Status.urgency`).
    severity = standing.status.urgency if standing is not None else NO_STANDING
    rate = hourly_rate(line.ledger, hours, account.signed_on, today, account.deal_value)
    return Load(account.id, account.name, severity, hours, rate)


@dataclass(frozen=True, slots=True, eq=False, weakref_slot=True)
class Week:
    """Where the week goes: the plan, and how many active clients it could not count. Known by
    identity (a week is made once per portfolio and capacity): what a page draws of it is kept
    beside it."""

    plan: Plan
    #: Active clients whose hours a week are not said: the plan counts none of their time.
    without_hours: int


def capacity_plan(lines: Sequence[Line], capacity: float | None, today: dt.date) -> Plan:
    """The active clients among `lines` with hours a week, ranked for ending (`scoring.capacity.plan`)."""
    return plan(_loads(lines, today)[0], capacity)


def week(lines: Iterable[Line], capacity: float | None, today: dt.date) -> Week:
    loads, without = _loads(lines, today)
    return Week(plan(loads, capacity), without)


def _loads(lines: Iterable[Line], today: dt.date) -> tuple[list[Load], int]:
    loads: list[Load] = []
    without = 0
    for line in lines:
        load = load_of(line, today)
        if load is not None:
            loads.append(load)
        elif line.is_client and not line.ended:
            without += 1
    return loads, without


def planned_hours(lines: Portfolio) -> float:
    """The hours a week the portfolio's active clients take: Home asks this on every run, so it is
    added up once per portfolio (a save makes a new one) and without rates or ranking; Home reads
    the capacity setting only when there are any."""
    with _kept_lock:
        found = _planned.get(lines)
    if found is not None:
        return found
    total = 0.0
    for line in lines.clients:
        hours = line.overview.account.weekly_hours
        if hours and hours > 0 and not line.ended:
            total += hours
    total = round(total, 2)
    with _kept_lock:
        _planned[lines] = total
    return total


def kept_week(lines: Portfolio, capacity: float | None) -> Week:
    """`week` of a portfolio's clients under contract, made once per portfolio and capacity. A
    portfolio never changes (a save makes the next one), so what is made of it holds as long as
    it lives; it goes with it."""
    key = None if capacity is None else float(capacity)
    with _kept_lock:
        kept = _kept.get(lines)
        found = kept.get(key) if kept is not None else None
    if found is not None:
        return found
    made = week(lines.clients, key, lines.today)
    with _kept_lock:
        _kept.setdefault(lines, {})[key] = made
    return made


_kept: weakref.WeakKeyDictionary[Portfolio, dict[float | None, Week]] = weakref.WeakKeyDictionary()
_planned: weakref.WeakKeyDictionary[Portfolio, float] = weakref.WeakKeyDictionary()
_kept_lock = threading.Lock()


def by_hours(week: Week) -> list[Load]:
    """The clients with the most hours first: where the time goes, when nothing needs ending."""
    return sorted((ending.load for ending in week.plan.order), key=lambda load: -load.weekly_hours)


def free_hours(plan: Plan) -> float | None:
    """The hours a week left over within the capacity (0 when over it; None when none is set)."""
    return None if plan.capacity is None else round(max(0.0, plan.capacity - plan.planned), 2)


def to_end(week: Week) -> list[Load]:
    """The relationships to end for the week to fit, in order, the one that makes it fit included
    (all of them when ending every one would still not do, as with a capacity of 0)."""
    found: list[Load] = []
    for ending in week.plan.order:
        found.append(ending.load)
        if ending.enough:
            break
    return found


__all__ = [
    "NO_STANDING",
    "PLAYBOOK",
    "Week",
    "by_hours",
    "capacity_plan",
    "free_hours",
    "kept_week",
    "load_of",
    "planned_hours",
    "to_end",
    "week",
]
