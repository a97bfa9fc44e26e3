"""The one way files are written: never onto the database, never half a file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.engine import make_url

from filesafe import CannotWrite, check_target, database_files, sqlite_file, write_bytes, write_with

URLS = [
    "sqlite:////tmp/a.db",
    "sqlite:///relative/b.db",
    "sqlite+pysqlite:////tmp/c.db?timeout=3",
    "sqlite:////tmp/with%23hash.db",
    "sqlite:////tmp/with#hash.db",
    "sqlite:////tmp/space%20d.db",
    "sqlite:///file:/tmp/e.db?mode=ro&uri=true",
    "sqlite://",
    "sqlite:///:memory:",
    "postgresql+psycopg://user:pw@127.0.0.1:5432/thinslice",
    "postgresql://user@host/db",
]


def _as_sqlalchemy_reads_it(url: str) -> Path | None:
    parsed = make_url(url)
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite":
        return None
    database = database.removeprefix("file:").split("?", 1)[0] if database.startswith("file:") else database
    return Path(database) if database and database != ":memory:" else None


@pytest.mark.parametrize("url", URLS)
def test_the_database_file_is_read_from_a_url_as_sqlalchemy_reads_it(url: str) -> None:
    assert sqlite_file(url) == _as_sqlalchemy_reads_it(url)


NAMES = st.text(st.characters(blacklist_characters="?\x00", blacklist_categories=["Cs"]), min_size=1)


@given(NAMES)
def test_any_file_name_in_a_url_is_read_as_sqlalchemy_reads_it(name: str) -> None:
    url = f"sqlite:////tmp/{name}"
    assert sqlite_file(url) == _as_sqlalchemy_reads_it(url)


def test_every_companion_of_the_database_is_protected_and_postgresql_has_none() -> None:
    files = [path.name for path, _ in database_files("sqlite:////srv/data/thinslice.db")]
    assert files == [
        "thinslice.db",
        "thinslice.db-wal",
        "thinslice.db-shm",
        "thinslice.db-journal",
        "thinslice.db.migrate-lock",
    ]
    assert database_files("postgresql+psycopg://u:p@h/db") == ()


def test_a_target_reached_through_a_symlinked_folder_is_still_the_database(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    db = tmp_path / "data" / "thinslice.db"
    db.write_bytes(b"SQLite format 3\x00")
    (tmp_path / "alias").symlink_to(tmp_path / "data")
    with pytest.raises(CannotWrite, match="is the database itself"):
        check_target(tmp_path / "alias" / "thinslice.db", database_files(f"sqlite:///{db}"))


def test_a_failed_fill_leaves_the_old_file_and_no_partial_one(tmp_path: Path) -> None:
    target = tmp_path / "export.csv"
    target.write_bytes(b"old")

    def fill(partial: Path) -> None:
        partial.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(CannotWrite, match="No space left on device"):
        write_with(target, fill)
    assert target.read_bytes() == b"old"
    assert sorted(os.listdir(tmp_path)) == ["export.csv"]


def test_writing_through_a_symlink_replaces_the_file_it_points_at(tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_bytes(b"old")
    link = tmp_path / "latest.csv"
    link.symlink_to(real)

    write_bytes(link, b"new")

    assert link.is_symlink() and real.read_bytes() == b"new"
