"""Create the database engine: PostgreSQL when configured, a local SQLite file otherwise.

SQLite is tuned for a threaded server (Streamlit runs each session in its own
thread): WAL so readers never wait for the writer, foreign keys enforced, a busy
timeout instead of instant "database is locked", and write transactions that
take the write lock up front (BEGIN IMMEDIATE) so two writers queue politely
instead of one failing half-way.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

ENV_VAR = "THINSLICE_DATABASE_URL"
PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PATH = PROJECT_ROOT / "data" / "thinslice.db"
BUSY_TIMEOUT_MS = 10_000
WRITE = "thinslice_write"


def database_url() -> str:
    """The configured URL, or the default SQLite file under data/."""
    return normalise_url(os.environ.get(ENV_VAR, "").strip() or f"sqlite:///{DEFAULT_PATH}")


def normalise_url(url: str) -> str:
    """`postgres://` and `postgresql://` (as hosting providers hand them out) mean psycopg 3 here:
    SQLAlchemy would otherwise reach for psycopg2, which is not installed."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str | None = None) -> Engine:
    url = normalise_url(url or database_url())
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        # pre_ping: a replica keeps working after PostgreSQL restarts or a proxy drops idle connections.
        return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10, pool_timeout=30)
    if parsed.get_backend_name() != "sqlite":
        raise ValueError(
            f"{ENV_VAR} must be a sqlite:/// or postgresql+psycopg:// URL, not {parsed.get_backend_name()!r}"
        )
    database = parsed.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False})
    _tune_sqlite(engine)
    return engine


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's begin event (below) decide how each transaction starts.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        _use_wal(cursor)
        cursor.execute("PRAGMA foreign_keys=ON")
        # FULL: a check-in the app has confirmed survives a power cut, not only a crash.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get(WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _use_wal(cursor: Any) -> None:
    """Switch a new file to WAL, waiting (bounded) for other processes doing the same.

    Turning a fresh file to WAL needs it to itself, and SQLite answers "database is
    locked" at once, without its busy handler, while another process is in the middle
    of that switch: two replicas or the CLI starting together on a new file meet it.
    Once the file is in WAL mode the pragma is a no-op.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"
