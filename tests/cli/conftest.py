"""Fixtures of the CLI tests: demo and empty SQLite files, and the CLI run against one of them."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from services.demo import load_demo
from storage import make_engine, upgrade
from tests.cli.helpers import DEMO_DAY, Run, cli, copy_db, url


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo data, loaded once per session; tests get their own copy (`demo_db`)."""
    path = tmp_path_factory.mktemp("template") / "demo.db"
    assert load_demo(url(path), today=DEMO_DAY) > 0
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    copy_db(demo_template, path)
    return path


@pytest.fixture
def empty_db(tmp_path: Path) -> Iterator[Path]:
    """A database with the schema and nothing in it."""
    path = tmp_path / "empty.db"
    engine = make_engine(url(path))
    upgrade(engine)
    engine.dispose()
    yield path


@pytest.fixture
def engine_on(tmp_path: Path) -> Iterator[Callable[[Path], Engine]]:
    """Engines the test opens on a database, all disposed at the end."""
    engines: list[Engine] = []

    def open_engine(db: Path) -> Engine:
        engine = make_engine(url(db))
        upgrade(engine)
        engines.append(engine)
        return engine

    yield open_engine
    for engine in engines:
        engine.dispose()


@pytest.fixture
def run(tmp_path: Path) -> Run:
    """`run(db, *args)`: the CLI on database `db`, in this test's folder, output as bytes."""

    def run(db: Path, *args: str | Path, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
        return cli(db, *args, cwd=tmp_path, stdin=stdin)

    return run
