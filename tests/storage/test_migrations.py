"""Migrations: an empty file becomes the current schema, and migrating again changes nothing."""

from __future__ import annotations

from collections.abc import Callable

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from scoring import AccountDraft, Assessment
from storage import Repository, upgrade
from storage.migrate import current_revision, head_revision
from storage.schema import metadata


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
