"""A check-in in a real browser: half filled, it survives a look at another tab, a reload and
a visit to another page, until it is saved or discarded.

The client page draws only its open tab, so the server forgets the form as soon as
another tab opens; the draft lives in the page's localStorage, per client, and comes
back when the Check-in tab is drawn again. Selectors as in test_clients_in_browser.py;
`st.selectbox` is a react-aria combobox whose input, named by the label, shows the
chosen option.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from i18n import format_date
from scoring import AccountDraft, Answer, Kind
from storage import open_repository
from tests import factories
from tests.e2e.conftest import QUESTIONS, Server, main, open_page, pick, settle
from tests.e2e.test_clients_in_browser import INVOICE_LATE, PAYMENT, open_tab, question, set_date

pytestmark = pytest.mark.e2e

LEADERSHIP = "Leadership changed"
NOTE = "Note on this period"
BUSINESS_HEALTH = 10  # the 10th question
# Questions 1-4 answered by hand, 5 (payment) overruled after its suggestion.
BY_HAND = ["Hell yes", "Yes", "Unsure", "Yes"]


def clients(db_url: str, *names: str) -> list[int]:
    repo = open_repository(db_url)
    today = dt.date.today()
    ids = []
    for name in names:
        baseline = factories.assessment(
            today - dt.timedelta(days=120), kind=Kind.SCREEN, answer=Answer.HELL_YES
        )
        ids.append(
            repo.add_client(
                AccountDraft(name=name), baseline, today - dt.timedelta(days=110), name
            ).account_id
        )
    return ids


def kept_draft(page: Page, account: int) -> object:
    return page.evaluate(f"() => localStorage.getItem('thinslice.draft.checkin.{account}')")


def checkin_tab(page: Page) -> Locator:
    return page.get_by_role("tabpanel", name="Check-in", exact=True)


def hints(panel: Locator) -> Locator:
    return panel.get_by_test_id("stCaptionContainer").filter(has_text="Suggested:")


def date_shown(panel: Locator) -> Locator:
    return panel.get_by_test_id("stDateInput").locator('input[type="date"]')


def expect_half_filled(page: Page, day: dt.date) -> None:
    """The facts, their suggestions, the date, five answers and the note, as typed."""
    panel = checkin_tab(page)
    expect(panel.get_by_test_id("stButtonGroup")).to_have_count(QUESTIONS)
    expect(panel.get_by_label(INVOICE_LATE, exact=True)).to_have_value("65")
    expect(panel.get_by_label(LEADERSHIP, exact=True)).to_have_value("Yes")
    expect(hints(panel)).to_have_count(2)
    expect(hints(panel).nth(0)).to_contain_text(
        "Suggested: Hell no, because the latest invoice is 65 days overdue."
    )
    expect(hints(panel).nth(1)).to_contain_text(
        "Suggested: Unsure, because the leadership changed this period."
    )
    expect(date_shown(panel)).to_have_value(day.isoformat())
    for number, answer in enumerate(BY_HAND, start=1):
        expect(question(panel, number).get_by_role("radio", name=answer, exact=True)).to_have_attribute(
            "aria-checked", "true"
        )
    # The person's own answer, not the suggestion it overruled.
    expect(question(panel, PAYMENT).get_by_role("radio", name="No", exact=True)).to_have_attribute(
        "aria-checked", "true"
    )
    expect(
        question(panel, BUSINESS_HEALTH).get_by_role("radio", name="Unsure", exact=True)
    ).to_have_attribute("aria-checked", "true")
    expect(panel.get_by_role("radio", checked=True)).to_have_count(len(BY_HAND) + 2)
    expect(panel.get_by_label(NOTE, exact=True)).to_have_value("Finance changed hands; invoices wait.")


def expect_empty(page: Page, account: int) -> None:
    panel = checkin_tab(page)
    expect(panel.get_by_test_id("stButtonGroup")).to_have_count(QUESTIONS)
    expect(panel.get_by_role("radio", checked=True)).to_have_count(0)
    expect(panel.get_by_label(INVOICE_LATE, exact=True)).to_have_value("")
    expect(panel.get_by_label(LEADERSHIP, exact=True)).to_have_value("Not noted")
    expect(panel.get_by_label(NOTE, exact=True)).to_have_value("")
    expect(hints(panel)).to_have_count(0)
    # Nothing kept in the browser, so nothing can come back after the checks above.
    assert kept_draft(page, account) is None


def half_fill(page: Page, day: dt.date) -> None:
    panel = checkin_tab(page)
    box = panel.get_by_label(INVOICE_LATE, exact=True)
    box.fill("65")
    box.press("Enter")
    settle(page)
    panel.get_by_label(LEADERSHIP, exact=True).click()
    page.get_by_role("option", name="Yes", exact=True).click()
    settle(page)
    expect(hints(panel)).to_have_count(2)
    set_date(page, "Check-in date", day)
    for number, answer in enumerate(BY_HAND, start=1):
        pick(panel, number - 1, answer)
    pick(panel, PAYMENT - 1, "No")
    panel.get_by_label(NOTE, exact=True).fill("Finance changed hands; invoices wait.")


def test_a_half_filled_check_in_survives_another_tab_a_reload_and_a_visit_elsewhere_until_saved(
    page: Page, start_server: Callable[[str], Server], db_url: str
) -> None:
    account, other = clients(db_url, "Sofía Castillo Núñez", "Bram de Wit")
    _proc, server = start_server(db_url)
    day = dt.date.today() - dt.timedelta(days=3)
    open_page(page, f"{server}/client?account={account}&tab=Check-in")
    half_fill(page, day)

    # A look at the history, straight after the last keystroke: the form is gone from the
    # server and from the page, and comes back whole.
    open_tab(page, "History")
    expect(page.get_by_role("tabpanel", name="History", exact=True)).to_be_visible()
    open_tab(page, "Check-in")
    expect_half_filled(page, day)

    page.reload()
    settle(page)
    expect(page).to_have_url(re.compile(r"tab=Check-in"))
    expect_half_filled(page, day)

    # Home, then back to the client by its item there (a check-in is due): still there.
    # Another client's check-in is a form of its own.
    page.get_by_test_id("stSidebar").get_by_role("link", name="Home", exact=True).click()
    settle(page)
    main(page).get_by_role("link", name=re.compile("Sofía Castillo Núñez")).first.click()
    settle(page)
    expect(page).to_have_url(re.compile(rf"/client\?account={account}&tab=Check-in$"))
    expect_half_filled(page, day)
    open_page(page, f"{server}/client?account={other}&tab=Check-in")
    expect_empty(page, other)
    open_page(page, f"{server}/client?account={account}&tab=Check-in")
    expect_half_filled(page, day)

    # Finish and save: the draft goes with the save, and the next check-in starts empty.
    panel = checkin_tab(page)
    for number in range(len(BY_HAND) + 1, QUESTIONS):
        if number != PAYMENT:
            pick(panel, number - 1, "Yes")
    panel.get_by_role("button", name="Save the check-in", exact=True).click()
    settle(page)
    expect(panel.get_by_text(f"Check-in of {format_date(day)} saved.", exact=True)).to_be_visible()
    assert kept_draft(page, account) is None
    saved = open_repository(db_url).assessments(account)[-1].assessment
    assert saved.taken_on == day and saved.signals.invoice_days_late == 65
    assert saved.answers["payment"] is Answer.NO and saved.note == "Finance changed hands; invoices wait."
    panel.get_by_role("button", name="Record another check-in", exact=True).click()
    settle(page)
    expect_empty(page, account)
    page.reload()
    settle(page)
    expect_empty(page, account)


def test_discard_draft_empties_the_check_in_for_good(
    page: Page, start_server: Callable[[str], Server], db_url: str
) -> None:
    (account,) = clients(db_url, "Changed Mind")
    _proc, server = start_server(db_url)
    open_page(page, f"{server}/client?account={account}&tab=Check-in")
    # One answer makes a draft; the date left at today's default is kept as no date, so
    # the draft, finished tomorrow, is not dated today.
    pick(checkin_tab(page), 0, "No")
    page.wait_for_timeout(400)  # the draft is written again 150 ms after the last change
    kept = json.loads(str(kept_draft(page, account)))["fields"]
    assert kept["q.negotiation_tone"] == 1 and kept["date"] == "" and kept["signal.leadership_change"] == ""
    half_fill(page, dt.date.today() - dt.timedelta(days=1))
    page.wait_for_timeout(400)
    assert "Finance changed hands" in str(kept_draft(page, account))
    checkin_tab(page).get_by_role("button", name="Discard draft", exact=True).click()
    settle(page)
    expect_empty(page, account)
    page.reload()
    settle(page)
    expect_empty(page, account)
    open_tab(page, "History")
    open_tab(page, "Check-in")
    expect_empty(page, account)
    assert len(open_repository(db_url).assessments(account)) == 1
