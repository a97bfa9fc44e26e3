"""Bring a database up to the newest schema. The app calls this at start."""

from __future__ import annotations

import fcntl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from storage.engine import WRITE

MIGRATIONS = Path(__file__).with_name("migrations")

# Alembic's `context` and `op` are process-wide proxies: two threads migrating at
# once (even on different databases) run each other's operations and crash.
_MIGRATING = threading.Lock()

# Replicas starting together against one PostgreSQL database take turns through this
# transaction-scoped advisory lock; the second finds the schema at head and does nothing.
# (On SQLite, BEGIN IMMEDIATE already serialises them.) The number is arbitrary but fixed.
ADVISORY_LOCK = 0x7468696E736C6963  # "thinslic"


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


@contextmanager
def _between_processes(engine: Engine) -> Iterator[None]:
    """On a SQLite file, one process migrates at a time: a lock file beside the database.

    SQLite's own write lock does not cover a whole upgrade (Alembic runs SQLite DDL
    outside one transaction), so a second process starting at the same moment could
    run a migration the first is half-way through. PostgreSQL uses an advisory lock.
    """
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:" or database.startswith("file:"):
        yield
        return
    lock_path = Path(database).with_name(Path(database).name + ".migrate-lock")
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` (the newest unless told otherwise; a restore builds the
    schema of an older revision to compare a backup with)."""
    cfg = _config()
    with _MIGRATING, _between_processes(engine), engine.execution_options(**{WRITE: True}).connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        conn.commit()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def known_revisions() -> frozenset[str]:
    """Every schema revision this version can read (and bring up to date)."""
    return frozenset(script.revision for script in ScriptDirectory(str(MIGRATIONS)).walk_revisions())


def head_revision() -> str | None:
    return ScriptDirectory.from_config(_config()).get_current_head()
