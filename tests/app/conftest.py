"""AppTest runs the real pages against a real (temporary) SQLite file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from scoring import AccountDraft, Answer, Verdict
from storage import Repository, open_repository
from tests import factories

TIMEOUT = 60
APP = str(Path(__file__).resolve().parents[2] / "home.py")


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("THINSLICE_DATABASE_URL", url)
    yield url


@pytest.fixture
def repo(db_url: str) -> Repository:
    return open_repository(db_url)


@pytest.fixture
def app(db_url: str) -> AppTest:
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


@pytest.fixture
def add_prospect(repo: Repository) -> Callable[..., int]:
    """Store a screened prospect directly; returns its account id."""
    counter = iter(range(1_000_000))

    def add(
        name: str, answer: Answer = Answer.HELL_YES, gut: Verdict = Verdict.HELL_YES, **overrides: Answer
    ) -> int:
        assessment = factories.assessment(gut=gut, answer=answer, overrides=overrides)
        return repo.screen_prospect(AccountDraft(name=name), assessment, f"test-{next(counter)}").account_id

    return add
