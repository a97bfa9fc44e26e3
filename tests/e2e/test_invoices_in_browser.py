"""The demo's slowing payments in a real browser, on a laptop and on a phone.

The company going south (Annelies de Graaf, Visser Tuinmeubelen) is at *let go* today; its
Invoices tab says the payments are slowing, naming the invoices, and that the invoices first
warned of it months before the check-ins said let go. The sailing school (Pieter de Boer) is
still a hell yes at every check-in, but its invoices are paid later each month: Home lists
"Slowing payments" for it, naming the invoices, and a click opens the client page on its
Invoices tab (`tab=Invoices` in the address), where the warning says the same.
The demo is loaded today, before the server starts, as `python cli.py demo` would.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from services.demo import DEMO_CLIENTS, load_demo
from storage import open_repository
from tests.e2e.conftest import UI_TIMEOUT_MS, Server, main, open_page, settle

pytestmark = pytest.mark.e2e

GOING_SOUTH = next(client for client in DEMO_CLIENTS if client.slug == "visser-tuinmeubelen")
EARLY = next(client for client in DEMO_CLIENTS if client.slug == "noordzee-zeilschool")
#: A laptop and a phone.
WIDTHS = (1280, 390)
#: What the alert and the warning say: the invoices it names, by number.
NAMES_INVOICES = re.compile(r"Payments are slowing: invoices VT-\d{3}(, VT-\d{3})+")
NAMES_EARLY_INVOICES = re.compile(r"Payments are slowing: invoices NZ-\d{3}(, NZ-\d{3})+")
#: How early the invoices warned: "... first warned of this on Apr 2, 2026, 91 days before ...".
WARNED_AHEAD = re.compile(
    r"The invoices first warned of this on .+, (\d+) days before the check-ins said let go\."
)


@pytest.fixture
def demo(start_server: Callable[[str], Server], db_url: str) -> str:
    """A server on the demo portfolio (loaded today)."""
    load_demo(db_url, dt.date.today())
    _proc, base = start_server(db_url)
    return base


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def sized(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    width = int(request.param)
    context = browser.new_context(viewport={"width": width, "height": 900 if width > 400 else 844})
    context.set_default_timeout(UI_TIMEOUT_MS)
    yield context.new_page()
    context.close()


def _account_id(db_url: str, name: str = GOING_SOUTH.name) -> int:
    repo = open_repository(db_url)
    try:
        return next(a.id for a in repo.accounts() if a.name == name)
    finally:
        repo.close()


def _fits(page: Page, element: Locator) -> None:
    """The element is on screen and within the page's width (nothing to scroll sideways for)."""
    expect(element).to_be_visible()
    element.scroll_into_view_if_needed()
    box = element.bounding_box()
    width = page.viewport_size["width"] if page.viewport_size else 0
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, box


def _shows_the_warning(
    page: Page, name: str = GOING_SOUTH.name, names: re.Pattern[str] = NAMES_INVOICES
) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_role("tab", name="Invoices", selected=True)).to_be_visible()
    warning = main(page).get_by_test_id("stAlert").filter(has_text=names)
    expect(warning).to_have_count(1)
    _fits(page, warning)


def test_the_invoices_warned_months_before_the_check_ins_said_let_go(
    sized: Page, demo: str, db_url: str
) -> None:
    account = _account_id(db_url)
    open_page(sized, f"{demo}/client?account={account}&tab=Invoices")
    _shows_the_warning(sized)
    said = main(sized).get_by_text(WARNED_AHEAD)
    expect(said).to_have_count(1)
    found = WARNED_AHEAD.search(said.inner_text())
    assert found is not None and int(found.group(1)) >= 60, said.inner_text()


def test_home_flags_a_hell_yes_client_whose_payments_slow_and_opens_its_invoices(
    sized: Page, demo: str, db_url: str
) -> None:
    account = _account_id(db_url, EARLY.name)
    open_page(sized, demo)
    alert = main(sized).get_by_role("link", name=re.compile(rf"^{EARLY.name} · Slowing payments"))
    expect(alert).to_have_count(1)
    expect(alert).to_contain_text(NAMES_EARLY_INVOICES)
    _fits(sized, alert)
    alert.click()
    settle(sized)
    expect(sized).to_have_url(re.compile(rf"/client\?account={account}&tab=Invoices$"))
    expect(main(sized).get_by_text("HELL YES", exact=True)).to_be_visible()  # the check-ins still say so
    _shows_the_warning(sized, EARLY.name, NAMES_EARLY_INVOICES)


def test_every_tab_of_the_client_page_says_its_payments_slow(sized: Page, demo: str, db_url: str) -> None:
    account = _account_id(db_url, EARLY.name)
    open_page(sized, f"{demo}/client?account={account}&tab=History")
    notice = main(sized).get_by_test_id("stAlert").filter(has_text=NAMES_EARLY_INVOICES)
    expect(notice).to_have_count(1)
    _fits(sized, notice)
    main(sized).get_by_role("link", name="See the invoices").click()
    settle(sized)
    expect(sized).to_have_url(re.compile(rf"/client\?account={account}&tab=Invoices$"))
    _shows_the_warning(sized, EARLY.name, NAMES_EARLY_INVOICES)
