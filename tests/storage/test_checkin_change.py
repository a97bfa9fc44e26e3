"""What a saved check-in changed: status before and after, score against the assessment before
it, and the answers that moved. Read back from a real database."""

from __future__ import annotations

import datetime as dt

from scoring import AccountDraft, Answer, Kind, default_rubric
from scoring.status import Status
from services.checkins import checkin_change
from storage import Repository
from tests import factories

RUBRIC = default_rubric()
TODAY = dt.date(2026, 6, 1)


def _client(repo: Repository) -> int:
    baseline = factories.assessment(TODAY - dt.timedelta(days=90), answer=Answer.HELL_YES)
    return repo.add_client(
        AccountDraft(name="Moving"), baseline, TODAY - dt.timedelta(days=85), "b"
    ).account_id


def _checkin(repo: Repository, account: int, days_ago: int, key: str, **overrides: Answer) -> dt.date:
    on = TODAY - dt.timedelta(days=days_ago)
    checkin = factories.assessment(on, kind=Kind.CHECKIN, answer=Answer.HELL_YES, overrides=overrides)
    repo.add_checkin(account, checkin, key)
    return on


def test_a_check_in_is_compared_with_the_one_before_it(repo: Repository) -> None:
    account = _client(repo)
    first = _checkin(repo, account, 40, "c1", payment=Answer.YES, scope=Answer.YES)
    second = _checkin(repo, account, 5, "c2", payment=Answer.HELL_NO, scope=Answer.HELL_YES)
    change = checkin_change(repo, RUBRIC, repo.account(account), second, TODAY)
    assert change is not None
    assert (change.compared_on, change.compared_kind) == (first, Kind.CHECKIN)
    # A hell no on payment is a hell-no check-in two steps below the baseline: watch, no longer hell yes.
    assert (change.status_before, change.status_after) == (Status.HELL_YES, Status.WATCH)
    assert change.score_after < change.score_before
    assert [(m.dimension, m.before, m.after) for m in change.downs] == [
        ("payment", Answer.YES, Answer.HELL_NO)
    ]
    assert [(m.dimension, m.before, m.after) for m in change.ups] == [("scope", Answer.YES, Answer.HELL_YES)]


def test_the_first_check_in_is_compared_with_the_baseline(repo: Repository) -> None:
    account = _client(repo)
    on = _checkin(repo, account, 5, "c1")
    change = checkin_change(repo, RUBRIC, repo.account(account), on, TODAY)
    assert change is not None
    assert change.compared_kind is Kind.SCREEN
    assert change.score_before == change.score_after == 100
    assert change.moves == ()
    # Before it, the baseline was 85 days old: stale. The check-in makes the client a hell yes again.
    assert (change.status_before, change.status_after) == (Status.STALE, Status.HELL_YES)


def test_no_change_for_a_day_without_a_check_in(repo: Repository) -> None:
    account = _client(repo)
    assert checkin_change(repo, RUBRIC, repo.account(account), TODAY, TODAY) is None
