"""Fixtures every test folder may use: a real PostgreSQL server, when one is configured.

PostgreSQL tests run against the server named by THINSLICE_TEST_POSTGRES_URL (a role
allowed to create databases). Each test gets a database of its own, dropped afterwards.
`bash scripts/postgres` starts Debian's server on 127.0.0.1 and prints such a URL;
`.ci/run` does that, so in CI (`CI=true`) a missing server fails instead of skipping.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from bench.databases import drop_database

POSTGRES_ENV = "THINSLICE_TEST_POSTGRES_URL"
NewDatabase = Callable[[], str]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the PostgreSQL tests must run in CI)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The URL of a PostgreSQL server for tests, checked once per run."""
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        _unavailable(
            f"PostgreSQL tests need {POSTGRES_ENV}=postgresql+psycopg://user:password@127.0.0.1:5432/db; "
            "`bash scripts/postgres` starts Debian's server and prints one"
        )
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        _unavailable(f"PostgreSQL at {make_url(url).render_as_string()} does not answer: {exc.orig}")
    finally:
        engine.dispose()
    return url


@pytest.fixture
def new_postgres_database(postgres_server: str) -> Iterator[NewDatabase]:
    """A factory: each call creates an empty database and returns its URL; all are dropped at teardown."""
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    created: list[str] = []

    def create() -> str:
        name = f"thinslice_t_{uuid.uuid4().hex[:16]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        created.append(name)
        return make_url(postgres_server).set(database=name).render_as_string(hide_password=False)

    yield create
    with admin.connect() as conn:
        for name in created:
            drop_database(conn, name)
    admin.dispose()
