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
from storage.migrate import at_head, current_revision, files_head, head_revision
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


def test_the_newest_revision_read_from_the_files_is_the_one_alembic_finds() -> None:
    """The start-up check reads the migration files without Alembic; it must name Alembic's head."""
    assert files_head() == head_revision()


def test_only_a_database_at_the_newest_revision_counts_as_up_to_date(engine: Engine) -> None:
    assert not at_head(engine)  # no revision table yet

    upgrade(engine, "0001")
    assert not at_head(engine)

    upgrade(engine)
    assert at_head(engine)


def test_an_older_database_is_still_brought_up_to_date(engine: Engine) -> None:
    upgrade(engine, "0002")

    upgrade(engine)

    assert current_revision(engine) == head_revision()
    assert {"share_links", "data_version"} <= set(inspect(engine).get_table_names())


def test_a_start_on_an_up_to_date_database_does_not_load_alembic(db_url: str) -> None:
    """Nearly every start finds the schema at head: that start skips Alembic's import (tenths of a
    second before the first page). A fresh process, so no earlier import can hide one."""
    script = (
        "import sys; from storage import open_repository\n"
        "open_repository(sys.argv[1]).close()\n"
        "print('alembic' in sys.modules)\n"
    )

    def start() -> str:
        done = subprocess.run(
            [sys.executable, "-c", script, db_url],
            cwd=REPO_ROOT,
            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout.strip()

    assert start() == "True"  # a new database: Alembic creates the schema
    assert start() == "False"  # the same database, now at head
