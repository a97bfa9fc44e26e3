"""Hard facts from the last period that suggest an answer at a check-in.

A signal never decides on its own: it proposes an answer, the person keeps or
changes it, and both are stored. The rules are deliberately simple so that a
person can predict them:

| signal | dimension | 0 / false | then |
|---|---|---|---|
| invoice_days_late | payment | hell yes | 1-14 yes, 15-29 unsure, 30-59 no, 60+ hell no |
| out_of_scope_requests | scope | hell yes | 1 yes, 2 unsure, 3-4 no, 5+ hell no |
| missed_meetings (by the decision maker) | champion | hell yes | 1 unsure, 2 no, 3+ hell no |
| after_hours_demands | respect | hell yes | 1 yes, 2-3 unsure, 4+ no |
| leadership_change | business_health | no suggestion | true: unsure |

A blank signal suggests nothing.
"""

from __future__ import annotations

from scoring.models import Answer, Frozen, Signals

#: The signals by their stable keys, in the order of the CSV columns and the check-in form:
#: the fields of `Signals`, so a signal is named in one place only.
SIGNAL_KEYS: tuple[str, ...] = tuple(Signals.model_fields)
#: The signals that count something (a whole number up to `scoring.limits.COUNT_MAX`):
#: all but `leadership_change`, which is true or false.
COUNT_KEYS: tuple[str, ...] = tuple(key for key in SIGNAL_KEYS if key != "leadership_change")

# (signal, dimension, [(at least, answer), ...] highest threshold first)
_LADDERS: tuple[tuple[str, str, tuple[tuple[int, Answer], ...]], ...] = (
    (
        "invoice_days_late",
        "payment",
        ((60, Answer.HELL_NO), (30, Answer.NO), (15, Answer.UNSURE), (1, Answer.YES), (0, Answer.HELL_YES)),
    ),
    (
        "out_of_scope_requests",
        "scope",
        ((5, Answer.HELL_NO), (3, Answer.NO), (2, Answer.UNSURE), (1, Answer.YES), (0, Answer.HELL_YES)),
    ),
    (
        "missed_meetings",
        "champion",
        ((3, Answer.HELL_NO), (2, Answer.NO), (1, Answer.UNSURE), (0, Answer.HELL_YES)),
    ),
    (
        "after_hours_demands",
        "respect",
        ((4, Answer.NO), (2, Answer.UNSURE), (1, Answer.YES), (0, Answer.HELL_YES)),
    ),
)

SIGNAL_LABELS = {
    "invoice_days_late": "Days the latest invoice is overdue",
    "out_of_scope_requests": "Out-of-scope requests this period",
    "missed_meetings": "Meetings the decision maker missed",
    "after_hours_demands": "After-hours or weekend demands",
    "leadership_change": "Leadership changed",
}


class Suggestion(Frozen):
    dimension: str
    answer: Answer
    because: str


def suggest(signals: Signals) -> dict[str, Suggestion]:
    """The answer each signal points to, by dimension. When two signals point at one
    dimension the stricter one wins (none do with the default table)."""
    found: dict[str, Suggestion] = {}
    for signal, dimension, ladder in _LADDERS:
        value = getattr(signals, signal)
        if value is None:
            continue
        answer = next(a for at_least, a in ladder if value >= at_least)
        _keep_stricter(found, Suggestion(dimension=dimension, answer=answer, because=_because(signal, value)))
    if signals.leadership_change:
        _keep_stricter(
            found,
            Suggestion(
                dimension="business_health",
                answer=Answer.UNSURE,
                because="the leadership changed this period",
            ),
        )
    return found


def _keep_stricter(found: dict[str, Suggestion], suggestion: Suggestion) -> None:
    current = found.get(suggestion.dimension)
    if current is None or suggestion.answer.points < current.answer.points:
        found[suggestion.dimension] = suggestion


def _because(signal: str, value: int) -> str:
    plural = "" if value == 1 else "s"
    return {
        "invoice_days_late": f"the latest invoice is {value} day{plural} overdue"
        if value
        else "invoices are paid on time",
        "out_of_scope_requests": f"{value} out-of-scope request{plural} this period"
        if value
        else "no out-of-scope requests this period",
        "missed_meetings": f"the decision maker missed {value} meeting{plural}"
        if value
        else "the decision maker attended every meeting",
        "after_hours_demands": f"{value} after-hours demand{plural}" if value else "no after-hours demands",
    }[signal]
