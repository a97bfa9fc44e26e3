"""A team's portfolio comes a page at a time, with a search, on Home, Clients and Prospects.

With hundreds of accounts the table shows `PAGE_ROWS` rows, most urgent first, a
page picker and a search on name and company. Every account is reachable through
the pages, a search finds it wherever it sits, and a search that finds nothing
says so. Short lists stay one plain table.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pyarrow as pa
from streamlit.testing.v1 import AppTest

from bench.generate import generate
from scoring import Answer, Kind, default_rubric
from services.portfolio import compute_portfolio
from storage import Repository
from tests import factories
from ui.portfolio import PAGE_ROWS, shown_frame

CLIENTS = 130
PROSPECTS = 60


def _table(app: AppTest) -> pd.DataFrame:
    assert not app.exception, app.exception
    assert len(app.dataframe) == 1
    return app.dataframe[0].value


def test_home_pages_through_every_account_most_urgent_first(
    app: AppTest, db_url: str, repo: Repository
) -> None:
    generate(
        db_url, accounts=CLIENTS, checkins=6, prospects=PROSPECTS, today=dt.date.today(), realistic=False
    )
    app.run()
    first = _table(app)
    assert len(first) == PAGE_ROWS
    picker = app.selectbox(key=f"home.table.page.{-(-(CLIENTS + PROSPECTS) // PAGE_ROWS)}")
    assert picker.options == ["1 of 4", "2 of 4", "3 of 4", "4 of 4"]
    assert any(f"Rows 1–{PAGE_ROWS} of {CLIENTS + PROSPECTS}" in c.value for c in app.caption)

    seen = list(first["id"])
    for page in (2, 3, 4):
        picker.set_value(page).run()
        seen += list(_table(app)["id"])
    assert sorted(seen) == sorted(a.id for a in repo.accounts())  # every account once, none twice
    assert len(_table(app)) == CLIENTS + PROSPECTS - 3 * PAGE_ROWS


def test_a_search_finds_an_account_on_any_page_and_says_when_none_matches(app: AppTest, db_url: str) -> None:
    generate(
        db_url, accounts=CLIENTS, checkins=6, prospects=PROSPECTS, today=dt.date.today(), realistic=False
    )
    app.run()
    app.text_input(key="home.table.find").set_value("account 0117").run()
    found = _table(app)
    assert list(found["Name"]) == ["Account 0117"]
    assert any("of 1 found" in c.value for c in app.caption)

    app.text_input(key="home.table.find").set_value("nobody by that name").run()
    assert not app.exception and len(app.dataframe) == 0
    assert any("nobody by that name" in i.value for i in app.info)


def test_clients_and_prospects_page_too(app: AppTest, db_url: str) -> None:
    generate(
        db_url, accounts=CLIENTS, checkins=6, prospects=PROSPECTS, today=dt.date.today(), realistic=False
    )
    app.switch_page("pages/clients.py").run()
    assert not app.exception
    # The generated portfolio has ended clients too: they have a table of their own below.
    assert len(app.dataframe[0].value) == PAGE_ROWS
    app.switch_page("pages/prospects.py").run()
    assert len(_table(app)) == PAGE_ROWS
    # Prospects has its own search above the verdict filter; the table adds no second one.
    assert [t.key for t in app.text_input] == ["prospects.search"]


def test_a_short_list_is_one_table_without_a_picker(app: AppTest, db_url: str) -> None:
    generate(db_url, accounts=5, checkins=3, prospects=4, today=dt.date.today(), realistic=False)
    app.run()
    assert len(_table(app)) == 9
    assert len(app.selectbox) == 0 and len(app.text_input) == 0


def test_a_rerun_showing_the_same_lines_draws_the_frame_it_drew_and_a_save_draws_anew(
    db_url: str, repo: Repository
) -> None:
    """Home, Clients and Prospects make a page's table once per line objects: a click that changes
    nothing reuses it, and a save, which makes new lines for its account, shows at once."""
    generate(
        db_url, accounts=CLIENTS, checkins=6, prospects=PROSPECTS, today=dt.date.today(), realistic=False
    )
    rubric = default_rubric()
    before = compute_portfolio(repo, rubric, dt.date.today())
    page = before[:PAGE_ROWS]
    first = shown_frame(page)
    # Drawing a list judges no client's verdicts: its rows show the status (`scoring.headline`).
    assert not any(line.headline and line.is_client and line.headline.judged for line in page)
    assert shown_frame(list(page)) is first  # the same lines, in a new list: the same frame
    assert shown_frame(before[PAGE_ROWS : 2 * PAGE_ROWS]) is not first

    # The most urgent line stays first after a save that makes it worse still.
    line = page[0]
    account = line.overview.account.id

    def score(table: pa.Table) -> float:
        (row,) = [row for row in table.to_pylist() if row["id"] == account]
        return float(row["Score"])

    assert score(first) > 0
    kind = Kind.CHECKIN if line.is_client else Kind.SCREEN
    repo.add_assessment(
        account, factories.assessment(dt.date.today(), kind=kind, answer=Answer.HELL_NO), "worse"
    )
    after = compute_portfolio(repo, rubric, dt.date.today())
    redrawn = shown_frame(after[:PAGE_ROWS])
    assert redrawn is not first
    assert score(redrawn) == 0
    assert score(first) > 0  # what was drawn is never changed
