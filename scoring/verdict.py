"""Turn answers into a score and a binary verdict that explains itself.

Unless it is a hell yes, it is a hell no: the verdict is hell yes only when no
knockout dimension is answered at or below its knockout level, no dimension sits
on the floor, and the weighted score reaches the threshold. Those rules are declared
in `scoring.rules`, which `scoring.batch` reads too; this module applies them to one
answer set and explains the outcome.

Arithmetic uses fractions so that the edge (a score of exactly 80) is decided
exactly and never by a rounding error.

New answers must answer every dimension of the rubric and nothing else (`check_answers`,
`evaluate`). A stored assessment may have been taken before a dimension was added, or
answer one retired since: `evaluate_stored` and `judge_stored` score it over the
dimensions it was asked (`Rubric.asked`), the weights renormalised over those, and
`scoring.batch` does the same with the cells it marks `NOT_ASKED`.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from functools import lru_cache
from operator import mul
from typing import cast

from i18n import Lazy, _, lazy_gettext
from scoring.models import (
    MAX_POINTS,
    Answer,
    Assessment,
    Blocker,
    BlockerRule,
    Change,
    Result,
    Rubric,
    Verdict,
)
from scoring.rules import DIMENSION_RULES, Plan, below_threshold, plan, reaches_threshold, weakness


class AnswerError(ValueError):
    """Answers that do not fit the rubric; `field` names the dimension at fault. The message is
    for the person who gave the answers, in their language (it is raised, never cached)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def check_answers(rubric: Rubric, answers: Mapping[str, Answer | None]) -> dict[str, Answer]:
    """Every dimension answered, nothing else. "Unsure" is an answer; blank is not."""
    unknown = sorted(set(answers) - set(rubric.keys))
    if unknown:
        raise AnswerError(unknown[0], not_a_dimension(rubric))
    complete: dict[str, Answer] = {}
    for dim in rubric.dimensions:
        answer = answers.get(dim.key)
        if answer is None:
            raise AnswerError(dim.key, not_answered(dim.label))
        complete[dim.key] = answer
    return complete


def not_a_dimension(rubric: Rubric) -> str:
    return _("not a dimension of rubric {key} v{version}").format(key=rubric.key, version=rubric.version)


def not_answered(label: str) -> str:
    return _("{label} is not answered").format(label=label)


def _earned(prepared: Plan, keys: tuple[str, ...], answers: Mapping[str, Answer]) -> int:
    """The weighted sum of the answers in whole numbers (`Plan.int_weights`)."""
    return sum(w * answers[k].points for k, w in zip(keys, prepared.int_weights, strict=True))


def exact_score(rubric: Rubric, answers: Mapping[str, Answer]) -> Fraction:
    # The weights scaled to whole numbers: one fraction at the end, the same value as summing fractions.
    prepared = plan(rubric)
    return Fraction(_earned(prepared, rubric.keys, answers) * 100, prepared.total)


def score(rubric: Rubric, answers: Mapping[str, Answer]) -> float:
    """Weighted mean of the answers on a 0-100 scale."""
    return float(exact_score(rubric, check_answers(rubric, answers)))


def _is_hell_yes(rubric: Rubric, answers: Mapping[str, Answer]) -> bool:
    """The same rules as `_evaluate`, without building the explanations."""
    prepared = plan(rubric)
    keys = rubric.keys
    if any(answers[k].points < low for k, low in zip(keys, prepared.lowest, strict=True)):
        return False
    return reaches_threshold(prepared, _earned(prepared, keys, answers))


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
    prepared = plan(rubric)
    order = {d.key: i for i, d in enumerate(rubric.dimensions)}
    weights = dict(zip(rubric.keys, prepared.weights, strict=True))
    target = dict(answers)
    must = [k for k, low in zip(rubric.keys, prepared.lowest, strict=True) if answers[k].points < low]
    chosen = list(must)
    for key in must:
        target[key] = Answer.HELL_YES
    optional = sorted(
        (d for d in rubric.dimensions if d.key not in must and answers[d.key] is not Answer.HELL_YES),
        key=lambda d: (-weights[d.key] * (MAX_POINTS - answers[d.key].points), order[d.key]),
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
            # Lazy: the changes are kept with the verdict, which every session shares.
            label=rubric.dimension(key).label_text.lazy(),
            current=answers[key],
            needed=target[key],
        )
        for key in chosen
    )


def weakest(rubric: Rubric, answers: Mapping[str, Answer], count: int = 3) -> tuple[str, ...]:
    """The lowest answers, heavier dimensions first on a tie; a perfect answer is no weakness."""
    ranks = plan(rubric).tie_ranks
    ranked: list[tuple[int, str]] = []
    for key, rank in zip(rubric.keys, ranks, strict=True):
        weak, order = weakness(answers[key].points, rank, len(ranks))
        if weak:
            ranked.append((order, key))
    return tuple(key for _, key in sorted(ranked)[:count])


def evaluate(rubric: Rubric, answers: Mapping[str, Answer | None], gut: Verdict | None = None) -> Result:
    keys = rubric.keys
    answered = tuple(map(answers.get, keys))
    if len(answers) != len(keys) or None in answered:  # something missing or extra: say which
        complete = check_answers(rubric, answers)
        answered = tuple(complete[key] for key in keys)
    return _evaluate(rubric, cast(tuple[Answer, ...], answered), gut)


# A client page, a status and an export judge the same answer sets again and again (each
# check-in is re-read for every later status); a Result is frozen, so one can be shared.
# A few thousand entries of a few KB each: a team's recent answer sets, bounded memory.
@lru_cache(maxsize=4096)
def _evaluate(rubric: Rubric, answered: tuple[Answer, ...], gut: Verdict | None) -> Result:
    # A first look at a team judges thousands of answer sets: the sum is taken once, and the
    # models are built from values already of their types (`model_construct`, no validation).
    prepared = plan(rubric)
    points = [answer.points for answer in answered]
    earned = sum(map(mul, prepared.int_weights, points))
    # A quotient of integers is rounded once, correctly: the float of the exact fraction.
    score = earned * 100 / prepared.total
    found: list[Blocker] = []
    named: set[str] = set()
    for rule, levels in zip(DIMENSION_RULES, prepared.levels, strict=True):
        for dim, level, answer, at in zip(rubric.dimensions, levels, answered, points, strict=True):
            if at <= level and dim.key not in named:
                named.add(dim.key)
                message = rule.message(dim, answer)
                found.append(Blocker.model_construct(rule=rule.rule, dimension=dim.key, message=message))
    if not reaches_threshold(prepared, earned):
        message = below_threshold(score, rubric.verdict.threshold)
        found.append(Blocker.model_construct(rule=BlockerRule.THRESHOLD, dimension=None, message=message))
    ranks, dims = prepared.tie_ranks, len(prepared.tie_ranks)
    ranked = sorted(
        (order, key)
        for key, rank, at in zip(rubric.keys, ranks, points, strict=True)
        for weak, order in (weakness(at, rank, dims),)
        if weak
    )
    result = Result.model_construct(
        score=score,
        verdict=Verdict.HELL_NO if found else Verdict.HELL_YES,
        blockers=tuple(found),
        weakest=tuple(key for _, key in ranked[:3]),
        gut=gut,
        rubric_key=rubric.key,
        rubric_version=rubric.version,
    )
    result._rubric = rubric
    result._answered = answered
    return result


def judge(rubric: Rubric, answers: Mapping[str, Answer | None]) -> tuple[float, Verdict]:
    """The score and verdict `evaluate` gives these answers, without its explanations: what a
    client's status needs of the check-ins before its latest, thousands at a time on a first look."""
    keys = rubric.keys
    if len(answers) != len(keys) or any(answers.get(key) is None for key in keys):
        answers = check_answers(rubric, answers)
    complete = cast(Mapping[str, Answer], answers)
    prepared = plan(rubric)
    score = _earned(prepared, keys, complete) * 100 / prepared.total
    return score, Verdict.HELL_YES if _is_hell_yes(rubric, complete) else Verdict.HELL_NO


#: Why an assessment that answered none of the rubric's dimensions is a hell no (score 0).
NONE_ASKED: Lazy = lazy_gettext("None of this rubric's questions were answered: there is nothing to score.")


def evaluate_stored(
    rubric: Rubric, answers: Mapping[str, Answer | None], gut: Verdict | None = None
) -> Result:
    """The verdict on a stored assessment under `rubric`, which may have changed since it was taken.

    Scored over the dimensions of `rubric` it answered (`Rubric.asked`): the weighted mean
    of those, the floor and the knockouts among those, the threshold on that score. An answer
    to a key `rubric` does not ask (a retired dimension) is ignored. An assessment that
    answered none of them scores 0, a hell no (`NONE_ASKED`). When it answers every dimension
    this is `evaluate`, the same cached result.
    """
    answered = tuple(map(answers.get, rubric.keys))
    if None not in answered:
        return _evaluate(rubric, cast(tuple[Answer, ...], answered), gut)
    asked = rubric.asked(key for key, answer in zip(rubric.keys, answered, strict=True) if answer is not None)
    if asked is None:
        return _none_asked(rubric, gut)
    return _evaluate(asked, tuple(cast(Answer, answers[key]) for key in asked.keys), gut)


@lru_cache(maxsize=64)
def _none_asked(rubric: Rubric, gut: Verdict | None) -> Result:
    blocker = Blocker.model_construct(rule=BlockerRule.THRESHOLD, dimension=None, message=NONE_ASKED)
    return Result.model_construct(
        score=0.0,
        verdict=Verdict.HELL_NO,
        blockers=(blocker,),
        weakest=(),
        gut=gut,
        rubric_key=rubric.key,
        rubric_version=rubric.version,
    )


def judge_stored(rubric: Rubric, answers: Mapping[str, Answer | None]) -> tuple[float, Verdict]:
    """The score and verdict `evaluate_stored` gives, without its explanations (as `judge`)."""
    keys = rubric.keys
    answered = tuple(map(answers.get, keys))
    if None in answered:
        asked = rubric.asked(key for key, answer in zip(keys, answered, strict=True) if answer is not None)
        if asked is None:
            return 0.0, Verdict.HELL_NO
        rubric, keys = asked, asked.keys
    complete = cast(Mapping[str, Answer], answers)
    prepared = plan(rubric)
    score = _earned(prepared, keys, complete) * 100 / prepared.total
    return score, Verdict.HELL_YES if _is_hell_yes(rubric, complete) else Verdict.HELL_NO


def evaluate_assessment(rubric: Rubric, assessment: Assessment) -> Result:
    if (assessment.rubric_key, assessment.rubric_version) != (rubric.key, rubric.version):
        raise ValueError(
            f"assessment was taken with rubric {assessment.rubric_key} v{assessment.rubric_version}, "
            f"not {rubric.key} v{rubric.version}"
        )
    return evaluate(rubric, assessment.answers, assessment.gut)
