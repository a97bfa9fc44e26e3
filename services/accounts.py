"""One account as every view shows it: its record, its history and its headline.

The client page, the scorecard page and the cards all start from `account_view`, so they
cannot disagree about what an account is (status or verdict, score, gut call).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from scoring.accounts import AccountRecord, StoredAssessment
from scoring.card import Card, build_card
from scoring.headline import Headline, headline_of
from scoring.models import Assessment, Rubric
from scoring.questionnaires import TheirSide
from scoring.reviews import reviews_of
from scoring.status import split_history
from storage import Repository


@dataclass(frozen=True, slots=True)
class AccountView:
    account: AccountRecord
    #: Oldest first.
    history: list[StoredAssessment]
    #: None while the account has no assessment yet.
    headline: Headline | None
    baseline: Assessment | None
    checkins: list[Assessment]
    #: What the other side answered (fit questionnaires and reviews), oldest first; its reviews
    #: count in a client's status.
    their_answers: list[TheirSide] = field(default_factory=list)


def account_view(repo: Repository, rubric: Rubric, account: AccountRecord, today: dt.date) -> AccountView:
    history = repo.assessments(account.id)
    assessments = [stored.assessment for stored in history]
    baseline, checkins = split_history(assessments)
    sides = repo.their_answers(account.id)
    head = None
    if assessments:
        head = headline_of(rubric, account.stage, assessments, today, reviews_of(sides))
    return AccountView(account, history, head, baseline, checkins, sides)


def account_card(
    repo: Repository, rubric: Rubric, account: AccountRecord, today: dt.date, *, include_notes: bool
) -> Card:
    """The scorecard of one account, for the page, a share link and the downloads. Notes and
    evidence are read only when the owner chose to include them."""
    history = [s.assessment for s in repo.assessments(account.id)]
    evidence = [(n.noted_on, n.text) for n in repo.evidence(account.id)] if include_notes else []
    return build_card(
        rubric,
        name=account.name,
        company=account.company,
        stage=account.stage,
        history=history,
        today=today,
        evidence=evidence,
        include_notes=include_notes,
        reviews=reviews_of(repo.their_answers(account.id)),
    )
