"""Screening a prospect in a real browser, against a real server and a real SQLite file.

Selectors, checked against the live DOM of Streamlit 1.67:
- each `st.segmented_control` is a `[data-testid="stButtonGroup"]`; the gut call is the
  first on the screen page, then one per question in rubric order. Its options are
  buttons with role "radio" (react-aria), named by their label.
- the verdict banner is our own `[data-testid="ts-verdict"]`.
- `st.dataframe` draws on a canvas; glide mirrors the cells as a `<table role="grid">`
  inside the canvas (fallback content). Playwright's role engine does not see it, so
  the cells are found with the CSS selector `td[role="gridcell"]`.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import QUESTIONS, fill_screen, main, open_page, settle

pytestmark = pytest.mark.e2e

RESPECT = 8  # "Respect & ethics", the knockout, is the 8th question
TRICKY_NAME = "Zoë <b>Bold</b> **Stars** & Co"

Proc = subprocess.Popen[bytes]


def submit_button(page: Page) -> Locator:
    return page.get_by_role("button", name="Get the verdict", exact=True)


def expect_verdict_shown(page: Page) -> None:
    expect(page).to_have_url(re.compile(r"/screen\?done=\d+$"))
    expect(page.get_by_test_id("ts-verdict")).to_be_visible()


def scorecard_account(page: Page) -> str:
    """The account id behind the "Open the scorecard" link shown with a fresh verdict."""
    href = page.get_by_role("link", name="Open the scorecard").get_attribute("href") or ""
    found = re.search(r"[?&]account=(\d+)", href)
    assert found, f"no account id in the scorecard link {href!r}"
    return found.group(1)


def home_metric(page: Page, label: str) -> Locator:
    """The value of the metric labelled exactly `label` ("Prospects", not "Prospects at hell yes")."""
    labelled = page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    return page.get_by_test_id("stMetric").filter(has=labelled).get_by_test_id("stMetricValue")


def test_a_screened_prospect_gets_its_verdict_and_survives_a_reload_and_a_restart(
    page: Page,
    start_server: Callable[[str], tuple[Proc, str]],
    stop_server: Callable[[Proc], None],
    db_url: str,
) -> None:
    proc, base = start_server(db_url)
    open_page(page, f"{base}/screen")
    # Eight "Yes" (3 points) and two "Hell yes" (4 points): exactly 80 / 100, the threshold.
    answers = ["Yes"] * QUESTIONS
    answers[4] = answers[5] = "Hell yes"
    fill_screen(page, TRICKY_NAME, "Hell yes", answers)
    submit_button(page).click()
    settle(page)

    expect_verdict_shown(page)
    banner = page.get_by_test_id("ts-verdict")
    expect(banner).to_contain_text("HELL YES")
    expect(banner).to_contain_text("Score 80 / 100")
    # The name is shown as typed: neither HTML nor markdown is interpreted.
    expect(page.get_by_role("heading", level=1)).to_have_text(TRICKY_NAME)
    expect(main(page)).to_contain_text("<b>Bold</b>")
    expect(main(page)).to_contain_text("**Stars**")
    expect(main(page).locator("b", has_text="Bold")).to_have_count(0)
    expect(main(page).locator("strong", has_text="Stars")).to_have_count(0)
    account = scorecard_account(page)

    # Session state dies on reload; the verdict must come from the database via ?done=.
    page.reload()
    settle(page)
    expect_verdict_shown(page)
    expect(page.get_by_test_id("ts-verdict")).to_contain_text("HELL YES")
    expect(page.get_by_role("heading", level=1)).to_have_text(TRICKY_NAME)

    # A new server process on the same file still has it; a deep link is its first request.
    stop_server(proc)
    _proc, base = start_server(db_url)
    open_page(page, f"{base}/prospects")
    cell = page.get_by_test_id("stDataFrame").locator('td[role="gridcell"]').filter(has_text=TRICKY_NAME)
    expect(cell).to_have_text(TRICKY_NAME)
    open_page(page, f"{base}/scorecard?account={account}")
    expect(page.get_by_role("heading", level=1)).to_have_text(TRICKY_NAME)
    expect(page.get_by_test_id("ts-verdict")).to_contain_text("HELL YES")
    expect(page.get_by_test_id("ts-verdict")).to_contain_text("Score 80 / 100")


def test_an_empty_submit_shows_field_errors_and_stores_nothing(page: Page, server: str) -> None:
    open_page(page, f"{server}/screen")
    submit_button(page).click()
    settle(page)

    content = main(page)
    expect(content.get_by_text("Give the prospect a name.", exact=True)).to_be_visible()
    expect(content.get_by_text("Record your first impression: hell yes or hell no.")).to_be_visible()
    expect(content.get_by_text(re.compile(r"^Pick an answer\."))).to_have_count(QUESTIONS)
    expect(content).to_contain_text("Nothing was saved yet.")
    expect(page).not_to_have_url(re.compile(r"done="))

    open_page(page, f"{server}/")
    expect(main(page)).to_contain_text("Nothing here yet")


def test_a_no_on_the_respect_knockout_is_a_hell_no_whatever_the_rest(page: Page, server: str) -> None:
    open_page(page, f"{server}/screen")
    answers = ["Hell yes"] * QUESTIONS
    answers[RESPECT - 1] = "No"
    expect(page.get_by_test_id("stMain").get_by_test_id("stButtonGroup").nth(RESPECT)).to_contain_text(
        "8. Respect & ethics"
    )
    fill_screen(page, "Rude but rich", "Hell yes", answers)
    submit_button(page).click()
    settle(page)

    expect_verdict_shown(page)
    expect(page.get_by_test_id("ts-verdict")).to_contain_text("HELL NO")
    expect(main(page)).to_contain_text("Why it is a hell no")
    expect(main(page)).to_contain_text("Respect & ethics is a knockout and the answer was “No”")


def test_a_double_click_on_submit_stores_one_prospect(page: Page, server: str) -> None:
    open_page(page, f"{server}/screen")
    fill_screen(page, "Clicked twice", "Hell no", ["Yes"] * QUESTIONS)
    submit_button(page).dblclick()
    settle(page)
    expect_verdict_shown(page)
    account = scorecard_account(page)

    open_page(page, f"{server}/")
    expect(home_metric(page, "Prospects")).to_have_text("1")
    # One account, and one assessment on it (not two screens of the same prospect).
    open_page(page, f"{server}/scorecard?account={account}")
    expect(main(page)).to_contain_text("History (1 assessment)")
