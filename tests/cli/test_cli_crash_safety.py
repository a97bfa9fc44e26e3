"""Import, restore and erase, each killed with SIGKILL at random moments: all or nothing, never damage.

The check-in writer's crash test (tests/storage/test_crash_safety.py) covers the app's
saves. These cover the three commands that change much at once. Each round copies a
database, starts the real CLI on it, kills it with SIGKILL (which no code can catch)
somewhere between its start and the time an unkilled run takes, and then checks:

- SQLite's `integrity_check` and `foreign_key_check` pass;
- the database holds either everything the command would have done or none of it;
- running the same command again finishes the job.

The moments are drawn from a fixed seed; each test prints how many rounds ended before
and after the command's commit, so a run where every kill landed on one side shows.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from bench.generate import generate
from tests.cli.helpers import CLI, OK, TODAY, Run, copy_db, counts, integrity, names, url

ROUNDS = 8
SEED = 20261129


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """150 clients with 12 assessments each: large enough that a command takes a while."""
    path = tmp_path_factory.mktemp("big") / "big.db"
    generate(url(path), accounts=150, checkins=12, seed=SEED, realistic=False)
    return path


def _timed(db: Path, args: list[str], cwd: Path) -> float:
    started = time.monotonic()
    done = _start(db, args, cwd)
    _, err = done.communicate(timeout=300)
    assert done.returncode == OK, err
    return time.monotonic() - started


def _start(db: Path, args: list[str], cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(CLI), *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=os.environ | {"THINSLICE_DATABASE_URL": url(db)},
    )


def _killed(db: Path, args: list[str], cwd: Path, after_s: float) -> bool:
    """Run the CLI and SIGKILL it after `after_s`; whether it finished first (then no kill)."""
    proc = _start(db, args, cwd)
    try:
        proc.wait(after_s)
        return True
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        return False
    finally:
        proc.kill()
        proc.communicate(timeout=30)


def _sound(db: Path) -> None:
    assert integrity(db) == "ok"
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def _rounds(
    tmp_path: Path, base: Path, args: list[str], judge: Callable[[Path], str], prepare: Callable[[Path], None]
) -> dict[str, int]:
    """Kill `args` ROUNDS times on fresh copies of `base`; `judge` names each end state."""
    rng = random.Random(SEED)
    timing = tmp_path / "timing.db"
    copy_db(base, timing)
    prepare(timing)
    full = _timed(timing, args, tmp_path)
    ends: dict[str, int] = {}
    for n in range(ROUNDS):
        db = tmp_path / f"round-{n}.db"
        copy_db(base, db)
        prepare(db)
        finished = _killed(db, args, tmp_path, rng.uniform(0.35, 1.05) * full)
        _sound(db)
        state = judge(db)
        ends[state] = ends.get(state, 0) + 1
        assert not finished or state == "done", f"round {n}: finished but {state}"
        if state != "done":  # whatever the kill left, the same command run again gets to the end
            again = _start(db, args, tmp_path)
            _, err = again.communicate(timeout=300)
            assert again.returncode == OK, err
            assert judge(db) == "done"
            _sound(db)
    print(f"\n{' '.join(args[:1])}: a full run takes {full:.2f} s; {ROUNDS} kills ended as {ends}")
    return ends


def test_an_import_killed_at_any_moment_adds_all_its_rows_or_none(
    tmp_path: Path, big: Path, empty_db: Path, run: Run
) -> None:
    source = tmp_path / "everything.csv"
    assert run(big, "export", "--today", TODAY, "--out", source).returncode == OK
    empty = tmp_path / "empty-template.db"
    copy_db(empty_db, empty)
    total = counts(big)["assessments"]

    def judge(db: Path) -> str:
        found = counts(db)["assessments"]
        assert found in (0, total), f"{found} of {total} assessments: a half import"
        return "done" if found == total else "nothing"

    _rounds(tmp_path, empty, ["import", str(source)], judge, lambda db: None)


def test_a_restore_killed_at_any_moment_leaves_the_old_database_or_the_new_one(
    tmp_path: Path, big: Path, demo_db: Path, run: Run
) -> None:
    backup = tmp_path / "big-backup.db"
    assert run(big, "backup", backup).returncode == OK
    old, new = names(demo_db), names(big)
    assert old != new

    def judge(db: Path) -> str:
        found = names(db)
        assert found in (old, new), "a mixture of the old and the new database"
        if found == old:
            assert counts(db) == counts(demo_db)
            return "nothing"
        assert counts(db)["assessments"] == counts(big)["assessments"]
        return "done"

    _rounds(tmp_path, demo_db, ["restore", str(backup), "--yes"], judge, lambda db: None)
    # A restore killed half-way leaves its staging copy (data!) behind; the next one clears it.
    left = {p.name.split(".restore-")[0].lstrip(".") for p in tmp_path.iterdir() if ".restore-" in p.name}
    for name in left:
        assert run(tmp_path / name, "restore", backup, "--yes").returncode == OK
    assert not [p for p in tmp_path.iterdir() if ".restore-" in p.name]


def test_an_erase_killed_at_any_moment_deletes_the_whole_account_or_nothing(
    tmp_path: Path, big: Path, run: Run
) -> None:
    victim = "Account erased under fire"

    def prepare(db: Path) -> None:
        with closing(sqlite3.connect(db)) as conn:
            conn.execute("UPDATE accounts SET name = ? WHERE id = 7", (victim,))
            conn.commit()

    held = counts(big)

    def judge(db: Path) -> str:
        with closing(sqlite3.connect(db)) as conn:
            left = conn.execute("SELECT count(*) FROM assessments WHERE account_id = 7").fetchone()[0]
        if victim in names(db):
            assert counts(db) == held and left > 0
            return "nothing"
        assert left == 0
        assert counts(db)["accounts"] == held["accounts"] - 1
        return "done"

    _rounds(tmp_path, big, ["erase", victim, "--yes"], judge, prepare)
    finished = tmp_path / "round-0.db"
    assert run(finished, "erase", "--finish").returncode == OK
    wal = finished.with_name(finished.name + "-wal")
    assert victim.encode() not in finished.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
