"""Home, Screen a prospect, Prospects and Clients read Dutch when the session does.

The session's language is set the way the app keeps it (`ui.language.KEY`, "ts_language")
before the first run. The lists keep their stable column keys (pages hide columns by them)
while the headers a person reads are Dutch; a list drawn in English first is not served to a
Dutch reader from the cache of drawn tables.

These need the merged Dutch catalog (i18n/locale/nl): before it, the pages read English.
"""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Dataframe

from services.demo import load_demo
from tests.app.conftest import APP, TIMEOUT

LANGUAGE = "ts_language"


def _dutch(db_url: str) -> AppTest:
    load_demo(db_url)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state[LANGUAGE] = "nl"
    return at


def _headers(table: Dataframe) -> dict[str, str]:
    """Each column's key and the header the grid shows over it."""
    config = json.loads(table.proto.columns)
    return {name: column.get("label") or name for name, column in config.items() if column}


def _texts(at: AppTest) -> str:
    parts = [t.value for t in at.title] + [c.value for c in at.caption] + [m.value for m in at.markdown]
    return "\n".join(str(p) for p in parts)


def test_home_reads_dutch_and_its_table_has_dutch_headers_over_stable_keys(db_url: str) -> None:
    at = _dutch(db_url)
    at.run()
    assert not at.exception
    assert at.title[0].value == "Is het nog steeds een hell yes?"
    assert {"Prospects", "Klanten", "Probleemklanten", "Check-ins te doen"} <= {m.label for m in at.metric}
    assert "#### Vraagt je aandacht" in _texts(at)
    assert "Klik op een naam om die te openen." in _texts(at)

    table = at.dataframe[0]
    # The keys stay English: the data a page hides columns by and tests read.
    assert {"Name", "Status", "Reason", "Stage"} <= set(table.value.columns)
    headers = _headers(table)
    assert headers["Name"] == "Naam"
    assert headers["Reason"] == "Reden"
    assert headers["Stage"] == "Fase"
    assert headers["Check-in due"] == "Volgende check-in"
    assert set(table.value["Stage"]) == {"prospect", "klant"}


def test_a_list_drawn_in_english_is_not_served_to_a_dutch_reader(db_url: str) -> None:
    load_demo(db_url)
    english = AppTest.from_file(APP, default_timeout=TIMEOUT)
    english.session_state[LANGUAGE] = "en"
    english.run()
    assert set(english.dataframe[0].value["Stage"]) == {"prospect", "client"}
    assert _headers(english.dataframe[0])["Name"] == "Name"

    dutch = AppTest.from_file(APP, default_timeout=TIMEOUT)
    dutch.session_state[LANGUAGE] = "nl"
    dutch.run()
    assert set(dutch.dataframe[0].value["Stage"]) == {"prospect", "klant"}
    assert _headers(dutch.dataframe[0])["Name"] == "Naam"


def test_screen_a_prospect_reads_dutch(db_url: str) -> None:
    at = _dutch(db_url)
    at.switch_page("pages/screen.py").run()
    assert not at.exception
    assert at.title[0].value == "Prospect screenen"
    assert "#### 1 · Eerst je onderbuikgevoel" in _texts(at)
    assert at.text_input(key="screen.new.name").label == "Naam (verplicht)"
    assert "Oordeel bekijken" in [b.label for b in at.button]

    # An empty submit: the errors are Dutch too.
    next(b for b in at.button if b.label == "Oordeel bekijken").click().run()
    errors = [e.value for e in at.error]
    assert "Geef de prospect een naam." in errors
    assert "Leg je eerste indruk vast: hell yes of hell no." in errors


def test_prospects_reads_dutch_and_filters_by_a_stable_key(db_url: str) -> None:
    at = _dutch(db_url)
    at.switch_page("pages/prospects.py").run()
    assert not at.exception
    assert "Klik op een naam om de scorekaart te openen." in _texts(at)
    assert at.text_input(key="prospects.search").label == "Zoek op naam of bedrijf"
    assert _headers(at.dataframe[0])["Reason"] == "Reden"

    before = len(at.dataframe[0].value)
    at.segmented_control(key="prospects.filter").set_value("hell_no").run()
    assert not at.exception
    assert 0 < len(at.dataframe[0].value) < before


def test_clients_reads_dutch(db_url: str) -> None:
    at = _dutch(db_url)
    at.switch_page("pages/clients.py").run()
    assert not at.exception
    assert at.title[0].value == "Klanten"
    assert "actieve klanten, de meest urgente bovenaan." in _texts(at)
    assert at.expander[0].label == "Klant toevoegen met wie je al werkt"
    headers = _headers(at.dataframe[0])
    assert headers["Name"] == "Naam"
    assert headers["Days since"] == "Dagen geleden"
