"""The other side's questionnaires: make a link, open it, take its answers, and put what they
said beside what the person said.

The page a respondent opens and `cli.py ask` both come here; so do the scorecard, the screen
(suggestions) and the client page (their view over time).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from i18n import current_language, lazy_gettext
from scoring.lifecycle import Refused
from scoring.models import Answer, Stage
from scoring.questionnaires import (
    Line,
    Questionnaire,
    QuestionnaireKind,
    QuestionnaireLink,
    TheirSide,
    check_opening,
    check_their_answers,
    compare,
    opening_text,
    questionnaire,
    suggestions,
    thanks_text,
    their_rating,
)
from scoring.signals import Suggestion
from services.settings import LOCAL, preferences
from storage import LinkClosed, Repository

__all__ = [
    "LinkClosed",
    "Opened",
    "Rejected",
    "ask",
    "fit_suggestions",
    "kind_for",
    "latest",
    "open_link",
    "rated",
    "sent_before",
    "side_by_side",
    "submit",
]


def kind_for(stage: Stage) -> QuestionnaireKind:
    """A prospect gets the fit questionnaire, a client the review."""
    return QuestionnaireKind.FIT if stage is Stage.PROSPECT else QuestionnaireKind.REVIEW


def ask(
    repo: Repository,
    account_id: int,
    kind: QuestionnaireKind,
    days: int | None,
    *,
    owner: str = LOCAL,
    opening: str = "",
    sender: str | None = None,
) -> tuple[str, QuestionnaireLink]:
    """A new questionnaire link for an account; the token is shown once. `sender` defaults to the
    owner's setting. `Refused` (worded for a person) when the opening is too long, no sender is
    known, or too many links are waiting; `NotFound` when the account is gone."""
    name = " ".join((sender if sender is not None else preferences(repo, owner).questionnaire_sender).split())
    if not name:
        raise Refused(str(_NO_SENDER))
    problem = check_opening(opening)
    if problem:
        raise Refused(problem)
    return repo.create_questionnaire(account_id, kind, days, name, opening)


_NO_SENDER = lazy_gettext(
    "Say who the questionnaire comes from: your name or your business's, under Settings."
)


@dataclass(frozen=True, slots=True)
class Opened:
    """What a respondent's page shows: the questionnaire, who sends it and the opening."""

    link: QuestionnaireLink
    questionnaire: Questionnaire
    sender: str
    opening: str
    thanks: str


def open_link(repo: Repository, token: str) -> Opened | None:
    """The questionnaire a token opens, in the current language; None when it takes no answers."""
    link = repo.open_questionnaire(token)
    if link is None:
        return None
    q = questionnaire(link.kind)
    return Opened(
        link=link,
        questionnaire=q,
        sender=link.sender,
        opening=opening_text(q, link.opening, link.sender),
        thanks=thanks_text(q, link.sender),
    )


@dataclass(frozen=True, slots=True)
class Rejected:
    """Answers that cannot be taken as they are: a sentence per question key."""

    problems: dict[str, str]


def submit(repo: Repository, token: str, raw: dict[str, Any]) -> TheirSide | Rejected:
    """Check their answers and store them once. `LinkClosed` when the link takes no answers."""
    link = repo.open_questionnaire(token)
    if link is None:
        raise LinkClosed
    q = questionnaire(link.kind)
    answers, problems = check_their_answers(q, raw)
    if problems:
        return Rejected({key: str(text) for key, text in problems.items()})
    return repo.submit_answers(token, q.version, answers, current_language())


def sent_before(repo: Repository, token: str, raw: dict[str, Any]) -> Opened | None:
    """The questionnaire `raw` was sent through, if the link's stored answers are exactly those:
    a session that pressed send and lost track of it (a double click cut its first run short)
    still thanks its respondent. Anyone else opening the used link gets None."""
    found = repo.answers_through(token)
    if found is None:
        return None
    link, side = found
    q = questionnaire(link.kind)
    answers, problems = check_their_answers(q, raw)
    if problems or answers != side.answers:
        return None
    return Opened(
        link=link,
        questionnaire=q,
        sender=link.sender,
        opening=opening_text(q, link.opening, link.sender),
        thanks=thanks_text(q, link.sender),
    )


def latest(sides: list[TheirSide], kind: QuestionnaireKind) -> TheirSide | None:
    found = [s for s in sides if s.kind is kind]
    return found[-1] if found else None


def fit_suggestions(repo: Repository, account_id: int) -> tuple[TheirSide | None, dict[str, Suggestion]]:
    """The prospect's latest fit answers and the answer each suggests per dimension."""
    side = latest(repo.their_answers(account_id), QuestionnaireKind.FIT)
    if side is None:
        return None, {}
    return side, suggestions(questionnaire(side.kind), side.answers)


def side_by_side(side: TheirSide, own: dict[str, Answer] | None) -> list[Line]:
    """Their answers beside the person's own answers on the same dimensions."""
    return compare(questionnaire(side.kind), side.answers, own)


def rated(side: TheirSide) -> float | None:
    """Their view on the 0-100 scale of a score (a review's rating)."""
    return their_rating(questionnaire(side.kind), side.answers)
