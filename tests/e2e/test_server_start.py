"""`streamlit run app.py` prepares Home as the server starts, before any browser asks.

A real server on a SQLite file with accounts in it: its log says Home is ready (how many
accounts, how long) without anyone having opened a page, and the first browser then finds
Home drawn with every account. A server whose database is damaged says so in one line of its
log, no traceback, and the page tells the person what to check.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from scoring import AccountDraft, Answer
from storage import open_repository
from tests import factories
from tests.e2e.conftest import Server, main, open_page
from ui.warm_up import READY

pytestmark = pytest.mark.e2e

NAMES = ("Ana Prospect", "Björn Prospect", "Chidi Prospect")
LOG_WAIT_S = 60


def _log_with(log: Path, text: str) -> str:
    """The server's log once it holds `text` (bounded: fails after LOG_WAIT_S)."""
    deadline = time.monotonic() + LOG_WAIT_S
    while time.monotonic() < deadline:
        written = log.read_text(errors="replace") if log.exists() else ""
        if text in written:
            return written
        time.sleep(0.1)
    pytest.fail(f"the server's log never said {text!r}:\n{written[-3000:]}")


def test_a_started_server_has_home_ready_before_anyone_opens_it(
    start_server: Callable[..., Server], db_url: str, tmp_path: Path, page: Page
) -> None:
    repo = open_repository(db_url)
    for n, name in enumerate(NAMES):
        repo.screen_prospect(
            AccountDraft(name=name), factories.assessment(answer=Answer.HELL_YES), f"start-{n}"
        )
    repo.close()

    _proc, base = start_server(db_url)
    written = _log_with(tmp_path / "streamlit-0.log", READY)
    assert f"{READY}: {len(NAMES)} accounts read and judged" in written
    assert "Traceback" not in written

    open_page(page, base)
    expect(main(page).get_by_text("Reading every account")).to_have_count(0)
    expect(page.get_by_text(f"{len(NAMES)} prospects and 0 clients")).to_be_visible()


def test_a_server_on_a_damaged_database_says_so_in_one_line_and_on_the_page(
    start_server: Callable[..., Server], tmp_path: Path, page: Page
) -> None:
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"not a database at all, " * 400)

    _proc, base = start_server(f"sqlite:///{damaged}")
    written = _log_with(tmp_path / "streamlit-0.log", "not prepared ahead of its first visitor")
    assert "Traceback" not in written

    open_page(page, base)
    expect(main(page).get_by_text("Thin Slice cannot open its database")).to_be_visible()
