"""The person's side of a questionnaire: ask for one from a scorecard or a client page, see the
link once, withdraw it, read "They said / You said" with the mismatches marked, and find their
answers as suggestions on the re-screen and as reviews on the client page."""

from __future__ import annotations

import datetime as dt

from streamlit.testing.v1 import AppTest

from scoring import AccountDraft, Answer, Kind, Verdict, default_rubric
from scoring.limits import QUESTIONNAIRE_OPEN_MAX
from scoring.questionnaires import QuestionnaireKind, opening_text, questionnaire
from services.settings import LOCAL, preferences, save_sender
from storage import Repository
from tests import factories

RUBRIC = default_rubric()
TODAY = dt.date.today()
SENDER = "Studio Noord"
HOSTILE = "**bold** <script>alert(1)</script> [click](javascript:alert(1)) :red[x] $x^2$"

#: Fit answers that clash with an all-hell-yes screen on payment and on scope.
CLASHING_FIT: dict[str, str | int] = {
    "rate": "fair",
    "payment_terms": "net_60",
    "decision_maker": "me_joining",
    "reply_speed": "same_day",
    "meetings": "fortnightly",
    "deliverables": "written_down",
    "revisions": "unlimited",
    "situation": "growing",
    "worries": HOSTILE,
}


def _create_button(account: int) -> str:
    return f"FormSubmitter:ask-form-{account}-Create questionnaire link"


def _open(app: AppTest, page: str, account: int, **params: str) -> AppTest:
    app.switch_page(page)
    app.query_params["account"] = str(account)
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception
    return app


def _markdown(app: AppTest) -> str:
    return "\n".join(str(m.value) for m in app.markdown).replace("\\", "")


def _all_text(app: AppTest) -> str:
    parts = [m.value for m in app.markdown] + [c.value for c in app.caption] + [t.value for t in app.text]
    parts += [e.label for e in app.expander]
    return "\n".join(str(p) for p in parts).replace("\\", "")


def _urls(app: AppTest) -> list[str]:
    return [str(c.value) for c in app.code if "/questionnaire?q=" in str(c.value)]


def _prospect(repo: Repository, name: str = "Hopeful Ltd") -> int:
    assessment = factories.assessment(answer=Answer.HELL_YES)
    return repo.screen_prospect(AccountDraft(name=name), assessment, f"screen-{name}").account_id


def _client(repo: Repository) -> int:
    start = TODAY - dt.timedelta(days=60)
    account = repo.add_client(
        AccountDraft(name="Steady Client"), factories.assessment(start, answer=Answer.HELL_YES), start, "c-1"
    ).account_id
    checkin = factories.assessment(TODAY - dt.timedelta(days=3), kind=Kind.CHECKIN, answer=Answer.HELL_YES)
    repo.add_checkin(account, checkin, "checkin-1")
    return account


def _answered(repo: Repository, account: int, kind: QuestionnaireKind, answers: dict[str, str | int]) -> None:
    token, _link = repo.create_questionnaire(account, kind, 30, SENDER)
    repo.submit_answers(token, questionnaire(kind).version, answers, "nl")


# -- asking --------------------------------------------------------------------------------------


def test_a_link_is_made_from_the_scorecard_shown_once_listed_and_withdrawn(
    app: AppTest, repo: Repository
) -> None:
    save_sender(repo, LOCAL, SENDER)
    account = _prospect(repo)
    _open(app, "pages/scorecard.py", account)
    assert "Ask them: the fit questionnaire" in _markdown(app)

    app.button(key=_create_button(account)).click().run()
    assert not app.exception
    [url] = _urls(app)
    token = url.split("q=", 1)[1]
    link = repo.open_questionnaire(token)
    assert link is not None and link.kind is QuestionnaireKind.FIT and link.sender == SENDER
    # Left unchanged, the opening is stored empty: the respondent reads it in their own language.
    assert link.opening == ""
    assert "waiting for answers" in _markdown(app)

    app.run()  # any later run: the address is gone for good
    assert not app.exception
    assert _urls(app) == []

    app.button(key=f"ask.withdraw.{link.id}").click().run()
    assert not app.exception
    assert repo.open_questionnaire(token) is None
    assert "withdrawn" in _markdown(app)
    assert not [b for b in app.button if b.key == f"ask.withdraw.{link.id}"]


def test_an_edited_opening_is_kept_as_written(app: AppTest, repo: Repository) -> None:
    save_sender(repo, LOCAL, SENDER)
    account = _prospect(repo)
    _open(app, "pages/scorecard.py", account)
    [area] = [a for a in app.text_area if str(a.key).startswith(f"ask.{account}.opening.")]
    assert area.value == opening_text(questionnaire(QuestionnaireKind.FIT), "", SENDER)
    area.input("Hi Ana, a few questions before we start.")
    app.button(key=_create_button(account)).click().run()
    [link] = repo.questionnaire_links(account)
    assert link.opening == "Hi Ana, a few questions before we start."


def test_without_a_name_the_panel_asks_for_one_and_keeps_it_in_the_settings(
    app: AppTest, repo: Repository
) -> None:
    account = _prospect(repo)
    _open(app, "pages/scorecard.py", account)
    assert app.button(key=_create_button(account)).disabled

    app.text_input(key=f"ask.{account}.sender").input("  Studio   Noord ").run()
    assert not app.exception
    assert preferences(repo, LOCAL).sender == SENDER
    assert not app.button(key=_create_button(account)).disabled
    app.button(key=_create_button(account)).click().run()
    [link] = repo.questionnaire_links(account)
    assert link.sender == SENDER


def test_too_many_waiting_links_are_refused_with_a_sentence(app: AppTest, repo: Repository) -> None:
    save_sender(repo, LOCAL, SENDER)
    account = _prospect(repo)
    for _ in range(QUESTIONNAIRE_OPEN_MAX):
        repo.create_questionnaire(account, QuestionnaireKind.FIT, 30, SENDER)
    _open(app, "pages/scorecard.py", account)
    app.button(key=_create_button(account)).click().run()
    assert not app.exception
    assert any("already waiting for answers" in e.value for e in app.error)
    assert _urls(app) == []
    assert len(repo.questionnaire_links(account)) == QUESTIONNAIRE_OPEN_MAX


def test_a_client_is_asked_for_a_review_from_the_share_tab(app: AppTest, repo: Repository) -> None:
    save_sender(repo, LOCAL, SENDER)
    account = _client(repo)
    _open(app, "pages/client.py", account, tab="Share")
    assert "Ask them: a review" in _markdown(app)
    app.button(key=_create_button(account)).click().run()
    assert not app.exception
    [link] = repo.questionnaire_links(account)
    assert link.kind is QuestionnaireKind.REVIEW
    assert len(_urls(app)) == 1


def test_the_check_in_tab_points_to_the_review_on_the_share_tab(app: AppTest, repo: Repository) -> None:
    account = _client(repo)
    _open(app, "pages/client.py", account, tab="Check-in")
    [link] = [p for p in app.get("page_link") if p.proto.label.startswith("Ask them for a review too")]
    assert "client" in link.proto.page
    assert "tab=Share" in link.proto.query_string and f"account={account}" in link.proto.query_string


# -- what they said ------------------------------------------------------------------------------


def test_the_scorecard_puts_their_answers_beside_yours_and_marks_the_mismatches(
    app: AppTest, repo: Repository
) -> None:
    account = _prospect(repo)
    _answered(repo, account, QuestionnaireKind.FIT, CLASHING_FIT)
    _open(app, "pages/scorecard.py", account)
    text = _all_text(app)
    assert "They said / You said" in text
    assert "Fit questionnaire, answered" in text and "in Nederlands" in text
    assert "2 answers differ from yours: worth talking about." in text
    assert "They pay on 60-day terms" in text
    assert "They expect unlimited revisions" in text
    marked = [m.value for m in app.markdown if ":red[:material/error:] **" in m.value]
    assert any("payment terms" in m for m in marked)
    assert any("rounds of revisions" in m for m in marked)
    # An answer that agrees with yours is listed, unmarked.
    assert any("They said: Fair for the work" in m.value and ":red[" not in m.value for m in app.markdown)
    assert "You said (Payment reliability): Hell yes" in text


def test_their_own_words_are_shown_exactly_as_typed(app: AppTest, repo: Repository) -> None:
    account = _prospect(repo)
    _answered(repo, account, QuestionnaireKind.FIT, CLASHING_FIT)
    _open(app, "pages/scorecard.py", account)
    assert HOSTILE in [t.value for t in app.text]
    for element in app.markdown:
        assert "<script>" not in element.value
        assert "**bold**" not in element.value


def test_earlier_answer_sets_wait_in_an_expander(app: AppTest, repo: Repository) -> None:
    account = _prospect(repo)
    _answered(repo, account, QuestionnaireKind.FIT, {**CLASHING_FIT, "worries": "first set"})
    _answered(repo, account, QuestionnaireKind.FIT, {**CLASHING_FIT, "worries": "second set"})
    _open(app, "pages/scorecard.py", account)
    assert "1 earlier answer set" in [e.label for e in app.expander]
    texts = [t.value for t in app.text]
    assert texts.index("second set") < texts.index("first set"), "the newest comes first"


def test_no_answers_no_section(app: AppTest, repo: Repository) -> None:
    account = _prospect(repo)
    _open(app, "pages/scorecard.py", account)
    assert "They said / You said" not in _all_text(app)


# -- suggestions on the re-screen ----------------------------------------------------------------


def test_the_re_screen_fills_in_their_suggestions_and_stores_them(app: AppTest, repo: Repository) -> None:
    account = _prospect(repo)
    _answered(repo, account, QuestionnaireKind.FIT, CLASHING_FIT)
    prefix = f"screen.{account}"
    # An answer the person already chose is never overwritten by a suggestion.
    app.session_state[f"{prefix}.q.champion"] = Answer.NO
    _open(app, "pages/screen.py", account)

    assert app.session_state[f"{prefix}.q.payment"] == Answer.UNSURE
    # Two questions inform scope: the stricter suggestion (unlimited revisions) wins.
    assert app.session_state[f"{prefix}.q.scope"] == Answer.HELL_NO
    assert app.session_state[f"{prefix}.q.champion"] == Answer.NO
    assert any("Their answers of" in c.value and "suggest 6 answers" in c.value for c in app.caption)
    assert any("Suggested: **Hell no**" in c.value and "unlimited" not in c.value for c in app.caption)

    app.segmented_control(key=f"{prefix}.gut").set_value(Verdict.HELL_NO)
    for key in RUBRIC.keys:
        if app.session_state[f"{prefix}.q.{key}"] is None:
            app.segmented_control(key=f"{prefix}.q.{key}").set_value(Answer.YES)
    app.segmented_control(key=f"{prefix}.q.payment").set_value(Answer.NO)
    app.button(key=f"FormSubmitter:screen-form-{account}-Get the verdict").click().run()
    assert not app.exception

    stored = repo.assessments(account)[-1].assessment
    assert stored.kind is Kind.SCREEN
    assert stored.answers["payment"] is Answer.NO and stored.answers["scope"] is Answer.HELL_NO
    assert stored.suggested["payment"] is Answer.UNSURE
    assert stored.suggested["scope"] is Answer.HELL_NO
    assert stored.suggested["champion"] is Answer.HELL_YES
    assert set(stored.suggested) == {
        "price_pushback",
        "payment",
        "champion",
        "responsiveness",
        "scope",
        "business_health",
    }


def test_a_re_screen_without_their_answers_suggests_nothing(app: AppTest, repo: Repository) -> None:
    account = _prospect(repo)
    _open(app, "pages/screen.py", account)
    assert app.session_state[f"screen.{account}.q.payment"] is None
    assert not any("Their answers of" in c.value for c in app.caption)


# -- the client page -----------------------------------------------------------------------------


REVIEW: dict[str, str | int] = {
    "clarity": "unclear",
    "communication": "very_well",
    "value": "good",
    "recommend": 6,
    "one_change": "Send the *invoice* earlier <b>please</b>",
}


def test_the_client_page_shows_a_review_beside_the_check_in(app: AppTest, repo: Repository) -> None:
    account = _client(repo)
    _answered(repo, account, QuestionnaireKind.REVIEW, REVIEW)
    _open(app, "pages/client.py", account)
    [expander] = [e for e in app.expander if "Review of" in e.label]
    # unclear = no (25), very well (100), good (75), 6 of 10 (60): 65.
    assert "their rating 65 / 100" in expander.label
    text = _all_text(app)
    assert "They find it unclear what they get and when" in text
    assert "Answered in Nederlands, beside your answers of" in text
    assert "Send the *invoice* earlier <b>please</b>" in [t.value for t in app.text]
    assert any("blue diamonds" in c.value for c in app.caption)


def test_a_client_without_reviews_is_told_where_to_ask(app: AppTest, repo: Repository) -> None:
    account = _client(repo)
    _open(app, "pages/client.py", account)
    assert "No reviews yet. Ask this client for one under Share." in _all_text(app)


def test_the_scorecard_of_a_client_shows_their_latest_review(app: AppTest, repo: Repository) -> None:
    account = _client(repo)
    _answered(repo, account, QuestionnaireKind.REVIEW, REVIEW)
    _open(app, "pages/scorecard.py", account)
    text = _all_text(app)
    assert "Review, answered" in text
    assert "They find it unclear what they get and when" in text


# -- settings ------------------------------------------------------------------------------------


def test_the_name_on_questionnaires_is_saved_from_the_settings(app: AppTest, repo: Repository) -> None:
    app.switch_page("pages/settings.py").run()
    assert not app.exception
    app.text_input(key="ts-settings-sender").input("Studio  Noord").run()
    assert not app.exception
    assert preferences(repo, LOCAL).sender == SENDER
