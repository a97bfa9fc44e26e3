"""Home, Clients and Prospects in a real browser: a click on a name opens the account, the
status shows beside the name on a phone, and an address that names no page says so.

The tables are Streamlit data grids, drawn on a canvas: a cell is found by its place
(no index column; a 35 px header, then 35 px rows; the Name column 150 px wide and the
Status column 100 px right after it, as `ui.portfolio` sets them) and its
colour is read from a screenshot: the status is a coloured chip inside its cell.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable

import pytest
from PIL import Image
from playwright.sync_api import Locator, Page, ViewportSize, expect

from services.demo import load_demo
from tests.e2e.conftest import Server, main, open_page, settle

pytestmark = pytest.mark.e2e

ROW = 35
NAME_WIDTH = 150
STATUS_WIDTH = 100
PHONE: ViewportSize = {"width": 390, "height": 844}
RED = (0xB9, 0x1C, 0x1C)
GREEN = (0x15, 0x80, 0x3D)


@pytest.fixture
def demo(start_server: Callable[[str], Server], db_url: str) -> str:
    """A server on the demo portfolio (loaded today)."""
    load_demo(db_url, dt.date.today())
    _proc, base = start_server(db_url)
    return base


def table(page: Page, nth: int = 0) -> Locator:
    grid = page.get_by_test_id("stDataFrame").nth(nth)
    expect(grid).to_be_visible()
    return grid


def cell(grid: Locator, row: int, x: float) -> tuple[float, float]:
    """The page coordinates `x` px into row `row` (0 = first data row) of the grid."""
    box = grid.bounding_box()
    assert box is not None
    return box["x"] + x, box["y"] + ROW + row * ROW + ROW / 2


def click_name(page: Page, grid: Locator, row: int) -> None:
    page.mouse.click(*cell(grid, row, 40))
    settle(page)


def near(found: tuple[int, int, int], wanted: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 12 for a, b in zip(found, wanted, strict=True))


def status_in(page: Page, grid: Locator, row: int, colour: tuple[int, int, int]) -> bool:
    """Whether row `row`'s Status chip is drawn in `colour`: along the middle of the cell, the
    chip's fill shows around and between the letters of its label (a chip the grid draws without
    a colour of its own is pale grey)."""
    shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    left, y = cell(grid, row, NAME_WIDTH)
    found = [shot.getpixel((int(left) + dx, int(y))) for dx in range(1, STATUS_WIDTH)]
    return sum(near(pixel, colour) for pixel in found) >= 10  # type: ignore[arg-type]


def test_clicking_a_clients_name_opens_the_client_and_back_returns_to_the_list(page: Page, demo: str) -> None:
    open_page(page, f"{demo}/clients")
    expect(main(page)).to_contain_text("Click a name to open the client.")
    click_name(page, table(page), 1)  # the second most urgent client: Annelies de Graaf, let go
    expect(page).to_have_url(re.compile(r"/client\?account=\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Annelies de Graaf")

    # Back shows the list again (Streamlit keeps the query in the address), not the client anew.
    page.go_back()
    settle(page)
    expect(page).to_have_url(re.compile(r"/clients(\?account=\d+)?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Clients")


def test_clicking_a_prospects_name_opens_its_scorecard(page: Page, demo: str) -> None:
    open_page(page, f"{demo}/prospects")
    click_name(page, table(page), 2)  # Victoria Ashford: the third hell no, most urgent first
    expect(page).to_have_url(re.compile(r"/scorecard\?account=\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Victoria Ashford")


def test_clicking_a_name_in_homes_table_or_an_alert_opens_the_account(page: Page, demo: str) -> None:
    open_page(page, demo)
    click_name(page, table(page), 0)
    expect(page).to_have_url(re.compile(r"/client\?account=\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Derek Thornton")

    open_page(page, demo)
    alert = main(page).get_by_role("link", name=re.compile(r"^Kees Mulder · Let go"))
    expect(alert).to_have_count(1)
    alert.click()
    settle(page)
    # A client to let go opens on the Let go tab, where the playbook and the way out are.
    expect(page).to_have_url(re.compile(r"/client\?account=\d+&tab=Let(\+|%20)go$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kees Mulder")
    expect(page.get_by_role("tab", name="Let go", selected=True)).to_be_visible()
    expect(page.get_by_role("button", name="End it")).to_be_visible()


@pytest.mark.parametrize(
    ("path", "first", "colour", "opens"),
    [
        ("/clients", "Derek Thornton", RED, r"/client\?account=\d+$"),  # fire now
        ("/prospects", "Camille Moreau", RED, r"/scorecard\?account=\d+$"),  # hell no
    ],
)
def test_on_a_phone_the_status_is_on_screen_beside_the_name(
    page: Page, demo: str, path: str, first: str, colour: tuple[int, int, int], opens: str
) -> None:
    page.set_viewport_size(PHONE)
    open_page(page, f"{demo}{path}")
    grid = table(page)
    grid.scroll_into_view_if_needed()
    right, _ = cell(grid, 0, NAME_WIDTH + STATUS_WIDTH)
    assert right < PHONE["width"] - 16, "the Status column is off screen"
    assert status_in(page, grid, 0, colour)
    if path == "/prospects":
        hell_yes = next(row for row in range(12) if status_in(page, grid, row, GREEN))
        assert hell_yes > 0  # the hell-yes prospects are green, after the hell noes
    # A tap on the status chip opens the account as well.
    page.mouse.click(*cell(grid, 0, NAME_WIDTH + 20))
    settle(page)
    expect(page).to_have_url(re.compile(opens))
    expect(page.get_by_role("heading", level=1)).to_have_text(first)


def test_home_on_a_phone_is_short_enough_to_read(page: Page, demo: str) -> None:
    page.set_viewport_size(PHONE)
    open_page(page, demo)
    expect(table(page)).to_be_visible()
    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    assert height < 2_000, f"Home is {height} px long on a phone"
    # The five numbers take two rows, not five.
    metrics = page.get_by_test_id("stMetric")
    expect(metrics).to_have_count(5)
    tops = {round(metrics.nth(i).bounding_box()["y"]) for i in range(5)}  # type: ignore[index]
    assert len(tops) == 2, tops


def test_an_unknown_address_says_what_was_not_found_with_a_way_home(page: Page, demo: str) -> None:
    open_page(page, f"{demo}/nonsense")
    expect(main(page)).to_contain_text("There is no page called “nonsense” in Thin Slice.")
    expect(main(page).get_by_test_id("stDataFrame")).to_have_count(0)
    # Streamlit itself opens a "Page not found" box over it; once closed, the page still says so.
    streamlits = page.get_by_role("dialog")
    expect(streamlits).to_contain_text("Page not found")
    page.keyboard.press("Escape")
    expect(streamlits).to_have_count(0)
    expect(main(page)).to_contain_text("There is no page called “nonsense” in Thin Slice.")
    main(page).get_by_role("link", name="Go to Home", exact=True).click()
    settle(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Is it still a hell yes?")
    expect(main(page)).not_to_contain_text("There is no page called")
