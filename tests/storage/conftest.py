"""Fixtures for the storage tests: always a real SQLite file, never `:memory:`.

In-memory SQLite gives every connection (so every thread) its own empty
database, which would hide exactly the bugs these tests are here to catch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from scoring import AccountDraft, Answer, Assessment, Kind, Verdict, default_rubric
from storage import Repository, make_engine, open_repository

MakeAssessment = Callable[..., Assessment]
MakeDraft = Callable[..., AccountDraft]
Count = Callable[[str], int]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "t.db"


@pytest.fixture
def db_url(db_path: Path) -> str:
    return f"sqlite:///{db_path}"


@pytest.fixture
def repo(db_url: str) -> Repository:
    return open_repository(db_url)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A second engine on the same file, to look under the repository with plain SQL."""
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def count(engine: Engine) -> Count:
    """Rows in a table, counted with SQL rather than through the repository under test."""

    def count(table: str) -> int:
        with engine.connect() as conn:
            return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())

    return count


@pytest.fixture(scope="session")
def make_assessment() -> MakeAssessment:
    """A screen on the default rubric: `answer` everywhere unless `answers` says otherwise."""
    rubric = default_rubric()

    def make(
        taken_on: dt.date = dt.date(2026, 3, 1),
        *,
        answer: Answer = Answer.YES,
        answers: dict[str, Answer] | None = None,
        gut: Verdict | None = Verdict.HELL_YES,
        note: str = "",
        kind: Kind = Kind.SCREEN,
    ) -> Assessment:
        return Assessment(
            kind=kind,
            taken_on=taken_on,
            gut=gut,
            answers=answers if answers is not None else dict.fromkeys(rubric.keys, answer),
            note=note,
            rubric_key=rubric.key,
            rubric_version=rubric.version,
        )

    return make


@pytest.fixture(scope="session")
def make_draft() -> MakeDraft:
    def make(
        name: str = "Ada Lovelace", company: str = "Analytical Engines", deal_value: float | None = None
    ) -> AccountDraft:
        return AccountDraft(name=name, company=company, deal_value=deal_value)

    return make
