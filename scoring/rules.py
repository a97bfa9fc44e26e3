"""Every verdict and status rule, declared once, for both ways of judging.

`scoring.verdict` and `scoring.status` judge one assessment or one client at a time
and explain themselves; `scoring.batch` judges thousands of rows at once with NumPy.
Both read the declarations below and nothing else: which answers block on their own
and in which order they are named, the score threshold, which fact about a client's
history points to which status and in which order of precedence, when a status goes
stale, and which dimensions (and so which reason key) a status blames. The numbers
come from the rubric (`VerdictRules`, `StatusRules`); a change to a rule is one edit
here, and the two paths cannot drift apart.

The small helpers at the end are written with plain operators so that they give the
same answer on one number (the one-at-a-time path) and on an array (the batch path).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from functools import lru_cache
from typing import Any, NamedTuple, overload

import numpy as np
import numpy.typing as npt

from i18n import Lazy, Text, _, format_integer, format_score, lazy_gettext, ngettext
from scoring.models import (
    MAX_POINTS,
    Answer,
    BlockerRule,
    Dimension,
    Rubric,
    StatusRules,
    VerdictRules,
)

Array = npt.NDArray[Any]
Mask = npt.NDArray[np.bool_]

# How far below a limit a fact may be and still reach it (see Plan.bars).
SLACK = 1e-9
# With no dimension worse than at the baseline, a troubled status blames the answers at or below this.
LOW_POINTS = Answer.UNSURE.points
# A cell of a batch's points (and a dimension in a status's comparisons) that the assessment was
# not asked: it was taken before the dimension was added (`scoring.verdict.evaluate_stored`).
NOT_ASKED = -1


# --- the verdict ------------------------------------------------------------------------

# The messages below are `Lazy`: a verdict and a status are cached and shared by every session,
# so each sentence renders (words, numbers) in the language of whoever reads it.


def _day(day: dt.date) -> str:
    """A day in a reason: ISO, as the pages show it in a badge that never wraps."""
    return day.isoformat()


@dataclass(frozen=True)
class DimensionRule:
    """A dimension answered at or below `level` makes the verdict hell no on its own.

    `level` gives that answer for a dimension, or None when the rule does not apply
    to it. A dimension caught by several rules is named once, by the first.
    """

    rule: BlockerRule
    level: Callable[[VerdictRules, Dimension], Answer | None]
    message: Callable[[Dimension, Answer], Lazy]


DIMENSION_RULES = (
    DimensionRule(
        BlockerRule.KNOCKOUT,
        lambda rules, dim: rules.knockout_at if dim.knockout else None,
        lambda dim, answer: lazy_gettext(
            "{label} is a knockout and the answer was “{answer}”: that alone makes it "
            "a hell no, whatever the score.",
            label=dim.label_text.lazy(),
            answer=answer.lazy_label(),
        ),
    ),
    DimensionRule(
        BlockerRule.FLOOR,
        lambda rules, dim: rules.floor,
        lambda dim, answer: lazy_gettext(
            "{label} was answered “{answer}”: one dimension that low sinks the whole.",
            label=dim.label_text.lazy(),
            answer=answer.lazy_label(),
        ),
    ),
)


def below_threshold(score: float, threshold: float) -> Lazy:
    """Why a score below the threshold blocks; the last reason a verdict names."""
    return Lazy(
        lambda: _("The score is {score}; a hell yes needs {threshold} or more.").format(
            score=format_score(score), threshold=format_score(threshold)
        )
    )


# --- the status of a client ----------------------------------------------------------------


class Status(StrEnum):
    HELL_YES = "hell_yes"
    WATCH = "watch"
    LET_GO = "let_go"
    FIRE_NOW = "fire_now"
    STALE = "stale"

    @property
    def label(self) -> str:
        return str(_STATUS_LABELS[self])

    @property
    def urgency(self) -> int:
        """Lower is more urgent: fire now, let go, watch, stale, hell yes."""
        return _URGENCY[self]


_STATUS_LABELS = {
    Status.HELL_YES: lazy_gettext("Hell yes"),
    Status.WATCH: lazy_gettext("Watch"),
    Status.LET_GO: lazy_gettext("Let go"),
    Status.FIRE_NOW: lazy_gettext("Fire now"),
    Status.STALE: lazy_gettext("Stale"),
}
_URGENCY = {Status.FIRE_NOW: 0, Status.LET_GO: 1, Status.WATCH: 2, Status.STALE: 3, Status.HELL_YES: 4}


class Rule(StrEnum):
    KNOCKOUT = "knockout"
    HELL_NO_STREAK = "hell_no_streak"
    FAR_BELOW_BASELINE = "far_below_baseline"
    SCORE_DROP = "score_drop"
    BELOW_BASELINE = "dimension_below_baseline"
    HELL_NO = "hell_no"
    REVIEW_FALLS = "review_falls"
    REVIEW_CONTRADICTS = "review_contradicts"
    HELL_YES = "hell_yes"
    STALE = "stale"


class Fact(StrEnum):
    """What a status rule looks at in a client's latest check-in and the history before it."""

    # Per dimension: 1 when the verdict rule KNOCKED_BY names it, else 0.
    KNOCKED = "knocked"
    # Hell-no check-ins in a row, the latest included.
    HELL_NO_RUN = "hell_no_run"
    # Baseline score minus latest score.
    BELOW_BASELINE = "below_baseline"
    # Previous check-in's score (the baseline's for the first) minus latest score.
    SCORE_DROP = "score_drop"
    # Per dimension: baseline answer minus latest answer, in steps.
    STEPS_BELOW_BASELINE = "steps_below_baseline"
    # 1 when the latest verdict is hell no (or hell yes), else 0.
    HELL_NO = "hell_no"
    HELL_YES = "hell_yes"
    # The client's own reviews (`scoring.reviews.review_facts`): at how many reviews in a row their
    # rating fell, the latest included ...
    REVIEW_FALLS = "review_falls"
    # ... and per dimension: steps between their latest review and the latest assessment
    # (`steps_apart`; 0 where the review says nothing).
    REVIEW_APART = "review_apart"

    @property
    def per_dimension(self) -> bool:
        return self in (Fact.KNOCKED, Fact.STEPS_BELOW_BASELINE, Fact.REVIEW_APART)


KNOCKED_BY = BlockerRule.KNOCKOUT


class Blame(StrEnum):
    """Which dimensions a status holds responsible (the first gives the reason key)."""

    NAMED = "named"  # those its deciding rule names
    DRIFT = "drift"  # see `blame`; the first three are kept
    NOTHING = "nothing"


@dataclass(frozen=True)
class StatusRule:
    """`status` applies when `fact` reaches `limit` (exactly the limit counts: `Plan.bars`). A
    per-dimension fact applies when any dimension reaches it, and the rule names those."""

    rule: Rule
    status: Status
    fact: Fact
    limit: Callable[[StatusRules], float]
    # Whether the rule compares a check-in with what came before, so needs one.
    needs_checkin: bool
    message: Callable[[Told], Lazy]
    # Whom the status blames when this rule decides it, when not what its status blames (`BLAME`).
    own_blame: Blame | None = None

    @property
    def blames(self) -> Blame:
        return self.own_blame if self.own_blame is not None else BLAME[self.status]


class Told(NamedTuple):
    """What a status message may tell about the client and the rule that applied."""

    checkin: bool  # whether the latest assessment is a check-in (else it is the baseline screen)
    on: dt.date
    latest: float
    baseline: float
    previous: float
    previous_on: dt.date
    limit: float
    value: float  # the rule's fact, when it is one number
    labels: Text  # the dimensions the rule names
    days: int  # since the latest assessment
    review_on: dt.date | None = None  # the client's latest review
    ratings: tuple[float, ...] = ()  # their ratings while they fell, oldest first


def _knockout(t: Told) -> str:
    if t.checkin:
        return _("Knockout at the latest check-in ({day}): {labels}.").format(day=_day(t.on), labels=t.labels)
    return _("Knockout at the baseline screen ({day}): {labels}.").format(day=_day(t.on), labels=t.labels)


def _hell_no_streak(t: Told) -> str:
    n = int(t.limit)
    return ngettext(
        "{n} hell-no check-in in a row, the latest on {day}.",
        "{n} hell-no check-ins in a row, the latest on {day}.",
        n,
    ).format(n=format_integer(n), day=_day(t.on))


def _far_below_baseline(t: Told) -> str:
    return _("The score on {day} ({latest}) is {value} points below the baseline ({baseline}).").format(
        day=_day(t.on),
        latest=format_score(t.latest),
        value=format_score(t.value),
        baseline=format_score(t.baseline),
    )


def _score_drop(t: Told) -> str:
    return _("The score fell {value} points on {day}, from {previous} on {previous_day}.").format(
        value=format_score(t.value),
        day=_day(t.on),
        previous=format_score(t.previous),
        previous_day=_day(t.previous_on),
    )


def _below_baseline(t: Told) -> str:
    return _("{labels}: {limit} or more steps below the baseline on {day}.").format(
        labels=t.labels, limit=format_integer(int(t.limit)), day=_day(t.on)
    )


def _hell_no(t: Told) -> str:
    if t.checkin:
        return _("The latest check-in ({day}) is a hell no.").format(day=_day(t.on))
    return _("The baseline screen ({day}) is a hell no.").format(day=_day(t.on))


def _hell_yes(t: Told) -> str:
    if t.checkin:
        return _("The latest check-in ({day}) is a hell yes.").format(day=_day(t.on))
    return _("The baseline screen ({day}) is a hell yes.").format(day=_day(t.on))


def _review_falls(t: Told) -> str:
    n = int(t.value)
    return ngettext(
        "The client's own rating fell {n} review in a row ({ratings}), the latest on {day}.",
        "The client's own rating fell {n} reviews in a row ({ratings}), the latest on {day}.",
        n,
    ).format(
        n=format_integer(n),
        ratings=" → ".join(format_score(r) for r in t.ratings),
        day=_day(t.review_on or t.on),
    )


def _review_contradicts(t: Told) -> str:
    day, limit = _day(t.review_on or t.on), format_integer(int(t.limit))
    if t.checkin:
        text = _(
            "{labels}: the client's review of {day} contradicts your latest check-in "
            "({limit} or more steps apart)."
        )
    else:
        text = _(
            "{labels}: the client's review of {day} contradicts your baseline screen "
            "({limit} or more steps apart)."
        )
    return text.format(labels=t.labels, day=day, limit=limit)


def _stale(t: Told) -> str:
    return ngettext(
        "No check-in for {n} day (since {day}); a status older than {limit} days is not to be trusted.",
        "No check-in for {n} days (since {day}); a status older than {limit} days is not to be trusted.",
        t.days,
    ).format(n=format_integer(t.days), day=_day(t.on), limit=format_integer(int(t.limit)))


def _lazy(render: Callable[[Told], str]) -> Callable[[Told], Lazy]:
    """A status message that renders when read (a status is kept by caches every session reads)."""
    return lambda told: Lazy(lambda: render(told))


# In order of precedence: the first rule that applies decides the status.
STATUS_RULES = (
    StatusRule(
        Rule.KNOCKOUT,
        Status.FIRE_NOW,
        Fact.KNOCKED,
        lambda _: 1,
        needs_checkin=False,
        message=_lazy(_knockout),
    ),
    StatusRule(
        Rule.HELL_NO_STREAK,
        Status.LET_GO,
        Fact.HELL_NO_RUN,
        lambda rules: rules.let_go_hell_no_streak,
        needs_checkin=False,
        message=_lazy(_hell_no_streak),
    ),
    StatusRule(
        Rule.FAR_BELOW_BASELINE,
        Status.LET_GO,
        Fact.BELOW_BASELINE,
        lambda rules: rules.let_go_below_baseline,
        needs_checkin=True,
        message=_lazy(_far_below_baseline),
    ),
    StatusRule(
        Rule.SCORE_DROP,
        Status.WATCH,
        Fact.SCORE_DROP,
        lambda rules: rules.watch_score_drop,
        needs_checkin=True,
        message=_lazy(_score_drop),
    ),
    StatusRule(
        Rule.BELOW_BASELINE,
        Status.WATCH,
        Fact.STEPS_BELOW_BASELINE,
        lambda rules: rules.watch_steps_below_baseline,
        needs_checkin=True,
        message=_lazy(_below_baseline),
    ),
    StatusRule(
        Rule.HELL_NO,
        Status.WATCH,
        Fact.HELL_NO,
        lambda _: 1,
        needs_checkin=False,
        message=_lazy(_hell_no),
    ),
    # The client's own view raises a watch and no more: it never decides let go or fire now, and a
    # worse status above it keeps deciding.
    StatusRule(
        Rule.REVIEW_FALLS,
        Status.WATCH,
        Fact.REVIEW_FALLS,
        lambda rules: rules.review_falls_in_a_row,
        needs_checkin=False,
        message=_lazy(_review_falls),
        own_blame=Blame.NOTHING,  # their rating names no dimension; the message says what fell
    ),
    StatusRule(
        Rule.REVIEW_CONTRADICTS,
        Status.WATCH,
        Fact.REVIEW_APART,
        lambda rules: rules.review_contradiction_steps,
        needs_checkin=False,
        message=_lazy(_review_contradicts),
        own_blame=Blame.NAMED,  # the dimensions their review contradicts
    ),
    StatusRule(
        Rule.HELL_YES,
        Status.HELL_YES,
        Fact.HELL_YES,
        lambda _: 1,
        needs_checkin=False,
        message=_lazy(_hell_yes),
    ),
)


@dataclass(frozen=True)
class StaleRule:
    """No check-in for more than `limit` days replaces `replaces` (an old green never stays
    green) and never hides a status more urgent than those."""

    rule: Rule
    status: Status
    replaces: tuple[Status, ...]
    limit: Callable[[StatusRules], int]
    message: Callable[[Told], Lazy]


STALE = StaleRule(
    Rule.STALE,
    Status.STALE,
    (Status.HELL_YES, Status.WATCH),
    lambda rules: rules.stale_after_days,
    _lazy(_stale),
)


# A stale status blames what the status it replaced blames. A rule may blame otherwise
# (`StatusRule.own_blame`).
BLAME = {
    Status.FIRE_NOW: Blame.NAMED,
    Status.LET_GO: Blame.DRIFT,
    Status.WATCH: Blame.DRIFT,
    Status.HELL_YES: Blame.NOTHING,
}
DRIFT_BLAMED = 3


# --- what a rubric makes of the rules -------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """A rubric's numbers prepared once, in rubric order, exact: both paths compute with these."""

    # The weights read as the decimals they are written as, then scaled by their least common
    # denominator to whole numbers, so a weighted sum is a sum of integers.
    weights: tuple[Fraction, ...]
    int_weights: tuple[int, ...]
    # What all hell yes earns: score = earned * 100 / total.
    total: int
    threshold: Fraction
    # Per entry of DIMENSION_RULES, per dimension: the highest points that block, or -1.
    levels: tuple[tuple[int, ...], ...]
    # Per dimension: the fewest points that do not block on their own.
    lowest: tuple[int, ...]
    # Per dimension: its place when answers tie, heavier first, then rubric order.
    tie_ranks: tuple[int, ...]
    # Per entry of STATUS_RULES: the least value of its fact that reaches its limit. Scores are
    # exact fractions shown as floats, so a difference of exactly the limit must count.
    bars: tuple[float, ...]


@lru_cache(maxsize=32)
def plan(rubric: Rubric) -> Plan:
    dims = rubric.dimensions
    weights = tuple(Fraction(str(d.weight)) for d in dims)
    scale = math.lcm(*(w.denominator for w in weights))
    int_weights = tuple(int(w * scale) for w in weights)
    levels = tuple(
        tuple(-1 if (at := r.level(rubric.verdict, d)) is None else at.points for d in dims)
        for r in DIMENSION_RULES
    )
    ranked = sorted(range(len(dims)), key=lambda i: (-dims[i].weight, i))
    return Plan(
        weights=weights,
        int_weights=int_weights,
        total=sum(int_weights) * MAX_POINTS,
        threshold=Fraction(str(rubric.verdict.threshold)),
        levels=levels,
        lowest=tuple(max(column) + 1 for column in zip(*levels, strict=True)),
        tie_ranks=tuple(ranked.index(i) for i in range(len(dims))),
        bars=tuple(r.limit(rubric.status) - SLACK for r in STATUS_RULES),
    )


# --- helpers that read the same on a number and on an array ------------------------------


@overload
def reaches_threshold(plan: Plan, earned: int) -> bool: ...
@overload
def reaches_threshold(plan: Plan, earned: Array, total: Array | None = None) -> Mask: ...
def reaches_threshold(plan: Plan, earned: int | Array, total: Array | None = None) -> bool | Mask:
    """earned / total * 100 >= threshold, cleared of denominators: decided on exact integers.
    `total`: per row, what all hell yes earns over the dimensions it was asked (`plan.total`
    when it was asked them all)."""
    most = plan.total if total is None else total
    return earned * (100 * plan.threshold.denominator) >= plan.threshold.numerator * most


@overload
def weakness(points: int, tie_rank: int, dims: int) -> tuple[bool, int]: ...
@overload
def weakness(points: Array, tie_rank: Array, dims: int) -> tuple[Mask, Array]: ...
def weakness(points: int | Array, tie_rank: int | Array, dims: int) -> tuple[bool | Mask, int | Array]:
    """Whether an answer is a weakness (a perfect one is not, nor a question not asked), and its
    rank, weakest first: the lowest answer, then heavier, then rubric order, as one whole number."""
    return (points != NOT_ASKED) & (points < MAX_POINTS), points * dims + tie_rank


@overload
def blame(drop: int, points: int, tie_rank: int, dims: int) -> tuple[tuple[bool, bool], int]: ...
@overload
def blame(drop: Array, points: Array, tie_rank: Array, dims: int) -> tuple[tuple[Mask, Mask], Array]: ...
def blame(
    drop: int | Array, points: int | Array, tie_rank: int | Array, dims: int
) -> tuple[tuple[bool | Mask, bool | Mask], int | Array]:
    """Whom a drifting client blames, in tiers: the dimensions that dropped since the baseline
    (`steps_below`); when none did, the answers at or below unsure (the first tier with any
    dimension counts; a dimension the latest was not asked is in neither). Then their rank, most
    to blame first: the biggest drop (-4..4), then the lowest answer (0..4), then heavier, then
    rubric order, as one whole number."""
    tiers = (drop > 0, (points != NOT_ASKED) & (points <= LOW_POINTS))
    return tiers, ((MAX_POINTS - drop) * (MAX_POINTS + 1) + points) * dims + tie_rank


@overload
def steps_below(baseline: int, latest: int) -> int: ...
@overload
def steps_below(baseline: Array, latest: Array) -> Array: ...
def steps_below(baseline: int | Array, latest: int | Array) -> int | Array:
    """How many steps an answer fell since the baseline (negative: it rose), in points; 0 where
    either of the two was not asked (`NOT_ASKED`): only answers to one question compare."""
    return (baseline - latest) * ((baseline != NOT_ASKED) & (latest != NOT_ASKED))


def steps_apart(theirs: Array, ours: Array) -> Array:
    """How many steps their answers (`scoring.reviews.said_points`: 0-4, or -1 where they said
    nothing) lie from yours, dimension by dimension; 0 where they said nothing, or where yours
    was not asked (`NOT_ASKED`). One client's dimensions or a batch's matrix alike."""
    return np.where((theirs >= 0) & (ours != NOT_ASKED), np.abs(theirs - ours), 0)
