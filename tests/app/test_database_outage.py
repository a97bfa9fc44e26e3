"""When the database cannot take a write, the person is told plainly and nothing is lost or doubled.

The outage is real: another connection holds SQLite's write lock past the busy
timeout (shortened for the test), exactly what a stuck writer or a full disk looks like
from the app. The answers stay in the form, and saving again after the lock is gone
stores them once.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import storage.engine
from scoring import Answer, Verdict, default_rubric
from storage import Repository
from ui.forms import NOT_SAVED

KEYS = default_rubric().keys
SUBMIT = "FormSubmitter:screen-form-new-Get the verdict"


def test_a_screen_saved_while_the_database_is_locked_says_so_and_saving_again_stores_it_once(
    app: AppTest, repo: Repository, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage.engine, "BUSY_TIMEOUT_MS", 300)
    monkeypatch.setattr(storage.engine, "WRITE_WAIT_S", 0.3)  # how long a save may wait in all
    app.switch_page("pages/screen.py").run()
    app.text_input(key="screen.new.name").input("Locked Out Ltd")
    app.segmented_control(key="screen.new.gut").set_value(Verdict.HELL_YES)
    for key in KEYS:
        app.segmented_control(key=f"screen.new.q.{key}").set_value(Answer.HELL_YES)

    blocker = sqlite3.connect(Path(db_url.removeprefix("sqlite:///")), isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        app.button(key=SUBMIT).click().run()
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()

    assert not app.exception
    assert NOT_SAVED in [e.value for e in app.error]
    assert repo.count_accounts() == 0
    # Every answer is still there; one more click saves them, once.
    assert app.text_input(key="screen.new.name").value == "Locked Out Ltd"
    assert all(app.segmented_control(key=f"screen.new.q.{k}").value == Answer.HELL_YES for k in KEYS)
    app.button(key=SUBMIT).click().run()
    assert not app.exception
    assert NOT_SAVED not in [e.value for e in app.error]
    assert [o.account.name for o in repo.overview()] == ["Locked Out Ltd"]
    assert sum(o.assessment_count for o in repo.overview()) == 1
