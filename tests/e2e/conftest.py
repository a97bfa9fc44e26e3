"""Browser tests: a real `streamlit run` server on a temp SQLite file, driven by Debian's chromium.

Opt-in locally (skipped when chromium is missing), mandatory in CI (`CI=true` turns
the skip into a failure, so a CI machine without chromium cannot pass silently).
Run only these with `pytest -m e2e`, or leave them out with `pytest -m "not e2e"`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STARTUP_TIMEOUT_S = 60
STOP_TIMEOUT_S = 10
# Every wait in a test is bounded by this, so a broken page fails in seconds, not minutes.
UI_TIMEOUT_MS = 20_000

Server = tuple[subprocess.Popen[bytes], str]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return bool(response.read().decode().strip() == "ok")
    except (urllib.error.URLError, OSError):
        return False


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Terminate politely, kill after STOP_TIMEOUT_S. Safe to call twice."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=STOP_TIMEOUT_S)


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
        port = _free_port()
        log_path = tmp_path / f"streamlit-{len(started)}.log"
        log = log_path.open("wb")
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                script,
                "--server.headless=true",
                "--server.address=127.0.0.1",
                f"--server.port={port}",
                "--browser.gatherUsageStats=false",
                "--server.fileWatcherType=none",
            ],
            cwd=REPO_ROOT,
            env={**os.environ, "THINSLICE_DATABASE_URL": url},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()  # the child holds its own handle
        started.append(proc)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not _healthy(base):
            if proc.poll() is not None or time.monotonic() > deadline:
                _stop(proc)
                output = log_path.read_text(errors="replace")[-3000:]
                pytest.fail(f"streamlit did not become healthy on {base}:\n{output}")
            time.sleep(0.2)
        return proc, base

    yield start
    for proc in started:
        _stop(proc)


@pytest.fixture
def stop_server() -> Callable[[subprocess.Popen[bytes]], None]:
    """`stop_server(proc)`: terminate a server from `start_server`, kill it after 10 s."""
    return _stop


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
    option = where.get_by_test_id("stButtonGroup").nth(group).get_by_role("radio", name=answer, exact=True)
    option.click()
    expect(option).to_have_attribute("aria-checked", "true")


def fill_screen(page: Page, name: str, gut: str, answers: list[str]) -> None:
    assert len(answers) == QUESTIONS
    expect(page.get_by_test_id("stButtonGroup")).to_have_count(1 + QUESTIONS)
    page.get_by_label("Name (required)", exact=True).fill(name)
    pick(page, 0, gut)
    for number, answer in enumerate(answers, start=1):
        pick(page, number, answer)
