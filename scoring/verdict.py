"""Turn answers into a score and a binary verdict that explains itself.

Unless it is a hell yes, it is a hell no: the verdict is hell yes only when no
knockout dimension is answered at or below its knockout level, no dimension sits
on the floor, and the weighted score reaches the threshold.

Arithmetic uses fractions so that the edge (a score of exactly 80) is decided
exactly and never by a rounding error.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from scoring.models import (
    MAX_POINTS,
    Answer,
    Assessment,
    Blocker,
    Change,
    Result,
    Rubric,
    Verdict,
    format_score,
)


class AnswerError(ValueError):
    """Answers that do not fit the rubric; `field` names the dimension at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def check_answers(rubric: Rubric, answers: Mapping[str, Answer | None]) -> dict[str, Answer]:
    """Every dimension answered, nothing else. "Unsure" is an answer; blank is not."""
    unknown = sorted(set(answers) - set(rubric.keys))
    if unknown:
        raise AnswerError(unknown[0], f"not a dimension of rubric {rubric.key} v{rubric.version}")
    complete: dict[str, Answer] = {}
    for dim in rubric.dimensions:
        answer = answers.get(dim.key)
        if answer is None:
            raise AnswerError(dim.key, f"{dim.label} is not answered")
        complete[dim.key] = answer
    return complete


def _fraction(value: float) -> Fraction:
    return Fraction(str(value))


@dataclass(frozen=True)
class _Plan:
    """A rubric's numbers prepared once, so trying many answer sets stays cheap."""

    weights: dict[str, Fraction]
    threshold: Fraction
    minimum: dict[str, int]
    # The same weights scaled to whole numbers: the fast path compares integers only.
    int_weights: dict[str, int]
    int_total: int


@lru_cache(maxsize=32)
def _plan(rubric: Rubric) -> _Plan:
    rules = rubric.verdict
    minimum: dict[str, int] = {}
    for dim in rubric.dimensions:
        lowest = rules.floor.points + 1 if rules.floor is not None else 0
        if dim.knockout:
            lowest = max(lowest, rules.knockout_at.points + 1)
        minimum[dim.key] = lowest
    weights = {d.key: _fraction(d.weight) for d in rubric.dimensions}
    scale = math.lcm(*(w.denominator for w in weights.values()))
    int_weights = {k: int(w * scale) for k, w in weights.items()}
    plan = _Plan(
        weights=weights,
        threshold=_fraction(rules.threshold),
        minimum=minimum,
        int_weights=int_weights,
        int_total=sum(int_weights.values()) * MAX_POINTS,
    )
    return plan


def exact_score(rubric: Rubric, answers: Mapping[str, Answer]) -> Fraction:
    plan = _plan(rubric)
    # The weights scaled to whole numbers: one fraction at the end, the same value as summing fractions.
    earned = sum(w * answers[k].points for k, w in plan.int_weights.items())
    return Fraction(earned * 100, plan.int_total)


def score(rubric: Rubric, answers: Mapping[str, Answer]) -> float:
    """Weighted mean of the answers on a 0-100 scale."""
    return float(exact_score(rubric, check_answers(rubric, answers)))


def _blockers(rubric: Rubric, answers: Mapping[str, Answer], exact: Fraction) -> list[Blocker]:
    rules = rubric.verdict
    found: list[Blocker] = []
    knocked: set[str] = set()
    for dim in rubric.dimensions:
        answer = answers[dim.key]
        if dim.knockout and answer.points <= rules.knockout_at.points:
            knocked.add(dim.key)
            found.append(
                Blocker(
                    rule="knockout",
                    dimension=dim.key,
                    message=(
                        f"{dim.label} is a knockout and the answer was “{answer.label}”: "
                        "that alone makes it a hell no, whatever the score."
                    ),
                )
            )
    if rules.floor is not None:
        for dim in rubric.dimensions:
            answer = answers[dim.key]
            if dim.key not in knocked and answer.points <= rules.floor.points:
                found.append(
                    Blocker(
                        rule="floor",
                        dimension=dim.key,
                        message=(
                            f"{dim.label} was answered “{answer.label}”: one dimension that low "
                            "sinks the whole."
                        ),
                    )
                )
    threshold = _plan(rubric).threshold
    if exact < threshold:
        found.append(
            Blocker(
                rule="threshold",
                message=(
                    f"The score is {format_score(float(exact))}; a hell yes needs "
                    f"{format_score(rules.threshold)} or more."
                ),
            )
        )
    return found


def _is_hell_yes(rubric: Rubric, answers: Mapping[str, Answer]) -> bool:
    """The same rules as _blockers, without building the explanations."""
    plan = _plan(rubric)
    if any(answers[k].points < low for k, low in plan.minimum.items()):
        return False
    earned = sum(w * answers[k].points for k, w in plan.int_weights.items())
    # earned / int_total * 100 >= threshold, with the fraction cleared of denominators.
    return earned * 100 * plan.threshold.denominator >= plan.threshold.numerator * plan.int_total


def _minimum(rubric: Rubric, key: str) -> int:
    """The lowest points a dimension may have without blocking on its own."""
    return _plan(rubric).minimum[key]


def changes_to_hell_yes(rubric: Rubric, answers: Mapping[str, Answer]) -> tuple[Change, ...]:
    """The fewest answer changes that turn this into a hell yes, each moved as little as needed.

    Dimensions that block on their own must move. After that every extra change
    is worth its weight times its distance to hell yes, so taking the largest
    gains first gives the fewest changes. Each chosen move is then lowered to the
    smallest step that still keeps the verdict a hell yes.
    """
    answers = check_answers(rubric, answers)
    if _is_hell_yes(rubric, answers):
        return ()
    plan = _plan(rubric)
    order = {d.key: i for i, d in enumerate(rubric.dimensions)}
    target = dict(answers)
    must = [d.key for d in rubric.dimensions if answers[d.key].points < _minimum(rubric, d.key)]
    chosen = list(must)
    for key in must:
        target[key] = Answer.HELL_YES
    optional = sorted(
        (d for d in rubric.dimensions if d.key not in must and answers[d.key] is not Answer.HELL_YES),
        key=lambda d: (-plan.weights[d.key] * (MAX_POINTS - answers[d.key].points), order[d.key]),
    )
    for dim in optional:
        if _is_hell_yes(rubric, target):
            break
        target[dim.key] = Answer.HELL_YES
        chosen.append(dim.key)
    # Lower each move to the smallest step that keeps the hell yes, least important first.
    for key in reversed(chosen):
        for points in range(answers[key].points + 1, MAX_POINTS):
            trial = {**target, key: Answer.from_points(points)}
            if _is_hell_yes(rubric, trial):
                target[key] = trial[key]
                break
    chosen.sort(key=lambda k: order[k])
    return tuple(
        Change(
            dimension=key,
            label=rubric.dimension(key).label,
            current=answers[key],
            needed=target[key],
        )
        for key in chosen
    )


def weakest(rubric: Rubric, answers: Mapping[str, Answer], count: int = 3) -> tuple[str, ...]:
    """The lowest answers, heavier dimensions first on a tie; a perfect answer is no weakness."""
    order = {d.key: i for i, d in enumerate(rubric.dimensions)}
    ranked = sorted(
        (d for d in rubric.dimensions if answers[d.key] is not Answer.HELL_YES),
        key=lambda d: (answers[d.key].points, -d.weight, order[d.key]),
    )
    return tuple(d.key for d in ranked[:count])


def evaluate(rubric: Rubric, answers: Mapping[str, Answer | None], gut: Verdict | None = None) -> Result:
    complete = check_answers(rubric, answers)
    return _evaluate(rubric, tuple(complete[key] for key in rubric.keys), gut)


# A client page, a status and an export judge the same answer sets again and again (each
# check-in is re-read for every later status); a Result is frozen, so one can be shared.
# A few thousand entries of a few KB each: a team's recent answer sets, bounded memory.
@lru_cache(maxsize=4096)
def _evaluate(rubric: Rubric, answered: tuple[Answer, ...], gut: Verdict | None) -> Result:
    complete = dict(zip(rubric.keys, answered, strict=True))
    exact = exact_score(rubric, complete)
    blockers = _blockers(rubric, complete, exact)
    return Result(
        score=float(exact),
        verdict=Verdict.HELL_NO if blockers else Verdict.HELL_YES,
        blockers=tuple(blockers),
        weakest=weakest(rubric, complete),
        to_hell_yes=changes_to_hell_yes(rubric, complete) if blockers else (),
        gut=gut,
        rubric_key=rubric.key,
        rubric_version=rubric.version,
    )


def evaluate_assessment(rubric: Rubric, assessment: Assessment) -> Result:
    if (assessment.rubric_key, assessment.rubric_version) != (rubric.key, rubric.version):
        raise ValueError(
            f"assessment was taken with rubric {assessment.rubric_key} v{assessment.rubric_version}, "
            f"not {rubric.key} v{rubric.version}"
        )
    return evaluate(rubric, assessment.answers, assessment.gut)
