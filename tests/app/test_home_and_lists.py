"""Home's alerts and the three portfolio lists, through the real pages.

Home names each account that needs the person once, at its most severe, most severe
first, and each alert is a link to the account's own page. The lists put the status
right after the name, and the Prospects list says why a hell no is a hell no.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable

import pandas as pd
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Dataframe, PageLink

from scoring import AccountDraft, Answer, Kind, Verdict, default_rubric
from scoring.playbooks import playbooks
from services.demo import load_demo
from services.portfolio import attention, compute_portfolio
from services.transfer import assessments_csv
from storage import Repository
from tests import factories

RUBRIC = default_rubric()


def _alerts(app: AppTest) -> list[PageLink]:
    """The page links that open one account: Home's alerts (the sidebar links open pages)."""
    links = [e for e in app.get("page_link") if isinstance(e, PageLink)]
    return [link for link in links if "account=" in link.proto.query_string]


def _status(table: Dataframe) -> pd.Series:
    """The Status column's labels: each cell holds one, drawn as a chip."""
    return table.value["Status"].map(lambda cell: str(cell[0]) if len(cell) == 1 else cell)


def _chip_colours(table: Dataframe) -> dict[str, str]:
    """The colour the grid draws each Status label's chip in."""
    config = json.loads(table.proto.columns)["Status"]["type_config"]
    assert config["type"] == "multiselect", config
    return {option["value"]: option.get("color", "") for option in config["options"] or ()}


def _client(repo: Repository, name: str, **answers: Answer) -> int:
    today = dt.date.today()
    screen = factories.assessment(today - dt.timedelta(days=60), kind=Kind.SCREEN, answer=Answer.HELL_YES)
    account = repo.add_client(
        AccountDraft(name=name), screen, today - dt.timedelta(days=60), f"c-{name}"
    ).account_id
    checkin = factories.assessment(
        today - dt.timedelta(days=5), kind=Kind.CHECKIN, answer=Answer.HELL_YES, overrides=answers
    )
    repo.add_checkin(account, checkin, f"k-{name}")
    return account


def test_home_names_each_account_once_most_severe_first_and_links_to_its_page(
    app: AppTest, repo: Repository, add_prospect: Callable[..., int]
) -> None:
    add_prospect("All Good")
    # A knockout and a gut call the rubric contradicts: two reasons, one alert.
    bully = add_prospect("Charming Bully", gut=Verdict.HELL_YES, respect=Answer.HELL_NO)
    second = add_prospect("Second Look", answer=Answer.YES, gut=Verdict.HELL_YES)  # 75: below the bar
    abusive = _client(repo, "Abusive", respect=Answer.NO)
    app.run()
    assert not app.exception
    alerts = _alerts(app)
    # A client to fire opens on the let-go playbook; a prospect on its scorecard.
    assert [link.proto.query_string for link in alerts] == [
        f"account={abusive}&tab=Let+go",
        f"account={bully}",
        f"account={second}",
    ]
    assert [link.proto.page for link in alerts] == ["client", "scorecard", "scorecard"]
    assert "Fire now" in alerts[0].value
    assert "Knockout" in alerts[1].value and "Gut said yes" not in alerts[1].value
    assert "Gut said yes" in alerts[2].value


def test_in_the_demo_every_alert_is_a_different_account_ordered_by_severity(
    db_url: str, repo: Repository
) -> None:
    today = dt.date.today()
    load_demo(db_url, today)
    items = attention(compute_portfolio(repo, RUBRIC, today))
    names = [item.line.overview.account.name for item in items]
    assert len(names) == len(set(names))
    assert names.count("Victoria Ashford") == 1  # a knockout and a gut call the rubric overruled
    assert [item.rank for item in items] == sorted(item.rank for item in items)
    assert names[0] == "Derek Thornton" and items[0].tag.startswith("Fire now")


def test_home_shows_the_first_alerts_and_says_how_many_more(db_url: str, app: AppTest) -> None:
    load_demo(db_url, dt.date.today())
    app.run()
    assert not app.exception
    assert len(_alerts(app)) == 6
    # 13 in all: the sailing school's slowing payments is one of them.
    assert any(c.value.startswith("… and 7 more") for c in app.caption)


def test_every_list_shows_the_status_right_after_the_name(
    app: AppTest, repo: Repository, add_prospect: Callable[..., int]
) -> None:
    add_prospect("Prospect")
    _client(repo, "Client")
    for page in ("home.py", "pages/clients.py", "pages/prospects.py"):
        app.switch_page(page).run()
        assert not app.exception
        assert list(app.dataframe[0].proto.column_order[:3]) == ["Name", "Status", "Score"], page


def test_prospects_say_why_a_hell_no_without_stage_or_trend(
    db_url: str, app: AppTest, repo: Repository
) -> None:
    today = dt.date.today()
    load_demo(db_url, today)
    app.switch_page("pages/prospects.py").run()
    assert not app.exception
    table = app.dataframe[0]
    shown = set(table.proto.column_order)
    assert "Stage" not in shown and "Trend" not in shown and {"Name", "Status", "Reason"} <= shown
    rows = table.value.set_index("Name")
    for account in repo.accounts():
        if account.name not in rows.index:
            continue
        # The Reason is the one the CSV download gives the prospect's latest screen.
        latest = list(
            csv.DictReader(io.StringIO(assessments_csv(repo, RUBRIC, today, account_id=account.id)))
        )[-1]
        expected = playbooks()[latest["reason"]].title if latest["reason"] else ""
        assert rows.loc[account.name, "Reason"] == expected, account.name
    hell_no = rows[_status(table).to_numpy() == "Hell no"]
    assert len(hell_no) > 0 and (hell_no["Reason"] != "").all()


def test_an_ended_relationship_says_ended_in_status_and_how_in_reason(db_url: str, app: AppTest) -> None:
    """A phone's Status column holds one word; "ended: we let them go" was cut off there."""
    load_demo(db_url, dt.date.today())
    app.switch_page("pages/clients.py").run()
    assert not app.exception
    ended = app.dataframe[1].value
    assert len(ended) > 0 and set(_status(app.dataframe[1])) == {"ended"}
    assert (ended["Reason"] != "").all(), ended[["Name", "Reason"]]


#: What a status looks like at a glance: good green, bad red, a warning amber, quiet grey.
GREEN, RED, AMBER, GREY = "#15803d", "#b91c1c", "#b45309", "#64748b"
CHIP = {
    "Hell yes": GREEN,
    "Hell no": RED,
    "Fire now": RED,
    "Let go": RED,
    "Watch": AMBER,
    "Stale": GREY,
    "ended": GREY,
    "not screened": GREY,
}


def test_every_list_draws_each_status_in_its_colour(db_url: str, app: AppTest) -> None:
    load_demo(db_url, dt.date.today())
    seen: set[str] = set()
    for page in ("home.py", "pages/clients.py", "pages/prospects.py"):
        app.switch_page(page).run()
        assert not app.exception
        for table in app.dataframe:
            colours = _chip_colours(table)
            for label in _status(table):
                assert colours.get(label) == CHIP[label], (page, label, colours)
                seen.add(label)
    # The demo holds every kind of standing an account can have but one.
    assert seen == set(CHIP) - {"not screened"}, seen
