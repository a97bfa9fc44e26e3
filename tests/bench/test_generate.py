"""The benchmark's data generator: the totals it promises, rows the app can read, the same rows
for the same seed, and no second run into a database that already holds accounts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from bench.generate import generate
from scoring import Kind, Stage, default_rubric
from scoring.status import Status, client_status, split_history
from storage import make_engine, open_repository
from storage.schema import assessments
from tests.helpers import stored_histories

TODAY = dt.date(2026, 3, 1)


@pytest.fixture(params=["sqlite", "postgresql"])
def new_url(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], str]:
    if request.param == "postgresql":
        return request.getfixturevalue("new_postgres_database")
    made = iter(range(100))
    return lambda: f"sqlite:///{tmp_path / f'gen-{next(made)}.db'}"


def test_every_client_gets_a_baseline_and_its_check_ins_and_the_app_reads_them(
    new_url: Callable[[], str],
) -> None:
    url = new_url()
    counts = generate(url, accounts=60, checkins=24, prospects=15, today=TODAY)
    assert (counts.accounts, counts.clients, counts.prospects) == (75, 60, 15)
    repo = open_repository(url)
    histories = stored_histories(repo)
    clients = [a for a in repo.accounts() if a.stage is Stage.CLIENT]
    assert len(clients) == 60
    assert sum(len(h) for h in histories.values()) == counts.assessments
    assert counts.answers == 10 * counts.assessments
    rubric = default_rubric()
    seen = set()
    for client in clients:
        history = [s.assessment for s in histories[client.id]]
        assert [a.kind for a in history] == [Kind.SCREEN] + [Kind.CHECKIN] * 23
        assert max(a.taken_on for a in history) <= TODAY
        baseline, checkins = split_history(history)
        assert baseline is not None
        seen.add(client_status(rubric, baseline, checkins, TODAY).status)
    repo.close()
    # Not a portfolio of clones: healthy clients and clients in trouble side by side.
    assert {Status.HELL_YES, Status.LET_GO} <= seen


def test_the_same_seed_gives_the_same_rows(new_url: Callable[[], str]) -> None:
    def rows(url: str) -> list[tuple[object, ...]]:
        generate(url, accounts=20, checkins=6, seed=3, prospects=5, today=TODAY)
        engine = make_engine(url)
        with engine.connect() as conn:
            found = conn.execute(
                select(assessments.c.idempotency_key, assessments.c.taken_on, assessments.c.answers).order_by(
                    assessments.c.idempotency_key
                )
            ).all()
        engine.dispose()
        return [tuple(r) for r in found]

    assert rows(new_url()) == rows(new_url())


def test_refuses_a_database_that_already_holds_accounts(new_url: Callable[[], str]) -> None:
    url = new_url()
    generate(url, accounts=3, checkins=2, today=TODAY)
    with pytest.raises(ValueError, match="already holds accounts"):
        generate(url, accounts=3, checkins=2, today=TODAY)
    repo = open_repository(url)
    assert repo.count_accounts() == 3
    repo.close()
