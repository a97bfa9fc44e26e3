"""The page a questionnaire link opens: the sender's questions for whoever holds the link, one
answer set per link, and the same neutral words for every link that takes no answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from scoring.questionnaires import NEUTRAL_MESSAGE, QuestionnaireKind, questionnaire
from services.questionnaires import LinkClosed, ask
from storage import Repository, StorageUnavailable, convert
from tests.app.conftest import APP, TIMEOUT
from tests.app.test_sign_in_gate import ACCESS, AUTH
from ui import routes

FIT = QuestionnaireKind.FIT
REVIEW = QuestionnaireKind.REVIEW
SENDER = "Studio Noord"
OPENING = "Hi Ana,\n\nA few questions before we start.\nTake your time."
HOSTILE = ["<script>alert(1)</script>", "**bold** [x](javascript:alert(1))", "=cmd|' /C calc'!A0"]
# Every required question of the fit questionnaire, answered.
FIT_ANSWERS: dict[str, str] = {
    "rate": "fair",
    "payment_terms": "net_30",
    "decision_maker": "me_joining",
    "reply_speed": "same_day",
    "meetings": "fortnightly",
    "deliverables": "mostly_clear",
    "revisions": "two_or_three",
    "situation": "growing",
}
PROSPECT = "Opal-Lantern-Works"


@pytest.fixture
def account(add_prospect: Callable[..., int]) -> int:
    return add_prospect(PROSPECT)


def _link(repo: Repository, account: int, kind: QuestionnaireKind = FIT, **kwargs: Any) -> str:
    token, _link = ask(repo, account, kind, 30, sender=kwargs.pop("sender", SENDER), **kwargs)
    return token


def _open(app: AppTest, token: str | None) -> AppTest:
    app.switch_page(routes.QUESTIONNAIRE)
    if token is not None:
        app.query_params["q"] = token
    return app.run()


def _all_text(app: AppTest) -> str:
    parts: list[Any] = [*app.markdown, *app.title, *app.subheader, *app.text, *app.caption]
    parts += [*app.info, *app.success, *app.warning, *app.error]
    return "\n".join(str(p.value) for p in parts)


def _field(app: AppTest, name: str) -> str:
    """The session key of one question's widget (the scope is a digest of the token)."""
    return next(str(w.key) for w in [*app.segmented_control, *app.text_area] if str(w.key).endswith(name))


def _answer(app: AppTest, answers: dict[str, Any]) -> None:
    for name, value in answers.items():
        key = _field(app, f"-{name}")
        if ".text-" in key:
            app.text_area(key=key).input(value)
        else:
            app.segmented_control(key=key).set_value(value)


def _send(app: AppTest) -> AppTest:
    button = next(b for b in app.button if str(b.key).startswith("FormSubmitter:questionnaire-"))
    return button.click().run()


def _has_form(app: AppTest) -> bool:
    return any(str(b.key).startswith("FormSubmitter:questionnaire-") for b in app.button)


# -- links that open nothing -----------------------------------------------------------------------


def test_every_link_that_takes_no_answers_reads_the_same_neutral_words(
    app: AppTest, repo: Repository, account: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    used = _link(repo, account)
    repo.submit_answers(used, 1, FIT_ANSWERS, "en")
    revoked = _link(repo, account)
    repo.revoke_questionnaire(repo.questionnaire_links(account)[0].id)
    expired = _link(repo, account)
    seen = []
    for token in (None, "", "x" * 43, "not a token", used, revoked):
        _open(app, token)
        assert not app.exception
        assert not _has_form(app) and not app.text_area
        seen.append(_all_text(app))
    later = convert.now() + dt.timedelta(days=31)
    monkeypatch.setattr(convert, "now", lambda: later)
    _open(app, expired)
    assert not _has_form(app)
    seen.append(_all_text(app))
    assert seen == [str(NEUTRAL_MESSAGE)] * len(seen)
    assert SENDER not in seen[0] and PROSPECT not in seen[0]


def test_a_page_that_cannot_reach_the_database_says_so_calmly(
    app: AppTest, repo: Repository, account: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = _link(repo, account)

    def down(*_args: object, **_kwargs: object) -> None:
        raise StorageUnavailable("database is locked", "OperationalError")

    monkeypatch.setattr(Repository, "open_questionnaire", down)
    _open(app, token)
    assert not app.exception
    assert "try again in a moment" in app.warning[0].value
    assert not _has_form(app)


# -- an open link ------------------------------------------------------------------------------------


def test_an_open_link_shows_the_sender_the_opening_and_every_question_in_order(
    app: AppTest, repo: Repository, account: int
) -> None:
    _open(app, _link(repo, account, opening=OPENING))
    assert not app.exception
    assert app.title[0].value == SENDER
    assert [t.value for t in app.text] == ["Hi Ana,", "A few questions before we start.\nTake your time."]
    text = _all_text(app)
    q = questionnaire(FIT)
    shown = [m.value for m in app.markdown if m.value.startswith("**")]
    assert len(shown) == len(q.questions)
    for number, (line, question) in enumerate(zip(shown, q.questions, strict=True), start=1):
        assert line.startswith(f"**{number}. ")
        assert ("optional" in line) is (not question.required)
    rate = app.segmented_control(key=_field(app, "-rate"))
    assert rate.options == [c.label.text() for c in q.questions[0].choices]
    assert rate.value is None, "nothing is answered for them"
    assert len(app.text_area) == 2
    assert "Up to 2,000 characters." in text


def test_the_page_shows_nothing_of_the_account_and_no_way_into_the_app(
    app: AppTest, repo: Repository, account: int
) -> None:
    _open(app, _link(repo, account))
    assert PROSPECT not in _all_text(app)
    assert not app.get("page_link")
    assert not app.sidebar.children or all(c.type == "html" for c in app.sidebar.children.values())


def test_a_review_asks_for_a_number_from_0_to_10(app: AppTest, repo: Repository, account: int) -> None:
    _open(app, _link(repo, account, REVIEW))
    scale = app.segmented_control(key=_field(app, "-recommend"))
    assert scale.options == [str(n) for n in range(11)]


def test_the_sender_and_the_opening_show_as_typed(app: AppTest, repo: Repository, account: int) -> None:
    hostile = HOSTILE[0] + " " + HOSTILE[1]
    _open(app, _link(repo, account, sender=hostile, opening="\n\n".join(HOSTILE)))
    assert not app.exception
    title = app.title[0].value
    assert "\\<script\\>" in title and "\\*\\*bold\\*\\*" in title
    assert [t.value for t in app.text] == HOSTILE, "the opening, as plain text"
    assert "<script>" not in "\n".join(m.value for m in app.markdown)


def test_the_page_reads_dutch_for_a_dutch_visitor(app: AppTest, repo: Repository, account: int) -> None:
    app.session_state["ts_language"] = "nl"
    _open(app, _link(repo, account))
    text = _all_text(app)
    assert "Hoe kijkt u aan tegen het tarief dat we noemden?" in text
    assert "We nemen alleen werk aan" in text
    rate = app.segmented_control(key=_field(app, "-rate"))
    assert "Redelijk voor het werk" in rate.options


def test_a_link_opens_for_its_holder_when_the_app_asks_for_a_sign_in(
    app: AppTest, repo: Repository, account: int
) -> None:
    token = _link(repo, account)
    app.secrets = {"auth": AUTH, "access": ACCESS}
    app.user = {"is_logged_in": False}
    _open(app, token)
    assert not app.exception
    assert "Sign in" not in [b.label for b in app.button]
    assert app.title[0].value == SENDER and _has_form(app)
    _answer(app, FIT_ANSWERS)
    _send(app)
    assert len(repo.their_answers(account)) == 1


# -- sending -------------------------------------------------------------------------------------


def test_an_open_required_question_is_named_and_nothing_is_stored(
    app: AppTest, repo: Repository, account: int
) -> None:
    _open(app, _link(repo, account))
    _answer(app, {k: v for k, v in FIT_ANSWERS.items() if k != "revisions"})
    _send(app)
    assert not app.exception
    assert repo.their_answers(account) == []
    assert "1 question still needs an answer from you. Nothing was sent yet." in app.warning[0].value
    assert [e.value for e in app.error] == ["Pick one of the choices."]
    assert app.segmented_control(key=_field(app, "-rate")).value == "fair", "the answers stay"


def test_a_full_answer_set_is_stored_once_and_thanked_for(
    app: AppTest, repo: Repository, account: int
) -> None:
    token = _link(repo, account)
    _open(app, token)
    _answer(app, {**FIT_ANSWERS, "worries": "  Timing.  "})
    _send(app)
    assert not app.exception
    [side] = repo.their_answers(account)
    assert side.kind is FIT and side.language == "en"
    assert side.answers == {**FIT_ANSWERS, "worries": "Timing."}
    assert [s.value for s in app.success] == [
        f"Thank you\\. Your answers went to {SENDER}, who will be in touch\\."
    ]
    assert not _has_form(app)
    app.run()  # any later run of this session: still the thanks
    assert app.success and not _has_form(app)
    fresh = AppTest.from_file(APP, default_timeout=TIMEOUT)
    _open(fresh, token)  # a reload is a new session: the link is used
    assert _all_text(fresh) == str(NEUTRAL_MESSAGE)
    assert len(repo.their_answers(account)) == 1


def test_what_they_type_is_stored_verbatim(app: AppTest, repo: Repository, account: int) -> None:
    _open(app, _link(repo, account))
    _answer(app, {**FIT_ANSWERS, "work_you_like": "\n".join(HOSTILE), "worries": HOSTILE[2]})
    _send(app)
    [side] = repo.their_answers(account)
    assert side.answers["work_you_like"] == "\n".join(HOSTILE)
    assert side.answers["worries"] == HOSTILE[2]


def test_an_answer_over_the_limit_is_refused_with_a_sentence_not_cut(
    app: AppTest, repo: Repository, account: int
) -> None:
    _open(app, _link(repo, account))
    _answer(app, {**FIT_ANSWERS, "worries": "w" * 2001})
    _send(app)
    assert repo.their_answers(account) == []
    assert [e.value for e in app.error] == ["Keep this answer to 2,000 characters; it has 2,001 now."]
    assert app.text_area(key=_field(app, "-worries")).value == "w" * 2001


def test_a_link_answered_elsewhere_meanwhile_reads_the_neutral_words(
    app: AppTest, repo: Repository, account: int
) -> None:
    token = _link(repo, account)
    _open(app, token)
    _answer(app, FIT_ANSWERS)
    repo.submit_answers(token, 1, {"rate": "needs_lower"}, "nl")
    _send(app)
    assert not app.exception
    assert _all_text(app) == str(NEUTRAL_MESSAGE)
    assert [s.answers for s in repo.their_answers(account)] == [{"rate": "needs_lower"}]


def test_a_database_that_does_not_answer_keeps_the_answers_for_another_try(
    app: AppTest, repo: Repository, account: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    _open(app, _link(repo, account))
    _answer(app, FIT_ANSWERS)
    real = Repository.submit_answers

    def down(*_args: object, **_kwargs: object) -> None:
        raise StorageUnavailable("database is locked", "OperationalError")

    monkeypatch.setattr(Repository, "submit_answers", down)
    _send(app)
    assert not app.exception
    assert "could not be sent" in app.warning[0].value
    assert app.segmented_control(key=_field(app, "-rate")).value == "fair"
    monkeypatch.setattr(Repository, "submit_answers", real)
    _send(app)
    assert app.success and len(repo.their_answers(account)) == 1


def _double_click(token: str, answers: dict[str, str]) -> None:
    """Two clicks of the send button reach the callback one after the other."""
    import streamlit as st

    from services.questionnaires import open_link
    from services.store import database_url, open_repository
    from ui.questionnaire_form import Keys, send, sent_here

    repo = open_repository(database_url())
    opened = open_link(repo, token)
    assert opened is not None
    keys = Keys.of(token)
    for question in opened.questionnaire.questions:
        if question.key in answers:
            st.session_state[keys.question(question)] = answers[question.key]
    send(repo, token, opened)
    send(repo, token, opened)
    st.text("thanked" if sent_here(token) is not None else "not thanked")


def test_a_double_click_stores_one_answer_set_and_still_thanks(repo: Repository, account: int) -> None:
    token = _link(repo, account)
    at = AppTest.from_function(_double_click, args=(token, FIT_ANSWERS), default_timeout=TIMEOUT).run()
    assert not at.exception
    assert [t.value for t in at.text] == ["thanked"]
    assert len(repo.their_answers(account)) == 1


def test_a_send_cut_short_after_storing_still_thanks_and_only_this_session(
    app: AppTest, repo: Repository, account: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A double click can stop the first click's run after the answers are stored and before the
    session notes it: the page then finds the link closed with exactly its answers, and thanks."""
    from services.questionnaires import submit as real

    token = _link(repo, account)
    _open(app, token)
    _answer(app, FIT_ANSWERS)

    def stored_then_cut(*args: Any, **kwargs: Any) -> Any:
        real(*args, **kwargs)
        raise LinkClosed  # what the next click finds: the link closed, the session none the wiser

    monkeypatch.setattr("ui.questionnaire_form.submit", stored_then_cut)
    _send(app)
    assert not app.exception
    assert app.success and "Your answers went to" in app.success[0].value
    assert len(repo.their_answers(account)) == 1

    other = _open(AppTest.from_file(APP, default_timeout=TIMEOUT), token)  # another visit
    assert _all_text(other) == str(NEUTRAL_MESSAGE)
