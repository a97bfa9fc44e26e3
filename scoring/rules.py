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

from scoring.models import (
    MAX_POINTS,
    Answer,
    BlockerRule,
    Dimension,
    Rubric,
    StatusRules,
    VerdictRules,
    format_score,
)

Array = npt.NDArray[Any]
Mask = npt.NDArray[np.bool_]

# How far below a limit a fact may be and still reach it (see Plan.bars).
SLACK = 1e-9
# With no dimension worse than at the baseline, a troubled status blames the answers at or below this.
LOW_POINTS = Answer.UNSURE.points


# --- the verdict ------------------------------------------------------------------------


@dataclass(frozen=True)
class DimensionRule:
    """A dimension answered at or below `level` makes the verdict hell no on its own.

    `level` gives that answer for a dimension, or None when the rule does not apply
    to it. A dimension caught by several rules is named once, by the first.
    """

    rule: BlockerRule
    level: Callable[[VerdictRules, Dimension], Answer | None]
    message: Callable[[Dimension, Answer], str]


DIMENSION_RULES = (
    DimensionRule(
        BlockerRule.KNOCKOUT,
        lambda rules, dim: rules.knockout_at if dim.knockout else None,
        lambda dim, answer: (
            f"{dim.label} is a knockout and the answer was “{answer.label}”: that alone makes it "
            "a hell no, whatever the score."
        ),
    ),
    DimensionRule(
        BlockerRule.FLOOR,
        lambda rules, dim: rules.floor,
        lambda dim, answer: (
            f"{dim.label} was answered “{answer.label}”: one dimension that low sinks the whole."
        ),
    ),
)


def below_threshold(score: float, threshold: float) -> str:
    """Why a score below the threshold blocks; the last reason a verdict names."""
    return f"The score is {format_score(score)}; a hell yes needs {format_score(threshold)} or more."


# --- the status of a client ----------------------------------------------------------------


class Status(StrEnum):
    HELL_YES = "hell_yes"
    WATCH = "watch"
    LET_GO = "let_go"
    FIRE_NOW = "fire_now"
    STALE = "stale"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def urgency(self) -> int:
        """Lower is more urgent: fire now, let go, watch, stale, hell yes."""
        return _URGENCY[self]


_STATUS_LABELS = {
    Status.HELL_YES: "Hell yes",
    Status.WATCH: "Watch",
    Status.LET_GO: "Let go",
    Status.FIRE_NOW: "Fire now",
    Status.STALE: "Stale",
}
_URGENCY = {Status.FIRE_NOW: 0, Status.LET_GO: 1, Status.WATCH: 2, Status.STALE: 3, Status.HELL_YES: 4}


class Rule(StrEnum):
    KNOCKOUT = "knockout"
    HELL_NO_STREAK = "hell_no_streak"
    FAR_BELOW_BASELINE = "far_below_baseline"
    SCORE_DROP = "score_drop"
    BELOW_BASELINE = "dimension_below_baseline"
    HELL_NO = "hell_no"
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

    @property
    def per_dimension(self) -> bool:
        return self in (Fact.KNOCKED, Fact.STEPS_BELOW_BASELINE)


KNOCKED_BY = BlockerRule.KNOCKOUT


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
    message: Callable[[Told], str]


class Told(NamedTuple):
    """What a status message may tell about the client and the rule that applied."""

    what: str  # "the latest check-in" or "the baseline screen"
    on: dt.date
    latest: float
    baseline: float
    previous: float
    previous_on: dt.date
    limit: float
    value: float  # the rule's fact, when it is one number
    labels: str  # the dimensions the rule names
    days: int  # since the latest assessment


# In order of precedence: the first rule that applies decides the status.
STATUS_RULES = (
    StatusRule(
        Rule.KNOCKOUT,
        Status.FIRE_NOW,
        Fact.KNOCKED,
        lambda _: 1,
        needs_checkin=False,
        message=lambda t: f"Knockout at {t.what} ({t.on:%Y-%m-%d}): {t.labels}.",
    ),
    StatusRule(
        Rule.HELL_NO_STREAK,
        Status.LET_GO,
        Fact.HELL_NO_RUN,
        lambda rules: rules.let_go_hell_no_streak,
        needs_checkin=False,
        message=lambda t: f"{t.limit} hell-no check-ins in a row, the latest on {t.on:%Y-%m-%d}.",
    ),
    StatusRule(
        Rule.FAR_BELOW_BASELINE,
        Status.LET_GO,
        Fact.BELOW_BASELINE,
        lambda rules: rules.let_go_below_baseline,
        needs_checkin=True,
        message=lambda t: (
            f"The score on {t.on:%Y-%m-%d} ({format_score(t.latest)}) is {format_score(t.value)} "
            f"points below the baseline ({format_score(t.baseline)})."
        ),
    ),
    StatusRule(
        Rule.SCORE_DROP,
        Status.WATCH,
        Fact.SCORE_DROP,
        lambda rules: rules.watch_score_drop,
        needs_checkin=True,
        message=lambda t: (
            f"The score fell {format_score(t.value)} points on {t.on:%Y-%m-%d}, "
            f"from {format_score(t.previous)} on {t.previous_on:%Y-%m-%d}."
        ),
    ),
    StatusRule(
        Rule.BELOW_BASELINE,
        Status.WATCH,
        Fact.STEPS_BELOW_BASELINE,
        lambda rules: rules.watch_steps_below_baseline,
        needs_checkin=True,
        message=lambda t: f"{t.labels}: {t.limit} or more steps below the baseline on {t.on:%Y-%m-%d}.",
    ),
    StatusRule(
        Rule.HELL_NO,
        Status.WATCH,
        Fact.HELL_NO,
        lambda _: 1,
        needs_checkin=False,
        message=lambda t: f"{t.what.capitalize()} ({t.on:%Y-%m-%d}) is a hell no.",
    ),
    StatusRule(
        Rule.HELL_YES,
        Status.HELL_YES,
        Fact.HELL_YES,
        lambda _: 1,
        needs_checkin=False,
        message=lambda t: f"{t.what.capitalize()} ({t.on:%Y-%m-%d}) is a hell yes.",
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
    message: Callable[[Told], str]


STALE = StaleRule(
    Rule.STALE,
    Status.STALE,
    (Status.HELL_YES, Status.WATCH),
    lambda rules: rules.stale_after_days,
    lambda t: (
        f"No check-in for {t.days} days (since {t.on:%Y-%m-%d}); "
        f"a status older than {t.limit} days is not to be trusted."
    ),
)


class Blame(StrEnum):
    """Which dimensions a status holds responsible (the first gives the reason key)."""

    NAMED = "named"  # those its deciding rule names
    DRIFT = "drift"  # see `blame`; the first three are kept
    NOTHING = "nothing"


# A stale status blames what the status it replaced blames.
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
def reaches_threshold(plan: Plan, earned: Array) -> Mask: ...
def reaches_threshold(plan: Plan, earned: int | Array) -> bool | Mask:
    """earned / total * 100 >= threshold, cleared of denominators: decided on exact integers."""
    return earned * (100 * plan.threshold.denominator) >= plan.threshold.numerator * plan.total


@overload
def weakness(points: int, tie_rank: int, dims: int) -> tuple[bool, int]: ...
@overload
def weakness(points: Array, tie_rank: Array, dims: int) -> tuple[Mask, Array]: ...
def weakness(points: int | Array, tie_rank: int | Array, dims: int) -> tuple[bool | Mask, int | Array]:
    """Whether an answer is a weakness (a perfect one is not), and its rank, weakest first: the
    lowest answer, then heavier, then rubric order, as one whole number."""
    return points < MAX_POINTS, points * dims + tie_rank


@overload
def blame(drop: int, points: int, tie_rank: int, dims: int) -> tuple[tuple[bool, bool], int]: ...
@overload
def blame(drop: Array, points: Array, tie_rank: Array, dims: int) -> tuple[tuple[Mask, Mask], Array]: ...
def blame(
    drop: int | Array, points: int | Array, tie_rank: int | Array, dims: int
) -> tuple[tuple[bool | Mask, bool | Mask], int | Array]:
    """Whom a drifting client blames, in tiers: the dimensions that dropped since the baseline;
    when none did, the answers at or below unsure (the first tier with any dimension counts).
    Then their rank, most to blame first: the biggest drop (-4..4), then the lowest answer
    (0..4), then heavier, then rubric order, as one whole number."""
    tiers = (drop > 0, points <= LOW_POINTS)
    return tiers, ((MAX_POINTS - drop) * (MAX_POINTS + 1) + points) * dims + tie_rank
