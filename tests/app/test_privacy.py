"""A person's data requests in the app: a full backup, one account's export, erasure."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import storage.engine
from storage import Repository
from ui.privacy import backup_bytes, bundle_bytes


def test_the_backup_download_is_a_complete_sqlite_database(
    repo: Repository, add_prospect: Callable[..., int], tmp_path: Path
) -> None:
    add_prospect("Backed Up")
    target = tmp_path / "copy.db"
    target.write_bytes(backup_bytes(repo))
    copy = sqlite3.connect(target)
    assert copy.execute("SELECT name FROM accounts").fetchall() == [("Backed Up",)]
    copy.close()


def test_the_account_export_holds_everything_about_it(
    repo: Repository, add_prospect: Callable[..., int]
) -> None:
    account = add_prospect("Zoë Export")
    token, _ = repo.create_share(account, 7, label="accountant")
    bundle = json.loads(bundle_bytes(repo, account))
    assert bundle["account"]["name"] == "Zoë Export"
    assert len(bundle["assessments"]) == 1 and bundle["share_links"][0]["label"] == "accountant"
    assert token not in json.dumps(bundle)


def test_erasing_needs_the_name_typed_and_then_removes_the_account(
    app: AppTest, repo: Repository, add_prospect: Callable[..., int]
) -> None:
    account = add_prospect("Gone Soon")
    app.switch_page("pages/scorecard.py")
    app.query_params["account"] = str(account)
    app.run()
    erase = app.button(key=f"privacy.{account}.erase")
    assert erase.disabled
    app.text_input(key=f"privacy.{account}.confirm").input("Gone Soon").run()
    app.button(key=f"privacy.{account}.erase").click().run()
    assert not app.exception
    assert repo.count_accounts() == 0


ERASED = "Erased Gone Soon and everything about it, from the database and its log."


def _erase_in_the_app(app: AppTest, account: int, name: str) -> None:
    app.switch_page("pages/scorecard.py")
    app.query_params["account"] = str(account)
    app.run()
    app.text_input(key=f"privacy.{account}.confirm").input(name).run()
    app.button(key=f"privacy.{account}.erase").click().run()
    assert not app.exception
    assert app.title[0].value == "Is it still a hell yes?"  # the erased account's page is gone: home
    app.switch_page("home.py")  # where the browser now is, so later runs run home (AppTest keeps the page)


def test_after_erasing_home_says_it_is_gone_from_the_database_and_its_log(
    app: AppTest, repo: Repository, add_prospect: Callable[..., int]
) -> None:
    account = add_prospect("Gone Soon")
    add_prospect("Stays")

    _erase_in_the_app(app, account, "Gone Soon")

    assert [s.value for s in app.success if "Erased" in s.value] == [ERASED]
    assert not app.warning
    app.run()  # said once, not on every later visit
    assert not [s for s in app.success if "Erased" in s.value]


def test_erasing_while_something_reads_warns_and_offers_to_clear_the_log_later(
    app: AppTest, repo: Repository, add_prospect: Callable[..., int], db_url: str
) -> None:
    account = add_prospect("Gone Soon")
    path = db_url.removeprefix("sqlite:///")
    reader = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM accounts").fetchone()
    try:
        _erase_in_the_app(app, account, "Gone Soon")

        assert repo.count_accounts() == 0
        assert len(app.warning) == 1 and "may still hold a copy" in app.warning[0].value
        app.button(key="privacy.wipe").click().run()  # the read is still going on
        assert len(app.warning) == 1
    finally:
        reader.execute("COMMIT")
        reader.close()

    app.button(key="privacy.wipe").click().run()

    assert not app.warning
    assert [s.value for s in app.success if "Erased" in s.value] == [ERASED]
    wal = Path(path + "-wal")
    assert b"Gone Soon" not in Path(path).read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_erasing_while_the_database_is_locked_says_nothing_was_erased(
    app: AppTest,
    repo: Repository,
    add_prospect: Callable[..., int],
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(storage.engine, "BUSY_TIMEOUT_MS", 300)
    monkeypatch.setattr(storage.engine, "WRITE_WAIT_S", 0.3)
    account = add_prospect("Still Here")
    app.switch_page("pages/scorecard.py")
    app.query_params["account"] = str(account)
    app.run()
    app.text_input(key=f"privacy.{account}.confirm").input("Still Here").run()
    blocker = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        app.button(key=f"privacy.{account}.erase").click().run()
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()

    assert not app.exception
    assert any("Nothing was erased" in e.value for e in app.error)
    assert repo.count_accounts() == 1
