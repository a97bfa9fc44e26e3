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

Explanations (blockers, weakest, changes to hell yes) are not computed here: a page
that shows one assessment still uses `scoring.verdict.evaluate`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from scoring.models import MAX_POINTS, Answer, Rubric, Verdict
from scoring.status import Status
from scoring.verdict import AnswerError

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


def points_matrix(rubric: Rubric, answers: Iterable[Mapping[str, Answer | str]]) -> Points:
    """Answer sets (enums or their stored words) as a rows × dimensions matrix of points, rubric order.

    Every set must answer every dimension and nothing else; AnswerError names the first that does not.
    """
    keys = rubric.keys
    rows = list(answers)
    try:
        flat = [_POINTS[row[key]] for row in rows for key in keys]
    except (KeyError, TypeError):
        flat = None
    # With every key found, sets are exactly the rubric's when their sizes add up.
    if flat is None or sum(map(len, rows)) != len(keys) * len(rows):
        fits = len(keys)
        raise next(_misfit(rubric, row) for row in rows if len(row) != fits or _unknown_answer(keys, row))
    return np.array(flat, dtype=np.int8).reshape(len(rows), len(keys))


def _unknown_answer(keys: tuple[str, ...], row: Mapping[str, Answer | str]) -> bool:
    try:
        return any(row[key] not in _POINTS for key in keys)
    except (KeyError, TypeError):
        return True


def _misfit(rubric: Rubric, row: Mapping[str, Answer | str]) -> AnswerError:
    unknown = sorted(set(row) - set(rubric.keys))
    if unknown:
        return AnswerError(unknown[0], f"not a dimension of rubric {rubric.key} v{rubric.version}")
    for dim in rubric.dimensions:
        if dim.key not in row:
            return AnswerError(dim.key, f"{dim.label} is not answered")
        if _unknown_answer((dim.key,), row):
            return AnswerError(dim.key, f"{row[dim.key]!r} is not an answer")
    raise AssertionError("the row fits the rubric")


@dataclass(frozen=True)
class _Plan:
    """A rubric's numbers prepared once (as scoring.verdict prepares them), so a rescore of a few
    rows costs little more than the arithmetic."""

    # The weights as whole numbers, held in floats: BLAS multiplies those, and every sum of them
    # stays an exact integer below 2**53.
    weights: npt.NDArray[np.float64]
    total: int
    threshold: Fraction
    # Per dimension, the fewest points that do not block on their own (scoring.verdict._plan).
    lowest: tuple[int, ...]


@lru_cache(maxsize=32)
def _plan(rubric: Rubric) -> _Plan:
    fractions = [Fraction(str(d.weight)) for d in rubric.dimensions]
    scale = math.lcm(*(w.denominator for w in fractions))
    whole = [int(w * scale) for w in fractions]
    weights = np.array(whole, dtype=np.float64)
    weights.setflags(write=False)
    rules = rubric.verdict
    floor = rules.floor.points + 1 if rules.floor is not None else 0
    lowest = tuple(
        max(floor, rules.knockout_at.points + 1) if d.knockout else floor for d in rubric.dimensions
    )
    threshold = Fraction(str(rules.threshold))
    total = sum(whole) * MAX_POINTS
    if total * 100 * threshold.denominator >= EXACT_BELOW:
        raise ValueError("the rubric's weights and threshold have too many decimals to rescore exactly")
    return _Plan(weights, total, threshold, lowest)


def rescore(points: Points, rubric: Rubric) -> Rescored:
    """Score and verdict of every row of `points` (from `points_matrix`) under `rubric`."""
    if points.ndim != 2 or points.shape[1] != len(rubric.keys):
        raise ValueError(f"expected a rows × {len(rubric.keys)} matrix of points, got shape {points.shape}")
    plan = _plan(rubric)
    earned = points.astype(np.float64) @ plan.weights
    hell_yes = earned * (100 * plan.threshold.denominator) >= plan.threshold.numerator * plan.total
    # Column by column: numpy's all(axis=1) over ten entries a row is several times slower.
    for column, lowest in enumerate(plan.lowest):
        if lowest:
            hell_yes &= points[:, column] >= lowest
    return Rescored(scores=earned * 100 / plan.total, hell_yes=hell_yes)


# --- whole histories -------------------------------------------------------------------

# Status codes, most severe first as `scoring.status` ranks them, with stale last.
_FIRE_NOW, _LET_GO, _WATCH, _HELL_YES, _STALE = range(5)
_STATUSES = (Status.FIRE_NOW, Status.LET_GO, Status.WATCH, Status.HELL_YES, Status.STALE)
_NONE = -1
# `scoring.status` counts a difference of exactly the limit as reached, whatever the float says.
_SLACK = 1e-9
# `scoring.status._responsible` falls back to answers at or below this when nothing dropped.
_LOW_POINTS = 2


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


def judge_histories(
    rubric: Rubric,
    points: Points,
    accounts: npt.NDArray[np.int64],
    days: npt.NDArray[np.int64],
    checkin: npt.NDArray[np.bool_],
    today: dt.date,
) -> Judged:
    """Every computed column of a file at once, with the rules of `formats.csvcodec.score_rows`.

    Row i is an assessment of account `accounts[i]` (any integer naming it) on day
    `days[i]` (a `date.toordinal()`), a check-in when `checkin[i]`, answered `points[i]`
    (from `points_matrix`). Each account's rows are put in date order, screens before
    check-ins on one day, then in the order given. A screen's reason says why it is a
    hell no (the first knockout, else the first dimension on the floor, else the
    weakest answer). A check-in gets the status `scoring.status.client_status` gives
    over the account's rows up to it, as of its own day; the account's last row is
    judged as of `today`, so only it can be stale.
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
            today.toordinal(),
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


def _tie_ranks(rubric: Rubric) -> npt.NDArray[np.int64]:
    """Each dimension's place when answers tie: heavier first, then rubric order."""
    dims = rubric.dimensions
    ranked = sorted(range(len(dims)), key=lambda i: (-dims[i].weight, i))
    ranks = np.empty(len(dims), dtype=np.int64)
    ranks[ranked] = np.arange(len(dims))
    return ranks


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


def _knockouts(rubric: Rubric, points: Points) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.int64]]:
    """Per row, whether a knockout dimension sank it, and the first that did (a column, or _NONE)."""
    columns = np.array([i for i, d in enumerate(rubric.dimensions) if d.knockout], dtype=np.int64)
    knocked = points[:, columns] <= rubric.verdict.knockout_at.points
    first = _first_true(knocked)
    return first != _NONE, np.where(first != _NONE, columns[np.maximum(first, 0)], _NONE)


def _screen_culprits(rubric: Rubric, points: Points) -> npt.NDArray[np.int64]:
    """The dimension `csvcodec.screen_reason` names for each hell-no screen: the first knockout,
    else the first dimension on the floor, else the weakest answer."""
    knocked, knockout = _knockouts(rubric, points)
    floor = rubric.verdict.floor
    on_floor = _first_true(points <= floor.points) if floor is not None else np.full(len(points), _NONE)
    weakest = _lowest(points * len(rubric.keys) + _tie_ranks(rubric), points < MAX_POINTS)
    return np.where(knocked, knockout, np.where(on_floor != _NONE, on_floor, weakest))


def _checkin_statuses(
    rubric: Rubric,
    points: Points,
    accounts: npt.NDArray[np.int64],
    days: npt.NDArray[np.int64],
    checkin: npt.NDArray[np.bool_],
    scores: npt.NDArray[np.float64],
    hell_yes: npt.NDArray[np.bool_],
    today: int,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Rows sorted by account, day, screens first, then given order. Returns the positions of the
    check-ins that have a baseline, and the status code and culprit dimension of each."""
    rules = rubric.status
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
    seen = np.arange(len(at)) - np.maximum.accumulate(np.where(opens, np.arange(len(at)), 0)) + 1

    latest = points[at]
    hell_no = ~hell_yes[at]
    streak = rules.let_go_hell_no_streak
    run = np.r_[0, np.cumsum(hell_no)]
    upto = np.arange(1, len(at) + 1)
    in_a_row = (seen >= streak) & (run[upto] - run[np.maximum(upto - streak, 0)] == streak)
    far_below = scores[base] - scores[at] >= rules.let_go_below_baseline - _SLACK
    fell = scores[previous] - scores[at] >= rules.watch_score_drop - _SLACK
    dropped = points[base].astype(np.int64) - latest
    drifted = (dropped >= rules.watch_steps_below_baseline).any(axis=1)
    knocked, knockout = _knockouts(rubric, latest)

    status = np.select(
        [knocked, in_a_row | far_below, fell | drifted | hell_no], [_FIRE_NOW, _LET_GO, _WATCH], _HELL_YES
    )
    as_of = np.where(at == last_row[own], today, days[at])
    stale = (as_of - days[at] > rules.stale_after_days) & ((status == _HELL_YES) | (status == _WATCH))

    # `scoring.status._responsible`: the biggest drop since the baseline, then the lowest answer,
    # then weight and rubric order; failing any drop, the lowest answers.
    keys = ((MAX_POINTS - dropped) * (MAX_POINTS + 1) + latest) * len(rubric.keys) + _tie_ranks(rubric)
    some_drop = (dropped > 0).any(axis=1, keepdims=True)
    responsible = _lowest(keys, np.where(some_drop, dropped > 0, latest <= _LOW_POINTS))
    troubled = (status == _LET_GO) | (status == _WATCH)
    culprit = np.where(knocked, knockout, np.where(troubled, responsible, _NONE))
    return at, np.where(stale, _STALE, status), culprit
