"""The whole path a new user takes, on a phone (390 px) and on a laptop (1280 px).

Screen a prospect → the verdict is in view → sign it (a hell no asks first, with its
reasons) → a check-in → the page says what changed → share a read-only scorecard →
a stranger opens the link in a browser of their own.

One test per width, against a real server on an empty SQLite file. The steps each have
their own focused test elsewhere; this one proves they fit together, in the order a
person meets them, at the width they hold. Selectors: see test_screen_in_browser.py
and test_clients_in_browser.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from tests.e2e.conftest import QUESTIONS, UI_TIMEOUT_MS, fill_screen, main, open_page, pick, settle

pytestmark = pytest.mark.e2e

NAME = "Hanneke de Wit"
HEIGHT = 844


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    made: list[BrowserContext] = []
    yield made
    for context in made:
        context.close()


def new_page(browser: Browser, contexts: list[BrowserContext], width: int) -> Page:
    """A page in a browser context of its own: no cookies, no storage, no session."""
    context = browser.new_context(viewport={"width": width, "height": HEIGHT})
    context.set_default_timeout(UI_TIMEOUT_MS)
    contexts.append(context)
    return context.new_page()


def wholly_in_view(page: Page, element: Locator, width: int) -> None:
    """On screen from edge to edge, and not under Streamlit's header."""
    expect(element).to_be_in_viewport()
    box = element.bounding_box()
    header = page.get_by_test_id("stHeader").bounding_box()
    assert box is not None and header is not None
    assert header["y"] + header["height"] <= box["y"] + 1, (header, box)
    assert box["y"] + box["height"] <= HEIGHT, box
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, box


def tab(page: Page, name: str) -> Locator:
    label = page.get_by_role("tab", name=name, exact=True)
    label.click()
    panel = page.get_by_role("tabpanel", name=name, exact=True)
    expect(panel).to_be_visible()
    settle(page)
    return panel


@pytest.mark.parametrize("width", [390, 1280])
def test_a_new_user_screens_signs_checks_in_and_shares(
    browser: Browser, contexts: list[BrowserContext], server: str, width: int
) -> None:
    page = new_page(browser, contexts, width)

    # Screen: a warm gut, every answer a plain yes. That is 75, a lukewarm yes, so a no.
    open_page(page, f"{server}/screen")
    fill_screen(page, NAME, "Hell yes", ["Yes"] * QUESTIONS)
    page.get_by_role("button", name="Get the verdict", exact=True).click()
    settle(page)
    expect(page).to_have_url(re.compile(r"/screen\?done=\d+$"))
    banner = page.get_by_test_id("ts-verdict")
    expect(banner).to_contain_text("HELL NO")
    expect(banner).to_contain_text("Score 75 / 100")
    wholly_in_view(page, banner, width)
    expect(main(page)).to_contain_text("a lukewarm yes is a no: a hell yes needs 80, and this scores 75.")
    expect(main(page)).not_to_contain_text("at least Hell yes")

    # Sign it: a hell no asks first and shows why the screen said no.
    page.get_by_role("link", name="Open the scorecard").click()
    settle(page)
    expect(page).to_have_url(re.compile(r"/scorecard\?account=\d+$"))
    page.get_by_role("button", name="Sign as client").click()
    settle(page)
    expect(page).to_have_url(re.compile(r"/scorecard\?account=\d+$"))  # not signed yet
    confirm = main(page).get_by_text("Sign it as a client anyway?")
    expect(confirm).to_be_visible()
    expect(main(page).get_by_text("Why the screen said no", exact=True)).to_be_visible()
    page.get_by_role("button", name=re.compile(r"^Sign anyway, on [A-Z][a-z]{2} \d{1,2}, \d{4}$")).click()
    settle(page)
    expect(page).to_have_url(re.compile(r"/client\?account=\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    status = page.get_by_test_id("ts-status")
    expect(status).to_contain_text("WATCH")

    # Every tab is reachable at this width; a check-in with every answer a hell yes.
    for name in ("History", "Check-in", "Invoices", "Evidence", "Let go", "Share"):
        label = page.get_by_role("tab", name=name, exact=True)
        box = label.bounding_box()
        assert box is not None and box["x"] + box["width"] <= width, (name, box)
    panel = tab(page, "Check-in")
    expect(panel.get_by_test_id("stButtonGroup")).to_have_count(QUESTIONS)
    for number in range(QUESTIONS):
        pick(panel, number, "Hell yes")
    panel.get_by_role("button", name="Save the check-in").click()
    settle(page)
    panel = page.get_by_role("tabpanel", name="Check-in", exact=True)
    expect(panel).to_contain_text("What changed")
    expect(panel).to_contain_text("Score: 75 → 100")
    expect(panel).to_contain_text("Went up")
    # The banner at the top reads the same status the summary ends on.
    summary = panel.inner_text()
    after = re.search(r"^Status: (?:.+ → )?(.+?)(?:, as before)?$", summary, re.MULTILINE)
    assert after is not None, summary
    expect(status).to_contain_text(after.group(1).upper())

    # Share: the link, and a word that nobody else can open a link to this computer.
    panel = tab(page, "Share")
    form = panel.get_by_test_id("stForm").filter(has_text="Share a read-only scorecard")
    form.get_by_role("button", name="Create link").click()
    settle(page)
    code = page.get_by_test_id("stCode").filter(has_text="/scorecard?t=")
    expect(code).to_have_count(1)
    link = code.inner_text().strip()
    assert link.startswith("http://127.0.0.1:"), link
    expect(
        main(page).get_by_test_id("stAlertContentWarning").filter(has_text="THINSLICE_PUBLIC_URL")
    ).to_be_visible()

    # A stranger, in a browser of their own, sees the card: the client's status, not the screen's.
    stranger = new_page(browser, contexts, width)
    open_page(stranger, link)
    card = stranger.get_by_test_id("ts-card")
    expect(card).to_be_visible()
    expect(card).to_contain_text(after.group(1).upper())
    expect(stranger.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(stranger.get_by_test_id("stSidebar")).to_be_hidden()
    width_used = stranger.evaluate("document.documentElement.scrollWidth")
    assert width_used <= width, f"the shared card is {width_used} px wide on a {width} px screen"
