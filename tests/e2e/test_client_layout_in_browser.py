"""The client page on a phone, and the chart menu a share link's reader does not get.

At 390 px every tab label of the client page is on the screen (none hidden behind a
scroll arrow), and the heat map's legend keeps all five answers. A shared scorecard
draws its charts as pictures: no "Show data" or "Copy Vega-Lite spec" in a menu; the
owner's own pages keep that menu (a table of one's own data, a PNG, full screen).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from scoring import AccountDraft, Answer, Kind
from storage import open_repository
from tests import factories
from tests.e2e.conftest import UI_TIMEOUT_MS, open_page, settle

pytestmark = pytest.mark.e2e

PHONE_WIDTH = 390
TABS = ("History", "Check-in", "Invoices", "Evidence", "Let go", "Share")
ANSWERS = ("Hell no", "No", "Unsure", "Yes", "Hell yes")
MENU = ("Show data", "Copy Vega-Lite spec", "Download as PNG")


def client_with_history(db_url: str) -> int:
    repo = open_repository(db_url)
    today = dt.date.today()
    baseline = factories.assessment(today - dt.timedelta(days=200), answer=Answer.HELL_YES)
    account = repo.add_client(
        AccountDraft(name="Maria Fernández-Oliveira"), baseline, today - dt.timedelta(days=190), "b"
    )
    for month in range(1, 6):
        day = today - dt.timedelta(days=200 - 30 * month)
        checkin = factories.assessment(
            day, kind=Kind.CHECKIN, answer=Answer.YES, overrides={"payment": Answer.NO}
        )
        repo.add_checkin(account.account_id, checkin, f"c{month}")
    return account.account_id


def phone_page(browser: Browser) -> Page:
    context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 844})
    context.set_default_timeout(UI_TIMEOUT_MS)
    return context.new_page()


def test_every_client_tab_and_every_answer_colour_is_on_a_phone_screen(
    browser: Browser, server: str, db_url: str
) -> None:
    account = client_with_history(db_url)
    page = phone_page(browser)
    try:
        open_page(page, f"{server}/client?account={account}")
        for name in TABS:
            tab = page.get_by_role("tab", name=name, exact=True)
            expect(tab).to_be_visible()
            box = tab.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH, name
        legend = page.get_by_test_id("ts-answer-legend")
        for answer in ANSWERS:
            item = legend.get_by_text(answer, exact=True)
            expect(item).to_be_visible()
            box = item.bounding_box()
            assert box is not None and box["x"] + box["width"] <= PHONE_WIDTH, answer
        # Dates in the reasons stay on one line (a browser breaks after a dash otherwise).
        dates = page.locator(".stMarkdownBadge").filter(has_text=re.compile(r"^\d{4}-\d{2}-\d{2}$"))
        expect(dates.first).to_be_visible()
        for index in range(dates.count()):
            box = dates.nth(index).bounding_box()
            assert box is not None and box["height"] < 30, dates.nth(index).inner_text()
        # Ending the relationship is under "Let go", after the playbook.
        page.get_by_role("tab", name="Let go", exact=True).click()
        settle(page)
        panel = page.get_by_role("tabpanel", name="Let go", exact=True)
        expect(panel.get_by_role("button", name="End it")).to_be_attached()
    finally:
        page.context.close()


def menu_buttons(page: Page) -> int:
    """Hover every chart and count the chart-menu buttons a reader could click."""
    charts = page.get_by_test_id("stVegaLiteChart")
    expect(charts.first).to_be_visible()
    shown = 0
    for index in range(charts.count()):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        chart.hover()
        for name in MENU:
            shown += page.get_by_role("button", name=name, exact=True).filter(visible=True).count()
    return shown


def test_a_shared_card_has_no_chart_menu_but_the_owners_page_does(
    page: Page, server: str, db_url: str
) -> None:
    account = client_with_history(db_url)
    token, _link = open_repository(db_url).create_share(account, 30)
    open_page(page, f"{server}/scorecard?t={token}")
    expect(page.get_by_test_id("ts-card")).to_be_visible()
    assert menu_buttons(page) == 0
    open_page(page, f"{server}/client?account={account}")
    assert menu_buttons(page) > 0
