"""The calibration page: a picture of gut vs rubric vs outcome, and what "proves" means."""

from __future__ import annotations

import datetime as dt
from typing import Any

from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from scoring import AccountDraft, Answer, Outcome, Verdict
from storage import Repository
from tests import factories

TODAY = dt.date.today()


def _ended(
    repo: Repository,
    name: str,
    gut: Verdict,
    answer: Answer,
    outcome: Outcome,
    *,
    days_ago: int = 10,
    key: str = "",
) -> None:
    screen = factories.assessment(TODAY - dt.timedelta(days=200), gut=gut, answer=answer)
    account = repo.add_client(
        AccountDraft(name=name), screen, TODAY - dt.timedelta(days=190), key or name
    ).account_id
    repo.end(account, outcome, TODAY - dt.timedelta(days=days_ago), "")


def test_ended_relationships_are_drawn_as_gut_rubric_and_outcome(app: AppTest, repo: Repository) -> None:
    _ended(repo, "Done Well", Verdict.HELL_YES, Answer.HELL_YES, Outcome.COMPLETED)
    _ended(repo, "Went Under", Verdict.HELL_NO, Answer.HELL_YES, Outcome.WENT_BUST)
    app.switch_page("pages/calibration.py").run()
    assert not app.exception
    [chart] = app.get("vega_lite_chart")
    cells = {(c["name"], c["column"]): c["verdict"] for c in _chart_rows(chart)}
    assert cells[("Went Under", "Gut said")] == "Hell no"
    assert cells[("Went Under", "Rubric said")] == "Hell yes"
    assert cells[("Went Under", "Outcome proved")] == "Hell no"
    captions = " ".join(c.value for c in app.caption)
    assert "completed as planned proves it was a hell yes" in captions
    assert "went bust, proves it was a hell no" in captions
    assert "Outcome proves" in app.dataframe[0].value.columns


def test_without_ended_relationships_there_is_no_picture(app: AppTest, repo: Repository) -> None:
    repo.screen_prospect(AccountDraft(name="Open"), factories.assessment(), "open")
    app.switch_page("pages/calibration.py").run()
    assert not app.exception
    assert not app.get("vega_lite_chart")


def test_a_long_list_of_ended_relationships_comes_a_page_at_a_time_most_recent_first(
    app: AppTest, repo: Repository
) -> None:
    for n in range(25):
        _ended(repo, f"Ended {n:02d}", Verdict.HELL_YES, Answer.HELL_YES, Outcome.COMPLETED, days_ago=n + 1)
    app.switch_page("pages/calibration.py").run()
    assert not app.exception
    [table] = app.dataframe
    assert list(table.value["Name"]) == [f"Ended {n:02d}" for n in range(20)]  # most recently ended first
    assert "1–20 of 25, most recently ended first." in [c.value for c in app.caption]
    [chart] = app.get("vega_lite_chart")
    assert len({row["name"] for row in _chart_rows(chart)}) == 20

    app.selectbox(key="calibration.page.2").set_value(2).run()
    assert list(app.dataframe[0].value["Name"]) == [f"Ended {n:02d}" for n in range(20, 25)]
    assert app.metric[1].value == "25"  # the counts are of every ended relationship, not the page


def test_two_accounts_of_one_name_get_a_row_each_in_the_picture(app: AppTest, repo: Repository) -> None:
    _ended(repo, "Bram Visser", Verdict.HELL_YES, Answer.HELL_YES, Outcome.COMPLETED, key="one", days_ago=3)
    _ended(repo, "Bram Visser", Verdict.HELL_NO, Answer.HELL_YES, Outcome.WENT_BUST, key="two", days_ago=5)
    app.switch_page("pages/calibration.py").run()
    assert not app.exception
    [chart] = app.get("vega_lite_chart")
    cells = {(c["name"], c["column"]): c["verdict"] for c in _chart_rows(chart)}
    assert cells[("Bram Visser", "Gut said")] == "Hell yes"
    assert cells[("Bram Visser (2)", "Gut said")] == "Hell no"


def _chart_rows(chart: Any) -> list[dict[str, str]]:
    """The rows a chart element sent to the browser (Arrow IPC bytes)."""
    frame = convert_arrow_bytes_to_pandas_df(chart.proto.data.data)
    return [{str(k): str(v) for k, v in row.items()} for row in frame.to_dict("records")]
