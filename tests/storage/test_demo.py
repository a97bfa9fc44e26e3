"""The demo data: loads once, covers both verdicts and the edges, fits the default rubric,
and its signed clients tell the stories they were written to tell.

Client statuses are computed from what the database holds (the stored history,
split into baseline and check-ins), never from the demo's in-memory data.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from scoring import (
    Answer,
    Assessment,
    Kind,
    Outcome,
    Result,
    Stage,
    Verdict,
    check_answers,
    default_rubric,
    evaluate,
)
from scoring.signals import suggest
from scoring.status import ClientStatus, Status, client_status, split_history
from services.demo import DEMO_CLIENTS, DEMO_PROSPECTS, DemoClient, load_demo
from storage import AccountRecord, open_repository
from tests.helpers import stored_histories

TODAY = dt.date(2025, 3, 14)
TOTAL = len(DEMO_PROSPECTS) + len(DEMO_CLIENTS)

# What each story was written to show, as of the day it is loaded.
EXPECTED: dict[str, tuple[Status, str | None]] = {
    "visser-tuinmeubelen": (Status.LET_GO, "going_south"),
    "brightwater": (Status.WATCH, "checked_out_champion"),
    "bursztyn": (Status.LET_GO, "scope_creep"),
    "mulder-bouw": (Status.LET_GO, "payment"),
    "thornton-motors": (Status.FIRE_NOW, "abusive"),
    "carter-finch": (Status.WATCH, "hate_the_work"),
    "tanaka-home": (Status.WATCH, "style_mismatch"),
    "gruenwald": (Status.HELL_YES, None),
    "noordzee-zeilschool": (Status.HELL_YES, None),
    "olivar-hotels": (Status.HELL_YES, None),
    "onda-azul": (Status.STALE, None),
    "brandt-solar": (Status.LET_GO, "going_south"),
    "lantern-books": (Status.STALE, None),
    "cedar-row": (Status.STALE, None),
    "smit-zeilmakerij": (Status.STALE, None),
}
ENDED = {
    "brandt-solar": Outcome.WENT_BUST,
    "lantern-books": Outcome.COMPLETED,
    "cedar-row": Outcome.COMPLETED,
    "smit-zeilmakerij": Outcome.COMPLETED,
}
NIGHTMARES = [
    slug for slug, (status, _) in EXPECTED.items() if status in (Status.FIRE_NOW, Status.LET_GO, Status.WATCH)
]
ACTIVE_NIGHTMARES = [slug for slug in NIGHTMARES if slug not in ENDED]
HEALTHY = [slug for slug, (status, _) in EXPECTED.items() if status is Status.HELL_YES]
CLIENTS = {client.slug: client for client in DEMO_CLIENTS}


@pytest.fixture
def url(db_url: str) -> str:
    return db_url


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One database with the demo loaded on TODAY, shared by the tests that only read."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo')}/demo.db"
    load_demo(url, today=TODAY)
    return url


def _results(url: str) -> dict[str, Result]:
    """The verdict on each prospect's latest assessment, by account name."""
    rubric = default_rubric()
    results: dict[str, Result] = {}
    for row in open_repository(url).overview(Stage.PROSPECT):
        assert row.latest is not None
        latest = row.latest.assessment
        results[row.account.name] = evaluate(rubric, latest.answers, latest.gut)
    return results


def _accounts(url: str) -> dict[str, AccountRecord]:
    """Every client account, by the slug of its demo story."""
    by_name = {row.account.name: row.account for row in open_repository(url).overview(Stage.CLIENT)}
    return {client.slug: by_name[client.name] for client in DEMO_CLIENTS}


def _stored(url: str, slug: str) -> tuple[Assessment, list[Assessment]]:
    """The baseline and check-ins of one client, as the database holds them."""
    repo = open_repository(url)
    history = [stored.assessment for stored in repo.assessments(_accounts(url)[slug].id)]
    baseline, checkins = split_history(history)
    assert baseline is not None
    return baseline, checkins


def _status(url: str, slug: str) -> ClientStatus:
    baseline, checkins = _stored(url, slug)
    return client_status(default_rubric(), baseline, checkins, TODAY)


def _row_counts(url: str) -> tuple[int, int, int]:
    """Accounts, assessments and evidence notes in the database."""
    repo = open_repository(url)
    accounts = _accounts(url)
    assessments = sum(len(history) for history in stored_histories(repo).values())
    notes = sum(len(repo.evidence(account.id)) for account in accounts.values())
    return repo.count_accounts(), assessments, notes


def test_loads_everything_the_first_time_and_nothing_the_second(url: str) -> None:
    assert load_demo(url, today=TODAY) == TOTAL
    counts = _row_counts(url)
    assert load_demo(url, today=TODAY) == 0
    assert _row_counts(url) == counts
    assert open_repository(url).count_accounts() == TOTAL


def test_a_later_day_adds_nothing_either(url: str) -> None:
    assert load_demo(url, today=TODAY) == TOTAL
    counts = _row_counts(url)
    assert load_demo(url, today=TODAY + dt.timedelta(days=40)) == 0
    assert _row_counts(url) == counts
    assert open_repository(url).count_accounts() == TOTAL


def test_their_answers_load_once_whatever_the_day(url: str) -> None:
    told = sum(len(a.their_answers) for a in (*DEMO_PROSPECTS, *DEMO_CLIENTS))
    assert told >= 3, "the demo shows a fit questionnaire and reviews"
    load_demo(url, today=TODAY)
    assert len(open_repository(url).their_answers()) == told
    load_demo(url, today=TODAY)
    load_demo(url, today=TODAY + dt.timedelta(days=40))
    assert len(open_repository(url).their_answers()) == told


def test_twelve_prospects_and_every_client_signed(loaded: str) -> None:
    repo = open_repository(loaded)
    assert len(repo.overview(Stage.PROSPECT)) == len(DEMO_PROSPECTS) == 12
    clients = repo.overview(Stage.CLIENT)
    assert len(clients) == len(DEMO_CLIENTS)
    assert repo.count_accounts() == 12 + len(DEMO_CLIENTS)
    assert {row.account.name for row in clients} == {client.name for client in DEMO_CLIENTS}


def test_stored_rows_keep_what_the_demo_says(loaded: str) -> None:
    stored = {row.account.name: row for row in open_repository(loaded).overview()}
    for prospect in DEMO_PROSPECTS:
        row = stored[prospect.name]
        assert row.account.company == prospect.company
        assert row.account.deal_value == prospect.deal_value
        assert row.assessment_count == 1
        assert row.latest is not None
        assessment = row.latest.assessment
        assert assessment.gut is prospect.gut
        assert assessment.answers == prospect.answer_map()
        assert assessment.note == prospect.note
        assert assessment.taken_on == TODAY - dt.timedelta(days=prospect.days_ago)


def test_both_verdicts_in_a_realistic_mix(loaded: str) -> None:
    verdicts = [r.verdict for r in _results(loaded).values()]
    assert verdicts.count(Verdict.HELL_YES) == 5
    assert verdicts.count(Verdict.HELL_NO) == 7


def test_gut_and_rubric_disagree_at_least_three_times(loaded: str) -> None:
    disagreements = [name for name, r in _results(loaded).items() if r.gut_agrees is False]
    assert len(disagreements) >= 3


def test_the_edges_of_the_threshold(loaded: str) -> None:
    results = list(_results(loaded).values())
    at_80 = [r for r in results if r.score == 80]
    at_77_5 = [r for r in results if r.score == 77.5]
    assert len(at_80) == 1 and at_80[0].verdict is Verdict.HELL_YES
    assert len(at_77_5) == 1 and at_77_5[0].verdict is Verdict.HELL_NO
    assert [b.rule for b in at_77_5[0].blockers] == ["threshold"]


def test_a_knockout_sinks_an_otherwise_high_score(loaded: str) -> None:
    knocked = [r for r in _results(loaded).values() if any(b.rule == "knockout" for b in r.blockers)]
    assert len(knocked) == 1
    assert knocked[0].score >= 80
    assert knocked[0].verdict is Verdict.HELL_NO


def test_every_answer_set_is_complete_for_the_default_rubric() -> None:
    rubric = default_rubric()
    for prospect in DEMO_PROSPECTS:
        answers = prospect.answer_map()
        assert set(answers) == set(rubric.keys), prospect.slug
        check_answers(rubric, answers)


def test_the_prospect_data_is_varied_and_well_formed() -> None:
    assert len(DEMO_PROSPECTS) == 12
    assert len({p.slug for p in DEMO_PROSPECTS}) == 12
    assert len({p.name for p in DEMO_PROSPECTS}) == 12
    assert all(p.note and p.company and p.deal_value > 0 for p in DEMO_PROSPECTS)
    assert any(not p.name.isascii() or not p.company.isascii() for p in DEMO_PROSPECTS)
    assert all(0 <= p.days_ago <= 90 for p in DEMO_PROSPECTS)
    assert all(len(p.key) <= 80 and p.key == f"demo:{p.slug}:screen:1" for p in DEMO_PROSPECTS)


# -- clients ---------------------------------------------------------------------------------------


def test_every_story_has_an_expected_status() -> None:
    assert set(EXPECTED) == set(CLIENTS)
    reasons = {reason for _, reason in EXPECTED.values()}
    stories = {"going_south", "checked_out_champion", "scope_creep", "payment", "abusive"}
    assert stories | {"hate_the_work", "style_mismatch"} <= reasons


@pytest.mark.parametrize("slug", list(EXPECTED))
def test_each_story_ends_in_its_status_and_reason(loaded: str, slug: str) -> None:
    status = _status(loaded, slug)
    assert (status.status, status.reason) == EXPECTED[slug]


def test_a_knockout_on_respect_fires_the_abusive_client(loaded: str) -> None:
    _, checkins = _stored(loaded, "thornton-motors")
    assert checkins[-1].answers["respect"] is Answer.NO
    assert _status(loaded, "thornton-motors").responsible == ("respect",)


def test_business_health_falls_most_for_the_company_going_south(loaded: str) -> None:
    status = _status(loaded, "visser-tuinmeubelen")
    assert status.responsible[0] == "business_health"
    _, checkins = _stored(loaded, "visser-tuinmeubelen")
    assert any(c.signals.leadership_change for c in checkins)
    assert checkins[-1].signals.invoice_days_late and checkins[-1].signals.missed_meetings


def test_healthy_clients_are_a_hell_yes_every_month_and_checked_recently(loaded: str) -> None:
    rubric = default_rubric()
    assert len(HEALTHY) >= 3
    for slug in HEALTHY:
        baseline, checkins = _stored(loaded, slug)
        assert evaluate(rubric, baseline.answers).verdict is Verdict.HELL_YES, slug
        assert all(evaluate(rubric, c.answers).verdict is Verdict.HELL_YES for c in checkins), slug
        assert (TODAY - checkins[-1].taken_on).days <= 30, slug


def test_nightmares_are_checked_recently_and_the_stale_client_is_two_months_old(loaded: str) -> None:
    for slug in ACTIVE_NIGHTMARES:
        assert _status(loaded, slug).days_since <= 45, slug
    stale = _status(loaded, "onda-azul")
    assert stale.days_since == 60
    _, checkins = _stored(loaded, "onda-azul")
    rubric = default_rubric()
    assert all(evaluate(rubric, c.answers).verdict is Verdict.HELL_YES for c in checkins)


@pytest.mark.parametrize("slug", list(EXPECTED))
def test_each_client_has_one_to_two_years_of_monthly_check_ins(loaded: str, slug: str) -> None:
    account = _accounts(loaded)[slug]
    baseline, checkins = _stored(loaded, slug)
    assert baseline.kind is Kind.SCREEN and baseline.gut is not None
    assert 365 <= (TODAY - baseline.taken_on).days <= 730
    assert account.signed_on is not None
    assert 1 <= (account.signed_on - baseline.taken_on).days <= 14
    dates = [c.taken_on for c in checkins]
    assert len(dates) == len(set(dates)), "two check-ins on one day"
    assert dates == sorted(dates) and account.signed_on < dates[0] <= dates[-1] <= TODAY
    gaps = [(later - earlier).days for earlier, later in itertools.pairwise(dates)]
    assert all(20 <= gap <= 70 for gap in gaps), gaps
    assert len(checkins) >= 10


def test_check_ins_store_signals_and_what_they_suggested(loaded: str) -> None:
    followed = overridden = 0
    for slug in EXPECTED:
        _, checkins = _stored(loaded, slug)
        for checkin in checkins:
            assert not checkin.signals.is_empty()
            assert checkin.suggested == {k: s.answer for k, s in suggest(checkin.signals).items()}
            for key, answer in checkin.suggested.items():
                if checkin.answers[key] is answer:
                    followed += 1
                else:
                    overridden += 1
    # The answers mostly follow the signals, with an occasional human override.
    assert overridden >= 3
    assert followed >= 20 * overridden


def test_troubled_clients_keep_a_dated_paper_trail(loaded: str) -> None:
    repo = open_repository(loaded)
    accounts = _accounts(loaded)
    for slug in EXPECTED:
        notes = repo.evidence(accounts[slug].id)
        if slug in NIGHTMARES:
            assert 2 <= len(notes) <= 4, slug
            baseline, _ = _stored(loaded, slug)
            assert all(baseline.taken_on <= n.noted_on <= TODAY and n.text.strip() for n in notes), slug
        else:
            assert notes == [], slug
    trail = " ".join(n.text for n in repo.evidence(accounts["thornton-motors"].id))
    assert "Saturday" in trail


def test_ended_relationships_record_their_outcome(loaded: str) -> None:
    accounts = _accounts(loaded)
    for slug, account in accounts.items():
        if slug in ENDED:
            _, checkins = _stored(loaded, slug)
            assert account.outcome is ENDED[slug]
            assert account.ended_on is not None and checkins[-1].taken_on < account.ended_on < TODAY
            assert account.outcome_note
        else:
            assert account.active and account.outcome is None, slug


def test_the_client_data_is_varied_and_well_formed() -> None:
    rubric = default_rubric()
    everyone = [p.name for p in DEMO_PROSPECTS] + [c.name for c in DEMO_CLIENTS]
    assert len(set(everyone)) == len(everyone)
    assert len(CLIENTS) == len(DEMO_CLIENTS)
    assert any(not c.name.isascii() or not c.company.isascii() for c in DEMO_CLIENTS)
    assert any(c.company.endswith("B.V.") for c in DEMO_CLIENTS)
    for client in DEMO_CLIENTS:
        assert client.note and client.story and client.company and client.deal_value > 0
        assert set(client.answer_map()) == set(rubric.keys), client.slug
        for _, answers, _ in client.history():
            check_answers(rubric, answers)
        keys = [client.key] + [client.checkin_key(n) for n in range(1, len(client.checkins) + 1)]
        keys += [client.evidence_key(n) for n in range(1, len(client.evidence) + 1)]
        assert client.key == f"demo:{client.slug}:screen:1"
        assert all(len(key) <= 80 for key in keys)


def _days(client: DemoClient) -> list[int]:
    return [checkin.days_ago for checkin in client.checkins]


def test_the_stories_are_written_oldest_first() -> None:
    for client in DEMO_CLIENTS:
        assert _days(client) == sorted(_days(client), reverse=True), client.slug
        assert all(note.days_ago < client.started_days_ago for note in client.evidence), client.slug
