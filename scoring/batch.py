"""Score many answer sets at once: the rules of scoring.verdict on NumPy arrays.

A portfolio's trend lines, an export of every assessment and a rescore after a
rubric change each need thousands of scores, not thousands of explanations. Here the
answers become one matrix of points (a row per answer set, a column per dimension in
rubric order) and the weights one integer vector, so the whole batch is a matrix
product in exact integer arithmetic: the verdicts agree with `scoring.verdict`
to the last case, the edge of exactly the threshold included, and every score is the
same correctly rounded float that `scoring.verdict.score` gives.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import numpy.typing as npt

from scoring.models import Answer, Rubric
from scoring.verdict import _plan, check_answers

Points = npt.NDArray[np.int8]


def points_matrix(rubric: Rubric, answer_sets: Iterable[Mapping[str, Answer]]) -> Points:
    """One row of answer points per answer set, columns in the rubric's order. Every set must be complete."""
    keys = rubric.keys
    rows = [[check_answers(rubric, answers)[key].points for key in keys] for answers in answer_sets]
    return np.array(rows, dtype=np.int8).reshape(len(rows), len(keys))


def _earned(rubric: Rubric, points: Points) -> npt.NDArray[np.int64]:
    plan = _plan(rubric)
    weights = np.array([plan.int_weights[key] for key in rubric.keys], dtype=np.int64)
    earned: npt.NDArray[np.int64] = points.astype(np.int64) @ weights
    return earned


def scores(rubric: Rubric, points: Points) -> npt.NDArray[np.float64]:
    """The 0-100 score of every row: the weighted mean, as `scoring.verdict.score` gives it."""
    # Integers below 2**53 divided once: the same correctly rounded float as float(Fraction(...)).
    result: npt.NDArray[np.float64] = (_earned(rubric, points) * 100).astype(np.float64) / _plan(
        rubric
    ).int_total
    return result


def hell_yes(rubric: Rubric, points: Points) -> npt.NDArray[np.bool_]:
    """Whether each row is a hell yes: no knockout or floor hit, and the score at the threshold or above."""
    plan = _plan(rubric)
    minimum = np.array([plan.minimum[key] for key in rubric.keys], dtype=np.int8)
    clear = np.all(points >= minimum, axis=1)
    enough = (
        _earned(rubric, points) * 100 * plan.threshold.denominator
        >= plan.threshold.numerator * plan.int_total
    )
    result: npt.NDArray[np.bool_] = clear & enough
    return result
