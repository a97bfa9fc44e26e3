"""Bring a database up to the newest schema. The app calls this at start.

Alembic takes a few tenths of a second to import, and a server that restarts on an
up-to-date database (nearly every start) has nothing for it to do: `upgrade` first
compares the database's revision with the newest one named in the migration files,
and loads Alembic only when they differ.
"""

from __future__ import annotations

import ast
import fcntl
import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from storage.engine import WRITE

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")

# Alembic's `context` and `op` are process-wide proxies: two threads migrating at
# once (even on different databases) run each other's operations and crash.
_MIGRATING = threading.Lock()

# Replicas starting together against one PostgreSQL database take turns through this
# transaction-scoped advisory lock; the second finds the schema at head and does nothing.
# (On SQLite, BEGIN IMMEDIATE already serialises them.) The number is arbitrary but fixed.
ADVISORY_LOCK = 0x7468696E736C6963  # "thinslic"


def _config() -> Config:
    from alembic.config import Config

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
    if revision == "head" and at_head(engine):
        return
    from alembic import command

    cfg = _config()
    with _MIGRATING, _between_processes(engine), engine.execution_options(**{WRITE: True}).connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        conn.commit()


def at_head(engine: Engine) -> bool:
    """Whether the database already has the newest schema, read without Alembic. False when in
    doubt (no revision table, several revisions, migration files Alembic would have to judge):
    then `upgrade` asks Alembic, which does what it always did."""
    head = files_head()
    if head is None:
        return False
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return False
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return versions == [head]


@functools.cache
def files_head() -> str | None:
    """The newest revision, read from the migration files as text: the one revision no other
    names as its `down_revision`. None unless that is exactly one plain revision."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        names = _assigned(path, ("revision", "down_revision"))
        revision, down = names.get("revision"), names.get("down_revision")
        if not isinstance(revision, str):
            return None
        revisions.add(revision)
        if isinstance(down, str):
            parents.add(down)
        elif isinstance(down, tuple | list):  # a merge names several
            parents.update(str(each) for each in down)
        elif down is not None:
            return None
    heads = revisions - parents
    return next(iter(heads)) if len(heads) == 1 else None


def _assigned(path: Path, names: tuple[str, ...]) -> dict[str, object]:
    """The literal values given to `names` at the top of a Python file (`x = ...` or `x: T = ...`)."""
    found: dict[str, object] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id in names:
            try:
                found[target.id] = ast.literal_eval(value)
            except ValueError:
                found[target.id] = value  # not a literal: files_head gives up
    return found


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def known_revisions() -> frozenset[str]:
    """Every schema revision this version can read (and bring up to date)."""
    from alembic.script import ScriptDirectory

    return frozenset(script.revision for script in ScriptDirectory(str(MIGRATIONS)).walk_revisions())


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()
