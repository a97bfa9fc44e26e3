"""`cli.py erase` while another process has the database open: what it says is what is on disk.

The reader is a separate Python process (as the app would be), holding either an idle
connection (the log must still be emptied) or a read in progress (the CLI must wait a
bounded time, then say the log may still hold a copy, and `erase --finish` clears it
once the reader is done). The files are searched byte for byte for the erased name.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine

from scoring import AccountDraft
from storage import Repository
from tests.cli.helpers import DEMO_DAY, OK, ROWS_REJECTED, Run, lines, names, screen

SECRET = "Zoë Quibbleworth-Erasmus"
SECRET_NOTE = "Pays in tulip bulbs, strictly 90 days late"

READER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] == "mid-read":
    conn.execute("BEGIN")
conn.execute("SELECT count(*) FROM accounts").fetchone()
print("reading", flush=True)
sys.stdin.readline()  # until the test says so
if conn.in_transaction:
    conn.execute("COMMIT")
print("done", flush=True)
sys.stdin.readline()
conn.close()
"""


@contextmanager
def other_process(db: Path, mode: str) -> Iterator[Callable[[], None]]:
    """A process with `db` open (`idle`, or `mid-read` in a read transaction). Yields a function
    that ends its read; the process closes the database when the block ends."""
    proc = subprocess.Popen(
        [sys.executable, "-c", READER, str(db), mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        assert proc.stdout.readline().strip() == "reading"

        def end_read() -> None:
            assert proc.stdin is not None and proc.stdout is not None
            proc.stdin.write("\n")
            proc.stdin.flush()
            assert proc.stdout.readline().strip() == "done"

        yield end_read
    finally:
        proc.kill()
        proc.wait(10)


def on_disk(db: Path, text: str) -> int:
    return sum(
        path.read_bytes().count(text.encode())
        for path in (db, db.with_name(db.name + "-wal"))
        if path.exists()
    )


def with_secret(db: Path, engine_on: Callable[[Path], Engine]) -> None:
    engine = engine_on(db)
    repo = Repository(engine)
    account = repo.screen_prospect(AccountDraft(name=SECRET), screen(SECRET_NOTE), "secret-1").account_id
    repo.add_evidence(account, DEMO_DAY, SECRET_NOTE, "secret-evidence-1")
    engine.dispose()


def test_erase_while_another_process_keeps_the_database_open_leaves_no_copy_in_any_file(
    run: Run, demo_db: Path, engine_on: Callable[[Path], Engine]
) -> None:
    with_secret(demo_db, engine_on)
    with other_process(demo_db, "idle"):
        assert on_disk(demo_db, SECRET) > 0

        result = run(demo_db, "erase", SECRET, "--yes")

        assert result.returncode == OK, result.stderr
        assert result.stderr == b""
        assert demo_db.with_name(demo_db.name + "-wal").exists()  # the other process keeps it
        assert on_disk(demo_db, SECRET) == 0
        assert on_disk(demo_db, SECRET_NOTE) == 0
    assert SECRET not in names(demo_db)


def test_erase_during_another_process_read_says_so_and_finish_clears_it_afterwards(
    run: Run, demo_db: Path, engine_on: Callable[[Path], Engine]
) -> None:
    with_secret(demo_db, engine_on)
    with other_process(demo_db, "mid-read") as end_read:
        result = run(demo_db, "erase", SECRET, "--yes", "--wait", "0.5")

        assert result.returncode == ROWS_REJECTED
        assert lines(result.stdout)[0].startswith(f"erase: erased {SECRET}")
        warning = " ".join(lines(result.stderr))
        assert "still reading" in warning and "erase --finish" in warning
        assert SECRET not in names(demo_db)
        assert on_disk(demo_db, SECRET) > 0  # exactly what the warning says

        end_read()
        finished = run(demo_db, "erase", "--finish", "--wait", "0.5")

        assert finished.returncode == OK, finished.stderr
        assert "the write-ahead log is empty" in lines(finished.stdout)[0]
        assert on_disk(demo_db, SECRET) == 0
        assert on_disk(demo_db, SECRET_NOTE) == 0


def test_finish_while_the_reader_still_reads_says_so_again(
    run: Run, demo_db: Path, engine_on: Callable[[Path], Engine]
) -> None:
    with_secret(demo_db, engine_on)
    with other_process(demo_db, "mid-read"):
        assert run(demo_db, "erase", SECRET, "--yes", "--wait", "0").returncode == ROWS_REJECTED
        again = run(demo_db, "erase", "--finish", "--wait", "0.2")
        assert again.returncode == ROWS_REJECTED
        assert "still reading" in " ".join(lines(again.stderr))


def test_finish_takes_no_account_and_wait_takes_seconds(run: Run, demo_db: Path) -> None:
    assert run(demo_db, "erase", "Kees Mulder", "--finish").returncode == 2
    bad = run(demo_db, "erase", "Kees Mulder", "--yes", "--wait", "soon")
    assert bad.returncode == 2 and b"not a number of seconds" in bad.stderr
    assert "Kees Mulder" in names(demo_db)
