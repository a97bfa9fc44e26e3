"""The demo data: loads once, covers both verdicts and the edges, and fits the default rubric."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from scoring import Result, Verdict, check_answers, default_rubric, evaluate
from storage import open_repository
from storage.demo import DEMO_PROSPECTS, load_demo

TODAY = dt.date(2025, 3, 14)


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/demo.db"


def _results(url: str) -> dict[str, Result]:
    """The verdict on each account's latest assessment, by account name."""
    rubric = default_rubric()
    results: dict[str, Result] = {}
    for row in open_repository(url).overview():
        assert row.latest is not None
        latest = row.latest.assessment
        results[row.account.name] = evaluate(rubric, latest.answers, latest.gut)
    return results


def test_loads_twelve_the_first_time_and_nothing_the_second(url: str) -> None:
    assert load_demo(url, today=TODAY) == 12
    assert load_demo(url, today=TODAY) == 0
    assert open_repository(url).count_accounts() == 12


def test_a_later_day_adds_nothing_either(url: str) -> None:
    assert load_demo(url, today=TODAY) == 12
    assert load_demo(url, today=TODAY + dt.timedelta(days=40)) == 0
    assert open_repository(url).count_accounts() == 12


def test_stored_rows_keep_what_the_demo_says(url: str) -> None:
    load_demo(url, today=TODAY)
    stored = {row.account.name: row for row in open_repository(url).overview()}
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


def test_both_verdicts_in_a_realistic_mix(url: str) -> None:
    load_demo(url, today=TODAY)
    verdicts = [r.verdict for r in _results(url).values()]
    assert verdicts.count(Verdict.HELL_YES) == 5
    assert verdicts.count(Verdict.HELL_NO) == 7


def test_gut_and_rubric_disagree_at_least_three_times(url: str) -> None:
    load_demo(url, today=TODAY)
    disagreements = [name for name, r in _results(url).items() if r.gut_agrees is False]
    assert len(disagreements) >= 3


def test_the_edges_of_the_threshold(url: str) -> None:
    load_demo(url, today=TODAY)
    results = list(_results(url).values())
    at_80 = [r for r in results if r.score == 80]
    at_77_5 = [r for r in results if r.score == 77.5]
    assert len(at_80) == 1 and at_80[0].verdict is Verdict.HELL_YES
    assert len(at_77_5) == 1 and at_77_5[0].verdict is Verdict.HELL_NO
    assert [b.rule for b in at_77_5[0].blockers] == ["threshold"]


def test_a_knockout_sinks_an_otherwise_high_score(url: str) -> None:
    load_demo(url, today=TODAY)
    knocked = [r for r in _results(url).values() if any(b.rule == "knockout" for b in r.blockers)]
    assert len(knocked) == 1
    assert knocked[0].score >= 80
    assert knocked[0].verdict is Verdict.HELL_NO


def test_every_answer_set_is_complete_for_the_default_rubric() -> None:
    rubric = default_rubric()
    for prospect in DEMO_PROSPECTS:
        answers = prospect.answer_map()
        assert set(answers) == set(rubric.keys), prospect.slug
        check_answers(rubric, answers)


def test_the_data_is_varied_and_well_formed() -> None:
    assert len(DEMO_PROSPECTS) == 12
    assert len({p.slug for p in DEMO_PROSPECTS}) == 12
    assert len({p.name for p in DEMO_PROSPECTS}) == 12
    assert all(p.note and p.company and p.deal_value > 0 for p in DEMO_PROSPECTS)
    assert any(not p.name.isascii() or not p.company.isascii() for p in DEMO_PROSPECTS)
    assert all(0 <= p.days_ago <= 90 for p in DEMO_PROSPECTS)
    assert all(len(p.key) <= 80 and p.key == f"demo:{p.slug}:screen:1" for p in DEMO_PROSPECTS)
