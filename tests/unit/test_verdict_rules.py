"""The score and verdict rules of PRODUCT.md, checked on hand-picked answers and edges."""

from __future__ import annotations

import pytest

from scoring import Answer, Verdict, evaluate, parse_rubric, score

Y = Answer.YES
HY = Answer.HELL_YES


def rules_of(result, rule):
    return [b for b in result.blockers if b.rule == rule]


def three_dimension_rubric(weights=(1, 1, 1), threshold=80):
    dims = "\n".join(
        f"""
[[dimensions]]
key = "{key}"
label = "{key.title()}"
prospect = "Is {key} fine?"
client = "Was {key} fine?"
weight = {weight}
"""
        for key, weight in zip(("alpha", "beta", "gamma"), weights, strict=True)
    )
    return parse_rubric(
        f"""
key = "weighted"
version = 1
name = "Weighted test rubric"

[verdict]
threshold = {threshold}
{dims}
"""
    )


def test_a_score_of_exactly_80_is_hell_yes(rubric, make_answers):
    answers = make_answers(Y, payment=HY, scope=HY)  # eight yes, two hell yes

    result = evaluate(rubric, answers)

    assert result.score == 80.0
    assert result.verdict is Verdict.HELL_YES
    assert result.blockers == ()
    assert result.to_hell_yes == ()


def test_a_score_just_under_80_is_hell_no_with_a_threshold_blocker(rubric, make_answers):
    answers = make_answers(Y, payment=HY)  # nine yes, one hell yes

    result = evaluate(rubric, answers)

    assert result.score == 77.5
    assert result.verdict is Verdict.HELL_NO
    [blocker] = result.blockers
    assert blocker.rule == "threshold"
    assert blocker.dimension is None
    assert "77.5" in blocker.message
    assert "80" in blocker.message


def test_exactly_80_with_fractional_weights_is_decided_exactly():
    # (0.3*4 + 1.1*3 + 0.1*3) / (1.5*4) is exactly 0.8, but in plain floats (or with the
    # floats' exact binary values) it comes out just under, and would fail the threshold.
    weighted = three_dimension_rubric(weights=(0.3, 1.1, 0.1))

    result = evaluate(weighted, {"alpha": HY, "beta": Y, "gamma": Y})

    assert result.score == 80.0
    assert result.verdict is Verdict.HELL_YES
    assert result.score_display == "80"


@pytest.mark.parametrize("respect", [Answer.NO, Answer.HELL_NO])
def test_knockout_with_an_otherwise_perfect_score_is_hell_no(rubric, make_answers, respect):
    result = evaluate(rubric, make_answers(HY, respect=respect))

    assert result.score >= 90
    assert result.verdict is Verdict.HELL_NO
    knockouts = rules_of(result, "knockout")
    assert [b.dimension for b in knockouts] == ["respect"]
    assert "Respect & ethics" in knockouts[0].message
    assert rules_of(result, "threshold") == []


def test_a_knockout_at_hell_no_is_reported_once_as_a_knockout(rubric, make_answers):
    result = evaluate(rubric, make_answers(HY, respect=Answer.HELL_NO))

    assert [(b.rule, b.dimension) for b in result.blockers] == [("knockout", "respect")]


def test_unsure_on_the_knockout_dimension_is_not_a_knockout(rubric, make_answers):
    result = evaluate(rubric, make_answers(HY, respect=Answer.UNSURE))

    assert result.score == 95.0
    assert result.verdict is Verdict.HELL_YES
    assert result.blockers == ()


@pytest.mark.parametrize(
    "key",
    [
        "negotiation_tone",
        "price_pushback",
        "champion",
        "responsiveness",
        "payment",
        "scope",
        "style_fit",
        "work_joy",
        "business_health",
    ],
)
def test_one_hell_no_sinks_a_score_above_the_threshold(rubric, make_answers, key):
    result = evaluate(rubric, make_answers(HY, **{key: Answer.HELL_NO}))

    assert result.score == 90.0
    assert result.verdict is Verdict.HELL_NO
    assert [(b.rule, b.dimension) for b in result.blockers] == [("floor", key)]
    assert rubric.dimension(key).label in result.blockers[0].message


def test_a_floor_and_a_knockout_and_a_low_score_are_all_reported(rubric, make_answers):
    answers = make_answers(Answer.UNSURE, respect=Answer.NO, scope=Answer.HELL_NO)

    result = evaluate(rubric, answers)

    assert result.verdict is Verdict.HELL_NO
    assert {(b.rule, b.dimension) for b in result.blockers} == {
        ("knockout", "respect"),
        ("floor", "scope"),
        ("threshold", None),
    }


def test_all_hell_no_scores_zero(rubric, make_answers):
    result = evaluate(rubric, make_answers(Answer.HELL_NO))

    assert result.score == 0.0
    assert result.score_display == "0"
    assert result.verdict is Verdict.HELL_NO


def test_all_hell_yes_scores_100_and_is_hell_yes(rubric, make_answers):
    result = evaluate(rubric, make_answers(HY))

    assert result.score == 100.0
    assert result.verdict is Verdict.HELL_YES
    assert result.blockers == ()
    assert result.weakest == ()


def test_all_unsure_scores_50(rubric, make_answers):
    assert score(rubric, make_answers(Answer.UNSURE)) == 50.0


def test_score_is_the_weighted_mean_scaled_to_100():
    weighted = three_dimension_rubric(weights=(3, 1, 1))
    answers = {"alpha": HY, "beta": Answer.UNSURE, "gamma": Answer.NO}

    # (3*4 + 1*2 + 1*1) / ((3+1+1) * 4) = 15/20; unweighted it would be 7/12 = 58.33.
    assert score(weighted, answers) == 75.0


def test_a_heavy_dimension_can_carry_the_verdict():
    answers = {"alpha": HY, "beta": Y, "gamma": Answer.UNSURE}

    equal = evaluate(three_dimension_rubric(weights=(1, 1, 1)), answers)
    heavy = evaluate(three_dimension_rubric(weights=(3, 1, 1)), answers)

    assert equal.score == 75.0  # (4+3+2) / 12
    assert equal.verdict is Verdict.HELL_NO
    assert heavy.score == 85.0  # (12+3+2) / 20
    assert heavy.verdict is Verdict.HELL_YES


def test_the_threshold_comes_from_the_rubric():
    answers = {"alpha": HY, "beta": Y, "gamma": Answer.UNSURE}  # 75

    assert evaluate(three_dimension_rubric(threshold=75), answers).verdict is Verdict.HELL_YES
    assert evaluate(three_dimension_rubric(threshold=76), answers).verdict is Verdict.HELL_NO


def test_the_result_names_the_rubric_and_keeps_the_gut_call(rubric, make_answers):
    result = evaluate(rubric, make_answers(HY), gut=Verdict.HELL_NO)

    assert (result.rubric_key, result.rubric_version) == ("thinslice", rubric.version)
    assert result.gut is Verdict.HELL_NO
    assert result.gut_agrees is False


def test_changes_to_hell_yes_name_the_blocking_answers(rubric, make_answers):
    result = evaluate(rubric, make_answers(HY, respect=Answer.NO, scope=Answer.HELL_NO))

    assert [(c.dimension, c.current, c.needed) for c in result.to_hell_yes] == [
        ("scope", Answer.HELL_NO, Answer.NO),
        ("respect", Answer.NO, Answer.UNSURE),
    ]


def test_changes_to_hell_yes_for_a_low_score_take_the_fewest_moves(rubric, make_answers):
    # 77.5: one answer from yes to hell yes reaches 80.
    result = evaluate(rubric, make_answers(Y, payment=HY))

    assert len(result.to_hell_yes) == 1
    [change] = result.to_hell_yes
    assert (change.current, change.needed) == (Y, HY)
    assert change.label == rubric.dimension(change.dimension).label
