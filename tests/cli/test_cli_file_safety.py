"""No command writes onto the database, and no command leaves half a file.

Every file the CLI writes (`export --out`, `export --account --json`, `score --out`,
`backup`) goes through one rule: the database, its write-ahead log, shared-memory index,
journal and migration lock are refused as targets however they are spelled (`..`, a
symlink, a hard link), and a file is written beside its target and renamed into place
only when complete. Each test runs the real CLI as a subprocess on a real SQLite file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.helpers import (
    CLI,
    NOTHING_DONE,
    OK,
    TODAY,
    Run,
    checkpointed,
    counts,
    integrity,
    one_line,
    url,
)

SIDE_FILES = ("", "-wal", "-shm", "-journal", ".migrate-lock")


def _spellings(db: Path, suffix: str, tmp_path: Path) -> list[Path]:
    """The database file (or a companion) named plainly, through `..`, and through a symlink."""
    target = db.with_name(db.name + suffix)
    link = tmp_path / f"innocent{suffix or '-main'}.csv"
    link.symlink_to(target)
    return [target, db.parent / "sub" / ".." / target.name, link]


@pytest.fixture
def live(demo_db: Path, run: Run) -> Path:
    """The demo database with every companion file present, as while the app runs."""
    (demo_db.parent / "sub").mkdir()
    for suffix in SIDE_FILES[1:]:
        demo_db.with_name(demo_db.name + suffix).touch()
    return demo_db


def _unchanged(db: Path, before: bytes) -> None:
    assert integrity(db) == "ok"
    assert checkpointed(db) == before


@pytest.mark.parametrize("suffix", SIDE_FILES)
def test_export_onto_the_database_or_a_companion_is_refused_however_it_is_spelled(
    run: Run, live: Path, tmp_path: Path, suffix: str
) -> None:
    before = checkpointed(live)
    for target in _spellings(live, suffix, tmp_path):
        result = run(live, "export", "--today", TODAY, "--out", target)

        assert result.returncode == NOTHING_DONE, target
        assert one_line(result.stderr).endswith("; name another file"), result.stderr
        assert result.stdout == b""
    _unchanged(live, before)
    assert run(live, "export", "--today", TODAY).returncode == OK  # still a working database


def test_export_onto_a_hard_link_of_the_database_is_refused(run: Run, live: Path, tmp_path: Path) -> None:
    before = checkpointed(live)
    hard = tmp_path / "looks-like-a.csv"
    os.link(live, hard)

    result = run(live, "export", "--out", hard)

    assert result.returncode == NOTHING_DONE
    assert "is the database itself" in one_line(result.stderr)
    _unchanged(live, before)


def test_account_json_onto_the_database_writes_neither_file(run: Run, live: Path, tmp_path: Path) -> None:
    before = checkpointed(live)
    csv_out = tmp_path / "a.csv"

    result = run(live, "export", "--account", "Kees Mulder", "--json", live, "--out", csv_out)

    assert result.returncode == NOTHING_DONE
    assert "is the database itself" in one_line(result.stderr)
    assert not csv_out.exists()  # checked before either file was written
    _unchanged(live, before)


def test_account_csv_onto_the_log_does_not_leave_the_json_written(
    run: Run, live: Path, tmp_path: Path
) -> None:
    json_out = tmp_path / "a.json"

    result = run(live, "export", "--account", "Kees Mulder", "--json", json_out, "--out", f"{live}-wal")

    assert result.returncode == NOTHING_DONE
    assert "write-ahead log" in one_line(result.stderr)
    assert not json_out.exists()


def test_json_and_csv_to_one_file_is_refused(run: Run, live: Path, tmp_path: Path) -> None:
    both = tmp_path / "both.txt"
    result = run(live, "export", "--account", "Kees Mulder", "--json", both, "--out", both)
    assert result.returncode == NOTHING_DONE
    assert "named twice" in one_line(result.stderr)
    assert not both.exists()


@pytest.mark.parametrize("suffix", SIDE_FILES)
def test_backup_onto_the_database_or_a_companion_is_refused(
    run: Run, live: Path, tmp_path: Path, suffix: str
) -> None:
    before = checkpointed(live)
    for target in _spellings(live, suffix, tmp_path):
        result = run(live, "backup", target)
        assert result.returncode == NOTHING_DONE, target
        assert one_line(result.stderr).endswith("; name another file")
    _unchanged(live, before)


def test_score_onto_the_database_is_refused_before_it_reads(run: Run, live: Path, tmp_path: Path) -> None:
    before = checkpointed(live)
    result = run(live, "score", "-", "--out", live, stdin=b"account\n")
    assert result.returncode == NOTHING_DONE
    assert "is the database itself" in one_line(result.stderr)
    _unchanged(live, before)


def test_export_into_a_folder_is_refused(run: Run, live: Path, tmp_path: Path) -> None:
    result = run(live, "export", "--out", tmp_path)
    assert result.returncode == NOTHING_DONE
    assert "is a folder" in one_line(result.stderr)


def test_an_export_over_an_existing_file_keeps_its_permissions_and_leaves_no_temporary_file(
    run: Run, live: Path, tmp_path: Path
) -> None:
    out = tmp_path / "shared.csv"
    out.write_text("old\n")
    out.chmod(0o640)

    assert run(live, "export", "--today", TODAY, "--out", out).returncode == OK

    assert out.read_bytes().startswith(b"\xef\xbb\xbfaccount,")
    assert out.stat().st_mode & 0o777 == 0o640
    assert not list(tmp_path.glob(".*.partial"))


# -- a full disk ----------------------------------------------------------------------------------


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A real, small file system (tmpfs) holding last week's file and then filled to the brim."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
            capture_output=True,
            timeout=30,
            check=False,
        )
        mounted = done.returncode == 0
    except FileNotFoundError:
        mounted = False
    if not mounted:
        reason = "cannot mount a tmpfs here (it needs root)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: the full-disk test must run)", pytrace=False)
        pytest.skip(reason)
    try:
        (mount / "out.file").write_bytes(PREVIOUS)
        try:
            with (mount / "filler").open("wb", buffering=0) as filler:
                while True:
                    filler.write(b"\0" * 4096)
        except OSError:
            pass  # full
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True, timeout=30, check=False)


PREVIOUS = b"the export of last week, which must survive\n" * 50


@pytest.mark.parametrize("what", ["export", "json", "backup", "score"])
def test_a_write_onto_a_full_disk_keeps_the_previous_file_and_leaves_no_partial_one(
    run: Run, live: Path, tmp_path: Path, full_disk: Path, what: str
) -> None:
    out = full_disk / "out.file"
    scored = tmp_path / "in.csv"
    scored.write_bytes(run(live, "export", "--today", TODAY).stdout)
    args: dict[str, list[str | Path]] = {
        "export": ["export", "--today", TODAY, "--out", out],
        "json": ["export", "--account", "Kees Mulder", "--json", out],
        "backup": ["backup", out],
        "score": ["score", scored, "--today", TODAY, "--out", out],
    }
    before = counts(live)

    result = run(live, *args[what])

    assert result.returncode == NOTHING_DONE, result.stderr
    message = one_line(result.stderr)
    assert message.startswith(f"{out}: cannot write"), message
    assert "No space left on device" in message or "full" in message, message
    assert out.read_bytes() == PREVIOUS
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler", "out.file"]
    assert counts(live) == before


def test_stdout_appended_to_the_database_writes_nothing(live: Path, tmp_path: Path) -> None:
    """`cli.py export >> data/thinslice.db`: the shell opens the database for us; we notice."""
    before = checkpointed(live)
    with live.open("ab") as stdout:
        done = subprocess.run(
            [sys.executable, str(CLI), "export"],
            stdout=stdout,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            env=os.environ | {"THINSLICE_DATABASE_URL": url(live)},
            timeout=120,
            check=False,
        )
    assert done.returncode == NOTHING_DONE
    assert "standard output goes there; nothing written" in one_line(done.stderr)
    _unchanged(live, before)
