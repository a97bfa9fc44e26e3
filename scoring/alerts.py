"""What deserves attention before anything else on the home page.

For prospects the app raises three kinds of alert: a knockout (do not sign), a
gut call the rubric contradicts (thin slicing says look again), and a screen so
old that it no longer says much about the prospect today.
"""

from __future__ import annotations

import datetime as dt
from enum import IntEnum

from scoring.models import BlockerRule, Frozen, Result, Rubric, Verdict

STALE_SCREEN_DAYS = 90


class Severity(IntEnum):
    """Lower sorts first: the most urgent alert leads."""

    KNOCKOUT = 0
    GUT_SAID_YES = 1
    GUT_SAID_NO = 2
    OLD_SCREEN = 3


class Alert(Frozen):
    severity: Severity
    message: str


def prospect_alerts(rubric: Rubric, result: Result, taken_on: dt.date, today: dt.date) -> list[Alert]:
    alerts: list[Alert] = []
    knockouts = [b for b in result.blockers if b.rule is BlockerRule.KNOCKOUT]
    if knockouts:
        alerts.append(
            Alert(
                severity=Severity.KNOCKOUT,
                message="Knockout on "
                + ", ".join(rubric.dimension(b.dimension).label for b in knockouts if b.dimension)
                + ": do not sign.",
            )
        )
    if result.gut is Verdict.HELL_YES and result.verdict is Verdict.HELL_NO:
        alerts.append(
            Alert(
                severity=Severity.GUT_SAID_YES,
                message="Your gut said hell yes, the rubric says hell no: check the reasons before you sign.",
            )
        )
    elif result.gut is Verdict.HELL_NO and result.verdict is Verdict.HELL_YES:
        alerts.append(
            Alert(
                severity=Severity.GUT_SAID_NO,
                message="The rubric says hell yes but your gut said no: name what put you off.",
            )
        )
    age = (today - taken_on).days
    if age > STALE_SCREEN_DAYS:
        alerts.append(
            Alert(
                severity=Severity.OLD_SCREEN,
                message=f"Screened {age} days ago: re-screen before you sign.",
            )
        )
    return alerts
