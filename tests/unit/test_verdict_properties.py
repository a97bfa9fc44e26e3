"""Properties of score, verdict and "what would make this a hell yes", over many answers.

The oracle below restates the rules of PRODUCT.md ("Score and verdict") on its own,
with exact fractions, so the implementation is checked against the spec rather than
against itself.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from scoring import Answer, Dimension, Rubric, Verdict, VerdictRules, default_rubric, evaluate
from scoring.verdict import judge
from tests.strategies import edited_rubrics

RUBRIC = default_rubric()
KEYS = RUBRIC.keys
HY = Answer.HELL_YES
SCALE = {"hell_no": 0, "no": 1, "unsure": 2, "yes": 3, "hell_yes": 4}  # PRODUCT.md
LADDER = sorted(Answer, key=lambda a: SCALE[a.value])

modest = settings(deadline=None)


@st.composite
def answers_for(draw: st.DrawFn, rubric: Rubric) -> dict[str, Answer]:
    """Answers to every dimension; some sets lean high, so hell yes and its edge show up too."""
    choices = draw(st.sampled_from([LADDER, LADDER[2:], LADDER[3:]]))
    return {key: draw(st.sampled_from(choices)) for key in rubric.keys}


default_answers = answers_for(RUBRIC)


@st.composite
def varied_rubrics(draw: st.DrawFn) -> Rubric:
    """The default dimensions with other weights, knockouts and verdict rules."""
    weights = st.sampled_from([0.1, 0.25, 0.5, 1, 1.5, 2, 3, 7, 10])
    dims = tuple(
        Dimension.model_validate(
            {**dim.model_dump(), "weight": draw(weights), "knockout": draw(st.booleans())}
        )
        for dim in RUBRIC.dimensions
    )
    rules = VerdictRules(
        threshold=draw(st.sampled_from([0, 50, 75, 79.9, 80, 80.1, 90, 100]) | st.integers(0, 100)),
        floor=draw(st.sampled_from([None, Answer.HELL_NO, Answer.NO, Answer.UNSURE, Answer.YES])),
        knockout_at=draw(st.sampled_from([Answer.HELL_NO, Answer.NO, Answer.UNSURE, Answer.YES])),
    )
    return Rubric(key="varied", version=1, name="Varied", verdict=rules, dimensions=dims)


# Also the edits a person makes in the rubric editor (`tests.strategies`).
rubrics = st.just(RUBRIC) | varied_rubrics() | edited_rubrics()


@st.composite
def rubrics_and_answers(draw: st.DrawFn) -> tuple[Rubric, dict[str, Answer]]:
    rubric = draw(rubrics)
    return rubric, draw(answers_for(rubric))


def spec_is_hell_yes(rubric: Rubric, answers: dict[str, Answer]) -> bool:
    rules = rubric.verdict
    for dim in rubric.dimensions:
        points = SCALE[answers[dim.key].value]
        if dim.knockout and points <= SCALE[rules.knockout_at.value]:
            return False
        if rules.floor is not None and points <= SCALE[rules.floor.value]:
            return False
    # Weights and threshold are decimals written in a TOML file: take them as decimals.
    total = sum(Fraction(str(d.weight)) for d in rubric.dimensions)
    earned = sum(Fraction(str(d.weight)) * SCALE[answers[d.key].value] for d in rubric.dimensions)
    return earned * 100 >= Fraction(str(rules.threshold)) * total * 4


def fewest_moves_by_brute_force(rubric: Rubric, answers: dict[str, Answer]) -> int:
    """The fewest dimensions that must change. Moving an answer up never hurts, so a set
    of changes can reach hell yes exactly when setting those dimensions to hell yes does."""
    movable = [key for key in rubric.keys if answers[key] is not HY]
    for size in range(len(movable) + 1):
        for subset in combinations(movable, size):
            if spec_is_hell_yes(rubric, {**answers, **dict.fromkeys(subset, HY)}):
                return size
    raise AssertionError("not even all hell yes is a hell yes")


def apply(answers: dict[str, Answer], changes) -> dict[str, Answer]:
    return {**answers, **{c.dimension: c.needed for c in changes}}


@modest
@given(rubrics_and_answers())
def test_score_is_always_between_0_and_100(case):
    rubric, answers = case
    assert 0 <= evaluate(rubric, answers).score <= 100


@modest
@given(rubrics_and_answers())
def test_verdict_follows_knockout_floor_and_threshold_rules(case):
    rubric, answers = case
    expected = Verdict.HELL_YES if spec_is_hell_yes(rubric, answers) else Verdict.HELL_NO
    assert evaluate(rubric, answers).verdict is expected


@modest
@given(rubrics_and_answers())
def test_judge_gives_the_score_and_verdict_evaluate_gives(case):
    """A status judges the check-ins before the latest without explaining them: the same numbers."""
    rubric, answers = case
    expected = Verdict.HELL_YES if spec_is_hell_yes(rubric, answers) else Verdict.HELL_NO
    result = evaluate(rubric, answers)

    assert judge(rubric, answers) == (result.score, expected)
    assert judge(rubric, answers)[0].hex() == result.score.hex()  # bit for bit, not just ==


@modest
@given(rubrics_and_answers(), st.data())
def test_raising_one_answer_never_lowers_the_score_or_loses_a_hell_yes(case, data):
    rubric, answers = case
    movable = [key for key in rubric.keys if answers[key] is not HY]
    assume(movable)
    key = data.draw(st.sampled_from(movable))
    higher = data.draw(st.sampled_from([a for a in LADDER if SCALE[a] > SCALE[answers[key]]]))

    before = evaluate(rubric, answers)
    after = evaluate(rubric, {**answers, key: higher})

    assert after.score > before.score
    if before.verdict is Verdict.HELL_YES:
        assert after.verdict is Verdict.HELL_YES


@modest
@given(default_answers, st.sampled_from([Answer.NO, Answer.HELL_NO]))
def test_a_knockout_hit_is_always_hell_no(answers, respect):
    result = evaluate(RUBRIC, {**answers, "respect": respect})

    assert result.verdict is Verdict.HELL_NO
    assert ("knockout", "respect") in [(b.rule, b.dimension) for b in result.blockers]


@modest
@given(default_answers, st.sampled_from([k for k in KEYS if k != "respect"]))
def test_a_floor_hit_is_always_hell_no(answers, key):
    result = evaluate(RUBRIC, {**answers, key: Answer.HELL_NO})

    assert result.verdict is Verdict.HELL_NO
    assert ("floor", key) in [(b.rule, b.dimension) for b in result.blockers]


@modest
@given(rubrics)
def test_all_hell_yes_is_always_hell_yes(rubric):
    result = evaluate(rubric, dict.fromkeys(rubric.keys, HY))

    assert result.score == 100
    assert result.verdict is Verdict.HELL_YES


@modest
@given(rubrics_and_answers())
def test_the_changes_to_hell_yes_reach_a_hell_yes(case):
    rubric, answers = case
    result = evaluate(rubric, answers)
    fixed = apply(answers, result.to_hell_yes)

    assert evaluate(rubric, fixed).verdict is Verdict.HELL_YES
    assert spec_is_hell_yes(rubric, fixed)


@modest
@given(rubrics_and_answers())
def test_every_change_to_hell_yes_raises_its_answer(case):
    rubric, answers = case
    changes = evaluate(rubric, answers).to_hell_yes

    moved = [c.dimension for c in changes]
    assert moved == sorted(set(moved), key=rubric.keys.index)  # once each, in rubric order
    for change in changes:
        assert change.current is answers[change.dimension]
        assert SCALE[change.needed] > SCALE[change.current]


@modest
@given(rubrics_and_answers())
def test_the_changes_to_hell_yes_are_the_fewest_possible(case):
    rubric, answers = case
    changes = evaluate(rubric, answers).to_hell_yes

    assert len(changes) == fewest_moves_by_brute_force(rubric, answers)


@modest
@given(rubrics_and_answers())
def test_each_change_to_hell_yes_is_as_small_as_it_can_be(case):
    rubric, answers = case
    changes = evaluate(rubric, answers).to_hell_yes
    fixed = apply(answers, changes)

    for change in changes:
        one_step_less = LADDER[SCALE[change.needed] - 1]
        assert not spec_is_hell_yes(rubric, {**fixed, change.dimension: one_step_less}), change


@modest
@given(rubrics_and_answers())
def test_a_hell_yes_has_no_blockers_and_no_changes(case):
    rubric, answers = case
    result = evaluate(rubric, answers)
    if result.verdict is Verdict.HELL_NO:  # then look at the hell yes its changes lead to
        result = evaluate(rubric, apply(answers, result.to_hell_yes))

    assert result.verdict is Verdict.HELL_YES
    assert result.blockers == ()
    assert result.to_hell_yes == ()


@modest
@given(rubrics_and_answers())
def test_a_hell_no_always_has_a_blocker_and_a_way_out(case):
    rubric, answers = case
    result = evaluate(rubric, answers)
    assume(result.verdict is Verdict.HELL_NO)

    assert len(result.blockers) >= 1
    assert len(result.to_hell_yes) >= 1
