"""Bring a database up to the newest schema. The app calls this at start."""

from __future__ import annotations

import threading
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


def upgrade(engine: Engine) -> None:
    cfg = _config()
    with _MIGRATING, engine.execution_options(**{WRITE: True}).connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.commit()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(_config()).get_current_head()
