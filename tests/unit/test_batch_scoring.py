"""Batch scoring agrees with the one-at-a-time rules, case for case, the edges included."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import Answer, Verdict, default_rubric
from scoring.batch import points_matrix, rescore
from scoring.verdict import AnswerError, evaluate, score

RUBRIC = default_rubric()
ANSWER_SETS = st.lists(
    st.fixed_dictionaries({key: st.sampled_from(list(Answer)) for key in RUBRIC.keys}),
    min_size=1,
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(ANSWER_SETS)
def test_scores_and_verdicts_of_a_batch_are_those_of_each_answer_set_alone(
    sets: list[dict[str, Answer]],
) -> None:
    points = points_matrix(RUBRIC, sets)

    assert rescore(points, RUBRIC).scores.tolist() == [score(RUBRIC, answers) for answers in sets]
    assert rescore(points, RUBRIC).hell_yes.tolist() == [
        evaluate(RUBRIC, answers, None).verdict is Verdict.HELL_YES for answers in sets
    ]


def test_every_two_level_answer_set_agrees_including_scores_of_exactly_the_threshold() -> None:
    """All 1,024 sets of yes / hell yes answers (many land on 80 exactly), and all of no / unsure."""
    sets = [
        dict(zip(RUBRIC.keys, combo, strict=True))
        for pair in ((Answer.YES, Answer.HELL_YES), (Answer.NO, Answer.UNSURE))
        for combo in itertools.product(pair, repeat=len(RUBRIC.keys))
    ]
    points = points_matrix(RUBRIC, sets)
    expected = [evaluate(RUBRIC, answers, None) for answers in sets]

    assert any(e.score == RUBRIC.verdict.threshold for e in expected)  # the edge is in the sample
    assert rescore(points, RUBRIC).scores.tolist() == [e.score for e in expected]
    assert rescore(points, RUBRIC).hell_yes.tolist() == [e.verdict is Verdict.HELL_YES for e in expected]


def test_an_empty_batch_gives_empty_results() -> None:
    points = points_matrix(RUBRIC, [])
    assert points.shape == (0, len(RUBRIC.keys))
    assert rescore(points, RUBRIC).scores.shape == (0,) and rescore(points, RUBRIC).hell_yes.dtype == np.bool_


def test_an_incomplete_answer_set_is_refused_naming_the_dimension() -> None:
    answers = dict.fromkeys(RUBRIC.keys[1:], Answer.YES)
    with pytest.raises(AnswerError, match=RUBRIC.keys[0]):
        points_matrix(RUBRIC, [answers])
