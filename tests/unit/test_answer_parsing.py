"""Reading answers typed by people or found in CSV files, and refusing incomplete sets."""

from __future__ import annotations

import pytest

from scoring import Answer, AnswerError, check_answers, evaluate, score

WORDS = ["hell_no", "no", "unsure", "yes", "hell_yes"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hell_yes", Answer.HELL_YES),
        ("Hell yes", Answer.HELL_YES),
        ("hell-yes", Answer.HELL_YES),
        ("HELL_YES", Answer.HELL_YES),
        ("  Hell Yes  ", Answer.HELL_YES),
        ("Hell no", Answer.HELL_NO),
        ("NO", Answer.NO),
        ("Unsure", Answer.UNSURE),
        ("yEs", Answer.YES),
    ],
)
def test_answer_words_are_read_in_any_case_with_spaces_or_dashes(text, expected):
    assert Answer.parse(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", Answer.HELL_NO),
        ("1", Answer.NO),
        ("2", Answer.UNSURE),
        ("3", Answer.YES),
        ("4", Answer.HELL_YES),
        (" 4 ", Answer.HELL_YES),
    ],
)
def test_answer_points_0_to_4_are_read_as_answers(text, expected):
    assert Answer.parse(text) is expected
    assert expected.points == int(text)


@pytest.mark.parametrize("text", ["5", "-1", "", "   ", "maybe", "hell", "yes please", "2.5"])
def test_anything_else_is_refused_with_the_valid_words(text):
    with pytest.raises(ValueError, match="not an answer") as caught:
        Answer.parse(text)

    message = str(caught.value)
    assert all(word in message for word in WORDS)
    assert "0-4" in message


def test_the_answer_scale_runs_from_hell_no_to_hell_yes():
    assert [a.value for a in sorted(Answer, key=lambda a: a.points)] == WORDS
    assert [Answer.from_points(p) for p in range(5)] == [Answer(w) for w in WORDS]
    assert Answer.HELL_YES.label == "Hell yes"


@pytest.mark.parametrize("check", [check_answers, evaluate, score])
def test_a_missing_answer_is_refused_naming_its_dimension(rubric, make_answers, check):
    answers = make_answers()
    del answers["payment"]

    with pytest.raises(AnswerError) as caught:
        check(rubric, answers)

    assert caught.value.field == "payment"
    assert "Payment reliability" in str(caught.value)


def test_a_blank_answer_counts_as_missing(rubric, make_answers):
    answers: dict[str, Answer | None] = {**make_answers(), "scope": None}

    with pytest.raises(AnswerError) as caught:
        evaluate(rubric, answers)

    assert caught.value.field == "scope"


@pytest.mark.parametrize("check", [check_answers, evaluate])
def test_an_answer_to_an_unknown_dimension_is_refused_naming_it(rubric, make_answers, check):
    answers = {**make_answers(), "vibes": Answer.YES}

    with pytest.raises(AnswerError) as caught:
        check(rubric, answers)

    assert caught.value.field == "vibes"
    assert "vibes" in str(caught.value)
    assert "thinslice" in str(caught.value)


def test_unsure_is_an_answer(rubric, make_answers):
    answers = make_answers(Answer.UNSURE)

    assert check_answers(rubric, answers) == answers
