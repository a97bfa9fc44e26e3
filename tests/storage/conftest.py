"""Fixtures for the storage tests: each runs on a real SQLite file and on a real PostgreSQL database.

Never SQLite's `:memory:`: it gives every connection (so every thread) its own
empty database, which would hide exactly the bugs these tests are here to catch.
A test marked `sqlite_only` checks something only SQLite has (pragmas, files on disk).
PostgreSQL needs THINSLICE_TEST_POSTGRES_URL (see tests/conftest.py); without it
the `[postgresql]` variants skip and say why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from scoring import AccountDraft, Answer, Assessment, Kind, Verdict, default_rubric
from storage import Repository, make_engine, open_repository
from tests import factories

MakeAssessment = Callable[..., Assessment]
MakeDraft = Callable[..., AccountDraft]
Count = Callable[[str], int]


BACKENDS = ("sqlite", "postgresql")
NewUrl = Callable[[], str]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: checks something only the SQLite backend has")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        only_sqlite = metafunc.definition.get_closest_marker("sqlite_only") is not None
        metafunc.parametrize("backend", ["sqlite"] if only_sqlite else list(BACKENDS))


@pytest.fixture
def new_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> NewUrl:
    """A factory of empty databases on this test's backend: each call returns a new URL."""
    if backend == "postgresql":
        return request.getfixturevalue("new_postgres_database")
    made = iter(range(1_000))
    return lambda: f"sqlite:///{tmp_path / f'db-{next(made)}.db'}"


@pytest.fixture
def db_url(new_url: NewUrl) -> str:
    return new_url()


@pytest.fixture
def db_path(backend: str, db_url: str) -> Path:
    """The SQLite file behind db_url (for tests marked sqlite_only)."""
    assert backend == "sqlite", "db_path is for tests marked sqlite_only"
    return Path(db_url.removeprefix("sqlite:///"))


@pytest.fixture
def repo(db_url: str) -> Iterator[Repository]:
    repo = open_repository(db_url)
    yield repo
    repo.close()


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
        return factories.assessment(
            taken_on, kind=kind, gut=gut, answer=answer, answers=answers, note=note, rubric=rubric
        )

    return make


@pytest.fixture(scope="session")
def make_draft() -> MakeDraft:
    def make(
        name: str = "Ada Lovelace", company: str = "Analytical Engines", deal_value: float | None = None
    ) -> AccountDraft:
        return AccountDraft(name=name, company=company, deal_value=deal_value)

    return make
