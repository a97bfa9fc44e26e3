"""The language in a real browser: the browser's own decides a first visit, the sidebar's switch
changes it, and the choice survives a reload and a new browser (it is stored in the settings).

A shared scorecard follows its visitor's browser, never the owner's choice.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from services.demo import load_demo
from tests.e2e.conftest import UI_TIMEOUT_MS, main, open_page, settle

pytestmark = pytest.mark.e2e


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    made: list[BrowserContext] = []
    yield made
    for context in made:
        context.close()


def browser_in(browser: Browser, contexts: list[BrowserContext], locale: str) -> Page:
    """A fresh browser whose language is `locale` (its Accept-Language and navigator.language)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
    context.set_default_timeout(UI_TIMEOUT_MS)
    contexts.append(context)
    return context.new_page()


def test_a_dutch_browser_reads_dutch_and_the_switch_is_remembered(
    browser: Browser, contexts: list[BrowserContext], db_url: str, start_server
) -> None:
    load_demo(db_url)
    _proc, base = start_server(db_url)

    page = browser_in(browser, contexts, "nl-NL")
    open_page(page, base)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("link", name="Prospect screenen")).to_be_visible()
    expect(main(page).get_by_role("heading", level=1)).not_to_have_text("Home")

    # Switch to English: the page redraws in English at once ...
    sidebar.get_by_role("radio", name="English", exact=True).click()
    settle(page)
    expect(sidebar.get_by_role("link", name="Screen a prospect")).to_be_visible()
    # ... and stays English after a reload, and in a new Dutch browser: the choice is stored.
    page.reload()
    settle(page)
    expect(page.get_by_test_id("stSidebar").get_by_role("link", name="Screen a prospect")).to_be_visible()
    other = browser_in(browser, contexts, "nl-NL")
    open_page(other, base)
    expect(other.get_by_test_id("stSidebar").get_by_role("link", name="Screen a prospect")).to_be_visible()

    # Back to Dutch, and it sticks too.
    other.get_by_test_id("stSidebar").get_by_role("radio", name="Nederlands", exact=True).click()
    settle(other)
    other.reload()
    settle(other)
    expect(other.get_by_test_id("stSidebar").get_by_role("link", name="Prospect screenen")).to_be_visible()


def test_an_english_browser_reads_english_when_nothing_was_chosen(
    browser: Browser, contexts: list[BrowserContext], server: str
) -> None:
    page = browser_in(browser, contexts, "en-GB")
    open_page(page, server)
    expect(page.get_by_test_id("stSidebar").get_by_role("link", name="Screen a prospect")).to_be_visible()
