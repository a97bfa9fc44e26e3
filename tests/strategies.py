"""Rubrics a person could make in the editor, for tests that hold two ways of judging together.

The default rubric's dimensions with their weights, knockouts, verdict rules and status rules
edited, each within what the editor allows (`scoring.models.VerdictRules`, `StatusRules`).
`edited_rubrics()` draws them for hypothesis; `random_edited_rubric(rng)` makes one from a
`random.Random`, for a test that cannot be a hypothesis test (one database per test).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Any

from hypothesis import strategies as st

from scoring import Answer, Rubric, default_rubric

DEFAULT = default_rubric()

WEIGHTS = (0.5, 1.0, 2.0, 3.0)
#: Whole thresholds and a few on a decimal, near where scores land.
THRESHOLDS = (50.0, 62.5, 70.0, 75.0, 79.5, 80.0, 80.1, 85.0, 90.0, 95.0)
FLOORS = (Answer.HELL_NO, Answer.NO, None)
KNOCKOUTS_AT = (Answer.NO, Answer.UNSURE)
#: Per status rule, values across its bounds (`StatusRules`): the edges, the default, between.
STATUS_VALUES: dict[str, tuple[Any, ...]] = {
    "cadence_days": (1, 14, 30, 90, 366),
    "stale_after_days": (1, 20, 45, 120, 3660),
    "watch_score_drop": (0.5, 5.0, 15.0, 27.5, 100.0),
    "watch_steps_below_baseline": (1, 2, 3, 4),
    "let_go_hell_no_streak": (1, 2, 3, 4, 12),
    "let_go_below_baseline": (0.5, 10.0, 25.0, 40.0, 100.0),
    "review_falls_in_a_row": (1, 2, 3, 12),
    "review_contradiction_steps": (1, 2, 3, 4),
}


def edited(
    rubric: Rubric,
    *,
    weights: Sequence[float] | None = None,
    knockouts: Sequence[bool] | None = None,
    verdict: dict[str, object] | None = None,
    status: dict[str, object] | None = None,
) -> Rubric:
    """`rubric`, one version on, with what is given changed (weights and knockouts in rubric order)."""
    data = rubric.model_dump(mode="json")
    data["version"] += 1
    data["verdict"] |= verdict or {}
    data["status"] |= status or {}
    for n, dim in enumerate(data["dimensions"]):
        if weights is not None:
            dim["weight"] = weights[n]
        if knockouts is not None:
            dim["knockout"] = knockouts[n]
    return Rubric.model_validate(data)


def _made(pick: Callable[[Sequence[Any]], Any], rubric: Rubric) -> Rubric:
    """An edit of `rubric`, each choice made by `pick` (hypothesis's draw, or `random.Random.choice`)."""
    size = len(rubric.dimensions)
    floor, knockout_at = pick(FLOORS), pick(KNOCKOUTS_AT)
    return edited(
        rubric,
        weights=[pick(WEIGHTS) for _ in range(size)],
        knockouts=[pick((False, False, True)) for _ in range(size)],
        verdict={
            "threshold": pick(THRESHOLDS),
            "floor": None if floor is None else floor.value,
            "knockout_at": knockout_at.value,
        },
        status={name: pick(values) for name, values in STATUS_VALUES.items()},
    )


@st.composite
def edited_rubrics(draw: st.DrawFn, rubric: Rubric = DEFAULT) -> Rubric:
    """`rubric` (the default) as someone might edit it: any weights, knockouts and rules."""
    return _made(lambda choices: draw(st.sampled_from(choices)), rubric)


def rubrics(rubric: Rubric = DEFAULT) -> st.SearchStrategy[Rubric]:
    """The rubric as shipped, or edited."""
    return st.just(rubric) | edited_rubrics(rubric)


def random_edited_rubric(rng: random.Random, rubric: Rubric = DEFAULT) -> Rubric:
    """One edit of `rubric` chosen by `rng`, with the choices of `edited_rubrics`."""
    return _made(rng.choice, rubric)
