"""Browser tests: a real `streamlit run` server on a temp SQLite file, driven by Debian's chromium.

Opt-in locally (skipped when chromium is missing), mandatory in CI (`CI=true` turns
the skip into a failure, so a CI machine without chromium cannot pass silently).
Run only these with `pytest -m e2e`, or leave them out with `pytest -m "not e2e"`.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from bench.servers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    STARTUP_TIMEOUT_S,
    NotHealthy,
    free_port,
    launch,
    stop,
    wait_until_healthy,
)

# Every wait in a test is bounded by this, so a broken page fails in seconds, not minutes.
UI_TIMEOUT_MS = 20_000

Server = tuple[subprocess.Popen[bytes], str]


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'e2e.db'}"


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[Callable[..., Server]]:
    """A factory: `start_server(db_url, script="app.py") -> (proc, base_url)`. Call it again to
    restart on the same file.

    Every server it started is stopped at teardown, whether or not the test stopped it.
    """
    started: list[subprocess.Popen[bytes]] = []

    def start(url: str, script: str = "app.py") -> Server:
        port = free_port()
        log = tmp_path / f"streamlit-{len(started)}.log"
        proc = launch(url, script, port, log)
        started.append(proc)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_healthy(proc, base, log, time.monotonic() + STARTUP_TIMEOUT_S)
        except NotHealthy as exc:
            pytest.fail(str(exc))
        return proc, base

    yield start
    for proc in started:
        stop(proc)


@pytest.fixture
def stop_server() -> Callable[[subprocess.Popen[bytes]], None]:
    """`stop_server(proc)`: terminate a server from `start_server`, kill it after 10 s."""
    return stop


@pytest.fixture
def server(start_server: Callable[[str], Server], db_url: str) -> str:
    """The base URL of a fresh server on an empty database of its own."""
    _proc, base = start_server(db_url)
    return base


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        reason = "chromium not installed: apt-get install -y chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: browser tests must run in CI)", pytrace=False)
        pytest.skip(reason)
    expect.set_options(timeout=UI_TIMEOUT_MS)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(UI_TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


# Helpers shared by the browser tests. Selectors were checked against the live DOM of
# Streamlit 1.67; see the test modules' docstrings.

SCRIPT_DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
QUESTIONS = 10


def settle(page: Page) -> None:
    """Wait until Streamlit has finished running the script and drawn what it sent.

    Streamlit flips the state to "running" asynchronously after a navigation or a
    click, so give it a moment first; otherwise we could see the previous "notRunning".
    Widgets are lazy-loaded: each shows an `stSkeleton` placeholder until its code
    arrives, even after the script finished. Counting widgets by position before
    they all exist clicks the wrong one, so wait for the placeholders to go too.
    """
    page.wait_for_timeout(300)
    page.locator(SCRIPT_DONE).wait_for()
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0)


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    settle(page)


def main(page: Page) -> Locator:
    return page.get_by_test_id("stMain")


def pick(where: Page | Locator, group: int, answer: str) -> None:
    """Click `answer` in the n-th segmented control inside `where` (on the screen page:
    0 = gut call, 1-10 = the questions)."""
    # The main area's groups only: the sidebar holds the language switch, a segmented control too.
    scope = where.get_by_test_id("stMain") if isinstance(where, Page) else where
    option = scope.get_by_test_id("stButtonGroup").nth(group).get_by_role("radio", name=answer, exact=True)
    option.click()
    expect(option).to_have_attribute("aria-checked", "true")


def fill_screen(page: Page, name: str, gut: str, answers: list[str]) -> None:
    assert len(answers) == QUESTIONS
    expect(page.get_by_test_id("stMain").get_by_test_id("stButtonGroup")).to_have_count(1 + QUESTIONS)
    page.get_by_label("Name (required)", exact=True).fill(name)
    pick(page, 0, gut)
    for number, answer in enumerate(answers, start=1):
        pick(page, number, answer)
