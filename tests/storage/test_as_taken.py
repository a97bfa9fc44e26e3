"""Scores as taken, each by the version of the rubric it was taken with, or all on the version in
use: the lists' trends, the assessments download, and the same numbers one at a time."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from scoring import AccountDraft, Answer, Kind, Rubric, Verdict, default_rubric
from scoring.verdict import evaluate_stored
from services import rubrics
from services.portfolio import build_portfolio
from services.transfer import assessments_csv
from storage import Repository
from tests import factories

TODAY = dt.date(2026, 6, 1)


def _heavier_payment(rubric: Rubric) -> Rubric:
    dims = tuple(
        d.model_copy(update={"weight": 10.0}) if d.key == "payment" else d for d in rubric.dimensions
    )
    return rubric.model_copy(update={"dimensions": dims})


@pytest.fixture
def two_versions(repo: Repository) -> tuple[Rubric, Rubric, int]:
    """A client screened and checked in under version 1, checked in again under version 2."""
    v1 = default_rubric()
    overrides = {"payment": Answer.UNSURE}
    screen = factories.assessment(dt.date(2026, 1, 5), answer=Answer.HELL_YES, overrides=overrides)
    account = repo.add_client(AccountDraft(name="Edgewater"), screen, dt.date(2026, 1, 10), "e").account_id
    first = factories.assessment(
        dt.date(2026, 2, 5), kind=Kind.CHECKIN, answer=Answer.HELL_YES, overrides=overrides
    )
    repo.add_checkin(account, first, "c1")
    v2 = rubrics.save(repo, _heavier_payment(v1), based_on=1).rubric
    second = factories.assessment(
        dt.date(2026, 3, 5), kind=Kind.CHECKIN, answer=Answer.HELL_YES, overrides=overrides, rubric=v2
    )
    repo.add_checkin(account, second, "c2")
    return v1, v2, account


def test_a_trend_is_as_taken_and_on_the_rubric_in_use_side_by_side(
    repo: Repository, two_versions: tuple[Rubric, Rubric, int]
) -> None:
    v1, v2, account = two_versions
    answers = {**dict.fromkeys(v1.keys, Answer.HELL_YES), "payment": Answer.UNSURE}
    then, now = evaluate_stored(v1, answers).score, evaluate_stored(v2, answers).score
    assert then == 95.0
    assert now == pytest.approx(100 * 56 / 76)
    line = build_portfolio(repo, v2, TODAY).line(account)
    assert line is not None
    assert line.trend == [then, then, now]
    assert line.trend_now == [now, now, now]


def test_one_version_only_keeps_one_trend(repo: Repository) -> None:
    screen = factories.assessment(dt.date(2026, 1, 5))
    account = repo.screen_prospect(AccountDraft(name="Solo"), screen, "s").account_id
    line = build_portfolio(repo, default_rubric(), TODAY).line(account)
    assert line is not None and line.trend_now is None


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_download_is_as_taken_unless_asked_for_the_rubric_in_use(
    repo: Repository, two_versions: tuple[Rubric, Rubric, int]
) -> None:
    _v1, v2, _account = two_versions
    taken = _rows(assessments_csv(repo, v2, TODAY, book=rubrics.book(repo, v2)))
    now = _rows(assessments_csv(repo, v2, TODAY))
    assert [(r["score"], r["verdict"]) for r in taken] == [
        ("95", "hell_yes"),
        ("95", "hell_yes"),
        ("73.6", "hell_no"),
    ]
    assert [(r["score"], r["verdict"]) for r in now] == [("73.6", "hell_no")] * 3
    # The status is a judgement of today, on the rubric in use, either way.
    assert [r["status"] for r in taken] == [r["status"] for r in now]


def test_a_screen_taken_with_an_older_version_gets_that_versions_reason(repo: Repository) -> None:
    v1 = default_rubric()
    # A hell no under version 1 (payment on the floor); version 2 drops the floor: a hell yes.
    screen = factories.assessment(
        dt.date(2026, 1, 5),
        answer=Answer.HELL_YES,
        overrides={"payment": Answer.HELL_NO},
        gut=Verdict.HELL_NO,
    )
    repo.screen_prospect(AccountDraft(name="Floored"), screen, "f")
    no_floor = v1.model_copy(update={"verdict": v1.verdict.model_copy(update={"floor": None})})
    v2 = rubrics.save(repo, no_floor, based_on=1).rubric
    taken = _rows(assessments_csv(repo, v2, TODAY, book=rubrics.book(repo, v2)))
    now = _rows(assessments_csv(repo, v2, TODAY))
    assert (taken[0]["verdict"], taken[0]["reason"]) == ("hell_no", "payment")
    assert (now[0]["verdict"], now[0]["reason"]) == ("hell_yes", "")
