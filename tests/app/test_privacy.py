"""A person's data requests in the app: a full backup, one account's export, erasure."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

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
