"""What deserves attention before anything else on the home page.

For prospects the app raises three kinds of alert: a knockout (do not sign), a
gut call the rubric contradicts (thin slicing says look again), and a screen so
old that it no longer says much about the prospect today.
"""

from __future__ import annotations

import datetime as dt
from enum import IntEnum

from i18n import Lazy, format_integer, lazy_gettext, ngettext
from scoring.invoices import Ledger
from scoring.models import EXPLAINED, BlockerRule, Frozen, Result, Rubric, Text, Verdict

STALE_SCREEN_DAYS = 90


class Severity(IntEnum):
    """Lower sorts first: the most urgent alert leads."""

    KNOCKOUT = 0
    GUT_SAID_YES = 1
    GUT_SAID_NO = 2
    OLD_SCREEN = 3
    SLOWING_PAYMENT = 4


class Alert(Frozen):
    """The message is `Lazy`: lists keep their alerts for every session that reads them."""

    model_config = EXPLAINED

    severity: Severity
    message: Text


def prospect_alerts(rubric: Rubric, result: Result, taken_on: dt.date, today: dt.date) -> list[Alert]:
    alerts: list[Alert] = []
    knockouts = [b for b in result.blockers if b.rule is BlockerRule.KNOCKOUT]
    if knockouts:
        texts = tuple(rubric.dimension(b.dimension).label_text for b in knockouts if b.dimension)
        labels = Lazy(lambda: ", ".join(text.text() for text in texts))
        alerts.append(
            Alert(
                severity=Severity.KNOCKOUT,
                message=lazy_gettext("Knockout on {labels}: do not sign.", labels=labels),
            )
        )
    if result.gut is Verdict.HELL_YES and result.verdict is Verdict.HELL_NO:
        alerts.append(
            Alert(
                severity=Severity.GUT_SAID_YES,
                message=lazy_gettext(
                    "Your gut said hell yes, the rubric says hell no: check the reasons before you sign."
                ),
            )
        )
    elif result.gut is Verdict.HELL_NO and result.verdict is Verdict.HELL_YES:
        alerts.append(
            Alert(
                severity=Severity.GUT_SAID_NO,
                message=lazy_gettext("The rubric says hell yes but your gut said no: name what put you off."),
            )
        )
    age = (today - taken_on).days
    if age > STALE_SCREEN_DAYS:
        alerts.append(
            Alert(
                severity=Severity.OLD_SCREEN,
                message=Lazy(
                    lambda: ngettext(
                        "Screened {n} day ago: re-screen before you sign.",
                        "Screened {n} days ago: re-screen before you sign.",
                        age,
                    ).format(n=format_integer(age))
                ),
            )
        )
    return alerts


def payment_alerts(ledger: Ledger | None) -> list[Alert]:
    """A client whose invoices are paid slower and slower (`scoring.invoices.slowing`): said before
    any check-in turns red, naming the invoices."""
    if ledger is None or ledger.slowing is None:
        return []
    slowing = ledger.slowing
    return [Alert(severity=Severity.SLOWING_PAYMENT, message=Lazy(slowing.message))]
