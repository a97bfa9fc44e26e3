"""A database that fails a command: one line on stderr naming the command, exit 2, never a
traceback (the `cli` helper asserts that) and never exit 0."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.cli.helpers import NOTHING_DONE, TODAY, Run


def _without(db: Path, table: str) -> None:
    """The schema is current (so the database opens), but a table the command reads is gone."""
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute(f"DROP TABLE {table}")
        conn.commit()


@pytest.mark.parametrize(
    ("args", "table"),
    [
        (("export", "--what", "assessments", "--today", TODAY), "assessments"),
        (("export", "--what", "accounts", "--today", TODAY), "assessments"),
        (("export", "--account", "1", "--today", TODAY), "assessments"),
        (("share", "--list", "1"), "share_links"),
        (("erase", "1", "--yes"), "accounts"),
    ],
    ids=lambda a: " ".join(a[:2]) if isinstance(a, tuple) else a,
)
def test_a_failure_after_the_database_opened_exits_2_with_one_line(
    run: Run, demo_db: Path, args: tuple[str, ...], table: str
) -> None:
    _without(demo_db, table)
    done = run(demo_db, *args)
    assert done.returncode == NOTHING_DONE, done.stderr
    lines = done.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{args[0]}: the database cannot be used: "), lines
    assert table in lines[0]  # the driver's own words: "no such table: assessments"


def test_share_says_why_when_the_database_folder_cannot_be_made(run: Run, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the database folder should be", encoding="utf-8")
    done = run(blocker / "thinslice.db", "share", "--list", "1")
    assert done.returncode == NOTHING_DONE
    assert done.stderr.decode().startswith("share: the database cannot be used: ")
