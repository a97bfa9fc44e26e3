"""`cli.py restore` verifies a backup before it replaces anything.

A candidate is refused when it is damaged, has rows that point at nothing, carries a
schema revision this version does not know, or holds any object the migrations do not
create (a trigger, a view, an index, a changed table). Refused means the live database
is byte for byte what it was. An accepted restore keeps the previous database as a
dated file. Every test runs the real CLI on real SQLite files.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from tests.cli.helpers import (
    NOTHING_DONE,
    OK,
    TODAY,
    Run,
    checkpointed,
    counts,
    integrity,
    lines,
    names,
    one_line,
)

Tamper = Callable[[sqlite3.Connection], object]


@pytest.fixture
def backup(run: Run, demo_db: Path, tmp_path: Path) -> Path:
    """A good backup of the demo database, made by the CLI."""
    path = tmp_path / "good-backup.db"
    assert run(demo_db, "backup", path).returncode == OK
    return path


@pytest.fixture
def live(run: Run, empty_db: Path, tmp_path: Path) -> Path:
    """The database being restored into: one account of its own, so a change would show."""
    source = tmp_path / "one.csv"
    header = (
        "account,stage,date,kind,gut,negotiation_tone,price_pushback,champion,responsiveness,payment,"
        "scope,style_fit,respect,work_joy,business_health"
    )
    row = f"Live Only,prospect,{TODAY},screen,hell_yes{',yes' * 10}"
    source.write_text(f"{header}\n{row}\n", encoding="utf-8")
    assert run(empty_db, "import", source).returncode == OK
    return empty_db


def _tampered(backup: Path, tmp_path: Path, change: Tamper, name: str = "tampered.db") -> Path:
    path = tmp_path / name
    path.write_bytes(backup.read_bytes())
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        change(conn)
    return path


def _refused(run: Run, live: Path, candidate: Path) -> str:
    """Restore `candidate` into `live`, which must refuse it and leave `live` exactly as it was."""
    before = checkpointed(live)
    result = run(live, "restore", candidate, "--yes")
    assert result.returncode == NOTHING_DONE, result.stdout
    message = one_line(result.stderr)
    assert message.endswith("nothing restored"), message
    assert checkpointed(live) == before
    assert integrity(live) == "ok"
    assert names(live) == {"Live Only"}
    leftovers = [p.name for p in live.parent.iterdir() if ".restore-" in p.name or "before-restore" in p.name]
    assert leftovers == []
    return message


def test_a_backup_with_random_bytes_in_a_page_is_refused_and_the_database_is_untouched(
    run: Run, live: Path, backup: Path, tmp_path: Path
) -> None:
    damaged = tmp_path / "damaged.db"
    data = bytearray(backup.read_bytes())
    assert len(data) > 16384
    data[8192:16384] = os.urandom(8192)
    damaged.write_bytes(bytes(data))

    message = _refused(run, live, damaged)

    assert "damaged" in message
    assert run(live, "export", "--today", TODAY).returncode == OK


def test_a_truncated_backup_is_refused(run: Run, live: Path, backup: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.db"
    cut.write_bytes(backup.read_bytes()[: 3 * 4096])
    assert "damaged" in _refused(run, live, cut)


@pytest.mark.parametrize(
    ("sql", "what"),
    [
        (
            "CREATE TRIGGER wipe AFTER INSERT ON assessments BEGIN DELETE FROM assessments; END",
            "an extra trigger 'wipe'",
        ),
        ("CREATE VIEW everyone AS SELECT name FROM accounts", "an extra view 'everyone'"),
        ("CREATE INDEX ix_spy ON accounts (name)", "an extra index 'ix_spy'"),
        ("CREATE TABLE stash (x)", "an extra table 'stash'"),
        ("ALTER TABLE accounts ADD COLUMN hidden TEXT", "'accounts' is defined differently"),
        ("DROP INDEX ix_evidence_account_noted", "no index 'ix_evidence_account_noted'"),
    ],
)
def test_a_backup_with_a_schema_of_its_own_is_refused(
    run: Run, live: Path, backup: Path, tmp_path: Path, sql: str, what: str
) -> None:
    candidate = _tampered(backup, tmp_path, lambda conn: conn.execute(sql))
    message = _refused(run, live, candidate)
    assert "schema this version does not create" in message and what in message, message


def test_the_trigger_of_a_refused_backup_never_reaches_an_import(
    run: Run, live: Path, backup: Path, tmp_path: Path
) -> None:
    """The reported attack: a trigger that empties the table on the next insert."""
    trap = "CREATE TRIGGER wipe AFTER INSERT ON assessments BEGIN DELETE FROM assessments; END"
    candidate = _tampered(backup, tmp_path, lambda conn: conn.execute(trap))
    _refused(run, live, candidate)
    exported = tmp_path / "all.csv"
    assert run(backup, "export", "--today", TODAY, "--out", exported).returncode == OK

    assert run(live, "import", exported).returncode == OK

    assert counts(live)["assessments"] == counts(backup)["assessments"] + 1


def test_a_backup_with_rows_that_point_at_no_account_is_refused(
    run: Run, live: Path, backup: Path, tmp_path: Path
) -> None:
    def orphan(conn: sqlite3.Connection) -> None:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute(
            "INSERT INTO evidence (account_id, noted_on, text, idempotency_key, created_at) "
            "VALUES (99999, '2025-01-01', 'nobody', 'orphan-1', '2025-01-01 00:00:00')"
        )

    assert "point at nothing" in _refused(run, live, _tampered(backup, tmp_path, orphan))


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE alembic_version SET version_num = '9999_from_the_future'",
        "INSERT INTO alembic_version VALUES ('0001')",
        "DELETE FROM alembic_version",
    ],
)
def test_a_backup_of_an_unknown_schema_revision_is_refused(
    run: Run, live: Path, backup: Path, tmp_path: Path, sql: str
) -> None:
    message = _refused(run, live, _tampered(backup, tmp_path, lambda conn: conn.execute(sql)))
    assert "newer or unknown version" in message


def test_the_database_itself_is_no_backup(run: Run, live: Path, tmp_path: Path) -> None:
    link = tmp_path / "looks-like-a-backup.db"
    link.symlink_to(live)
    before = checkpointed(live)
    for candidate in (live, link, live.parent / "." / live.name):
        result = run(live, "restore", candidate, "--yes")
        assert result.returncode == NOTHING_DONE
        assert "is the database itself" in one_line(result.stderr)
    assert checkpointed(live) == before


def test_a_restore_keeps_the_previous_database_as_a_dated_file(
    run: Run, live: Path, backup: Path, demo_db: Path
) -> None:
    result = run(live, "restore", backup, "--yes")

    assert result.returncode == OK, result.stderr
    assert names(live) == names(demo_db)
    kept = list(live.parent.glob(f"{live.stem}-before-restore-*{live.suffix}"))
    assert len(kept) == 1
    assert names(kept[0]) == {"Live Only"}
    assert integrity(kept[0]) == "ok"
    assert str(kept[0]) in one_line(result.stderr)
    assert not list(live.parent.glob(".*.restore-*"))


@pytest.mark.parametrize("folder", ["backups #1", "what?", "100% sure", "a b"])
def test_a_backup_whose_path_has_uri_characters_restores(
    run: Run, live: Path, backup: Path, demo_db: Path, tmp_path: Path, folder: str
) -> None:
    odd = tmp_path / folder / "thinslice #2.db"
    odd.parent.mkdir()
    odd.write_bytes(backup.read_bytes())

    result = run(live, "restore", odd, "--yes")

    assert result.returncode == OK, result.stderr
    assert names(live) == names(demo_db)
    assert sorted(p.name for p in odd.parent.iterdir()) == ["thinslice #2.db"]  # no -wal or -shm left


def test_a_backup_is_one_file_that_opens_anywhere_without_leaving_files_beside_it(
    backup: Path, tmp_path: Path
) -> None:
    with closing(sqlite3.connect(backup)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("SELECT count(*) FROM accounts").fetchone()[0] > 0
    assert sorted(p.name for p in backup.parent.iterdir() if p.name.startswith(backup.name)) == [backup.name]


def test_restore_says_what_it_kept_and_what_it_restored(run: Run, live: Path, backup: Path) -> None:
    result = run(live, "restore", backup, "--yes")
    assert result.returncode == OK
    assert lines(result.stdout)[0].startswith(f"restore: restored {backup} (")
