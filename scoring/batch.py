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

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from scoring.models import MAX_POINTS, Answer, Rubric, Verdict
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


_POINTS = {a.value: a.points for a in Answer}


def points_matrix(rubric: Rubric, answers: Iterable[Mapping[str, Answer | str]]) -> Points:
    """Answer sets (enums or their stored words) as a rows × dimensions matrix of points, rubric order.

    Every set must answer every dimension and nothing else; AnswerError names the first that does not.
    """
    keys = rubric.keys
    rows = []
    for row in answers:
        try:
            rows.append([_POINTS[str(row[key])] for key in keys])
        except KeyError:
            raise _misfit(rubric, row) from None
        if len(row) != len(keys):
            raise _misfit(rubric, row)
    return np.array(rows, dtype=np.int8).reshape(len(rows), len(keys))


def _misfit(rubric: Rubric, row: Mapping[str, Answer | str]) -> AnswerError:
    unknown = sorted(set(row) - set(rubric.keys))
    if unknown:
        return AnswerError(unknown[0], f"not a dimension of rubric {rubric.key} v{rubric.version}")
    for dim in rubric.dimensions:
        if dim.key not in row:
            return AnswerError(dim.key, f"{dim.label} is not answered")
        if str(row[dim.key]) not in _POINTS:
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
