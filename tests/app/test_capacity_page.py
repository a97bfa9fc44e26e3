"""Capacity through the pages: the setting on Settings, the Capacity page with no capacity, within
it and over it, and Home's one notice when the week does not fit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import PageLink

from scoring import AccountDraft, Answer, Assessment, Kind
from services.invoices import capacity, late_fee_percent, save_capacity, set_hours
from storage import Repository
from tests import factories

TODAY = dt.date.today()
CAPACITY = "pages/capacity.py"


def _assessment(
    days_ago: int, kind: Kind = Kind.CHECKIN, answers: dict[str, Answer] | None = None
) -> Assessment:
    return factories.assessment(
        TODAY - dt.timedelta(days=days_ago), kind=kind, answer=Answer.HELL_YES, overrides=answers or {}
    )


def _client(
    repo: Repository, name: str, hours: float | None, deal: float | None = None, **answers: Answer
) -> int:
    """A client signed 200 days ago with a check-in 5 days ago (`answers` in it), `hours` a week."""
    account = repo.add_client(
        AccountDraft(name=name, deal_value=deal),
        _assessment(200, Kind.SCREEN),
        TODAY - dt.timedelta(days=200),
        f"client-{name}",
    ).account_id
    repo.add_checkin(account, _assessment(5, answers=answers), f"checkin-{name}")
    if hours is not None:
        set_hours(repo, account, hours)
    return account


def _week(repo: Repository) -> dict[str, int]:
    """52 hours a week: a client to fire now, and three healthy ones at 30, 50 and 100 an hour."""
    return {
        "Rude": _client(repo, "Rude", 12, deal=100_000, respect=Answer.NO),
        "Cheap": _client(repo, "Cheap", 20, deal=31_200),  # 31,200 / (20 x 52) = 30 an hour
        "Middle": _client(repo, "Middle", 10, deal=26_000),  # 50 an hour
        "Dear": _client(repo, "Dear", 10, deal=52_000),  # 100 an hour
        "Unsaid": _client(repo, "Unsaid", None, deal=10_000),
    }


def _texts(app: AppTest) -> str:
    parts = [*app.markdown, *app.caption, *app.info, *app.success, *app.warning, *app.error]
    return "\n".join(str(p.value) for p in parts).replace("\\", "")


def _links(app: AppTest) -> dict[str, tuple[str, str]]:
    """Each link's label: the page it opens (its address, "capacity") and its query."""
    return {
        str(link.value): (link.proto.page, link.proto.query_string)
        for link in app.get("page_link")
        if isinstance(link, PageLink)
    }


def _open(app: AppTest) -> AppTest:
    app.switch_page(CAPACITY)
    return app.run()


def test_without_a_capacity_the_page_says_where_to_set_it_and_still_lists_the_hours(
    app: AppTest, repo: Repository
) -> None:
    _week(repo)
    _open(app)
    assert not app.exception
    assert "Set the hours a week you can work" in app.info[0].value
    assert _links(app)["Set your capacity in Settings"] == ("settings", "")
    table = app.dataframe[0].value
    assert list(table["Name"]) == ["Cheap", "Rude", "Middle", "Dear"]  # the most hours first
    assert "1 active client has no hours a week set" in _texts(app)
    assert not app.warning


def test_within_capacity_the_page_says_what_is_free_and_where_the_time_goes(
    app: AppTest, repo: Repository
) -> None:
    _week(repo)
    save_capacity(repo, 60)
    _open(app)
    assert not app.exception
    assert app.success[0].value == "Your clients fit: 8 hours a week are free."
    assert [m.value for m in app.metric] == ["52", "60"]
    table = app.dataframe[0].value
    assert list(table["Name"]) == ["Cheap", "Rude", "Middle", "Dear"]
    assert "€50 · deal value" in list(table["Per hour"])
    assert not app.expander  # no playbook when nothing needs ending


def test_over_capacity_the_page_ranks_what_to_end_and_marks_where_the_week_fits(
    app: AppTest, repo: Repository
) -> None:
    ids = _week(repo)
    save_capacity(repo, 25)
    _open(app)
    assert not app.exception
    assert "You are 27 hours a week over capacity." in app.warning[0].value
    table = app.dataframe[0].value
    # The client to fire first, then the healthy ones from the lowest value per hour.
    assert list(table["Name"]) == ["Rude", "Cheap", "Middle", "Dear"]
    assert list(table["Left after"]) == [40, 20, 10, 0]
    assert list(table["Fits"]) == ["", "✓ the week fits", "", ""]
    assert list(table["Per hour"])[1] == "€30 · deal value"
    # The over-capacity playbook on the page: its steps and a message to the first to end.
    expander = app.expander[0]
    assert "Over capacity" in expander.label
    assert "Refer them to someone who can" in _texts(app)
    message = str(next(area.value for area in app.text_area))
    assert message.startswith("Hi Rude,") and "someone I trust" in message
    assert app.selectbox(key="capacity.write_to").options == ["Rude", "Cheap"]
    # One click from the client's Let go tab on this playbook.
    letgo = f"account={ids['Rude']}&tab=Let+go&reason=over_capacity"
    assert _links(app)["Open Rude on the Let go tab"] == ("client", letgo)
    # That address opens the Let go tab on the over-capacity playbook.
    app.switch_page("pages/client.py")
    for name, value in (("account", str(ids["Rude"])), ("tab", "Let go"), ("reason", "over_capacity")):
        app.query_params[name] = value
    app.run()
    assert not app.exception
    assert app.selectbox(key=f"letgo.{ids['Rude']}.reason").value == "over_capacity"


def test_the_settings_save_the_capacity_and_late_fee_and_refuse_what_cannot_be(
    app: AppTest, repo: Repository
) -> None:
    app.switch_page("pages/settings.py").run()
    assert not app.exception
    assert "everyone who signs in" in _texts(app)
    hours = app.number_input(key="ts-settings-capacity")
    assert hours.value is None
    hours.set_value(37.5).run()
    assert capacity(repo) == 37.5
    app.number_input(key="ts-settings-capacity").set_value(200).run()
    assert [e.value for e in app.error] == ["Hours a week must be between 0 and 168."]
    assert capacity(repo) == 37.5  # nothing stored
    app.number_input(key="ts-settings-capacity").set_value(None).run()
    assert not app.error
    assert capacity(repo) is None  # emptied: not set

    fee = app.number_input(key="ts-settings-late-fee")
    assert fee.value == 0
    fee.set_value(-2).run()
    assert [e.value for e in app.error] == ["The late fee is a percentage a year between 0 and 100."]
    app.number_input(key="ts-settings-late-fee").set_value(8.5).run()
    assert not app.error
    assert late_fee_percent(repo) == Decimal("8.5")


def test_home_warns_once_when_over_capacity_and_not_otherwise(app: AppTest, repo: Repository) -> None:
    _week(repo)
    app.run()
    assert not app.exception
    assert not app.warning  # no capacity set

    save_capacity(repo, 60)
    app.run()
    assert not app.warning  # 52 of 60

    save_capacity(repo, 40)
    app.run()
    assert [w.value for w in app.warning] == [
        "You have planned 52 hours a week against a capacity of 40: see which relationships to end first."
    ]
    assert _links(app)["Which relationships to end first"] == ("capacity", "")
