"""Score many answer sets at once, for a portfolio's trend lines, an export or a rescore.

`scoring.verdict` judges one answer set with fractions so that a score of exactly 80
is decided exactly; doing that 48,000 times in Python takes seconds. Here the same
rules run on a matrix, one row per assessment, one column per dimension in rubric
order, holding answer points 0-4, and stay exact:

- the weights are the rubric's decimals as fractions (`Fraction(str(w))`, as
  `scoring.verdict` reads them) scaled by the least common denominator to whole
  numbers, so the weighted sum is a sum of integers, exact in a float64 (BLAS does
  the product) as long as it stays below 2**53, which the plan checks;
- the score is that integer times 100 divided by the integer maximum: one IEEE
  division of two exact integers, correctly rounded, which is the same float
  `float(Fraction(...))` gives, bit for bit;
- hell yes is decided on those exact integers (`earned * 100 * den >= num * total`,
  the threshold as a fraction), never on the rounded score;
- a knockout dimension at or below `knockout_at`, or any dimension at or below
  the floor, makes it a hell no, whatever the score.

A stored assessment may not have been asked every dimension of the rubric it is judged
by now (it was taken before one was added): `points_matrix(..., stored=True)` marks such a
cell `NOT_ASKED`, and every rule leaves it out, as `scoring.verdict.evaluate_stored` does
one at a time: the score is the weighted mean over the cells asked (per row, the integer
maximum of those), the floor and the knockouts look at those, and a status compares two
rows only on the dimensions both were asked. A matrix with no such cell takes the path
it always took.

The rules, their numbers and their order are `scoring.rules`'s, the same declarations
`scoring.verdict` and `scoring.status` apply one at a time; this module only evaluates
them on arrays. Explanations (blockers, weakest, changes to hell yes) are not computed
here: a page that shows one assessment still uses `scoring.verdict.evaluate`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from i18n import _
from scoring.models import MAX_POINTS, Answer, Rubric, Verdict
from scoring.reviews import NOT_SAID, ReviewFacts, said_points
from scoring.rules import (
    DIMENSION_RULES,
    KNOCKED_BY,
    NOT_ASKED,
    STALE,
    STATUS_RULES,
    Blame,
    Fact,
    Plan,
    Status,
    blame,
    plan,
    reaches_threshold,
    steps_apart,
    steps_below,
    weakness,
)
from scoring.verdict import AnswerError, not_a_dimension, not_answered

Points = npt.NDArray[np.int8]
# Integers below this are exact in a float64, and so is every sum and product that stays below it.
EXACT_BELOW = 2**53


@dataclass(frozen=True)
class Rescored:
    """One entry per row of the matrix: the score (0-100, as `evaluate` gives it) and the verdict."""

    scores: npt.NDArray[np.float64]
    hell_yes: npt.NDArray[np.bool_]

    def verdicts(self) -> list[Verdict]:
        return [Verdict.HELL_YES if yes else Verdict.HELL_NO for yes in self.hell_yes.tolist()]


# Answers as enums or as the words the database stores (an enum hashes by its name, not its word).
_POINTS: dict[object, int] = {**{a.value: a.points for a in Answer}, **{a: a.points for a in Answer}}


def points_matrix(
    rubric: Rubric, answers: Iterable[Mapping[str, Answer | str]], *, stored: bool = False
) -> Points:
    """Answer sets (enums or their stored words) as a rows × dimensions matrix of points, rubric order.

    Every set must answer every dimension and nothing else; AnswerError names the first that does
    not. `stored`: sets read back from the database (or a file written from it), which may have
    been taken before a dimension was added: a dimension a set does not answer is `NOT_ASKED`,
    and an answer to a key the rubric does not ask (a retired dimension) is left out. Only a
    word that is no answer is refused.
    """
    keys = rubric.keys
    rows = list(answers)
    if stored:
        return _stored_points(rubric, rows)
    try:
        flat = [_POINTS[row[key]] for row in rows for key in keys]
    except (KeyError, TypeError):
        flat = None
    # With every key found, sets are exactly the rubric's when their sizes add up.
    if flat is None or sum(map(len, rows)) != len(keys) * len(rows):
        fits = len(keys)
        raise next(_misfit(rubric, row) for row in rows if len(row) != fits or _unknown_answer(keys, row))
    return np.array(flat, dtype=np.int8).reshape(len(rows), len(keys))


# What `points_matrix` reads a stored set's missing answer as.
_STORED_POINTS: dict[object, int] = {**_POINTS, None: NOT_ASKED}


def _stored_points(rubric: Rubric, rows: list[Mapping[str, Answer | str]]) -> Points:
    keys = rubric.keys
    try:
        flat = [_STORED_POINTS[row.get(key)] for row in rows for key in keys]
    except (KeyError, TypeError):
        for row in rows:
            for key in keys:
                if row.get(key) is not None and _unknown_answer((key,), row):
                    raise AnswerError(key, _("{text} is not an answer").format(text=repr(row[key]))) from None
        raise
    return np.array(flat, dtype=np.int8).reshape(len(rows), len(keys))


def _unknown_answer(keys: tuple[str, ...], row: Mapping[str, Answer | str]) -> bool:
    try:
        return any(row[key] not in _POINTS for key in keys)
    except (KeyError, TypeError):
        return True


def _misfit(rubric: Rubric, row: Mapping[str, Answer | str]) -> AnswerError:
    unknown = sorted(set(row) - set(rubric.keys))
    if unknown:
        return AnswerError(unknown[0], not_a_dimension(rubric))
    for dim in rubric.dimensions:
        if dim.key not in row:
            return AnswerError(dim.key, not_answered(dim.label))
        if _unknown_answer((dim.key,), row):
            return AnswerError(dim.key, _("{text} is not an answer").format(text=repr(row[dim.key])))
    raise AssertionError("the row fits the rubric")


@dataclass(frozen=True)
class _Plan:
    """`scoring.rules.plan` as arrays, prepared once, so a rescore of a few rows costs little more
    than the arithmetic."""

    rules: Plan
    # The whole-number weights held in floats: BLAS multiplies those, and every sum of them
    # stays an exact integer below 2**53.
    weights: npt.NDArray[np.float64]
    # Per entry of DIMENSION_RULES, a row: per dimension the highest points that block, or -1.
    levels: npt.NDArray[np.int64]
    tie_ranks: npt.NDArray[np.int64]


@lru_cache(maxsize=32)
def _plan(rubric: Rubric) -> _Plan:
    rules = plan(rubric)
    if rules.total * 100 * rules.threshold.denominator >= EXACT_BELOW:
        raise ValueError("the rubric's weights and threshold have too many decimals to rescore exactly")
    arrays = _Plan(
        rules,
        np.array(rules.int_weights, dtype=np.float64),
        np.array(rules.levels, dtype=np.int64).reshape(len(DIMENSION_RULES), len(rubric.keys)),
        np.array(rules.tie_ranks, dtype=np.int64),
    )
    for array in (arrays.weights, arrays.levels, arrays.tie_ranks):
        array.setflags(write=False)
    return arrays


def rescore(points: Points, rubric: Rubric) -> Rescored:
    """Score and verdict of every row of `points` (from `points_matrix`) under `rubric`."""
    if points.ndim != 2 or points.shape[1] != len(rubric.keys):
        raise ValueError(f"expected a rows × {len(rubric.keys)} matrix of points, got shape {points.shape}")
    arrays = _plan(rubric)
    if points.size and points.min() == NOT_ASKED:
        return _rescore_asked(points, arrays)
    rules = arrays.rules
    earned = points.astype(np.float64) @ arrays.weights
    hell_yes = reaches_threshold(rules, earned)
    # Column by column: numpy's all(axis=1) over ten entries a row is several times slower.
    for column, lowest in enumerate(rules.lowest):
        if lowest:
            hell_yes &= points[:, column] >= lowest
    return Rescored(scores=earned * 100 / rules.total, hell_yes=hell_yes)


def _rescore_asked(points: Points, arrays: _Plan) -> Rescored:
    """`rescore` of a matrix with cells `NOT_ASKED`: each row over the dimensions it was asked,
    with the integer maximum of those (`Rubric.asked` gives the same fraction, so the same float);
    a row asked nothing scores 0, a hell no."""
    rules = arrays.rules
    asked = points != NOT_ASKED
    earned = np.where(asked, points, 0).astype(np.float64) @ arrays.weights
    total = (asked.astype(np.float64) @ arrays.weights) * MAX_POINTS
    some = total > 0
    hell_yes = reaches_threshold(rules, earned, total) & some
    for column, lowest in enumerate(rules.lowest):
        if lowest:
            hell_yes &= (points[:, column] >= lowest) | ~asked[:, column]
    # Where nothing was asked nothing was earned: 0 / 1.
    return Rescored(scores=earned * 100 / np.where(some, total, 1.0), hell_yes=hell_yes)


# --- whole histories -------------------------------------------------------------------

# Status codes: a status's place in this tuple.
_STATUSES = tuple(Status)
_CODES = {status: code for code, status in enumerate(_STATUSES)}
_NONE = -1
# Which entry of DIMENSION_RULES names the knocked-out dimensions.
_KNOCKED_BY = [r.rule for r in DIMENSION_RULES].index(KNOCKED_BY)
# The entries of STATUS_RULES whose status blames the drift, or the dimensions the rule names.
_DECIDING_DRIFT = [i for i, r in enumerate(STATUS_RULES) if r.blames is Blame.DRIFT]
_DECIDING_NAMED = [i for i, r in enumerate(STATUS_RULES) if r.blames is Blame.NAMED]


@dataclass(frozen=True)
class Judged:
    """The computed columns of an assessment file, one entry per row, in the order given.

    `kept` is False for a check-in with no screen on or before it: it has no baseline,
    so no status, and it counts for nothing in the account's later rows. `status` is
    None for a screen and for such a check-in; `reason` is a reason key or None.
    """

    kept: npt.NDArray[np.bool_]
    scores: npt.NDArray[np.float64]
    hell_yes: npt.NDArray[np.bool_]
    status: list[Status | None]
    reason: list[str | None]

    def verdicts(self) -> list[Verdict]:
        return [Verdict.HELL_YES if yes else Verdict.HELL_NO for yes in self.hell_yes.tolist()]

    def rows(self) -> list[tuple[bool, float, Verdict, Status | None, str | None]]:
        """(kept, score, verdict, status, reason) of each row, in the order given."""
        columns = (self.kept.tolist(), self.scores.tolist(), self.verdicts(), self.status, self.reason)
        return list(zip(*columns, strict=True))


@dataclass(frozen=True)
class ReviewColumns:
    """What a client's own reviews say, per row of a file (`scoring.reviews.review_facts`): at how
    many reviews in a row their rating fell, and per dimension the points their latest review
    suggests (`scoring.reviews.NOT_SAID` where it says nothing)."""

    falls: npt.NDArray[np.int64]
    said: npt.NDArray[np.int64]

    @classmethod
    def of(cls, rubric: Rubric, facts: Sequence[ReviewFacts]) -> ReviewColumns:
        """One row per entry of `facts`."""
        said = [said_points(rubric, found.latest) for found in facts]
        return cls(
            falls=np.array([found.falls for found in facts], dtype=np.int64),
            said=np.array(said, dtype=np.int64).reshape(len(facts), len(rubric.keys)),
        )


def judge_histories(
    rubric: Rubric,
    points: Points,
    accounts: npt.NDArray[np.int64],
    days: npt.NDArray[np.int64],
    checkin: npt.NDArray[np.bool_],
    today: dt.date | None,
    reviews: ReviewColumns | None = None,
) -> Judged:
    """Every computed column of a file at once, with the rules of `formats.csvcodec.score_rows`.

    Row i is an assessment of account `accounts[i]` (any integer naming it) on day
    `days[i]` (a `date.toordinal()`), a check-in when `checkin[i]`, answered `points[i]`
    (from `points_matrix`). Each account's rows are put in date order, screens before
    check-ins on one day, then in the order given. A screen's reason says why it is a
    hell no (the first dimension its blockers name, else its weakest answer). A
    check-in gets the status `scoring.status.client_status` gives over the account's
    rows up to it, as of its own day; the account's last row is judged as of `today`,
    so only it can be stale. With `today` None no row is stale: the status before the
    staleness rule (`scoring.status.standing_of` applies it as of any day). `reviews`: what
    the client's own reviews say as of each check-in row (`client_status`'s `reviews`); None
    when no client has any.
    """
    rows = len(days)
    if not len(points) == len(accounts) == len(checkin) == rows:
        raise ValueError("points, accounts, days and checkin need one entry per row")
    scored = rescore(points, rubric)
    codes = np.full(rows, _NONE, dtype=np.int64)
    culprits = np.full(rows, _NONE, dtype=np.int64)
    failed_screens = ~checkin & ~scored.hell_yes
    culprits[failed_screens] = _screen_culprits(rubric, points[failed_screens])
    kept = ~checkin
    if reviews is None:
        said = np.full((rows, len(rubric.keys)), NOT_SAID, dtype=np.int64)
        reviews = ReviewColumns(falls=np.zeros(rows, dtype=np.int64), said=said)
    elif not len(reviews.falls) == len(reviews.said) == rows:
        raise ValueError("reviews need one entry per row")
    if checkin.any():
        order = np.lexsort((np.arange(rows), checkin, days, accounts))
        at, status, culprit = _checkin_statuses(
            rubric,
            points[order],
            accounts[order],
            days[order],
            checkin[order],
            scored.scores[order],
            scored.hell_yes[order],
            None if today is None else today.toordinal(),
            ReviewColumns(reviews.falls[order], reviews.said[order]),
        )
        kept[order[at]] = True
        codes[order[at]] = status
        culprits[order[at]] = culprit
    reasons = [d.reason for d in rubric.dimensions]
    return Judged(
        kept=kept,
        scores=scored.scores,
        hell_yes=scored.hell_yes,
        status=[_STATUSES[code] if code != _NONE else None for code in codes.tolist()],
        reason=[reasons[dim] if dim != _NONE else None for dim in culprits.tolist()],
    )


def _first_true(mask: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
    """Per row, the first column that is True, or _NONE."""
    if mask.shape[1] == 0:
        return np.full(len(mask), _NONE, dtype=np.int64)
    return np.where(mask.any(axis=1), mask.argmax(axis=1), _NONE)


def _lowest(keys: npt.NDArray[np.int64], candidates: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
    """Per row, the candidate column with the smallest key, or _NONE."""
    if keys.shape[1] == 0:
        return np.full(len(keys), _NONE, dtype=np.int64)
    masked = np.where(candidates, keys, np.iinfo(np.int64).max)
    return np.where(candidates.any(axis=1), masked.argmin(axis=1), _NONE)


def _claims(rubric: Rubric, points: Points, upto: int | None = None) -> list[npt.NDArray[np.bool_]]:
    """Per entry of DIMENSION_RULES (up to and including `upto`), the dimensions it names in each
    row: those asked and at or below its level that no earlier rule named."""
    levels = _plan(rubric).levels
    asked = points != NOT_ASKED if points.size and points.min() == NOT_ASKED else None
    claims: list[npt.NDArray[np.bool_]] = []
    for level in levels[: len(levels) if upto is None else upto + 1]:
        claimed = points <= level
        if asked is not None:
            claimed &= asked
        if claims:
            claimed &= ~np.logical_or.reduce(claims)
        claims.append(claimed)
    return claims


def _screen_culprits(rubric: Rubric, points: Points) -> npt.NDArray[np.int64]:
    """The dimension a hell-no screen is blamed on: the first its blockers name (rules in the order
    of DIMENSION_RULES, dimensions in rubric order), else its weakest answer."""
    weak, rank = weakness(points.astype(np.int64), _plan(rubric).tie_ranks, len(rubric.keys))
    culprit = _lowest(rank, weak)
    for claimed in reversed(_claims(rubric, points)):
        first = _first_true(claimed)
        culprit = np.where(first != _NONE, first, culprit)
    return culprit


def _checkin_statuses(
    rubric: Rubric,
    points: Points,
    accounts: npt.NDArray[np.int64],
    days: npt.NDArray[np.int64],
    checkin: npt.NDArray[np.bool_],
    scores: npt.NDArray[np.float64],
    hell_yes: npt.NDArray[np.bool_],
    today: int | None,
    reviews: ReviewColumns,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Rows sorted by account, day, screens first, then given order. Returns the positions of the
    check-ins that have a baseline, and the status code and culprit dimension of each."""
    rules = rubric.status
    arrays = _plan(rubric)
    rows = len(days)
    starts_here = np.r_[True, accounts[1:] != accounts[:-1]]
    starts = np.flatnonzero(starts_here)
    group = np.cumsum(starts_here) - 1
    last_row = np.r_[starts[1:], rows] - 1
    never = np.iinfo(np.int64).max
    # A check-in counts once a screen came on or before its day; the baseline is the last
    # screen on or before the first check-in that counts.
    first_screen = np.minimum.reduceat(np.where(checkin, never, days), starts)
    counted = checkin & (days >= first_screen[group])
    first_checkin = np.minimum.reduceat(np.where(counted, days, never), starts)
    screen_before = ~checkin & (days <= first_checkin[group])
    baselines = np.maximum.reduceat(np.where(screen_before, np.arange(rows), -1), starts)

    at = np.flatnonzero(counted)
    own = group[at]
    base = baselines[own]
    opens = np.r_[True, own[1:] != own[:-1]]
    # The check-in before, or the baseline for an account's first.
    previous = np.where(opens, base, np.r_[0, at[:-1]])
    latest = points[at].astype(np.int64)
    hell_no = ~hell_yes[at]
    # Hell-no check-ins in a row: back to the last hell yes, or to the account's first check-in.
    position = np.arange(len(at))
    after = np.maximum.accumulate(np.where(hell_no, np.where(opens, position - 1, -1), position))
    # Only the dimensions both were asked compare (the rest are 0: no drop).
    dropped = steps_below(points[base].astype(np.int64), latest)

    # The facts of scoring.rules.Fact; each row is a check-in, so every rule has one to compare.
    facts: dict[Fact, npt.NDArray[Any]] = {
        Fact.KNOCKED: _claims(rubric, points[at], _KNOCKED_BY)[_KNOCKED_BY],
        Fact.HELL_NO_RUN: position - after,
        Fact.BELOW_BASELINE: scores[base] - scores[at],
        Fact.SCORE_DROP: scores[previous] - scores[at],
        Fact.STEPS_BELOW_BASELINE: dropped,
        Fact.HELL_NO: hell_no,
        Fact.HELL_YES: ~hell_no,
        Fact.REVIEW_FALLS: reviews.falls[at],
        Fact.REVIEW_APART: steps_apart(reviews.said[at], latest),
    }
    applies: list[npt.NDArray[np.bool_]] = []
    named: list[npt.NDArray[np.int64]] = []
    for declared, bar in zip(STATUS_RULES, arrays.rules.bars, strict=True):
        hit = facts[declared.fact] >= bar
        if declared.fact.per_dimension:
            # The first dimension it names, only needed when that is what its status blames.
            blames_named = declared.blames is Blame.NAMED
            named.append(_first_true(hit) if blames_named else np.full(len(at), _NONE, dtype=np.int64))
            applies.append(np.asarray(hit.any(axis=1)))
        else:
            named.append(np.full(len(at), _NONE, dtype=np.int64))
            applies.append(hit)
    # The first rule that applies decides (HELL_NO and HELL_YES between them always do).
    deciding = np.select(applies, list(range(len(STATUS_RULES))), _NONE)
    status = np.array([_CODES[r.status] for r in STATUS_RULES], dtype=np.int64)[deciding]
    if today is None:
        stale = np.zeros(len(at), dtype=np.bool_)
    else:
        as_of = np.where(at == last_row[own], today, days[at])
        stale = (as_of - days[at] > STALE.limit(rules)) & np.isin(status, [_CODES[s] for s in STALE.replaces])

    # Drift: the first tier with any dimension in it, then the most to blame there.
    tiers, rank = blame(dropped, latest, arrays.tie_ranks, len(rubric.keys))
    candidates = tiers[-1]
    for tier in reversed(tiers[:-1]):
        candidates = np.where(tier.any(axis=1, keepdims=True), tier, candidates)
    drift = _lowest(rank, candidates)
    culprit = np.where(np.isin(deciding, _DECIDING_DRIFT), drift, _NONE)
    for index in _DECIDING_NAMED:
        culprit = np.where(deciding == index, named[index], culprit)
    return at, np.where(stale, _CODES[STALE.status], status), culprit


def rescore_as_taken(
    points_of: Callable[[Rubric], Points],
    versions: npt.NDArray[np.int64],
    current: Rubric,
    rubrics: Mapping[int, Rubric],
    scored: Rescored,
) -> Rescored:
    """`scored` (every row under `current`) with each row taken with another version of the rubric
    scored with that version instead: its score and verdict as they were when it was taken.

    `points_of(rubric)` gives every row's points under `rubric` (`AssessmentColumns.points`);
    `versions[i]` is row i's version. Rows of a version `rubrics` does not hold keep `current`'s.
    """
    others = [v for v in np.unique(versions).tolist() if v != current.version and v in rubrics]
    if not others:
        return scored
    scores, hell_yes = scored.scores.copy(), scored.hell_yes.copy()
    for version in others:
        rows = np.flatnonzero(versions == version)
        then = rubrics[version]
        found = rescore(points_of(then)[rows], then)
        scores[rows] = found.scores
        hell_yes[rows] = found.hell_yes
    return Rescored(scores=scores, hell_yes=hell_yes)


def screen_reasons(rubric: Rubric, points: Points) -> list[str | None]:
    """Each row read as a screen under `rubric`: the reason key of why it is a hell no (as
    `judge_histories` gives a screen's), None for a hell yes."""
    failed = ~rescore(points, rubric).hell_yes
    found: list[str | None] = [None] * len(points)
    reasons = [d.reason for d in rubric.dimensions]
    rows = np.flatnonzero(failed).tolist()
    for row, dim in zip(rows, _screen_culprits(rubric, points[failed]).tolist(), strict=True):
        found[row] = reasons[dim] if dim != _NONE else None
    return found
