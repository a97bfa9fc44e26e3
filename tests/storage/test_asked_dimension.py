"""Accounts assessed before the rubric gained or retired a dimension still show everywhere.

Their stored answers lack the new dimension (or answer a retired one): Home's portfolio, the
client page, the lists and the downloads judge them over what they were asked, and agree with
each other. Real SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

from formats import csvcodec
from scoring import AccountDraft, Answer, Kind, Rubric, Stage, Verdict, default_rubric
from scoring.rules import Status
from scoring.status import client_status, split_history
from scoring.verdict import evaluate_stored
from services import portfolio as service
from services.accounts import account_view
from services.portfolio import compute_portfolio
from services.transfer import accounts_csv, assessments_csv, plan_text
from storage import Repository
from tests import factories
from tests.helpers import stored_rows, without_portable

RUBRIC = default_rubric()
TODAY = dt.date.today()
NEW = "punctuality"


def _grown(rubric: Rubric) -> Rubric:
    """The rubric one version on, with a heavy knockout question added at the end."""
    data = rubric.model_dump(mode="json")
    data["version"] += 1
    data["dimensions"].append(
        {"key": NEW, "label": "Punctuality", "prospect": "On time?", "client": "On time?", "weight": 3.0}
        | {"knockout": True}
    )
    return Rubric.model_validate(data)


def _retiring(rubric: Rubric, key: str) -> Rubric:
    """The rubric one version on, with `key` no longer asked."""
    data = rubric.model_dump(mode="json")
    data["version"] += 1
    gone = next(d for d in data["dimensions"] if d["key"] == key)
    data["dimensions"].remove(gone)
    data["retired"] = [gone | {"knockout": False}]
    return Rubric.model_validate(data)


def _accounts(repo: Repository) -> tuple[int, int]:
    """A prospect and a client, assessed on the default rubric: the client's last check-in sank."""
    prospect = repo.screen_prospect(
        AccountDraft(name="Early prospect"),
        factories.assessment(TODAY - dt.timedelta(days=20), answer=Answer.YES),
        "p-early",
    ).account_id
    baseline = factories.assessment(TODAY - dt.timedelta(days=90), answer=Answer.HELL_YES)
    client = repo.add_client(
        AccountDraft(name="Early client"), baseline, TODAY - dt.timedelta(days=85), "c-early"
    )
    for days, answer in ((60, Answer.HELL_YES), (10, Answer.UNSURE)):
        visit = factories.assessment(TODAY - dt.timedelta(days=days), kind=Kind.CHECKIN, answer=answer)
        repo.add_checkin(client.account_id, visit, f"v-{days}")
    return prospect, client.account_id


def test_accounts_screened_before_a_dimension_was_added_show_on_the_portfolio(repo: Repository) -> None:
    service.forget()
    prospect, client = _accounts(repo)
    grown = _grown(RUBRIC)

    made = compute_portfolio(repo, grown, TODAY)

    early = made.line(prospect)
    assert early is not None and early.headline is not None
    assert early.headline.score == 75.0  # "yes" throughout, over the ten it was asked
    assert early.headline.result.verdict is Verdict.HELL_NO
    line = made.line(client)
    assert line is not None and line.standing is not None
    history = [s.assessment for s in repo.assessments(client)]
    baseline, checkins = split_history(history)
    assert baseline is not None
    alone = client_status(grown, baseline, checkins, TODAY)
    assert line.standing == alone.standing()
    assert alone.status is Status.LET_GO and alone.baseline_score == 100.0
    # The client page says the same, explained.
    view = account_view(repo, grown, repo.account(client), TODAY)
    assert view.headline is not None and view.headline.status == alone
    assert line.status == alone


def test_a_check_in_under_the_grown_rubric_counts_its_new_question(repo: Repository) -> None:
    service.forget()
    _, client = _accounts(repo)
    grown = _grown(RUBRIC)
    late = dict.fromkeys(grown.keys, Answer.HELL_YES) | {NEW: Answer.NO}
    repo.add_checkin(
        client, factories.assessment(TODAY, kind=Kind.CHECKIN, answers=late, rubric=grown), "v-late"
    )

    line = compute_portfolio(repo, grown, TODAY).line(client)

    assert line is not None and line.standing is not None
    assert line.standing.status is Status.FIRE_NOW and line.standing.reason is None
    status = line.status
    assert status is not None and status.responsible == (NEW,)
    assert line.standing.latest_score == evaluate_stored(grown, late).score


def test_the_downloads_leave_a_question_not_asked_empty_and_agree_row_by_row(repo: Repository) -> None:
    _accounts(repo)
    grown = _grown(RUBRIC)

    text = assessments_csv(repo, grown, TODAY)

    scored, _ = csvcodec.score_rows(stored_rows(repo), grown, TODAY)
    assert without_portable(text) == csvcodec.write_rows(scored, grown)
    header, *lines = text.splitlines()
    at = header.split(",").index(NEW)
    assert lines and all(line.split(",")[at] == "" for line in lines)
    assert "Early client" in accounts_csv(repo, grown, TODAY)
    # Read back, each row comes back as it was: the question added since, not asked.
    plan = plan_text(text, grown, TODAY)
    assert plan.header_error is None and plan.errors == []
    assert len(plan.rows) == len(lines) and all(NEW not in row.answers for row in plan.rows)


def test_answers_to_a_retired_question_are_ignored_everywhere(repo: Repository) -> None:
    service.forget()
    prospect, client = _accounts(repo)
    key = next(d.key for d in RUBRIC.dimensions if not d.knockout)
    retiring = _retiring(RUBRIC, key)
    # A later screen answers the retired question worst: it is no floor any more.
    again = factories.assessment(TODAY, answer=Answer.HELL_YES, overrides={key: Answer.HELL_NO})
    repo.add_assessment(prospect, again, "p-again")

    made = compute_portfolio(repo, retiring, TODAY)

    early = made.line(prospect)
    assert early is not None and early.headline is not None
    assert early.headline.result.verdict is Verdict.HELL_YES and early.headline.score == 100.0
    line = made.line(client)
    assert line is not None and line.standing is not None
    view = account_view(repo, retiring, repo.account(client), TODAY)
    assert view.headline is not None and view.headline.status is not None
    assert line.standing == view.headline.status.standing()
    # The file keeps the retired question's column in its place, with the answers given to it.
    text = assessments_csv(repo, retiring, TODAY)
    assert text.splitlines()[0].split(",") == list(csvcodec.columns(RUBRIC, portable=True))
    assert Stage.CLIENT.value in text and "hell_no" in text
