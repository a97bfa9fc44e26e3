"""The Data page's "Hours a week": the download, and an upload that says what it would change
before the button and sets the hours in one go after it."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from scoring import AccountDraft
from services.invoices import hours_csv
from storage import Repository
from tests import factories
from ui.hours_import_view import IMPORT_KEY, UPLOAD_KEY


@pytest.fixture
def clients(repo: Repository) -> dict[str, int]:
    made = {}
    for name in ("Bakkerij Jansen", "Zoë"):
        baseline = factories.assessment(dt.date(2025, 1, 1))
        made[name] = repo.add_client(AccountDraft(name=name), baseline, dt.date(2025, 1, 2), name).account_id
    repo.set_weekly_hours(made["Bakkerij Jansen"], 12.5)
    return made


def _open(app: AppTest) -> AppTest:
    app.run()
    return app.switch_page("pages/data.py").run()


def _upload(app: AppTest, text: str) -> AppTest:
    return app.file_uploader(key=UPLOAD_KEY).set_value(("hours.csv", text.encode(), "text/csv")).run()


def _said(app: AppTest) -> list[str]:
    return [m.value for m in [*app.success, *app.info, *app.warning, *app.error]]


def test_an_upload_says_what_would_change_and_the_button_sets_it(
    app: AppTest, repo: Repository, clients: dict[str, int]
) -> None:
    _upload(_open(app), "client;weekly_hours\nZoë;7,5\nBakkerij Jansen;12,5\nNobody;3\n")
    assert "1 client's hours would change; 1 already so." in _said(app)
    problems = [m.value.replace("\\", "") for m in app.markdown if m.value.startswith("- line")]
    assert problems == ["- line 4, column client: no account has the name Nobody"]
    assert repo.account(clients["Zoë"]).weekly_hours is None  # nothing yet
    app.button(key=IMPORT_KEY).click().run()
    assert not app.exception
    assert "Set the hours of 1 client; 1 already so." in _said(app)
    assert repo.account(clients["Zoë"]).weekly_hours == 7.5


def test_the_download_is_what_the_upload_reads(
    app: AppTest, repo: Repository, clients: dict[str, int]
) -> None:
    _open(app)
    assert any(b.proto.label == "Hours a week" for b in app.get("download_button"))
    text = hours_csv(repo, ",")
    assert text.splitlines() == ["client,weekly_hours", "Bakkerij Jansen,12.5", "Zoë,"]
    _upload(app, text)
    assert "0 clients' hours would change; 2 already so." in _said(app)
    assert app.button(key=IMPORT_KEY).disabled


def test_a_file_that_is_no_csv_is_refused_in_a_sentence(app: AppTest, clients: dict[str, int]) -> None:
    app = _open(app)
    app.file_uploader(key=UPLOAD_KEY).set_value(("x.csv", b"PK\x03\x04 zip", "text/csv")).run()
    assert not app.exception
    assert any(m.startswith("This file cannot be imported. not a CSV file") for m in _said(app))
