"""Share links in a real browser: made by the owner, opened by a stranger, withdrawn.

The database is prepared directly through the repository (faster than the UI); the
link itself is made in the owner's "Share a read-only scorecard" form and read back
from the code block the page shows once.

Selectors, checked against the live DOM of Streamlit 1.67 (see also test_screen_in_browser.py):
- the scorecard banner is our own `[data-testid="ts-card"]`.
- `st.form` is a `[data-testid="stForm"]`; `st.code` a `[data-testid="stCode"]`.
- `st.download_button` is a `<button>` named by its label inside `[data-testid="stDownloadButton"]`;
  a click fetches the file from the server's `/media/` endpoint and the browser saves it.
- `st.info` is a `[data-testid="stAlertContentInfo"]` holding the icon (as the text of its
  material-icon name, e.g. "link_off") and a `[data-testid="stMarkdownContainer"]` with the message.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import struct
import subprocess
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from scoring import AccountDraft, Answer
from scoring.sharing import NEUTRAL_MESSAGE
from storage import open_repository
from tests import factories
from tests.e2e.conftest import UI_TIMEOUT_MS, main, open_page, settle

pytestmark = pytest.mark.e2e

NAME = "Zoë <b>Bold</b> **Stars**"
PRIVATE_NOTE = "Whispered-secret-discount-7731"
EVIDENCE = "Paid invoice 4411 by carrier pigeon"
APP_PATHS = {"/", "/screen", "/prospects", "/clients", "/client", "/calibration"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TOKEN_IN_URL = re.compile(r"/scorecard\?t=([A-Za-z0-9_-]{43,64})$")

Server = tuple[subprocess.Popen[bytes], str]


def prepare(db_url: str) -> int:
    """A hell-yes prospect with a private screen note and an evidence note; returns its account id."""
    repo = open_repository(db_url)
    assessment = factories.assessment(answer=Answer.HELL_YES, note=PRIVATE_NOTE)
    account_id = repo.screen_prospect(AccountDraft(name=NAME), assessment, "e2e-share-1").account_id
    repo.add_evidence(account_id, dt.date.today(), EVIDENCE, "e2e-share-evidence-1")
    return account_id


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Callable[[], Page]]:
    """`new_page()`: a page in a browser context of its own (no cookies, no session); closed at teardown."""
    contexts = []

    def make() -> Page:
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        context.set_default_timeout(UI_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(autouse=True)
def _no_public_url(monkeypatch: pytest.MonkeyPatch) -> None:
    """Links are built from the address in the browser, not from a configured public URL."""
    monkeypatch.delenv("THINSLICE_PUBLIC_URL", raising=False)


def create_link_in_form(page: Page) -> str:
    """Make a 30-day link without notes in the owner's share form; return the URL shown once."""
    form = page.get_by_test_id("stForm").filter(has_text="Share a read-only scorecard")
    expect(form).to_have_count(1)
    expect(form.get_by_role("radio", name="30 days", exact=True)).to_have_attribute("aria-checked", "true")
    expect(form.get_by_role("checkbox", name="Include private notes and evidence")).not_to_be_checked()
    form.get_by_role("button", name="Create link").click()
    settle(page)
    expect(main(page)).to_contain_text("Copy this link now: it is shown only once.")
    code = page.get_by_test_id("stCode").filter(has_text="/scorecard?t=")
    expect(code).to_have_count(1)
    return code.inner_text().strip()


def app_links(page: Page, base: str) -> list[str]:
    """Every anchor's href (resolved by the browser) that leads to one of the app's pages."""
    hrefs: list[str] = page.locator("a[href]").evaluate_all("els => els.map(a => a.href)")
    origin = urlsplit(base).netloc
    bad = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.netloc != origin:
            continue
        path = parts.path.rstrip("/") or "/"
        if path in APP_PATHS or "account=" in parts.query:
            bad.append(href)
    return bad


def expect_neutral(page: Page) -> str:
    alert = page.get_by_test_id("stAlertContentInfo")
    expect(alert).to_have_count(1)
    message = alert.get_by_test_id("stMarkdownContainer")
    expect(message).to_have_text(str(NEUTRAL_MESSAGE))
    expect(page.get_by_role("heading", level=1)).to_have_count(0)
    expect(page.get_by_test_id("stDownloadButton")).to_have_count(0)
    assert "Bold" not in page.content() and "Zoë" not in page.content()
    return message.inner_text()


def download(page: Page, label: str) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.get_by_role("button", name=label, exact=True).click()
    file = info.value
    return file.suggested_filename, file.path().read_bytes()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE, f"not a PNG: {data[:8]!r}"
    assert data[12:16] == b"IHDR", "a PNG starts with its IHDR chunk"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_a_link_outlives_a_restart_shows_only_the_card_and_dies_when_revoked(
    page: Page,
    new_page: Callable[[], Page],
    db_url: str,
    start_server: Callable[[str], Server],
    stop_server: Callable[[subprocess.Popen[bytes]], None],
) -> None:
    account_id = prepare(db_url)

    # The owner makes a link on the scorecard page.
    proc, first_base = start_server(db_url)
    open_page(page, f"{first_base}/scorecard?account={account_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    url = create_link_in_form(page)
    found = TOKEN_IN_URL.search(url)
    assert found is not None, f"no share link in {url!r}"
    token = found.group(1)
    assert url == f"{first_base}/scorecard?t={token}", "the link is built from the address in the browser"

    # A fresh server on the same file: the stranger's visit is its very first request.
    stop_server(proc)
    _proc, base = start_server(db_url)
    shared_url = f"{base}/scorecard?t={token}"
    visitor = new_page()
    open_page(visitor, shared_url)

    heading = visitor.get_by_role("heading", level=1)
    expect(heading).to_have_text(NAME)  # literally: no bold, no markdown
    expect(heading.locator("b, strong")).to_have_count(0)
    expect(visitor.get_by_test_id("ts-card")).to_contain_text("HELL YES")
    expect(visitor.get_by_role("button", name="Download HTML", exact=True)).to_be_visible()
    expect(visitor.get_by_role("button", name="Download PNG", exact=True)).to_be_visible()
    expect(visitor.locator('[data-testid="stSidebar"]')).not_to_be_visible()
    expect(visitor.get_by_test_id("stSidebarCollapsedControl")).not_to_be_visible()
    assert app_links(visitor, base) == []
    expect(visitor.get_by_test_id("stForm")).to_have_count(0)
    expect(visitor.get_by_test_id("stTextInput")).to_have_count(0)
    expect(visitor.get_by_role("textbox")).to_have_count(0)
    expect(visitor.locator('input[type="text"], textarea')).to_have_count(0)
    # The copy-as-text popover holds the card as text: open it so its content is in the page too.
    visitor.get_by_role("button", name="Copy as text").click()
    expect(visitor.get_by_test_id("stCode").filter(has_text="Thin Slice scorecard:")).to_contain_text(NAME)
    content = visitor.content()
    assert PRIVATE_NOTE not in content
    assert EVIDENCE not in content
    visitor.keyboard.press("Escape")

    # The downloads: the HTML escapes the name and needs nothing from outside; the PNG is a preview.
    name, page_html = download(visitor, "Download HTML")
    assert name.endswith(".html")
    text = page_html.decode("utf-8")
    assert html.escape(NAME) in text
    assert "<script" not in text.lower()
    assert "http" not in text.lower()
    assert PRIVATE_NOTE not in text and EVIDENCE not in text
    name, image = download(visitor, "Download PNG")
    assert name.endswith(".png")
    assert png_size(image) == (1200, 630)

    # The owner withdraws the link on the new server; the stranger's next visit finds nothing.
    open_page(page, f"{base}/scorecard?account={account_id}")
    expect(main(page)).to_contain_text("Links to this scorecard")
    revoke = page.get_by_role("button", name="Revoke")
    expect(revoke).to_have_count(1)
    revoke.click()
    settle(page)
    expect(page.get_by_role("button", name="Revoke")).to_have_count(0)
    expect(main(page)).to_contain_text("without notes · revoked")

    visitor.reload()
    settle(visitor)
    revoked_message = expect_neutral(visitor)

    # A token that never existed reads exactly the same.
    open_page(visitor, f"{base}/scorecard?t={'A' * 43}")
    assert expect_neutral(visitor) == revoked_message


def test_a_link_with_notes_shows_the_private_note(
    page: Page, db_url: str, start_server: Callable[[str], Server]
) -> None:
    account_id = prepare(db_url)
    token, _ = open_repository(db_url).create_share(account_id, 30, include_notes=True)
    _proc, base = start_server(db_url)
    open_page(page, f"{base}/scorecard?t={token}")
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(main(page).get_by_role("heading", name="Notes")).to_be_visible()
    expect(main(page)).to_contain_text(PRIVATE_NOTE)
    expect(main(page)).to_contain_text(EVIDENCE)
