"""A screen in a real browser: the draft kept through reloads and page visits, the fresh
verdict brought into view on a phone, a name pasted over the limit.

Selectors as in test_screen_in_browser.py. The draft lives in the page's localStorage,
so a reload in the same browser context finds it; the kept answers are read back
through the widgets themselves (`aria-checked` on the segmented controls' options).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from scoring import AccountDraft
from scoring.limits import NAME_MAX
from storage import open_repository
from tests import factories
from tests.e2e.conftest import QUESTIONS, UI_TIMEOUT_MS, fill_screen, main, open_page, pick, settle

pytestmark = pytest.mark.e2e

Proc = subprocess.Popen[bytes]

ANSWERS = ["Yes", "Hell yes", "Unsure", "No", "Yes", "Hell yes", "Yes", "Hell yes", "Unsure", "Yes"]


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    context.set_default_timeout(UI_TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


def name_field(page: Page) -> Locator:
    return page.get_by_label("Name (required)", exact=True)


def expect_answers(page: Page, gut: str, answers: list[str]) -> None:
    groups = page.get_by_test_id("stMain").get_by_test_id("stButtonGroup")
    expect(groups).to_have_count(1 + QUESTIONS)
    expect(groups.nth(0).get_by_role("radio", name=gut, exact=True)).to_have_attribute("aria-checked", "true")
    for number, answer in enumerate(answers, start=1):
        option = groups.nth(number).get_by_role("radio", name=answer, exact=True)
        expect(option).to_have_attribute("aria-checked", "true")


def kept_draft(page: Page) -> object:
    return page.evaluate("() => localStorage.getItem('thinslice.draft.screen.new')")


def expect_empty(page: Page) -> None:
    # Nothing kept in the browser, so nothing can come back after the checks below.
    assert kept_draft(page) is None
    expect(name_field(page)).to_have_value("")
    expect(
        page.locator(
            '[data-testid="stMain"] [data-testid="stButtonGroup"] [role="radio"][aria-checked="true"]'
        )
    ).to_have_count(0)


def test_a_half_filled_screen_survives_a_reload_and_a_visit_elsewhere_until_submitted(
    page: Page, server: str
) -> None:
    open_page(page, f"{server}/screen")
    # A name and six of the ten answers: a half-filled screen.
    expect(page.get_by_test_id("stMain").get_by_test_id("stButtonGroup")).to_have_count(1 + QUESTIONS)
    name_field(page).fill("Pieter van Dijk")
    pick(page, 0, "Hell no")
    for number, answer in enumerate(ANSWERS[:6], start=1):
        pick(page, number, answer)
    groups = page.get_by_test_id("stMain").get_by_test_id("stButtonGroup")
    page.get_by_label("Company", exact=True).fill("Van Dijk Bouw B.V.")
    page.get_by_label("Deal value (€)", exact=True).fill("12500")
    page.get_by_label("Private note", exact=True).fill("Called twice before the meeting.")
    page.get_by_label("Private note", exact=True).blur()
    page.wait_for_timeout(400)  # the draft is written 150 ms after the last change

    page.reload()
    settle(page)
    expect(name_field(page)).to_have_value("Pieter van Dijk")
    expect(page.get_by_label("Company", exact=True)).to_have_value("Van Dijk Bouw B.V.")
    expect(page.get_by_label("Deal value (€)", exact=True)).to_have_value("12500")
    expect(page.get_by_label("Private note", exact=True)).to_have_value("Called twice before the meeting.")
    expect_answers(page, "Hell no", ANSWERS[:6])
    expect(groups.nth(QUESTIONS).locator('[aria-checked="true"]')).to_have_count(0)

    page.get_by_test_id("stSidebar").get_by_role("link", name="Prospects", exact=True).click()
    settle(page)
    expect(page).to_have_url(re.compile(r"/prospects$"))
    page.get_by_test_id("stSidebar").get_by_role("link", name="Screen a prospect", exact=True).click()
    settle(page)
    expect(name_field(page)).to_have_value("Pieter van Dijk")
    expect_answers(page, "Hell no", ANSWERS[:6])

    # Finish it and get the verdict: the draft is gone with the submit.
    for number in range(7, QUESTIONS + 1):
        pick(page, number, "Yes")
    page.get_by_role("button", name="Get the verdict", exact=True).click()
    settle(page)
    expect(page).to_have_url(re.compile(r"/screen\?done=\d+$"))
    expect(page.get_by_test_id("ts-verdict")).to_be_visible()
    open_page(page, f"{server}/screen")
    expect_empty(page)
    page.reload()
    settle(page)
    expect_empty(page)


def test_discard_draft_empties_the_form_for_good(page: Page, server: str) -> None:
    open_page(page, f"{server}/screen")
    fill_screen(page, "Changed my mind", "Hell yes", ANSWERS)
    page.wait_for_timeout(400)
    assert "Changed my mind" in str(kept_draft(page))
    page.get_by_role("button", name="Discard draft", exact=True).click()
    settle(page)
    expect_empty(page)
    page.reload()
    settle(page)
    expect_empty(page)


def test_the_fresh_verdict_is_brought_into_view_on_a_phone(phone: Page, server: str) -> None:
    page = phone
    open_page(page, f"{server}/screen")
    # The usual way there: one question missed, the error shown, the last answer given, submit again.
    # The page then stays scrolled down at the button, far below where the verdict is drawn.
    expect(page.get_by_test_id("stMain").get_by_test_id("stButtonGroup")).to_have_count(1 + QUESTIONS)
    name_field(page).fill("Thumb typist")
    pick(page, 0, "Hell yes")
    for number in range(1, QUESTIONS):
        pick(page, number, "Yes")
    submit = page.get_by_role("button", name="Get the verdict", exact=True)
    submit.click()
    settle(page)
    expect(main(page).get_by_text(re.compile(r"^Pick an answer\."))).to_have_count(1)
    pick(page, QUESTIONS, "Yes")
    submit.click()
    settle(page)
    expect(page).to_have_url(re.compile(r"/screen\?done=\d+$"))
    banner = page.get_by_test_id("ts-verdict")
    expect(banner).to_contain_text("HELL NO")
    expect(banner).to_be_in_viewport()
    box = banner.bounding_box()
    header = page.get_by_test_id("stHeader").bounding_box()
    assert box is not None and header is not None
    # Wholly on screen, and not under Streamlit's header.
    assert header["y"] + header["height"] <= box["y"] and box["y"] + box["height"] <= 844, (header, box)


def test_a_pasted_name_over_the_limit_is_cut_and_said(page: Page, server: str) -> None:
    open_page(page, f"{server}/screen")
    long_name = "Pieter van Dijk " + "x" * 300
    fill_screen(page, long_name, "Hell yes", ["Yes"] * QUESTIONS)
    page.get_by_role("button", name="Get the verdict", exact=True).click()
    settle(page)
    content = main(page)
    expect(content.get_by_text(re.compile(r"^The name was 316 characters long"))).to_be_visible()
    expect(name_field(page)).to_have_value(long_name[:NAME_MAX])
    page.get_by_role("button", name="Get the verdict", exact=True).click()
    settle(page)
    expect(page).to_have_url(re.compile(r"/screen\?done=\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(long_name[:NAME_MAX].strip())


def test_a_name_already_there_asks_in_view_and_re_screens_on_a_phone(
    phone: Page, start_server: Callable[[str], tuple[Proc, str]], db_url: str
) -> None:
    repo = open_repository(db_url)
    first = repo.screen_prospect(
        AccountDraft(name="Pieter van Dijk", company="Van Dijk Bouw B.V."), factories.assessment(), "k1"
    ).account_id
    _proc, base = start_server(db_url)
    page = phone
    open_page(page, f"{base}/screen")
    fill_screen(page, "pieter  van dijk", "Hell yes", ["Yes"] * QUESTIONS)
    page.get_by_role("button", name="Get the verdict", exact=True).click()
    settle(page)
    question = main(page).get_by_text("You already have an account called “Pieter van Dijk”.")
    expect(question).to_be_in_viewport()
    page.get_by_role("button", name="Re-screen the existing one", exact=True).click()
    settle(page)
    expect(page).to_have_url(re.compile(r"/screen\?done=\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Pieter van Dijk")
    assert repo.count_accounts() == 1
    assert len(repo.assessments(first)) == 2
