"""What one saved check-in changed: the client's status, the score, and the answers that moved.

The check-in form shows this right after a save, so the person sees at once what the new
facts did, instead of an empty form. Both statuses come from `scoring.headline`, the
same place every other view takes them from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from scoring.accounts import AccountRecord
from scoring.headline import headline_of
from scoring.models import Answer, Kind, Rubric
from scoring.reviews import reviews_of
from scoring.status import Status
from scoring.verdict import evaluate_stored
from storage import Repository


@dataclass(frozen=True, slots=True)
class Move:
    """One answer that differs from the assessment before the check-in."""

    dimension: str
    before: Answer
    after: Answer

    @property
    def up(self) -> bool:
        return self.after.points > self.before.points


@dataclass(frozen=True, slots=True)
class CheckinChange:
    taken_on: dt.date
    #: The client's status before and after the check-in (before is None without a baseline).
    status_before: Status | None
    status_after: Status
    #: The assessment the check-in is compared with: the one just before it, by date.
    compared_on: dt.date
    compared_kind: Kind
    score_before: float
    score_after: float
    #: Dimension keys in rubric order, with both answers.
    moves: tuple[Move, ...]

    @property
    def ups(self) -> tuple[Move, ...]:
        return tuple(m for m in self.moves if m.up)

    @property
    def downs(self) -> tuple[Move, ...]:
        return tuple(m for m in self.moves if not m.up)


def checkin_change(
    repo: Repository, rubric: Rubric, account: AccountRecord, taken_on: dt.date, today: dt.date
) -> CheckinChange | None:
    """The change the check-in of `taken_on` made, or None when there is nothing to compare
    (no such check-in, or nothing before it)."""
    history = sorted((s.assessment for s in repo.assessments(account.id)), key=lambda a: a.taken_on)
    index = next(
        (i for i, a in enumerate(history) if a.kind is Kind.CHECKIN and a.taken_on == taken_on),
        None,
    )
    if index is None or index == 0:
        return None
    checkin, previous = history[index], history[index - 1]
    without = history[:index] + history[index + 1 :]
    reviews = reviews_of(repo.their_answers(account.id))
    before = headline_of(rubric, account.stage, without, today, reviews).status
    after = headline_of(rubric, account.stage, history, today, reviews).status
    if after is None:
        return None
    moves = tuple(
        Move(key, previous.answers[key], checkin.answers[key])
        for key in rubric.keys
        if key in previous.answers
        and key in checkin.answers
        and previous.answers[key] is not checkin.answers[key]
    )
    return CheckinChange(
        taken_on=taken_on,
        status_before=before.status if before is not None else None,
        status_after=after.status,
        compared_on=previous.taken_on,
        compared_kind=previous.kind,
        score_before=evaluate_stored(rubric, previous.answers).score,
        score_after=evaluate_stored(rubric, checkin.answers).score,
        moves=moves,
    )
