"""A questionnaire link in a real browser, at a phone's width: the draft survives a reload, a
double click on send stores one answer set and thanks, and a reload after it reads the neutral
words.

Selectors, checked against the live DOM of Streamlit 1.67: a segmented control's options are
`role="radio"` buttons with `aria-checked`; `st.success` is a `[data-testid="stAlertContentSuccess"]`.
The draft is kept in localStorage under "thinslice.draft.questionnaire.<digest>".
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from scoring import AccountDraft
from scoring.questionnaires import NEUTRAL_MESSAGE, QuestionnaireKind
from services.questionnaires import ask
from storage import open_repository
from tests import factories
from tests.e2e.conftest import main, open_page, settle

pytestmark = pytest.mark.e2e

WORDS = "More <b>calls</b>, **please**"


def _link(db_url: str) -> tuple[str, int]:
    repo = open_repository(db_url)
    account = repo.screen_prospect(
        AccountDraft(name="Opal Lantern Works"), factories.assessment(), "e2e-q-1"
    ).account_id
    token, _link = ask(repo, account, QuestionnaireKind.REVIEW, 30, sender="Studio Noord")
    return token, account


def _drafts(page: Page) -> list[str]:
    return list(
        page.evaluate(
            "Object.keys(localStorage).filter((k) => k.startsWith('thinslice.draft.questionnaire'))"
        )
    )


def test_a_draft_survives_a_reload_and_a_double_click_sends_once(
    page: Page, server: str, db_url: str
) -> None:
    token, account = _link(db_url)
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, f"{server}/questionnaire?q={token}")
    body = main(page)
    expect(body.get_by_role("heading", name="Studio Noord")).to_be_visible()
    for name in ("Clear", "Well", "Good", "7"):
        body.get_by_role("radio", name=name, exact=True).click()
    body.locator("textarea").fill(WORDS)
    body.locator("textarea").blur()
    page.wait_for_function(
        "Object.keys(localStorage).some((k) => k.startsWith('thinslice.draft.questionnaire'))"
    )

    page.reload()
    settle(page)
    for name in ("Clear", "Well", "Good", "7"):
        expect(body.get_by_role("radio", name=name, exact=True)).to_have_attribute("aria-checked", "true")
    expect(body.locator("textarea")).to_have_value(WORDS)

    body.get_by_role("button", name="Send my answers").dblclick()
    settle(page)
    expect(page.get_by_test_id("stAlertContentSuccess")).to_contain_text("Your answers went to Studio Noord")
    # The browser forgets the draft a moment after the success is drawn (its script runs then): wait
    # for it, within a bound, rather than read it in the same instant (a busy machine lost that race).
    page.wait_for_function(
        "!Object.keys(localStorage).some((k) => k.startsWith('thinslice.draft.questionnaire'))",
        timeout=15_000,
    )
    assert _drafts(page) == [], "a sent draft is forgotten"
    [side] = open_repository(db_url).their_answers(account)
    assert side.answers == {
        "clarity": "clear",
        "communication": "well",
        "value": "good",
        "recommend": 7,
        "one_change": WORDS,
    }

    page.reload()
    settle(page)
    expect(page.get_by_test_id("stAlertContentInfo")).to_contain_text(str(NEUTRAL_MESSAGE)[:40])
    expect(body.locator("textarea")).to_have_count(0)
