"""The three weakest dimensions a verdict points at."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import Answer, default_rubric, evaluate, parse_rubric
from scoring.verdict import weakest

RUBRIC = default_rubric()
HY = Answer.HELL_YES


def test_weakest_lists_the_three_lowest_answers_lowest_first(rubric, make_answers):
    answers = make_answers(
        HY,
        payment=Answer.NO,
        champion=Answer.HELL_NO,
        scope=Answer.UNSURE,
        style_fit=Answer.YES,
    )

    assert evaluate(rubric, answers).weakest == ("champion", "payment", "scope")


def test_weakest_breaks_ties_in_rubric_order_for_equal_weights(rubric, make_answers):
    unsure = Answer.UNSURE
    answers = make_answers(HY, work_joy=unsure, scope=unsure, respect=unsure, negotiation_tone=unsure)

    assert weakest(rubric, answers) == ("negotiation_tone", "scope", "respect")


def test_weakest_puts_the_heavier_dimension_first_on_a_tie():
    rubric = parse_rubric(
        """
key = "tie"
version = 1
name = "Tie"

[[dimensions]]
key = "light"
label = "Light"
prospect = "?"
client = "?"

[[dimensions]]
key = "heavy"
label = "Heavy"
prospect = "?"
client = "?"
weight = 2
"""
    )

    assert weakest(rubric, {"light": Answer.NO, "heavy": Answer.NO}) == ("heavy", "light")


def test_weakest_never_lists_a_hell_yes(rubric, make_answers):
    answers = make_answers(HY, scope=Answer.YES)

    assert weakest(rubric, answers) == ("scope",)
    assert weakest(rubric, make_answers(HY)) == ()


@settings(deadline=None)
@given(st.fixed_dictionaries({key: st.sampled_from(list(Answer)) for key in RUBRIC.keys}))
def test_weakest_is_up_to_three_of_the_lowest_answers(answers):
    found = weakest(RUBRIC, answers)
    not_perfect = [key for key in RUBRIC.keys if answers[key] is not HY]
    points = [answers[key].points for key in found]

    assert len(found) == min(3, len(not_perfect))
    assert len(set(found)) == len(found)
    assert all(answers[key] is not HY for key in found)
    assert points == sorted(points)
    left_out = [answers[key].points for key in not_perfect if key not in found]
    assert all(p >= max(points) for p in left_out)
