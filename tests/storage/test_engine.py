"""The engine: where the database lives and how SQLite is tuned for a threaded server."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from storage import ENV_VAR, database_url, make_engine, open_repository
from storage.engine import BUSY_TIMEOUT_MS, WRITE

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.sqlite_only
def test_connections_use_wal_enforce_foreign_keys_and_wait_when_busy(engine: Engine) -> None:
    with engine.connect() as conn:
        journal_mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
        foreign_keys = conn.exec_driver_sql("PRAGMA foreign_keys").scalar()
        busy_timeout = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
    assert journal_mode == "wal"
    assert foreign_keys == 1
    assert isinstance(busy_timeout, int) and busy_timeout >= 5000
    assert busy_timeout == BUSY_TIMEOUT_MS


@pytest.mark.sqlite_only
def test_the_database_url_comes_from_the_environment_when_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, "postgresql+psycopg://thinslice@db.example/thinslice")
    assert database_url() == "postgresql+psycopg://thinslice@db.example/thinslice"


@pytest.mark.sqlite_only
def test_the_configured_url_is_where_the_repository_writes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "from-env.db"
    monkeypatch.setenv(ENV_VAR, f"sqlite:///{target}")
    open_repository()
    assert target.is_file()


@pytest.mark.parametrize("value", [None, "", "   "])
@pytest.mark.sqlite_only
def test_without_a_configured_url_the_database_is_a_file_under_data(
    monkeypatch: pytest.MonkeyPatch, value: str | None
) -> None:
    if value is None:
        monkeypatch.delenv(ENV_VAR, raising=False)
    else:
        monkeypatch.setenv(ENV_VAR, value)

    url = make_url(database_url())

    assert url.get_backend_name() == "sqlite"
    assert url.database is not None
    path = Path(url.database)
    assert path.is_absolute()
    assert path.parent == REPO_ROOT / "data"
    assert path.suffix == ".db"


@pytest.mark.sqlite_only
def test_a_sqlite_file_in_a_folder_that_does_not_exist_yet_gets_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "not" / "yet" / "there" / "t.db"
    assert not path.parent.exists()

    engine = make_engine(f"sqlite:///{path}")
    try:
        assert path.parent.is_dir()
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
        assert path.is_file()
    finally:
        engine.dispose()


def _try_to_take_the_write_lock(db_path: Path) -> None:
    other = sqlite3.connect(db_path, timeout=0.1, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()


@pytest.mark.sqlite_only
def test_a_write_transaction_holds_the_write_lock_before_its_first_statement(
    engine: Engine, db_path: Path
) -> None:
    """BEGIN IMMEDIATE at begin: two writers queue up instead of one failing half-way."""
    with (
        engine.execution_options(**{WRITE: True}).begin(),
        pytest.raises(sqlite3.OperationalError, match="database is locked"),
    ):
        _try_to_take_the_write_lock(db_path)
    _try_to_take_the_write_lock(db_path)  # released at commit


@pytest.mark.sqlite_only
def test_a_read_transaction_leaves_the_write_lock_free(engine: Engine, db_path: Path) -> None:
    with engine.begin() as conn:
        conn.exec_driver_sql("SELECT 1")
        _try_to_take_the_write_lock(db_path)
