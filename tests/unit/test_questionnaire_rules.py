"""The rules of the other side's questionnaires (scoring/questionnaires.py): which answers are
taken, what they suggest, where their view and yours are marked apart, their rating, and the file
the questions come from."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from scoring import Answer, default_rubric
from scoring.limits import QUESTIONNAIRE_OPENING_MAX, QUESTIONNAIRE_TEXT_MAX
from scoring.questionnaires import (
    QUESTIONNAIRES_PATH,
    Line,
    QuestionnaireError,
    QuestionnaireKind,
    QuestionnaireLink,
    QuestionType,
    check_opening,
    check_rubric,
    check_their_answers,
    compare,
    fingerprint,
    opening_text,
    parse_questionnaires,
    questionnaire,
    questionnaire_url,
    questionnaires,
    suggestions,
    their_rating,
)

HY, Y, U, N, HN = Answer.HELL_YES, Answer.YES, Answer.UNSURE, Answer.NO, Answer.HELL_NO
FIT = questionnaire(QuestionnaireKind.FIT)
REVIEW = questionnaire(QuestionnaireKind.REVIEW)

#: Every required fit question answered, the first choice each time.
FIT_ANSWERS: dict[str, str | int] = {
    q.key: q.choices[0].key for q in FIT.questions if q.kind is QuestionType.CHOICE and q.required
}


# -- the file ------------------------------------------------------------------------------------


def test_every_dimension_a_question_informs_is_in_the_default_rubric() -> None:
    check_rubric(questionnaires(), default_rubric().keys)


def test_a_dimension_the_rubric_lacks_is_named_with_its_question() -> None:
    keys = tuple(k for k in default_rubric().keys if k != "payment")
    with pytest.raises(
        QuestionnaireError, match=r"fit\.payment_terms: the rubric has no dimension 'payment'"
    ):
        check_rubric(questionnaires(), keys)


def test_question_keys_are_unique_across_fit_and_review() -> None:
    """One CSV of their answers has a column per question key of both questionnaires."""
    keys = [q.key for kind in QuestionnaireKind for q in questionnaire(kind).questions]
    assert len(keys) == len(set(keys))


def test_every_question_and_choice_reads_in_dutch_too() -> None:
    for kind in QuestionnaireKind:
        q = questionnaire(kind)
        for text in (q.title, q.opening, q.thanks):
            assert text.nl
        for question in q.questions:
            assert question.text.nl, question.key
            for choice in question.choices:
                assert choice.label.nl, f"{question.key}.{choice.key}"
                assert choice.concern is None or choice.concern.nl, f"{question.key}.{choice.key}"


def test_the_default_openings_fit_the_limit_a_written_one_has() -> None:
    for kind in QuestionnaireKind:
        assert check_opening(opening_text(questionnaire(kind), "", "A" * 200)) is None


def _file(fit_questions: str, review: str | None = None) -> str:
    head = 'version = 1\ntitle = "T"\nopening = "O"\nthanks = "Thanks"\n'
    review = (
        review
        if review is not None
        else ('[[review.questions]]\nkey = "r"\nkind = "scale"\ntext = "How likely?"\n')
    )
    return f"[fit]\n{head}{fit_questions}\n[review]\n{head}{review}"


OK_QUESTION = '[[fit.questions]]\nkey = "a"\nkind = "text"\ntext = "Why?"\n'


def test_a_valid_small_file_parses() -> None:
    found = parse_questionnaires(_file(OK_QUESTION))
    assert found[QuestionnaireKind.FIT].questions[0].key == "a"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[fit\n", "not valid TOML"),
        (
            '[fit]\nversion = 1\ntitle = "T"\nopening = "O"\nthanks = "T"\n' + OK_QUESTION,
            "no [review] section",
        ),
        (_file('[[fit.questions]]\nkey = "a"\nkind = "essay"\ntext = "Why?"\n'), "fit.questions.0.kind"),
        (
            _file('[[fit.questions]]\nkey = "a"\nkind = "choice"\ntext = "Pick"\nchoices = []\n'),
            "fit.questions.0: Value error, a choice question needs at least two choices",
        ),
        (
            _file(
                '[[fit.questions]]\nkey = "a"\nkind = "choice"\ntext = "Pick"\n'
                'choices = [{ key = "x", label = "X", suggests = "maybe" }, { key = "y", label = "Y" }]\n'
            ),
            "fit.questions.0.choices.0.suggests",
        ),
        (_file(OK_QUESTION + OK_QUESTION), "two questions share a key"),
        (_file(OK_QUESTION.replace('kind = "text"\n', 'kind = "text"\ncolour = "red"\n')), "colour"),
        (_file(OK_QUESTION).replace("version = 1", "version = 0", 1), "fit.version"),
    ],
)
def test_a_broken_file_is_refused_naming_the_field(text: str, named: str) -> None:
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaires(text, "q.toml")
    assert str(caught.value).startswith("q.toml: ")
    assert named in str(caught.value)


def test_the_file_in_the_repository_is_the_one_loaded() -> None:
    assert parse_questionnaires(QUESTIONNAIRES_PATH.read_text(encoding="utf-8")) == questionnaires()
    assert Path(QUESTIONNAIRES_PATH).name == "questionnaires.toml"


# -- their answers -------------------------------------------------------------------------------


def test_complete_answers_are_taken_and_anything_else_dropped() -> None:
    answers, problems = check_their_answers(FIT, {**FIT_ANSWERS, "smuggled": "x", "worries": "  none  "})
    assert problems == {}
    assert answers == {**FIT_ANSWERS, "worries": "none"}


def test_a_missing_or_unknown_choice_is_a_problem_for_that_question() -> None:
    raw = {**FIT_ANSWERS, "payment_terms": "net_999"}
    del raw["rate"]
    answers, problems = check_their_answers(FIT, raw)
    assert set(problems) == {"rate", "payment_terms"}
    assert str(problems["rate"]) == "Pick one of the choices."
    assert "rate" not in answers and "payment_terms" not in answers


def test_an_open_optional_text_is_left_out_and_a_blank_one_too() -> None:
    answers, problems = check_their_answers(FIT, {**FIT_ANSWERS, "worries": "   ", "work_you_like": None})
    assert problems == {}
    assert "worries" not in answers and "work_you_like" not in answers


def test_a_text_over_the_limit_is_refused_not_cut() -> None:
    at_limit = "x" * QUESTIONNAIRE_TEXT_MAX
    answers, problems = check_their_answers(FIT, {**FIT_ANSWERS, "worries": at_limit})
    assert answers["worries"] == at_limit and problems == {}
    answers, problems = check_their_answers(FIT, {**FIT_ANSWERS, "worries": at_limit + "y"})
    assert "worries" not in answers
    assert str(problems["worries"]) == (
        f"Keep this answer to {QUESTIONNAIRE_TEXT_MAX:,} characters; "
        f"it has {QUESTIONNAIRE_TEXT_MAX + 1:,} now."
    )


REVIEW_ANSWERS: dict[str, str | int] = {"clarity": "clear", "communication": "well", "value": "good"}


@pytest.mark.parametrize("value", [0, 7, 10])
def test_a_whole_number_from_0_to_10_is_a_scale_answer(value: int) -> None:
    answers, problems = check_their_answers(REVIEW, {**REVIEW_ANSWERS, "recommend": value})
    assert problems == {} and answers["recommend"] == value


@pytest.mark.parametrize("value", [-1, 11, True, "7", 7.5, None])
def test_anything_else_is_not(value: object) -> None:
    answers, problems = check_their_answers(REVIEW, {**REVIEW_ANSWERS, "recommend": value})
    assert "recommend" not in answers
    assert str(problems["recommend"]) == "Pick a number from 0 to 10."


def test_an_opening_over_its_limit_is_refused() -> None:
    assert check_opening("x" * QUESTIONNAIRE_OPENING_MAX) is None
    assert check_opening("  " + "x" * QUESTIONNAIRE_OPENING_MAX + "  ") is None
    assert "1,501" in str(check_opening("x" * (QUESTIONNAIRE_OPENING_MAX + 1)))


def test_the_opening_is_theirs_when_written_else_the_files_with_the_senders_name() -> None:
    assert opening_text(FIT, "Hi Ana", "Studio Noord") == "Hi Ana"
    default = opening_text(FIT, "  ", "Studio Noord")
    assert "Studio Noord" in default and "{name}" not in default


# -- suggestions ---------------------------------------------------------------------------------


def test_each_choice_suggests_its_answer_for_its_dimension() -> None:
    found = suggestions(FIT, {"payment_terms": "net_60", "decision_maker": "other_absent"})
    assert {dim: s.answer for dim, s in found.items()} == {"payment": U, "champion": N}
    assert "60 days" in str(found["payment"].because)


@pytest.mark.parametrize(
    ("deliverables", "revisions", "wanted"),
    [
        ("written_down", "unlimited", HN),
        ("open", "one", N),
        ("mostly_clear", "two_or_three", Y),
        ("written_down", "one", HY),
    ],
)
def test_of_two_questions_on_one_dimension_the_stricter_wins(
    deliverables: str, revisions: str, wanted: Answer
) -> None:
    found = suggestions(FIT, {"deliverables": deliverables, "revisions": revisions})
    assert found["scope"].answer is wanted
    # Whichever question it comes from, it says which answer made it.
    chosen = "As many as it takes" if revisions == "unlimited" else None
    if chosen:
        assert chosen in str(found["scope"].because)


def test_a_choice_without_a_suggestion_and_a_text_suggest_nothing() -> None:
    found = suggestions(FIT, {"rate": "no_quote", "work_you_like": "the blue one"})
    assert found == {}


# -- they said, you said ------------------------------------------------------------------------


def _line(answers: dict[str, str | int], own: dict[str, Answer] | None, key: str) -> Line:
    return next(line for line in compare(FIT, answers, own) if line.question.key == key)


@pytest.mark.parametrize(("yours", "marked"), [(HY, False), (Y, False), (U, False), (N, True), (HN, True)])
def test_two_steps_apart_is_a_mismatch(yours: Answer, marked: bool) -> None:
    # "Two or three" revisions suggests yes: no and hell no of yours are two steps or more away.
    line = _line({"revisions": "two_or_three"}, {"scope": yours}, "revisions")
    assert line.suggests is Y and line.yours is yours
    assert line.mismatch is marked


@pytest.mark.parametrize(("yours", "marked"), [(HY, True), (Y, True), (U, False), (N, False), (HN, True)])
def test_a_concern_of_theirs_against_a_yes_of_yours_is_a_mismatch(yours: Answer, marked: bool) -> None:
    # 60-day terms suggests unsure and names a concern: a yes of yours is marked although it is one
    # step away; unsure and no agree well enough; hell no is two steps from unsure.
    line = _line({"payment_terms": "net_60"}, {"payment": yours}, "payment_terms")
    assert line.concern == "They pay on 60-day terms"
    assert line.mismatch is marked


def test_without_your_answers_nothing_is_marked() -> None:
    lines = compare(FIT, {"revisions": "unlimited", "payment_terms": "longer"}, None)
    assert [line.mismatch for line in lines] == [False, False]
    assert all(line.yours is None for line in lines)


def test_only_answered_questions_are_lines_in_question_order_in_words() -> None:
    lines = compare(FIT, {"worries": "Deadlines", "rate": "fair"}, {"price_pushback": HY})
    assert [line.question.key for line in lines] == ["rate", "worries"]
    assert lines[0].theirs == "Fair for the work"
    assert lines[1].theirs == "Deadlines" and lines[1].yours is None and not lines[1].mismatch


def test_a_scale_answer_reads_out_of_ten() -> None:
    [line] = compare(REVIEW, {"recommend": 7}, {})
    assert line.theirs == "7 out of 10" and line.suggests is None and not line.mismatch


# -- their rating --------------------------------------------------------------------------------


def test_their_rating_is_the_mean_of_their_choices_and_numbers_on_0_to_100() -> None:
    # unclear = no (25), very well = hell yes (100), good = yes (75), 6 of 10 (60).
    answers: dict[str, str | int] = {
        "clarity": "unclear",
        "communication": "very_well",
        "value": "good",
        "recommend": 6,
        "one_change": "faster invoices",
    }
    assert their_rating(REVIEW, answers) == 65.0
    assert their_rating(REVIEW, {"recommend": 10}) == 100.0
    assert their_rating(REVIEW, {"recommend": 0}) == 0.0


def test_no_rated_answer_no_rating() -> None:
    assert their_rating(REVIEW, {"one_change": "nothing"}) is None
    assert their_rating(FIT, {"rate": "no_quote"}) is None


# -- links and fingerprints ----------------------------------------------------------------------

NOW = dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC)


def _link(**changes: object) -> QuestionnaireLink:
    values: dict[str, object] = {
        "id": 1,
        "account_id": 1,
        "kind": QuestionnaireKind.FIT,
        "created_at": NOW - dt.timedelta(days=1),
        "expires_at": NOW + dt.timedelta(days=1),
    }
    return QuestionnaireLink.model_validate(values | changes)


def test_a_link_is_answered_before_withdrawn_before_expired_before_open() -> None:
    later = NOW + dt.timedelta(days=2)
    assert _link().state(NOW) == "open" and _link().is_open(NOW)
    assert _link().state(later) == "expired"
    assert _link(expires_at=None).state(later) == "open"
    assert _link(revoked_at=NOW).state(later) == "revoked"
    assert _link(revoked_at=NOW, used_at=NOW).state(later) == "answered"
    assert _link(expires_at=NOW).state(NOW) == "expired", "a link expires at its moment, not after"


def test_the_url_is_the_apps_address_the_page_and_the_token() -> None:
    assert questionnaire_url("https://slice.example/", "abc") == "https://slice.example/questionnaire?q=abc"


def test_a_fingerprint_is_stable_whatever_the_order_zone_and_fraction_of_a_second() -> None:
    at = dt.datetime(2026, 5, 1, 12, 0, 0, 250_000, tzinfo=dt.UTC)
    same_moment = at.astimezone(dt.timezone(dt.timedelta(hours=2))).replace(microsecond=900_000)
    one = fingerprint(QuestionnaireKind.FIT, at, {"rate": "fair", "worries": "Ééntje"})
    assert one == fingerprint(QuestionnaireKind.FIT, same_moment, {"worries": "Ééntje", "rate": "fair"})
    assert len(one) == 64
    assert one != fingerprint(QuestionnaireKind.REVIEW, at, {"rate": "fair", "worries": "Ééntje"})
    assert one != fingerprint(
        QuestionnaireKind.FIT, at + dt.timedelta(seconds=1), {"rate": "fair", "worries": "Ééntje"}
    )
    assert one != fingerprint(QuestionnaireKind.FIT, at, {"rate": "high_but_fine", "worries": "Ééntje"})
