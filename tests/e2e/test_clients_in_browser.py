"""A client's life in a real browser: screened, signed, checked in three times, let go.

Selectors, checked against the live DOM of Streamlit 1.67 (see also test_screen_in_browser.py):
- `st.date_input` is a react-aria DateField, not a text box: a `role="group"` named by
  the label, holding one `role="spinbutton"` per part ("year, <label>", "month, <label>",
  "day, <label>"). Clicking a part and typing its digits sets it; a hidden
  `<input type="date">` next to it mirrors the value as YYYY-MM-DD, whatever the display format.
- `st.tabs` are react-aria tabs: only the open tab's panel is in the DOM, as a
  `role="tabpanel"` named after its tab. Its widgets load lazily after the click.
- the client status banner is our own `[data-testid="ts-status"]`.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Locator, Page, expect

from i18n import format_date
from tests.e2e.conftest import QUESTIONS, fill_screen, main, open_page, pick, settle

pytestmark = pytest.mark.e2e

NAME = "Mañana & Sons"
PAYMENT = 5  # "Payment reliability" is the 5th question
INVOICE_LATE = "Days the latest invoice is overdue"
COLLECT_FIRST = "Collect outstanding invoices first"


def days_ago(days: int) -> dt.date:
    return dt.date.today() - dt.timedelta(days=days)


def set_date(page: Page, label: str, day: dt.date) -> None:
    """Type `day` into the date input labelled `label`, one part at a time."""
    field = page.get_by_role("group", name=label, exact=True)
    for part, digits in (("year", f"{day:%Y}"), ("month", f"{day:%m}"), ("day", f"{day:%d}")):
        field.get_by_role("spinbutton", name=f"{part}, {label}", exact=True).click()
        page.keyboard.type(digits)
    mirror = page.get_by_test_id("stDateInput").filter(has=field).locator('input[type="date"]')
    expect(mirror).to_have_value(day.isoformat())


def open_tab(page: Page, name: str) -> Locator:
    page.get_by_role("tab", name=name, exact=True).click()
    panel = page.get_by_role("tabpanel", name=name, exact=True)
    expect(panel).to_be_visible()
    settle(page)
    return panel


def status_banner(page: Page) -> Locator:
    return page.get_by_test_id("ts-status")


def question(panel: Locator, number: int) -> Locator:
    return panel.get_by_test_id("stButtonGroup").nth(number - 1)


def report_late_invoice(page: Page, panel: Locator, days: int, suggested: str) -> None:
    """Type the signal and check that it suggests `suggested` and moves the payment answer there."""
    box = panel.get_by_label(INVOICE_LATE, exact=True)
    box.fill(str(days))
    box.press("Enter")
    settle(page)
    hint = panel.get_by_test_id("stCaptionContainer").filter(has_text="Suggested:")
    expect(hint).to_have_count(1)
    expect(hint).to_contain_text(
        f"Suggested: {suggested}, because the latest invoice is {days} days overdue."
    )
    payment = question(panel, PAYMENT)
    expect(payment).to_contain_text(f"{PAYMENT}. Payment reliability")
    expect(payment.get_by_role("radio", name=suggested, exact=True)).to_have_attribute("aria-checked", "true")
    expect(payment.get_by_role("radio", checked=True)).to_have_count(1)


def answer_all_but_payment(panel: Locator) -> None:
    for number in range(1, QUESTIONS + 1):
        if number != PAYMENT:
            pick(panel, number - 1, "Hell yes")


def save(page: Page, panel: Locator) -> None:
    panel.get_by_role("button", name="Save the check-in").click()
    settle(page)


def fresh_checkin_form(page: Page, client_url: str) -> Locator:
    """The check-in form on a new visit to the client page, as a month between check-ins would be.

    A new visit, not the page the last check-in was saved on: after a save the app deletes
    the form's session state, but the widgets already in the browser keep showing the old
    signals, answers and date (Streamlit does not push a deleted key back to the browser),
    and clicking an answer that is shown as selected would clear it.
    """
    open_page(page, client_url)
    panel = open_tab(page, "Check-in")
    expect(panel.get_by_test_id("stButtonGroup")).to_have_count(QUESTIONS)
    expect(panel.get_by_role("radio", checked=True)).to_have_count(0)
    expect(panel.get_by_label(INVOICE_LATE, exact=True)).to_have_value("")
    return panel


def check_in(page: Page, client_url: str, on: dt.date, late: list[tuple[int, str]]) -> None:
    """One check-in on `on`: each (days late, suggested answer) typed in turn, the last one kept."""
    panel = fresh_checkin_form(page, client_url)
    for days, suggested in late:
        report_late_invoice(page, panel, days, suggested)
    set_date(page, "Check-in date", on)
    answer_all_but_payment(panel)
    expect(panel.get_by_role("radio", checked=True)).to_have_count(QUESTIONS)
    save(page, panel)
    expect(panel.get_by_text(f"Check-in of {format_date(on)} saved.", exact=True)).to_be_visible()


def test_a_client_paying_later_and_later_is_let_go_after_two_hell_no_check_ins(
    page: Page, server: str
) -> None:
    screened, signed = days_ago(105), days_ago(100)
    first, second, third = days_ago(90), days_ago(60), days_ago(30)

    # A hell-yes prospect, screened 105 days ago.
    open_page(page, f"{server}/screen")
    fill_screen(page, NAME, "Hell yes", ["Hell yes"] * QUESTIONS)
    set_date(page, "Screened on", screened)
    page.get_by_role("button", name="Get the verdict", exact=True).click()
    settle(page)
    expect(page.get_by_test_id("ts-verdict")).to_contain_text("HELL YES")

    page.get_by_role("link", name="Open the scorecard").click()
    settle(page)
    expect(page).to_have_url(re.compile(r"/scorecard\?account=\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(main(page)).to_contain_text(f"Latest screen on {format_date(screened)}")

    # Signed 100 days ago: the client page opens on a baseline that has gone stale.
    set_date(page, "Signed on", signed)
    page.get_by_role("button", name="Sign as client").click()
    settle(page)
    expect(page).to_have_url(re.compile(r"/client\?account=\d+$"))
    client_url = page.url
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(main(page)).to_contain_text(f"Signed {format_date(signed)} · 0 check-ins")
    expect(status_banner(page)).to_contain_text("STALE")

    # 20 days late: unsure, two steps below the hell-yes baseline. A check-in 90 days old
    # leaves the status stale, but the findings under it still say why to watch.
    check_in(page, client_url, first, [(20, "Unsure")])
    expect(main(page)).to_contain_text(f"Signed {format_date(signed)} · 1 check-in")
    expect(status_banner(page)).to_contain_text("STALE")
    expect(main(page)).to_contain_text(f"The latest check-in ({first:%Y-%m-%d}) is a hell yes.")
    expect(main(page)).to_contain_text(
        f"Payment reliability: 2 or more steps below the baseline on {first:%Y-%m-%d}."
    )

    # 45 days late suggests no, 65 days hell no: a hell-no check-in, the first of a streak.
    check_in(page, client_url, second, [(45, "No"), (65, "Hell no")])
    expect(main(page)).to_contain_text(f"Signed {format_date(signed)} · 2 check-ins")
    expect(status_banner(page)).to_contain_text("STALE")
    expect(main(page)).to_contain_text(f"The latest check-in ({second:%Y-%m-%d}) is a hell no.")

    # 75 days late: hell no again. Two hell-no check-ins in a row: let go, and 30 days is not stale.
    check_in(page, client_url, third, [(75, "Hell no")])
    expect(main(page)).to_contain_text(f"Signed {format_date(signed)} · 3 check-ins")
    expect(status_banner(page)).to_contain_text("LET GO")
    expect(main(page)).to_contain_text(f"2 hell-no check-ins in a row, the latest on {third:%Y-%m-%d}.")

    # The way out follows the reason: payment, money first, and a message naming the client.
    letgo = open_tab(page, "Let go")
    expect(letgo).to_contain_text("The check-ins point at payment problems")
    expect(letgo.get_by_role("heading", name="Payment problems", exact=True)).to_be_visible()
    expect(letgo.get_by_role("listitem").first).to_contain_text(COLLECT_FIRST)
    message = letgo.get_by_label("Exit message (edit it, then copy it)", exact=True)
    # A company's name gives no first name to greet: the message opens without one.
    expect(message).to_have_value(re.compile(r"^Hello,\n"))

    # A fourth check-in on the day of the third is refused, and nothing is stored.
    panel = fresh_checkin_form(page, client_url)
    set_date(page, "Check-in date", third)
    answer_all_but_payment(panel)
    pick(panel, PAYMENT - 1, "Hell yes")
    save(page, panel)
    expect(panel.get_by_test_id("stAlertContentError")).to_contain_text(
        f"There is already a check-in on {third:%Y-%m-%d} for this client."
    )
    expect(panel).to_contain_text("Nothing was saved yet.")
    expect(main(page)).to_contain_text(f"Signed {format_date(signed)} · 3 check-ins")
    expect(status_banner(page)).to_contain_text("LET GO")
