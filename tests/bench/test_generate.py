"""The benchmark's data generator: the totals it promises, a portfolio as real as one in use that
the app reads whole, the same rows for the same seed, and no second run into a database that
already holds accounts."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from bench.generate import DEFAULT_SEED, generate, share_token
from bench.generate_realistic import plan_realistic
from scoring import Kind, Stage, default_rubric
from scoring.limits import NAME_MAX, NOTE_MAX, OUTCOME_NOTE_MAX, SHARE_LABEL_MAX
from scoring.sharing import new_token
from scoring.status import Status, client_status, split_history
from services.accounts import account_card, account_view
from services.duplicates import name_key
from services.portfolio import compute_portfolio
from storage import make_engine, open_repository
from storage.schema import accounts, assessments, evidence, share_links
from tests.helpers import stored_histories

TODAY = dt.date(2026, 3, 1)
NOW = dt.datetime.combine(TODAY, dt.time(23, 59), tzinfo=dt.UTC)
RUBRIC = default_rubric()
# What a second run with the same seed must repeat: every table the generator fills, in an order
# that does not depend on ids.
SAME_ROWS = (
    select(accounts.c.name, accounts.c.company, accounts.c.deal_value, accounts.c.signed_on).order_by(
        accounts.c.name, accounts.c.company, accounts.c.signed_on, accounts.c.deal_value
    ),
    select(
        assessments.c.idempotency_key, assessments.c.taken_on, assessments.c.answers, assessments.c.note
    ).order_by(assessments.c.idempotency_key),
    select(evidence.c.idempotency_key, evidence.c.noted_on, evidence.c.text).order_by(
        evidence.c.idempotency_key
    ),
    select(share_links.c.token_hash, share_links.c.expires_at, share_links.c.revoked_at).order_by(
        share_links.c.token_hash
    ),
)


@pytest.fixture(params=["sqlite", "postgresql"])
def new_url(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], str]:
    if request.param == "postgresql":
        return request.getfixturevalue("new_postgres_database")
    made = iter(range(100))
    return lambda: f"sqlite:///{tmp_path / f'gen-{next(made)}.db'}"


def test_in_the_totals_kind_every_client_gets_a_baseline_and_its_check_ins_and_the_app_reads_them(
    new_url: Callable[[], str],
) -> None:
    url = new_url()
    counts = generate(url, accounts=60, checkins=24, prospects=15, today=TODAY, realistic=False)
    assert (counts.accounts, counts.clients, counts.prospects) == (75, 60, 15)
    repo = open_repository(url)
    histories = stored_histories(repo)
    clients = [a for a in repo.accounts() if a.stage is Stage.CLIENT]
    assert len(clients) == 60
    assert sum(len(h) for h in histories.values()) == counts.assessments
    assert counts.answers == 10 * counts.assessments
    seen = set()
    for client in clients:
        history = [s.assessment for s in histories[client.id]]
        assert [a.kind for a in history] == [Kind.SCREEN] + [Kind.CHECKIN] * 23
        assert max(a.taken_on for a in history) <= TODAY
        baseline, checkins = split_history(history)
        assert baseline is not None
        seen.add(client_status(RUBRIC, baseline, checkins, TODAY).status)
    repo.close()
    # Not a portfolio of clones: healthy clients and clients in trouble side by side.
    assert {Status.HELL_YES, Status.LET_GO} <= seen


def test_the_realistic_portfolio_holds_the_promised_totals_with_prospects_and_long_histories(
    new_url: Callable[[], str],
) -> None:
    url = new_url()
    counts = generate(url, accounts=120, checkins=24, today=TODAY)
    assert counts.assessments == 120 * 24 and counts.answers == 10 * counts.assessments
    repo = open_repository(url)
    listed = repo.accounts()
    histories = stored_histories(repo)
    lengths = sorted(len(h) for h in histories.values())
    assert len(listed) == counts.accounts == 120
    assert sum(lengths) == counts.assessments and lengths[-1] == counts.longest >= 60
    prospects = [a for a in listed if a.stage is Stage.PROSPECT]
    assert len(prospects) == counts.prospects >= 0.15 * len(listed)
    clients = [len(histories[a.id]) for a in listed if a.stage is Stage.CLIENT]
    assert min(clients) <= 3, "some clients were signed lately"
    gaps: Counter[int] = Counter()
    for account in listed:
        history = [s.assessment for s in histories[account.id]]
        assert max(a.taken_on for a in history) <= TODAY
        checkin_days = [a.taken_on for a in history if a.kind is Kind.CHECKIN]
        if account.stage is Stage.PROSPECT:
            assert not checkin_days
            continue
        assert account.signed_on is not None and all(day >= account.signed_on for day in checkin_days)
        assert account.ended_on is None or account.signed_on <= account.ended_on <= TODAY
        gaps.update((b - a).days for a, b in itertools.pairwise(checkin_days))
    assert len(gaps) > 10, "check-ins are not evenly spaced"
    assert max(gaps) >= 60, "some clients went months without a check-in"
    assert min(gaps) >= 20
    repo.close()


def test_every_account_the_realistic_kind_makes_is_judged_the_same_by_every_view(
    new_url: Callable[[], str],
) -> None:
    url = new_url()
    counts = generate(url, accounts=80, checkins=24, today=TODAY)
    repo = open_repository(url)
    lines = {line.overview.account.id: line for line in compute_portfolio(repo, RUBRIC, TODAY)}
    assert len(lines) == counts.accounts
    statuses = set()
    for account in repo.accounts():
        view = account_view(repo, RUBRIC, account, TODAY)
        line = lines[account.id]
        assert view.headline is not None and line.headline is not None, account.name
        assert (line.headline.label, line.headline.score) == (view.headline.label, view.headline.score)
        if view.headline.status is not None:
            statuses.add(view.headline.status.status)
        card = account_card(repo, RUBRIC, account, TODAY, include_notes=True)
        assert card.name == account.name
    repo.close()
    assert {Status.HELL_YES, Status.LET_GO} <= statuses


def test_the_realistic_kind_writes_names_and_notes_of_real_lengths_within_the_app_limits(
    new_url: Callable[[], str],
) -> None:
    url = new_url()
    counts = generate(url, accounts=200, checkins=24, today=TODAY)
    repo = open_repository(url)
    listed = repo.accounts()
    notes = [s.assessment.note for h in stored_histories(repo).values() for s in h]
    trail = [n.text for a in listed for n in repo.evidence(a.id)]
    repo.close()
    names = [a.name for a in listed]
    assert all(0 < len(a.name) <= NAME_MAX and len(a.company) <= NAME_MAX for a in listed)
    assert all(len(a.outcome_note) <= OUTCOME_NOTE_MAX for a in listed)
    assert not any(name.startswith("Account ") for name in names)
    assert sum(not name.isascii() for name in names) >= 0.1 * len(names), "names carry diacritics"
    assert any(n > 1 for n in Counter(name_key(name) for name in names).values()), "some names twice"
    assert any(a.company == "" for a in listed) and len({a.company for a in listed}) > 0.6 * len(listed)
    assert all(len(note) <= NOTE_MAX for note in notes)
    empty, long = sum(not note for note in notes), sum(len(note) >= 300 for note in notes)
    assert 0.3 * len(notes) < empty < 0.7 * len(notes) and long >= 0.05 * len(notes)
    assert len(trail) == counts.evidence > 0 and all(0 < len(text) <= NOTE_MAX for text in trail)


def test_the_generated_share_links_open_through_the_repository_by_their_token_alone(
    new_url: Callable[[], str],
) -> None:
    url = new_url()
    counts = generate(url, accounts=120, checkins=6, today=TODAY)
    repo = open_repository(url)
    listed = sorted(repo.accounts(), key=lambda a: a.id)
    links = [link for account in listed for link in repo.shares(account.id)]
    assert len(links) == counts.share_links
    assert all(len(link.label) <= SHARE_LABEL_MAX for link in links)
    assert {link.state(NOW) for link in links} == {"live", "expired", "revoked"}
    # The first account's link never expires: it opens today, whatever the day.
    first = repo.live_share(share_token(DEFAULT_SEED, 1))
    assert first is not None and first.account_id == listed[0].id
    # Every live link, and only those, opens by the token the seed gives it, for its own account.
    opened = {}
    for number, account in enumerate(listed, start=1):
        for link in range(3):
            found = repo.live_share(share_token(DEFAULT_SEED, number, link), now=NOW)
            if found is not None:
                assert found.account_id == account.id
                opened[found.id] = found
    assert set(opened) == {link.id for link in links if link.is_live(NOW)}
    assert repo.live_share(new_token(), now=NOW) is None
    assert repo.live_share(share_token(DEFAULT_SEED + 1, 1), now=NOW) is None
    repo.close()


def test_the_realistic_kind_keeps_the_issue_totals_at_full_size() -> None:
    plan = plan_realistic(random.Random(DEFAULT_SEED), 2000, 24, TODAY, DEFAULT_SEED)
    lengths = [len(rows) for rows in plan.assessments]
    assert sum(lengths) == 48_000 and len(lengths) == 2000
    assert plan.prospects >= 300 and plan.clients + plan.prospects == 2000
    assert sum(n >= 60 for n in lengths) >= 20
    assert lengths[0] == 24 and plan.accounts[0]["stage"] == "client" and plan.accounts[0]["ended_on"] is None


@pytest.mark.parametrize("realistic", [True, False], ids=["realistic", "totals"])
def test_the_same_seed_gives_the_same_rows(new_url: Callable[[], str], realistic: bool) -> None:
    def rows(url: str) -> list[tuple[object, ...]]:
        generate(url, accounts=20, checkins=6, seed=3, prospects=5, today=TODAY, realistic=realistic)
        engine = make_engine(url)
        with engine.connect() as conn:
            found = [tuple(r) for query in SAME_ROWS for r in conn.execute(query)]
        engine.dispose()
        return found

    first = rows(new_url())
    assert first == rows(new_url())
    assert len(first) > 20 * 6


def test_refuses_a_database_that_already_holds_accounts(new_url: Callable[[], str]) -> None:
    url = new_url()
    generate(url, accounts=3, checkins=2, today=TODAY)
    with pytest.raises(ValueError, match="already holds accounts"):
        generate(url, accounts=3, checkins=2, today=TODAY)
    repo = open_repository(url)
    assert repo.count_accounts() == 3
    repo.close()
