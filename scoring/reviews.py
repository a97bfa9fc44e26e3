"""A client's own reviews as the status rules read them.

A review is the client's view (`scoring.questionnaires`, the `[review]` questionnaire). The
status never takes it as a verdict: their rating falling review after review, or their
latest review contradicting the person's latest check-in, raises a *watch* and no more
(`scoring.rules`, `Rule.REVIEW_FALLS` and `Rule.REVIEW_CONTRADICTS`). This module turns
stored answer sets into the facts those rules look at; `scoring.status` (one client) and
`scoring.batch` (thousands, through `services.summaries`) both read them from here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from scoring.models import Answer, Rubric
from scoring.questionnaires import (
    QuestionnaireKind,
    QuestionType,
    TheirSide,
    questionnaire,
    suggestions,
    their_rating,
)

__all__ = ["NOT_SAID", "NO_FACTS", "Review", "ReviewFacts", "review_facts", "reviews_of", "said_points"]

#: In `said_points`: the review says nothing about this dimension.
NOT_SAID = -1


#: Their answer per rubric dimension, as their choices suggest it (of two questions, the stricter).
Says = Mapping[str, Answer]


@dataclass(frozen=True, slots=True)
class Review:
    """One review a client answered: when, their rating (0-100, `their_rating`; None when they
    rated nothing) and the answer their choices suggest per rubric dimension."""

    on: dt.date
    rating: float | None
    says: Says


def review(side: TheirSide) -> Review:
    q = questionnaire(side.kind)
    # What a rating and a suggestion read: the choices and numbers, not their own words.
    asked = tuple(
        (question.key, side.answers[question.key])
        for question in q.questions
        if question.kind is not QuestionType.TEXT and question.key in side.answers
    )
    rating, says = _read(side.kind, asked)
    return Review(on=side.submitted_on, rating=rating, says=says)


@lru_cache(maxsize=4096)
def _read(kind: QuestionnaireKind, asked: tuple[tuple[str, str | int], ...]) -> tuple[float | None, Says]:
    """A rating and the suggested answers, worked out once per distinct set of choices (a
    portfolio reads thousands of reviews; they are made of few)."""
    q, answers = questionnaire(kind), dict(asked)
    says = MappingProxyType({key: found.answer for key, found in suggestions(q, answers).items()})
    return their_rating(q, answers), says


def reviews_of(sides: Iterable[TheirSide]) -> tuple[Review, ...]:
    """A client's reviews, oldest first; other questionnaires (a fit) are left out."""
    found = sorted(
        (side for side in sides if side.kind is QuestionnaireKind.REVIEW),
        key=lambda side: (side.submitted_at, side.id),
    )
    return tuple(review(side) for side in found)


@dataclass(frozen=True, slots=True)
class ReviewFacts:
    """What the status rules read of a client's reviews."""

    #: At how many reviews in a row their rating fell, the latest included (0: it did not).
    falls: int
    #: The ratings of that run, oldest first (`falls` + 1 of them; empty when it did not fall).
    ratings: tuple[float, ...]
    #: The newest review, which a contradiction compares with the latest check-in.
    latest: Review | None


NO_FACTS = ReviewFacts(falls=0, ratings=(), latest=None)


def review_facts(reviews: Sequence[Review]) -> ReviewFacts:
    """The facts of `reviews` (oldest first, `reviews_of`). A review that rated nothing is left
    out of the run: it neither breaks a fall nor makes one."""
    if not reviews:
        return NO_FACTS
    rated = [r.rating for r in reviews if r.rating is not None]
    falls = 0
    while falls + 1 < len(rated) and rated[-1 - falls] < rated[-2 - falls]:
        falls += 1
    return ReviewFacts(
        falls=falls,
        ratings=tuple(rated[len(rated) - falls - 1 :]) if falls else (),
        latest=reviews[-1],
    )


def said_points(rubric: Rubric, found: Review | None) -> tuple[int, ...]:
    """Per rubric dimension, in rubric order, the points of what the review suggests, or
    `NOT_SAID` (`scoring.rules.steps_apart` compares them with an assessment's points)."""
    if found is None:
        return (NOT_SAID,) * len(rubric.keys)
    return tuple(found.says[k].points if k in found.says else NOT_SAID for k in rubric.keys)
