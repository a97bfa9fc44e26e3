"""The Data page's "All your data": the archive's download, and an upload that shows what it adds,
changes and skips before the button, and does exactly that after it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from streamlit.testing.v1 import AppTest

from scoring import AccountDraft
from services import portable
from storage import Repository, open_repository
from tests import factories
from tests.app.conftest import APP, TIMEOUT
from tests.helpers import rezipped

TODAY = dt.date.today()


def _source(tmp_path: Path) -> Repository:
    """Another database: two accounts of one name, one with a check-in and an evidence note."""
    other = open_repository(f"sqlite:///{tmp_path}/other.db")
    first = other.add_client(
        AccountDraft(name="Pieter van Dijk", company="Bakkerij"), factories.assessment(TODAY), TODAY, "a"
    )
    other.add_evidence(first.account_id, TODAY, "Asked for a fourth round of proofs", "e")
    other.screen_prospect(
        AccountDraft(name="Pieter van Dijk", company="Garage"), factories.assessment(TODAY), "b"
    )
    return other


def _open(app: AppTest) -> AppTest:
    app.run()
    return app.switch_page("pages/data.py").run()


def _upload(app: AppTest, name: str, data: bytes) -> AppTest:
    return app.file_uploader(key="data.portable.upload").set_value((name, data, "application/zip")).run()


def _table(app: AppTest) -> dict[str, tuple[int, ...]]:
    frame = app.dataframe[-1].value
    return {row.iloc[0]: tuple(int(v) for v in row.iloc[1:]) for _, row in frame.iterrows()}


def test_an_archive_shows_what_it_adds_and_the_button_adds_exactly_that(
    app: AppTest, repo: Repository, tmp_path: Path
) -> None:
    archive = portable.export_all(_source(tmp_path), TODAY)
    _upload(_open(app), "thinslice-export.zip", archive)
    assert not app.exception
    table = _table(app)
    assert table["accounts.csv"] == (2, 2, 0, 0, 0)  # rows, to add, to change, already there, left out
    assert table["assessments.csv"] == (2, 2, 0, 0, 0)
    assert table["evidence.csv"] == (1, 1, 0, 0, 0)
    assert repo.accounts() == []  # nothing yet

    app.button(key="data.portable.import").click().run()
    assert not app.exception
    assert any(m.value.startswith("Imported: 5 added") for m in app.success)
    assert sorted(a.company for a in repo.accounts()) == ["Bakkerij", "Garage"]

    fresh = AppTest.from_file(APP, default_timeout=TIMEOUT)
    _upload(_open(fresh), "again.zip", archive)
    assert _table(fresh)["accounts.csv"] == (2, 0, 0, 2, 0)
    assert fresh.button(key="data.portable.import").disabled


def test_an_archive_with_a_bad_line_is_refused_whole_naming_the_file_and_line(
    app: AppTest, repo: Repository, tmp_path: Path
) -> None:
    archive = portable.export_all(_source(tmp_path), TODAY)
    damaged = rezipped(archive, "evidence.csv", lambda text: text.replace(TODAY.isoformat(), "yesterday"))

    _upload(_open(app), "damaged.zip", damaged)

    assert not app.exception
    said = app.error[0].value
    assert said.startswith("1 line of the archive is wrong, so none of it can be imported.")
    assert "evidence.csv: line 2, column date:" in said.replace("\\", "")
    assert app.button(key="data.portable.import").disabled
    assert repo.accounts() == []


def test_something_that_is_no_export_is_refused_in_a_sentence(app: AppTest) -> None:
    _upload(_open(app), "notes.csv", b"title,author\nA,B\n")
    assert not app.exception
    assert app.error[0].value.startswith("This file cannot be imported: not a file of the export")
