"""The domain values are frozen, refuse unknown fields, and show scores honestly."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from scoring import (
    NAME_MAX,
    AccountDraft,
    Answer,
    Assessment,
    Dimension,
    Kind,
    Verdict,
    VerdictRules,
    evaluate,
    evaluate_assessment,
    format_score,
)
from tests import factories


def test_an_account_draft_refuses_unknown_fields():
    with pytest.raises(ValidationError, match="bogus"):
        AccountDraft(name="x", bogus=1)  # type: ignore[call-arg]  # what the type checker refuses too


def test_an_account_draft_cannot_be_changed():
    draft = AccountDraft(name="Acme")

    with pytest.raises(ValidationError, match="frozen"):
        draft.name = "Other"  # type: ignore[misc]  # frozen for the type checker as well
    assert draft.name == "Acme"


def test_rubric_and_result_cannot_be_changed(rubric, make_answers):
    result = evaluate(rubric, make_answers())

    with pytest.raises(ValidationError):
        rubric.version = 99
    with pytest.raises(ValidationError):
        rubric.dimensions[0].weight = 5
    with pytest.raises(ValidationError):
        result.verdict = Verdict.HELL_NO  # type: ignore[misc]
    assert rubric.version == 1
    assert result.verdict is Verdict.HELL_YES


def test_a_dimension_refuses_unknown_fields(rubric):
    data = {**rubric.dimensions[0].model_dump(), "colour": "red"}

    with pytest.raises(ValidationError, match="colour"):
        Dimension.model_validate(data)


def test_an_account_name_is_stripped_of_surrounding_whitespace():
    draft = AccountDraft(name="  Acme BV \n", company="\tAcme Holding  ")

    assert draft.name == "Acme BV"
    assert draft.company == "Acme Holding"


@pytest.mark.parametrize("name", ["", "   ", "\n\t"])
def test_an_empty_account_name_is_refused(name):
    with pytest.raises(ValidationError, match="name"):
        AccountDraft(name=name)


def test_an_account_name_may_be_200_characters_but_not_201():
    assert NAME_MAX == 200
    assert AccountDraft(name="a" * 200).name == "a" * 200
    with pytest.raises(ValidationError, match="200"):
        AccountDraft(name="a" * 201)


def test_whitespace_around_a_long_name_does_not_count_towards_its_length():
    assert AccountDraft(name=" " + "a" * 200 + " ").name == "a" * 200


@pytest.mark.parametrize(
    "name",
    [
        "Pizzeria 🍕 Napoli",
        "👩‍💻 Dev Studio",
        "شركة الأمل",
        "חברה בע״מ",
        "株式会社サンプル",
        "Café Zoë",
        "Ωmega ΑΕ",
    ],
)
def test_an_account_name_may_be_any_unicode(name):
    assert AccountDraft(name=name).name == name


def test_a_deal_value_cannot_be_negative():
    assert AccountDraft(name="x", deal_value=0).deal_value == 0
    with pytest.raises(ValidationError, match="deal_value"):
        AccountDraft(name="x", deal_value=-1)


@pytest.mark.parametrize(
    ("score", "shown"),
    [
        (79.96, "79.9"),
        (79.99999, "79.9"),
        (80.0, "80"),
        (0.0, "0"),
        (100.0, "100"),
        (77.5, "77.5"),
        (92.5, "92.5"),
        (83.33333333333333, "83.3"),
        (66.66666666666667, "66.6"),
    ],
)
def test_a_score_is_shown_truncated_never_rounded_up(score, shown):
    assert format_score(score) == shown


@pytest.mark.parametrize("rule", ["floor", "knockout_at"])
def test_verdict_rules_refuse_a_hell_yes_floor_or_knockout(rule):
    with pytest.raises(ValidationError, match=f"{rule} cannot be hell_yes"):
        VerdictRules(**{rule: Answer.HELL_YES})


def test_a_screen_needs_a_gut_call(rubric, make_answers):
    common = {
        "taken_on": dt.date(2025, 1, 31),
        "answers": make_answers(),
        "rubric_key": rubric.key,
        "rubric_version": rubric.version,
    }

    with pytest.raises(ValidationError, match="gut call"):
        Assessment(kind=Kind.SCREEN, **common)
    assert Assessment(kind=Kind.CHECKIN, **common).gut is None


def test_an_assessment_is_evaluated_only_with_its_own_rubric_version(rubric, make_answers):
    assessment = factories.assessment(
        dt.date(2025, 1, 31),
        gut=Verdict.HELL_YES,
        answers=make_answers(Answer.YES, payment=Answer.HELL_YES, scope=Answer.HELL_YES),
        rubric=rubric,
    )
    newer = assessment.model_copy(update={"rubric_version": rubric.version + 1})

    result = evaluate_assessment(rubric, assessment)
    assert (result.score, result.verdict, result.gut_agrees) == (80.0, Verdict.HELL_YES, True)
    with pytest.raises(ValueError, match=f"v{rubric.version + 1}"):
        evaluate_assessment(rubric, newer)
