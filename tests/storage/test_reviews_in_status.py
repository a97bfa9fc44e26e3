"""A review a client submits reaches its status wherever the status is shown: the client page
(`services.accounts.account_view`), Home's portfolio (read whole, and kept up to date from
what changed) and the accounts file (`services.summaries.summaries`). Real SQLite and
PostgreSQL."""

from __future__ import annotations

import datetime as dt

from scoring import AccountDraft, Answer, Kind, default_rubric
from scoring.questionnaires import QuestionnaireKind
from scoring.rules import Rule, Status
from services import portfolio as service
from services.accounts import account_view
from services.portfolio import build_portfolio, compute_portfolio
from services.summaries import summaries
from storage import Repository
from tests import factories

RUBRIC = default_rubric()
TODAY = dt.date.today()
PRAISE: dict[str, str | int] = {
    "clarity": "very_clear",
    "communication": "very_well",
    "value": "very_good",
    "recommend": 10,
}


def _client(repo: Repository, name: str) -> int:
    """A client that is a hell yes: a glowing baseline and a glowing check-in last week."""
    baseline = factories.assessment(TODAY - dt.timedelta(days=40), answer=Answer.HELL_YES, rubric=RUBRIC)
    account = repo.add_client(AccountDraft(name=name), baseline, TODAY - dt.timedelta(days=35), f"c-{name}")
    visit = factories.assessment(
        TODAY - dt.timedelta(days=7), kind=Kind.CHECKIN, answer=Answer.HELL_YES, rubric=RUBRIC
    )
    repo.add_checkin(account.account_id, visit, f"v-{name}")
    return account.account_id


def _review(repo: Repository, account_id: int, answers: dict[str, str | int]) -> None:
    token, _ = repo.create_questionnaire(account_id, QuestionnaireKind.REVIEW, 30, "Jan")
    repo.submit_answers(token, 1, answers, "en")


def test_a_contradicting_review_raises_the_client_to_watch_on_the_client_page(repo: Repository) -> None:
    account_id = _client(repo, "Kees")
    account = repo.account(account_id)
    before = account_view(repo, RUBRIC, account, TODAY).headline
    assert before is not None and before.label == Status.HELL_YES.label

    _review(repo, account_id, PRAISE | {"communication": "badly"})

    view = account_view(repo, RUBRIC, account, TODAY)
    assert view.headline is not None
    status = view.headline.status
    assert status is not None and status.status is Status.WATCH
    assert status.deciding.rule is Rule.REVIEW_CONTRADICTS
    assert [side.kind for side in view.their_answers] == [QuestionnaireKind.REVIEW]


def test_home_points_out_a_review_whether_the_portfolio_is_read_whole_or_kept(repo: Repository) -> None:
    service.forget()
    calm, falling = _client(repo, "Calm"), _client(repo, "Falling")
    _review(repo, calm, PRAISE)
    first = compute_portfolio(repo, RUBRIC, TODAY)
    assert {line.label for line in first} == {Status.HELL_YES.label}
    assert first.attention == []

    for score in (9, 6, 3):  # their rating falls at two reviews in a row
        _review(repo, falling, PRAISE | {"recommend": score})

    kept = compute_portfolio(repo, RUBRIC, TODAY)  # brought up to date from what changed
    whole = build_portfolio(repo, RUBRIC, TODAY)
    for made in (kept, whole):
        line = made.line(falling)
        assert line is not None and line.standing is not None
        assert line.standing.status is Status.WATCH
        [item] = made.attention
        assert item.line.overview.account.id == falling
        assert "2 reviews in a row" in item.message
        still = made.line(calm)
        assert still is not None and still.label == Status.HELL_YES.label
    assert [(a.line.overview.account.id, a.message) for a in kept.attention] == [
        (a.line.overview.account.id, a.message) for a in whole.attention
    ]


def test_the_changed_accounts_come_with_their_reviews_and_no_fit_answers(repo: Repository) -> None:
    reviewed = _client(repo, "Reviewed")
    screen = factories.assessment(TODAY, rubric=RUBRIC)
    prospect = repo.screen_prospect(AccountDraft(name="Prospect"), screen, "p").account_id
    seen = repo.changes_since(None, 0)
    assert seen.reviews == {}

    _review(repo, reviewed, PRAISE)
    token, _ = repo.create_questionnaire(prospect, QuestionnaireKind.FIT, 30, "Jan")
    repo.submit_answers(token, 1, {"payment_terms": "net_30"}, "en")

    changed = repo.changes_since(seen.epoch, seen.seq)
    assert {account.id for account in changed.accounts} == {reviewed, prospect}
    assert list(changed.reviews) == [reviewed]
    assert [side.answers for side in changed.reviews[reviewed]] == [PRAISE]


def test_the_accounts_file_reads_the_same_status_as_home(repo: Repository) -> None:
    account_id = _client(repo, "Filed")
    _review(repo, account_id, PRAISE | {"value": "poor"})

    head = summaries(repo, RUBRIC)[account_id].headline(RUBRIC, repo.account(account_id).stage, TODAY)
    assert head.standing is not None and head.standing.status is Status.WATCH
    assert head.status is not None and head.status.deciding.dimensions == ("price_pushback",)
