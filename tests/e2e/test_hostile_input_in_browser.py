"""Hostile names, notes and evidence in a real browser: shown as typed, never run, never a link.

Every text a person types (a name, a company, a private note, a check-in note, an
evidence note, a share link's label) carries HTML, markdown, an autolink and a template
expression. On every page and tab that shows it, the text must read literally, no dialog
may open (an `alert(1)` that ran would open one), and our text must add no
`javascript:` link, no `<img onerror>`, no script and no bold.

The screen, the signing, a check-in note and an evidence note go through the browser's
forms; the second test's prospect and the share links are made through the repository.

Selectors as in test_screen_in_browser.py and test_clients_in_browser.py: the tables are
glide grids whose cells are mirrored as `td[role="gridcell"]`; tabs are react-aria tabs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Dialog, Locator, Page, expect

from i18n import format_date
from scoring import AccountDraft, Answer
from scoring.questionnaires import QuestionnaireKind
from services.questionnaires import ask
from storage import open_repository
from tests import factories
from tests.e2e.conftest import QUESTIONS, fill_screen, main, open_page, pick, settle
from tests.e2e.test_clients_in_browser import open_tab

pytestmark = pytest.mark.e2e

PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "**bold**",
    "<b>b</b>",
    "${{7*7}}",
)
NAME = " ".join(PAYLOADS)
COMPANY = "Co " + " ".join(reversed(PAYLOADS))
# One paragraph each: in markdown a line starting with a tag opens an HTML block that
# would swallow the lines after it, and hide that they were read as markdown.
SCREEN_NOTE = "\n\n".join(("Screen note", *PAYLOADS))
CHECKIN_NOTE = "\n\n".join(("Check-in note", *PAYLOADS))
EVIDENCE = "\n\n".join(("Evidence note", *PAYLOADS))
SHARE_LABEL = "For " + " ".join(PAYLOADS)

# Counts what our text could have turned into, anywhere in the document.
INJECTED = """() => ({
  scripts: Array.from(document.scripts).filter(s => s.textContent.includes("alert(")).length,
  handlers: Array.from(document.querySelectorAll("*")).filter(el =>
    Array.from(el.attributes).some(a => a.name.startsWith("on") && a.value.includes("alert("))).length,
  images: document.querySelectorAll('img[src="x"], img[onerror]').length,
})"""


@pytest.fixture
def dialogs(page: Page) -> Iterator[list[str]]:
    """Every dialog the page opens, dismissed and recorded; none may open."""
    seen: list[str] = []

    def record(dialog: Dialog) -> None:
        seen.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", record)
    yield seen
    assert seen == [], f"a dialog opened: {seen}"


def expect_inert(page: Page, dialogs: list[str]) -> None:
    """Nothing our text holds became a link, a tag, a script, bold, or ran."""
    expect(page.locator("a[href^='javascript:' i]")).to_have_count(0)
    expect(main(page).get_by_role("link", name="x", exact=True)).to_have_count(0)
    expect(main(page).locator("strong, b, em").filter(has_text=re.compile(r"^(bold|b)$"))).to_have_count(0)
    assert page.evaluate(INJECTED) == {"scripts": 0, "handlers": 0, "images": 0}
    assert dialogs == [], f"a dialog opened: {dialogs}"


def expect_literal(where: Locator, text: str) -> None:
    """Each line of `text` is on the page as typed."""
    for line in filter(None, text.splitlines()):
        expect(where).to_contain_text(line)


def grid_cell(page: Page, text: str) -> Locator:
    return page.get_by_test_id("stDataFrame").locator('td[role="gridcell"]').filter(has_text=text)


def account_in(page: Page) -> int:
    found = re.search(r"[?&]account=(\d+)", page.url)
    assert found, f"no account id in {page.url}"
    return int(found.group(1))


def test_a_hostile_prospect_reads_literally_on_its_verdict_the_lists_and_its_scorecard(
    page: Page, dialogs: list[str], server: str, db_url: str
) -> None:
    # Screened in the browser: gut hell yes, but a hell no on payment, so the home page raises
    # an alert that names the prospect in markdown.
    open_page(page, f"{server}/screen")
    answers = ["Hell yes"] * QUESTIONS
    answers[4] = "Hell no"
    fill_screen(page, NAME, "Hell yes", answers)
    page.get_by_label("Company", exact=True).fill(COMPANY)
    page.get_by_label("Private note", exact=True).fill(SCREEN_NOTE)
    page.get_by_role("button", name="Get the verdict", exact=True).click()
    settle(page)
    expect(page.get_by_test_id("ts-verdict")).to_contain_text("HELL NO")
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(main(page)).to_contain_text(COMPANY)
    expect_literal(main(page), SCREEN_NOTE)
    expect_inert(page, dialogs)

    page.get_by_role("link", name="Open the scorecard").click()
    settle(page)
    account_id = account_in(page)

    open_page(page, f"{server}/prospects")
    expect(grid_cell(page, NAME)).to_have_text(NAME)
    expect_inert(page, dialogs)

    open_page(page, f"{server}/")
    # Home's alert for it is a link to its scorecard, the name shown as typed.
    alert = main(page).get_by_role("link").filter(has_text="the rubric says hell no")
    expect(alert).to_contain_text(f"{NAME} · Gut said yes: Your gut said hell yes")
    expect(alert).to_have_attribute("href", re.compile(rf"scorecard\?account={account_id}$"))
    expect(grid_cell(page, NAME)).to_have_text(NAME)
    expect_inert(page, dialogs)

    # The owner's scorecard, with a share link whose label is hostile too.
    open_repository(db_url).create_share(account_id, 30, include_notes=False, label=SHARE_LABEL)
    open_page(page, f"{server}/scorecard?account={account_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(main(page)).to_contain_text(COMPANY)
    expect_literal(main(page), SCREEN_NOTE)
    expect(main(page)).to_contain_text(f"{SHARE_LABEL} · created")
    expect_inert(page, dialogs)
    page.get_by_role("button", name="Copy as text").click()
    expect(page.get_by_test_id("stCode").filter(has_text="Thin Slice scorecard:")).to_contain_text(NAME)
    expect_inert(page, dialogs)


def seed_prospect(db_url: str) -> int:
    """A hell-yes prospect screened ten days ago, with a hostile name, company and note."""
    assessment = factories.assessment(
        dt.date.today() - dt.timedelta(days=10), answer=Answer.HELL_YES, note=SCREEN_NOTE
    )
    draft = AccountDraft(name=NAME, company=COMPANY)
    return open_repository(db_url).screen_prospect(draft, assessment, "e2e-hostile-1").account_id


def test_a_hostile_client_reads_literally_on_every_tab_and_on_its_shared_scorecard(
    page: Page, dialogs: list[str], server: str, db_url: str, tmp_path: Path
) -> None:
    account_id = seed_prospect(db_url)
    open_page(page, f"{server}/scorecard?account={account_id}")
    page.get_by_role("button", name="Sign as client").click()
    settle(page)
    expect(page).to_have_url(re.compile(rf"/client\?account={account_id}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(main(page)).to_contain_text(COMPANY)
    expect_inert(page, dialogs)

    # A check-in with a hostile note, through the form.
    panel = open_tab(page, "Check-in")
    expect(panel.get_by_test_id("stButtonGroup")).to_have_count(QUESTIONS)
    for number in range(QUESTIONS):
        pick(panel, number, "Hell yes")
    panel.get_by_label("Note on this period", exact=True).fill(CHECKIN_NOTE)
    panel.get_by_role("button", name="Save the check-in").click()
    settle(page)
    expect(
        panel.get_by_text(f"Check-in of {format_date(dt.date.today())} saved.", exact=True)
    ).to_be_visible()
    expect_inert(page, dialogs)

    # An evidence note, through the form; the log shows it at once.
    panel = open_tab(page, "Evidence")
    panel.get_by_label("What was asked, said or done", exact=True).fill(EVIDENCE)
    panel.get_by_role("button", name="Add note", exact=True).click()
    settle(page)
    panel = page.get_by_role("tabpanel", name="Evidence", exact=True)
    expect_literal(panel, EVIDENCE)
    expect_inert(page, dialogs)

    for tab in ("History", "Let go", "Share"):
        open_tab(page, tab)
        expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
        expect_inert(page, dialogs)

    open_page(page, f"{server}/clients")
    expect(grid_cell(page, NAME)).to_have_text(NAME)
    expect_inert(page, dialogs)
    open_page(page, f"{server}/")
    expect(grid_cell(page, NAME)).to_have_text(NAME)
    expect_inert(page, dialogs)

    # A stranger's view with notes: the screen note, the check-in note and the evidence.
    token, _ = open_repository(db_url).create_share(account_id, 30, include_notes=True)
    open_page(page, f"{server}/scorecard?t={token}")
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(main(page).get_by_role("heading", name="Notes")).to_be_visible()
    expect(main(page)).to_contain_text(COMPANY)
    for note in (SCREEN_NOTE, CHECKIN_NOTE, EVIDENCE):
        expect_literal(main(page), note)
    expect_inert(page, dialogs)

    # The HTML download, opened in the browser as its recipient would.
    with page.expect_download() as info:
        page.get_by_role("button", name="Download HTML", exact=True).click()
    card = tmp_path / "card.html"  # the saved download has no extension, so it would open as text
    info.value.save_as(card)
    page.goto(card.as_uri())
    expect(page.locator("body")).to_contain_text(NAME)
    expect_literal(page.locator("body"), EVIDENCE)
    expect(page.locator("a[href^='javascript:' i]")).to_have_count(0)
    expect(page.locator("b, strong").filter(has_text=re.compile(r"^(bold|b)$"))).to_have_count(0)
    assert page.evaluate(INJECTED) == {"scripts": 0, "handlers": 0, "images": 0}
    assert dialogs == []


SENDER = "Studio " + " ".join(PAYLOADS)
OPENING = "\n\n".join(("Opening", *PAYLOADS))
THEIR_WORDS = "\n\n".join(("Their words", *PAYLOADS))


def test_hostile_questionnaire_texts_read_literally_for_the_respondent_and_the_user(
    page: Page, dialogs: list[str], server: str, db_url: str
) -> None:
    """A sender's name and opening, and the respondent's own words, on the questionnaire page,
    its thank-you, the scorecard's "They said / You said" and the client's History tab."""
    repo = open_repository(db_url)
    prospect = seed_prospect(db_url)
    token, _fit = ask(repo, prospect, QuestionnaireKind.FIT, 30, sender=SENDER, opening=OPENING)

    open_page(page, f"{server}/questionnaire?q={token}")
    expect(page.get_by_role("heading", level=1)).to_have_text(SENDER)
    expect_literal(main(page), OPENING)
    expect_inert(page, dialogs)
    form = page.locator(".st-key-ts-questionnaire")
    groups = form.get_by_test_id("stButtonGroup")
    for number in range(groups.count()):
        option = groups.nth(number).get_by_role("radio").first
        option.click()
        expect(option).to_have_attribute("aria-checked", "true")
    for area in form.locator("textarea").all():
        area.fill(THEIR_WORDS)
    form.locator("textarea").last.blur()
    page.get_by_role("button", name="Send my answers", exact=True).click()
    settle(page)
    expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text(SENDER)
    expect_inert(page, dialogs)

    open_page(page, f"{server}/scorecard?account={prospect}")
    expect(main(page).get_by_text("They said / You said", exact=True)).to_be_visible()
    expect_literal(main(page), THEIR_WORDS)
    expect_inert(page, dialogs)

    start = dt.date.today() - dt.timedelta(days=40)
    client = repo.add_client(
        AccountDraft(name=NAME, company=COMPANY), factories.assessment(start), start, "e2e-hostile-review"
    ).account_id
    review, _link = ask(repo, client, QuestionnaireKind.REVIEW, 30, sender=SENDER)
    answers: dict[str, str | int] = {
        "clarity": "clear",
        "communication": "well",
        "value": "good",
        "recommend": 7,
    }
    repo.submit_answers(review, 1, {**answers, "one_change": THEIR_WORDS}, "en")
    open_page(page, f"{server}/client?account={client}&tab=History")
    expect(main(page).get_by_text("Their reviews", exact=True)).to_be_visible()
    expect_literal(main(page), THEIR_WORDS)
    expect_inert(page, dialogs)
