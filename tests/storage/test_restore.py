"""Restore at the storage level: what a running app sees, and the way back when the result fails."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from scoring import AccountDraft, Assessment
from storage import Repository, StorageUnavailable, open_repository, sqlite_files

pytestmark = pytest.mark.sqlite_only

MakeAssessment = Callable[..., Assessment]


def _names(db: Path) -> set[str]:
    with closing(sqlite3.connect(db)) as conn:
        return {row[0] for row in conn.execute("SELECT name FROM accounts")}


@pytest.fixture
def backup(tmp_path: Path, make_assessment: MakeAssessment) -> Path:
    other = open_repository(f"sqlite:///{tmp_path / 'other.db'}")
    other.screen_prospect(AccountDraft(name="From the backup"), make_assessment(), "b-1")
    path = tmp_path / "backup.db"
    other.backup(path)
    other.close()
    return path


def test_a_running_app_sees_the_restored_data_under_a_new_data_version(
    repo: Repository, db_url: str, backup: Path, make_assessment: MakeAssessment
) -> None:
    repo.screen_prospect(AccountDraft(name="Before"), make_assessment(), "a-1")
    app = open_repository(db_url)  # another engine on the file, as the server holds one
    seen = app.data_version()
    with closing(sqlite3.connect(backup)) as conn:
        carried = conn.execute("SELECT token FROM data_version").fetchone()[0]

    restored = repo.restore(backup)

    assert restored.accounts == 1
    assert {o.account.name for o in app.overview()} == {"From the backup"}
    assert app.data_version() not in (seen, carried)  # no cache can mistake it for what it holds
    app.screen_prospect(AccountDraft(name="After"), make_assessment(), "a-2")  # and it writes on
    assert {o.account.name for o in repo.overview()} == {"From the backup", "After"}


def test_a_result_that_fails_its_check_is_replaced_by_the_kept_database(
    repo: Repository,
    db_path: Path,
    backup: Path,
    make_assessment: MakeAssessment,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    repo.screen_prospect(AccountDraft(name="Before"), make_assessment(), "a-1")
    calls = []

    def fails_once(engine: object) -> None:  # the machine failing us after the copy: a fault injected
        calls.append(engine)
        if len(calls) == 1:
            raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(sqlite_files, "_verify_live", fails_once)

    with pytest.raises(StorageUnavailable, match="malformed"):
        repo.restore(backup)

    assert _names(db_path) == {"Before"}
    assert {o.account.name for o in repo.overview()} == {"Before"}
    kept = list(db_path.parent.glob(f"{db_path.stem}-before-restore-*"))
    assert len(kept) == 1 and _names(kept[0]) == {"Before"}
