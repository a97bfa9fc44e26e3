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

from i18n import _, format_integer, lazy_gettext, ngettext
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

#: Each signal's label, `Lazy` (a table built at import): `str()` it where it is shown.
SIGNAL_LABELS = {
    "invoice_days_late": lazy_gettext("Days the latest invoice is overdue"),
    "out_of_scope_requests": lazy_gettext("Out-of-scope requests this period"),
    "missed_meetings": lazy_gettext("Meetings the decision maker missed"),
    "after_hours_demands": lazy_gettext("After-hours or weekend demands"),
    "leadership_change": lazy_gettext("Leadership changed"),
}


def signal_label(key: str) -> str:
    """A signal's label in the current language."""
    return str(SIGNAL_LABELS[key])


class Suggestion(Frozen):
    """`because` is worded in the current language when the suggestion is made (never kept)."""

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
                because=_("the leadership changed this period"),
            ),
        )
    return found


def _keep_stricter(found: dict[str, Suggestion], suggestion: Suggestion) -> None:
    current = found.get(suggestion.dimension)
    if current is None or suggestion.answer.points < current.answer.points:
        found[suggestion.dimension] = suggestion


def _because(signal: str, value: int) -> str:
    n = format_integer(value)
    if signal == "invoice_days_late":
        if not value:
            return _("invoices are paid on time")
        return ngettext(
            "the latest invoice is {n} day overdue", "the latest invoice is {n} days overdue", value
        ).format(n=n)
    if signal == "out_of_scope_requests":
        if not value:
            return _("no out-of-scope requests this period")
        return ngettext(
            "{n} out-of-scope request this period", "{n} out-of-scope requests this period", value
        ).format(n=n)
    if signal == "missed_meetings":
        if not value:
            return _("the decision maker attended every meeting")
        return ngettext(
            "the decision maker missed {n} meeting", "the decision maker missed {n} meetings", value
        ).format(n=n)
    if signal == "after_hours_demands":
        if not value:
            return _("no after-hours demands")
        return ngettext("{n} after-hours demand", "{n} after-hours demands", value).format(n=n)
    raise KeyError(signal)
