"""What the outcomes teach, from the portfolio: the cases `scoring.learning` learns from.

A case is an account whose worth is known (`scoring.learning.worth`): an ended relationship with
an outcome that proves something, or a client now at let go or fire now. What it answered is its
first screen, the first impression the rubric is meant to judge.
"""

from __future__ import annotations

from collections.abc import Iterable

from scoring import Rubric
from scoring.learning import Case, Learning, learn, worth
from scoring.verdict import evaluate_stored
from services.portfolio import Line


def case_of(rubric: Rubric, line: Line) -> Case | None:
    """The line's account as a case, or None when it has no first screen or proves nothing yet."""
    first = line.first_screen
    if first is None:
        return None
    account = line.overview.account
    standing = line.standing if line.is_client and not line.ended else None
    good = worth(account.outcome, line.ended, standing.status if standing is not None else None)
    if good is None:
        return None
    # Screened before a change of dimensions, maybe: scored on the dimensions it asked.
    verdict = evaluate_stored(rubric, first.answers).verdict
    return Case(answers=first.answers, gut=first.gut, verdict=verdict, good=good, ended=line.ended)


def cases(rubric: Rubric, lines: Iterable[Line]) -> list[Case]:
    return [case for line in lines if (case := case_of(rubric, line)) is not None]


def learning(rubric: Rubric, lines: Iterable[Line]) -> Learning:
    """What every line's outcome teaches about `rubric` (pass a `services.portfolio.Portfolio`)."""
    return learn(rubric, cases(rubric, lines))
