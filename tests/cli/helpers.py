"""What the CLI tests share: databases on disk, the CLI as a subprocess, and plain-sqlite3 looks.

The fixtures built on these live in tests/cli/conftest.py. Every check of what a
database holds reads it with plain sqlite3, not through the code under test.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from scoring import Answer, Assessment, default_rubric
from tests import factories

REPO = Path(__file__).resolve().parents[2]
CLI = REPO / "cli.py"
OK, ROWS_REJECTED, NOTHING_DONE = 0, 1, 2
RUBRIC = default_rubric()
# The demo is laid out relative to this day, and every export is judged as of it, so
# the files are the same on every run (and no row is after the real today).
DEMO_DAY = dt.date(2025, 6, 30)
TODAY = DEMO_DAY.isoformat()
TABLES = ("accounts", "assessments", "evidence", "share_links")
BOM = codecs.BOM_UTF8

Run = Callable[..., subprocess.CompletedProcess[bytes]]


def url(db: Path) -> str:
    return f"sqlite:///{db}"


def copy_db(source: Path, target: Path) -> None:
    """A consistent copy (write-ahead log included), as the backup command makes one."""
    with closing(sqlite3.connect(source)) as a, closing(sqlite3.connect(target)) as b:
        a.backup(b)


def counts(db: Path) -> dict[str, int]:
    """Rows per table, read with plain sqlite3 rather than through the code under test."""
    with closing(sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)) as conn:
        return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}


def names(db: Path) -> set[str]:
    with closing(sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)) as conn:
        return {row[0] for row in conn.execute("SELECT name FROM accounts")}


def file_bytes(db: Path) -> bytes:
    """The database file and its write-ahead log, as they lie on disk."""
    wal = db.with_name(db.name + "-wal")
    return db.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def checkpointed(db: Path) -> bytes:
    """The database file's bytes once its write-ahead log is folded in: what a byte-for-byte
    comparison of "the same database" needs, since a write-ahead log may be folded in any time."""
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db.read_bytes()


def integrity(db: Path) -> str:
    with closing(sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def screen(note: str = "", day: dt.date = DEMO_DAY) -> Assessment:
    return factories.assessment(day, answer=Answer.YES, note=note)


def cli(db: Path, *args: str | Path, cwd: Path, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    """The CLI on database `db`, stdin not a terminal; never a traceback."""
    result = subprocess.run(
        [sys.executable, str(CLI), *map(str, args)],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env=os.environ | {"THINSLICE_DATABASE_URL": url(db)},
        timeout=120,
        check=False,
    )
    assert b"Traceback" not in result.stdout + result.stderr, result.stderr.decode()
    return result


def on_a_terminal(db: Path, *args: str, answer: bytes) -> subprocess.CompletedProcess[bytes]:
    """The CLI with a pseudo-terminal as stdin, on which `answer` is typed."""
    master, slave = os.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, str(CLI), *args],
            stdin=slave,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=os.environ | {"THINSLICE_DATABASE_URL": url(db)},
        )
        os.close(slave)
        os.write(master, answer)
        out, err = proc.communicate(timeout=120)
    finally:
        os.close(master)
    assert b"Traceback" not in out + err, err.decode()
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def lines(stream: bytes) -> list[str]:
    return stream.decode("utf-8").splitlines()


def one_line(stream: bytes) -> str:
    found = lines(stream)
    assert len(found) == 1, found
    return found[0]
