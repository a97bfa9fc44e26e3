"""The language a session reads: chosen in the sidebar, stored per person, and the Settings page."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from services.settings import LOCAL, preferences, save_language
from storage import Repository
from tests.app.conftest import APP, TIMEOUT

SWITCH = "ts-language-switch"


def _links(at: AppTest) -> list[str]:
    return [str(link.proto.label) for link in at.sidebar.get("page_link")]


def test_a_first_visit_with_no_choice_and_no_browser_language_reads_english(app: AppTest) -> None:
    app.run()
    assert _links(app)[:2] == ["Home", "Screen a prospect"]
    assert app.session_state["ts_language"] == "en"


def test_the_switch_changes_the_language_at_once_and_stores_the_choice(
    app: AppTest, repo: Repository
) -> None:
    app.run()
    app.segmented_control(key=SWITCH).set_value("nl").run()
    assert not app.exception
    assert _links(app)[:2] == ["Overzicht", "Prospect screenen"]
    assert app.title[0].value != "Home"
    assert preferences(repo).language == "nl"

    # A new session (a reload, another tab) opens in the stored language.
    again = AppTest.from_file(APP, default_timeout=TIMEOUT)
    again.run()
    assert _links(again)[:2] == ["Overzicht", "Prospect screenen"]


def test_switching_back_to_english_is_stored_too(app: AppTest, repo: Repository) -> None:
    app.session_state["ts_language"] = "nl"
    app.run()
    app.segmented_control(key=SWITCH).set_value("en").run()
    assert _links(app)[:1] == ["Home"]
    assert preferences(repo).language == "en"


def test_the_settings_page_keeps_je_or_u_and_the_name_that_signs(app: AppTest, repo: Repository) -> None:
    app.switch_page("pages/settings.py").run()
    assert not app.exception
    app.segmented_control(key="ts-settings-address").set_value("u").run()
    app.text_input(key="ts-settings-name").input("Anna de Vries").run()
    kept = preferences(repo, LOCAL)
    assert (kept.formal, kept.your_name) == (True, "Anna de Vries")
    # Read back in a new session.
    again = AppTest.from_file(APP, default_timeout=TIMEOUT)
    again.switch_page("pages/settings.py").run()
    assert again.segmented_control(key="ts-settings-address").value == "u"
    assert again.text_input(key="ts-settings-name").value == "Anna de Vries"


def test_a_shared_scorecard_never_uses_or_changes_the_owners_choice(
    app: AppTest, repo: Repository, add_prospect: Callable[..., int]
) -> None:
    save_language(repo, LOCAL, "nl")
    token, _link = repo.create_share(add_prospect("Kees Mulder"), days=7)
    app.switch_page("pages/scorecard.py")
    app.query_params["t"] = token
    app.run()
    assert not app.exception
    # A visitor with no browser language reads English, whatever the owner chose ...
    assert app.session_state["ts_language"] == "en"
    # ... and may switch for the visit, which the owner's settings never see.
    app.segmented_control(key=SWITCH).set_value("nl").run()
    assert app.session_state["ts_language"] == "nl"
    assert repo.settings(LOCAL) == {"language": "nl"}
    save_language(repo, LOCAL, "en")
    app.segmented_control(key=SWITCH).set_value("nl").run()
    assert repo.settings(LOCAL) == {"language": "en"}
