"""Erasure reaches SQLite's write-ahead log, whoever else has the database open.

An erased account's text may sit in three places on disk: the database file's pages,
the write-ahead log's frames (pages as they were before the delete), and freed pages.
`secure_delete` zeroes the freed space, and a TRUNCATE checkpoint copies the log into the
file and empties it. These tests grep the real files for the erased text while another
connection keeps the database open (so SQLite never gets to delete the log on close) and
while a reader is in the middle of a read (so the checkpoint cannot finish).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

import pytest

from scoring import AccountDraft, Assessment
from storage import Repository, open_repository

pytestmark = pytest.mark.sqlite_only

MakeAssessment = Callable[..., Assessment]
SECRET = "Quirinus Oddbody-Verwijderd"
SECRET_NOTE = "paid in bulbs, ninety days late, every single time"


def _on_disk(db: Path, text: str) -> dict[str, int]:
    """How often `text` occurs in each file of the database, as the bytes lie on disk."""
    found = {}
    for suffix in ("", "-wal"):
        path = db.with_name(db.name + suffix)
        found[suffix or "db"] = path.read_bytes().count(text.encode()) if path.exists() else 0
    return found


@pytest.fixture
def filled(repo: Repository, make_assessment: MakeAssessment, db_path: Path) -> int:
    """The secret account among a few others, freshly written (so it is in the log, too)."""
    for n in range(5):
        repo.screen_prospect(AccountDraft(name=f"Keeper {n}"), make_assessment(note="kept"), f"k{n}")
    account = repo.screen_prospect(
        AccountDraft(name=SECRET, company="Oddbody BV"), make_assessment(note=SECRET_NOTE), "secret"
    ).account_id
    repo.add_evidence(account, dt.date(2026, 3, 2), SECRET_NOTE, "secret-evidence")
    assert sum(_on_disk(db_path, SECRET).values()) > 0  # or the checks below would prove nothing
    return account


@pytest.fixture
def bystander(db_path: Path) -> Iterator[sqlite3.Connection]:
    """Another connection that keeps the database open and idle, as the app does while it runs."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("SELECT count(*) FROM accounts").fetchone()
    yield conn
    conn.close()


def test_erase_empties_the_log_while_another_connection_keeps_the_database_open(
    repo: Repository, filled: int, db_path: Path, bystander: sqlite3.Connection
) -> None:
    wiped = repo.erase(filled)

    assert wiped.cleared
    assert _on_disk(db_path, SECRET) == {"db": 0, "-wal": 0}
    assert _on_disk(db_path, SECRET_NOTE) == {"db": 0, "-wal": 0}
    assert _on_disk(db_path, "Keeper 3")["db"] == 1  # the search works on what is kept
    assert bystander.execute("SELECT count(*) FROM accounts").fetchone()[0] == 5


def test_a_reader_mid_read_is_waited_for_and_then_reported_honestly(
    repo: Repository, filled: int, db_path: Path
) -> None:
    with closing(sqlite3.connect(db_path, isolation_level=None)) as reader:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM accounts").fetchone()  # a snapshot from before the erasure

        wiped = repo.erase(filled, wait_s=0.3)

        assert not wiped.cleared
        assert wiped.wal == db_path.with_name(db_path.name + "-wal")
        assert sum(_on_disk(db_path, SECRET).values()) > 0  # what "not cleared" warns about
        reader.execute("COMMIT")

        finished = repo.wipe_log(wait_s=0.3)

    assert finished.cleared
    assert _on_disk(db_path, SECRET) == {"db": 0, "-wal": 0}
    assert {o.account.name for o in repo.overview()} == {f"Keeper {n}" for n in range(5)}


def test_a_reader_that_finishes_within_the_wait_does_not_stop_the_wipe(
    db_url: str, filled: int, db_path: Path
) -> None:
    reader = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM accounts").fetchone()
    done = threading.Timer(0.5, lambda: reader.execute("COMMIT"))
    done.start()
    try:
        wiped = open_repository(db_url).erase(filled, wait_s=10)
    finally:
        done.join()
        reader.close()

    assert wiped.cleared
    assert _on_disk(db_path, SECRET) == {"db": 0, "-wal": 0}
