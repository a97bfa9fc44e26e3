"""Both questionnaire flows in a real browser, at a desktop's and a phone's width.

The user makes the link on their own page (the prospect's scorecard, the client's Share tab),
a respondent answers it in a fresh browser context (other cookies, other session), and the
user then sees their side: on the scorecard "They said / You said" with the mismatches marked
and, on the re-screen, the answers it suggests; on the client's History tab, the review.
A used link, an expired one and a withdrawn one all read the same neutral words.

Selectors: the link is the text of the `stCode` block under "Create questionnaire link"; the
questionnaire's answers are `role="radio"` options of segmented controls inside
`.st-key-ts-questionnaire`.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import create_engine, update

from scoring import AccountDraft, Answer, Kind
from scoring.questionnaires import NEUTRAL_MESSAGE
from services.settings import LOCAL, save_sender
from storage import open_repository
from storage.schema import questionnaire_links
from tests import factories
from tests.e2e.conftest import UI_TIMEOUT_MS, main, open_page, settle

pytestmark = pytest.mark.e2e

WIDTHS = {"desktop": 1280, "phone": 390}
SENDER = "Studio Noord"
HOSTILE = "<script>alert(1)</script> **loud** [x](javascript:alert(1))"


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def width(request: pytest.FixtureRequest) -> int:
    return WIDTHS[str(request.param)]


def _context_page(browser: Browser, width: int) -> Page:
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.set_default_timeout(UI_TIMEOUT_MS)
    return context.new_page()


def _make_link(page: Page) -> str:
    """Press "Create questionnaire link" on the page open in `page`; the token it shows once."""
    page.get_by_role("button", name="Create questionnaire link", exact=True).click()
    settle(page)
    shown = main(page).get_by_test_id("stCode").first.inner_text()
    found = re.search(r"/questionnaire\?q=([A-Za-z0-9_-]{43,64})", shown)
    assert found, f"no questionnaire link in {shown!r}"
    return found.group(1)


def _answer(page: Page, base: str, token: str, choices: list[str], words: str) -> None:
    open_page(page, f"{base}/questionnaire?q={token}")
    form = page.locator(".st-key-ts-questionnaire")
    expect(main(page).get_by_role("heading", name=SENDER)).to_be_visible()
    for choice in choices:
        option = form.get_by_role("radio", name=choice, exact=True).first
        option.click()
        expect(option).to_have_attribute("aria-checked", "true")
    form.locator("textarea").last.fill(words)
    form.locator("textarea").last.blur()
    page.get_by_role("button", name="Send my answers", exact=True).click()
    settle(page)
    expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text(f"Your answers went to {SENDER}")


def _neutral(page: Page, base: str, token: str) -> None:
    open_page(page, f"{base}/questionnaire?q={token}")
    expect(page.get_by_test_id("stAlertContentInfo").get_by_role("paragraph")).to_have_text(
        str(NEUTRAL_MESSAGE)
    )
    expect(page.locator(".st-key-ts-questionnaire")).to_have_count(0)
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()


def test_a_prospect_answers_the_fit_questionnaire_and_the_user_sees_their_side(
    browser: Browser, server: str, db_url: str, width: int
) -> None:
    repo = open_repository(db_url)
    save_sender(repo, LOCAL, SENDER)
    account = repo.screen_prospect(
        AccountDraft(name="Quill & Quarry"), factories.assessment(answer=Answer.HELL_YES), "e2e-fit"
    ).account_id
    owner = _context_page(browser, width)
    respondent = _context_page(browser, width)

    open_page(owner, f"{server}/scorecard?account={account}")
    token = _make_link(owner)
    _answer(
        respondent,
        server,
        token,
        [
            "Fair for the work",
            "60 days",
            "Someone else decides, and will not be there",
            "The same day",
            "Once a week",
            "Fixed and written down",
            "As many as it takes",
            "Growing",
        ],
        HOSTILE,
    )
    _neutral(respondent, server, token)  # used once: the link now reads like any dead one

    open_page(owner, f"{server}/scorecard?account={account}")
    body = main(owner)
    expect(body.get_by_text("They said / You said", exact=True)).to_be_visible()
    expect(body.get_by_text("They expect unlimited revisions")).to_be_visible()
    expect(body.get_by_text("The decision maker will not attend the kickoff")).to_be_visible()
    expect(body.get_by_text("They pay on 60-day terms")).to_be_visible()
    expect(body.get_by_text(HOSTILE, exact=True)).to_be_visible()  # their words, as typed

    open_page(owner, f"{server}/screen?account={account}")
    expect(main(owner).get_by_text("they answered “As many as it takes”", exact=False)).to_be_visible()
    # The suggestion fills the question; the user keeps it or changes it.
    scope = main(owner).get_by_test_id("stButtonGroup").nth(6)  # 0 = gut, 6 = scope
    expect(scope.get_by_role("radio", name="Hell no", exact=True)).to_have_attribute("aria-checked", "true")

    owner.context.close()
    respondent.context.close()


def test_a_client_answers_a_review_and_dead_links_read_the_same(
    browser: Browser, server: str, db_url: str, width: int
) -> None:
    repo = open_repository(db_url)
    save_sender(repo, LOCAL, SENDER)
    start = dt.date.today() - dt.timedelta(days=40)
    account = repo.add_client(
        AccountDraft(name="Ember Lane"), factories.assessment(start), start, "e2e-review-base"
    ).account_id
    repo.add_checkin(
        account,
        factories.assessment(
            dt.date.today() - dt.timedelta(days=5), kind=Kind.CHECKIN, answer=Answer.HELL_YES
        ),
        "e2e-review-checkin",
    )
    owner = _context_page(browser, width)
    respondent = _context_page(browser, width)

    open_page(owner, f"{server}/client?account={account}&tab=Share")
    token = _make_link(owner)
    _answer(respondent, server, token, ["Unclear", "Badly", "Poor", "3"], HOSTILE)

    open_page(owner, f"{server}/client?account={account}&tab=History")
    body = main(owner)
    expect(body.get_by_text("Their reviews", exact=True)).to_be_visible()
    expect(body.get_by_text("They say the communication goes badly").first).to_be_visible()
    expect(body.get_by_text(HOSTILE, exact=True).first).to_be_visible()

    # Withdrawn: made on the Share tab, withdrawn there, dead for the respondent.
    open_page(owner, f"{server}/client?account={account}&tab=Share")
    withdrawn = _make_link(owner)
    owner.get_by_role("button", name="Withdraw", exact=True).first.click()
    settle(owner)
    _neutral(respondent, server, withdrawn)

    # Expired: a link whose expiry has passed.
    expired = _make_link(owner)
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(
            update(questionnaire_links)
            .where(questionnaire_links.c.revoked_at.is_(None), questionnaire_links.c.used_at.is_(None))
            .values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
        )
    engine.dispose()
    _neutral(respondent, server, expired)
    _neutral(respondent, server, token)  # used
    _neutral(respondent, server, "A" * 43)  # never made

    stored = open_repository(db_url).their_answers(account)
    assert len(stored) == 1 and stored[0].answers["one_change"] == HOSTILE.strip()

    owner.context.close()
    respondent.context.close()
