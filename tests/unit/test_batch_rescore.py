"""The vectorised rescore gives the verdict and the score `scoring.verdict` gives, row for row.

Exactly: the same float for the score (so the same number on screen) and the same
verdict, on the default rubric and on changed ones (decimal weights, another
threshold, no floor; and, drawn by hypothesis, any the rubric editor could make), including
the rows that sit exactly on the threshold.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import Answer, Rubric, default_rubric, evaluate, format_score
from scoring.batch import points_matrix, rescore
from tests.strategies import rubrics

ROWS = 2_000


def _changed(rubric: Rubric, weights: list[float], **verdict: object) -> Rubric:
    data = rubric.model_dump(mode="json")
    data["version"] += 1
    data["verdict"] |= verdict
    for dim, weight in zip(data["dimensions"], weights, strict=True):
        dim["weight"] = weight
    return Rubric.model_validate(data)


RUBRICS = {
    "default": default_rubric(),
    "decimal weights": _changed(
        default_rubric(), [1.5, 0.7, 2.25, 1, 3, 0.1, 1.3, 2, 0.55, 1.05], threshold=72.5
    ),
    "no floor, knockout at hell no": _changed(
        default_rubric(), [2, 1, 1, 1, 3, 1, 1, 1, 1, 1], floor=None, knockout_at="hell_no", threshold=62.5
    ),
}


def _random_answers(rubric: Rubric, rng: random.Random) -> list[dict[str, Answer]]:
    # Mostly high answers, so many rows land near the threshold where exactness matters.
    choices = list(Answer)
    return [{k: rng.choices(choices, weights=(1, 2, 4, 8, 8))[0] for k in rubric.keys} for _ in range(ROWS)]


@pytest.mark.parametrize("name", list(RUBRICS))
def test_agrees_with_the_one_by_one_verdict_on_random_rows(name: str) -> None:
    rubric = RUBRICS[name]
    answers = _random_answers(rubric, random.Random(name))
    rescored = rescore(points_matrix(rubric, answers), rubric)
    expected = [evaluate(rubric, a) for a in answers]
    assert rescored.verdicts() == [r.verdict for r in expected]
    assert rescored.scores.tolist() == [r.score for r in expected]
    assert [format_score(s) for s in rescored.scores.tolist()] == [format_score(r.score) for r in expected]


@settings(max_examples=200, deadline=None)
@given(rubric=rubrics(), rows=st.lists(st.lists(st.integers(0, 4), min_size=10, max_size=10), max_size=30))
def test_agrees_with_the_one_by_one_verdict_under_any_edited_rubric(
    rubric: Rubric, rows: list[list[int]]
) -> None:
    answers = [{k: Answer.from_points(p) for k, p in zip(rubric.keys, row, strict=True)} for row in rows]
    rescored = rescore(points_matrix(rubric, answers), rubric)
    expected = [evaluate(rubric, a) for a in answers]
    assert rescored.verdicts() == [r.verdict for r in expected]
    assert [s.hex() for s in rescored.scores.tolist()] == [r.score.hex() for r in expected]


def test_a_score_of_exactly_the_threshold_is_a_hell_yes() -> None:
    rubric = default_rubric()
    answers = {key: Answer.YES for key in rubric.keys} | {
        "payment": Answer.HELL_YES,
        "scope": Answer.HELL_YES,
    }
    rescored = rescore(points_matrix(rubric, [answers]), rubric)
    assert rescored.scores.tolist() == [80.0]
    assert rescored.hell_yes.tolist() == [True]


def test_a_knockout_or_a_floor_sinks_a_high_score() -> None:
    rubric = default_rubric()
    perfect = dict.fromkeys(rubric.keys, Answer.HELL_YES)
    rows = [perfect | {"respect": Answer.NO}, perfect | {"payment": Answer.HELL_NO}, perfect]
    assert rescore(points_matrix(rubric, rows), rubric).hell_yes.tolist() == [False, False, True]


def test_reads_the_answer_words_the_database_stores() -> None:
    rubric = default_rubric()
    stored = dict.fromkeys(rubric.keys, "hell_yes") | {"payment": "unsure"}
    assert points_matrix(rubric, [stored]).tolist() == [[4, 4, 4, 4, 2, 4, 4, 4, 4, 4]]


def test_refuses_a_matrix_of_the_wrong_width() -> None:
    rubric = default_rubric()
    with pytest.raises(ValueError, match="rows × 10"):
        rescore(points_matrix(rubric, [dict.fromkeys(rubric.keys, "yes")])[:, :9], rubric)
