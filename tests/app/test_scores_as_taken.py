"""A client whose history spans two versions of the rubric: scores as taken, with a note saying so,
until the sidebar's switch scores every one on the version in use."""

from __future__ import annotations

import datetime as dt

from streamlit.testing.v1 import AppTest

from scoring import AccountDraft, Answer, Kind
from services import rubrics
from storage import Repository
from tests import factories
from ui import routes
from ui.client_view import history_chart_inputs

SWITCH = "Score history on the rubric in use"


def _client_over_two_versions(repo: Repository) -> int:
    today = dt.date.today()
    v1 = rubrics.current(repo)
    low_payment = {"payment": Answer.UNSURE}
    screen = factories.assessment(
        today - dt.timedelta(days=90), answer=Answer.HELL_YES, overrides=low_payment
    )
    account = repo.add_client(
        AccountDraft(name="Edgewater"), screen, today - dt.timedelta(days=85), "e"
    ).account_id
    checkin = factories.assessment(
        today - dt.timedelta(days=60), kind=Kind.CHECKIN, answer=Answer.HELL_YES, overrides=low_payment
    )
    repo.add_checkin(account, checkin, "c1")
    dims = tuple(d.model_copy(update={"weight": 10.0}) if d.key == "payment" else d for d in v1.dimensions)
    v2 = rubrics.save(repo, v1.model_copy(update={"dimensions": dims}), based_on=1).rubric
    later = factories.assessment(
        today - dt.timedelta(days=30),
        kind=Kind.CHECKIN,
        answer=Answer.HELL_YES,
        overrides=low_payment,
        rubric=v2,
    )
    repo.add_checkin(account, later, "c2")
    return account


def _captions(app: AppTest) -> str:
    return " ".join(c.value for c in app.caption)


def _scores(repo: Repository, account: int, as_now: bool) -> list[float]:
    """The scores the History tab's chart draws, as taken or on the rubric in use."""
    rubric = rubrics.current(repo)
    history = repo.assessments(account)
    rows, _data, _spec = history_chart_inputs(rubric, history, None if as_now else rubrics.book(repo, rubric))
    return [round(row[1], 1) for row in rows]


def test_old_scores_stay_as_taken_until_the_switch_says_otherwise(app: AppTest, repo: Repository) -> None:
    account = _client_over_two_versions(repo)
    app.switch_page(routes.CLIENT)
    app.query_params["account"] = str(account)
    app.run()
    assert not app.exception
    assert "2 scores here were taken with an earlier version of the rubric" in _captions(app)
    assert _scores(repo, account, as_now=False) == [95.0, 95.0, 73.7]
    next(t for t in app.toggle if t.label == SWITCH).set_value(True).run()
    assert not app.exception
    assert "Every score here is worked out on version 2, the rubric in use" in _captions(app)
    assert _scores(repo, account, as_now=True) == [73.7, 73.7, 73.7]


def test_no_switch_while_the_built_in_rubric_is_the_only_version(app: AppTest, repo: Repository) -> None:
    app.switch_page(routes.HOME).run()
    assert not [t for t in app.toggle if t.label == SWITCH]


def test_the_clients_list_says_how_its_trends_are_scored(app: AppTest, repo: Repository) -> None:
    _client_over_two_versions(repo)
    app.switch_page(routes.CLIENTS).run()
    assert not app.exception
    assert "Trends show each score as taken, with the version of the rubric of its day" in _captions(app)
    next(t for t in app.toggle if t.label == SWITCH).set_value(True).run()
    assert "Trends are worked out on version 2, the rubric in use." in _captions(app)
