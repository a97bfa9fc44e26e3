"""The client page, calibration, data and the shared scorecard in Dutch (the `ui2` pages).

A session reads the language under `ts_language` (`ui.language.KEY`); set before the first run,
the page opens in Dutch. The Dutch words come from the compiled catalog, so these tests need the
merged `nl` catalog.
"""

from __future__ import annotations

import datetime as dt

from streamlit.testing.v1 import AppTest

from i18n import use_language
from scoring import AccountDraft, Answer, Kind, Outcome, Verdict
from storage import Repository
from tests import factories

TODAY = dt.date.today()


def _dutch(app: AppTest, page: str, **params: str) -> AppTest:
    app.session_state["ts_language"] = "nl"
    app.switch_page(page)
    for name, value in params.items():
        app.query_params[name] = value
    return app.run()


def _client(repo: Repository, name: str) -> int:
    screen = factories.assessment(TODAY - dt.timedelta(days=200), kind=Kind.SCREEN, answer=Answer.HELL_YES)
    account = repo.add_client(AccountDraft(name=name), screen, TODAY - dt.timedelta(days=200), f"nl-{name}")
    return account.account_id


def _markdown(app: AppTest) -> str:
    return "\n".join(str(m.value) for m in app.markdown).replace("\\", "")


def test_the_client_page_speaks_dutch_and_its_address_keeps_the_english_tab(
    app: AppTest, repo: Repository
) -> None:
    account = _client(repo, "Kees Mulder")
    _dutch(app, "pages/client.py", account=str(account))
    assert not app.exception
    assert [t.label for t in app.tabs] == ["Verloop", "Check-in", "Facturen", "Dossier", "Afscheid", "Delen"]
    assert "Scoreverloop" in _markdown(app)
    assert "Elk criterium, elke check-in" in _markdown(app)
    # A link names the tab by its English key in every language.
    _dutch(app, "pages/client.py", account=str(account), tab="Check-in")
    assert "Check-in opslaan" in [b.label for b in app.button]
    assert app.query_params["tab"] == "Check-in"


def test_the_dutch_exit_message_greets_the_first_name_and_follows_je_or_u(
    app: AppTest, repo: Repository
) -> None:
    account = _client(repo, "Kees Mulder")
    repo.add_checkin(
        account,
        factories.assessment(
            TODAY - dt.timedelta(days=5),
            kind=Kind.CHECKIN,
            answer=Answer.HELL_YES,
            overrides={"payment": Answer.HELL_NO},
        ),
        "nl-checkin",
    )
    # AppTest formats the widgets' options in this test's own thread: let it speak Dutch too.
    with use_language("nl"):
        _dutch(app, "pages/client.py", account=str(account), tab="Let go")
        assert not app.exception
        assert app.text_input(key=f"letgo.{account}.first_name").value == "Kees"
        app.selectbox(key=f"letgo.{account}.reason").set_value("payment").run()

        def message() -> str:
            area = next(t for t in app.text_area if t.label.startswith("Afscheidsbericht"))
            return str(area.value)

        assert message().startswith("Beste Kees,\n")
        register = app.segmented_control(key=f"letgo.{account}.register")
        assert register.value == "je"
        informal = message()
        register.set_value("u").run()
        formal = message()
        assert formal.startswith("Beste Kees,\n") and formal != informal
        # Another first name is a new greeting.
        app.text_input(key=f"letgo.{account}.first_name").input("Cornelis").run()
        assert message().startswith("Beste Cornelis,\n")


def test_the_calibration_page_speaks_dutch(app: AppTest, repo: Repository) -> None:
    screen = factories.assessment(TODAY - dt.timedelta(days=200), gut=Verdict.HELL_NO, answer=Answer.HELL_YES)
    ended = repo.add_client(AccountDraft(name="Ging Failliet"), screen, TODAY - dt.timedelta(days=190), "e1")
    repo.end(ended.account_id, Outcome.WENT_BUST, TODAY - dt.timedelta(days=10), "")
    _dutch(app, "pages/calibration.py")
    assert not app.exception
    assert app.title[0].value == "Kalibratie"
    assert "Eerste indruk en beoordelingsmodel het eens" in [m.label for m in app.metric]
    assert "Beëindigde samenwerkingen" in _markdown(app)
    assert "Afloop bewijst" in app.dataframe[0].value.columns


def test_the_data_page_speaks_dutch_and_starts_at_the_semicolon(app: AppTest) -> None:
    _dutch(app, "pages/data.py")
    assert not app.exception
    assert app.title[0].value == "Gegevens"
    captions = "\n".join(c.value for c in app.caption)
    assert "dezelfde Engelse sleutels" in captions
    assert [b.proto.label for b in app.get("download_button")][:3] == [
        "Beoordelingen",
        "Relaties",
        "Dossier",
    ]
    # Dutch Excel expects a semicolon: a Dutch reader starts there.
    assert app.radio(key="data.separator.widget").value == ";"


def test_the_shared_scorecard_speaks_dutch_with_a_switch(app: AppTest, repo: Repository) -> None:
    assessment = factories.assessment(answer=Answer.YES)
    account = repo.screen_prospect(AccountDraft(name="Anna de Vries"), assessment, "nl-shared").account_id
    token, _link = repo.create_share(account, 30)
    _dutch(app, "pages/scorecard.py", t=token)
    assert not app.exception
    assert "De tien criteria" in _markdown(app)
    banner = "\n".join(str(h.proto.body) for h in app.get("html"))
    assert "Score 75 / 100 · per " in banner
    assert "Een gedeelde scorekaart uit Thin Slice (alleen lezen)." in [c.value for c in app.caption]
    assert [c.key for c in app.segmented_control] == ["ts-language-switch"]
