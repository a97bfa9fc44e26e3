"""Migrations: an empty file becomes the current schema, and migrating again changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from scoring import AccountDraft, Assessment
from storage import Repository, upgrade
from storage.migrate import current_revision, head_revision
from storage.schema import metadata

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_an_empty_database_gets_the_schema_and_the_head_revision(engine: Engine) -> None:
    assert current_revision(engine) is None
    assert inspect(engine).get_table_names() == []

    upgrade(engine)

    assert {"accounts", "assessments", "alembic_version"} <= set(inspect(engine).get_table_names())
    assert head_revision() is not None
    assert current_revision(engine) == head_revision()


def test_the_migrated_schema_matches_the_table_definitions(engine: Engine) -> None:
    """schema.py and the migrations describe the same tables, so neither can drift silently."""
    upgrade(engine)
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    assert diffs == []


def test_upgrading_twice_keeps_the_data_and_the_revision(
    engine: Engine,
    make_draft: Callable[..., AccountDraft],
    make_assessment: Callable[..., Assessment],
) -> None:
    upgrade(engine)
    stored = Repository(engine).screen_prospect(make_draft(), make_assessment(), "key-1")

    upgrade(engine)

    assert current_revision(engine) == head_revision()
    assert Repository(engine).assessment(stored.id) == stored


def test_four_processes_starting_on_a_fresh_database_at_once_migrate_it_once(
    db_url: str, engine: Engine
) -> None:
    """Replicas starting together: one creates the schema, the others wait for it and find it done
    (PostgreSQL: an advisory lock; SQLite: BEGIN IMMEDIATE). Separate processes, so no lock in
    Python can be what keeps them apart."""
    script = (
        "import sys, time; from storage import open_repository\n"
        "start = float(sys.argv[2])\n"
        "time.sleep(max(0.0, start - time.time()))\n"
        "print(open_repository(sys.argv[1]).count_accounts())\n"
    )
    start = time.time() + 3  # every process past its imports before the first one migrates
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, db_url, str(start)],
            cwd=REPO_ROOT,
            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    results = [proc.communicate(timeout=120) for proc in procs]

    assert [proc.returncode for proc in procs] == [0, 0, 0, 0], [err[-2000:] for _, err in results]
    assert [out.strip() for out, _ in results] == ["0"] * 4
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
