"""N people screening a prospect at the same moment on one server, each in a real browser session.

Opt-in: runs only with `THINSLICE_LOAD_SESSIONS=N` in the environment (CI sets a small N).
Set `THINSLICE_LOAD_REPORT=path.json` to also get the timings as JSON. Run with `-s`
to see them printed.

How it measures:
- one server (the `server` fixture: a fresh `streamlit run` on an empty SQLite file);
- a warm-up first: one browser session loads /screen once and waits until the form is
  usable. The first run of a page after the server starts imports and compiles most of
  the app, which no later visitor pays for; it is reported apart as `warmup_s`, and not
  counted in the percentiles;
- then N browser contexts (separate cookies and caches, separate Streamlit sessions: N
  first-time visitors) in one Chromium, driven with Playwright's async API from one event
  loop (`asyncio.gather`) on a thread of its own, because the sync API's objects must stay
  on the thread that made them. All contexts exist before the first `goto()`, so the
  sessions open /screen together; each fills in a unique name, the gut call and the ten
  answers, submits, and waits for its verdict;
- page load: from `goto()` until the script run has finished
  (`[data-testid="stApp"][data-test-script-state="notRunning"]`), no `stSkeleton` is
  left and all eleven answer groups are drawn, i.e. until the form can be used;
- submit: from the click on "Get the verdict" until the URL carries `done=`, the verdict
  banner shows and the run has finished.
Percentiles are nearest-rank. The browser runs on the same machine as the server, so
the numbers include the cost of N renderers competing with the server for the same cores:
each first visit parses about 3 MB of Streamlit's JavaScript, far more CPU than the
server spends on it.

Two floors are measured in the same run, each by N fresh contexts at once, just before
ours, each on a server of its own with the same config:
- bench/floor_app.py, one line of Streamlit: what any page costs;
- bench/floor_form.py, the screen form's widgets without any of Thin Slice (no
  database, no rubric, no sidebar): what Streamlit charges for our form. Each widget
  type is a JavaScript chunk the browser loads after the script has run, so this floor
  is well above the first one.
Our p95 page load is held to P95_RATIO_LIMIT times the form floor's: that ratio is what
our own code adds. On this 2-core machine, where the N renderers and the server share
the cores, even the one-line floor's p95 is far above the 5 s the issue hoped for at
N=10, so that target is reported as met or missed, not enforced. The test also reports
the server's CPU time per screened prospect, the figure that sizes a deployment, where
every visitor's browser runs on their own machine.

Then the database must hold each session's prospect exactly once, with one screen each.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, async_playwright, expect

from bench.servers import CHROMIUM, CHROMIUM_ARGS
from storage import open_repository
from tests.e2e.conftest import QUESTIONS, SCRIPT_DONE, Server
from tests.e2e.load import REPORT_VAR, in_own_thread, require_chromium, summary
from tests.e2e.load import sessions as wanted_sessions

pytestmark = pytest.mark.e2e

# The aim for N=10; reported, not enforced (see the docstring).
PAGE_LOAD_P95_TARGET_S = 5.0
# Our screen page vs the same widgets without the app (bench/floor_form.py), p95 against p95.
P95_RATIO_LIMIT = 1.5
FLOOR_SCRIPT = "bench/floor_app.py"
FLOOR_TEXT = "Thin Slice floor page"
FORM_FLOOR_SCRIPT = "bench/floor_form.py"
# Each wait in one session; generous, so an overloaded run reports slow timings instead of timeouts.
WAIT_MS = 60_000
# The whole run of all sessions, after the warm-up.
RUN_TIMEOUT_S = 300
ANSWERS = ["Hell yes", "Yes", "Hell yes", "Yes", "Hell yes", "Hell yes", "Yes", "Hell yes", "Hell yes", "Yes"]


@dataclass(frozen=True)
class Timing:
    name: str
    page_load_s: float
    submit_s: float


async def _until_form_usable(page: Page) -> None:
    await page.locator(SCRIPT_DONE).wait_for(timeout=WAIT_MS)
    await expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=WAIT_MS)
    await expect(page.get_by_test_id("stMain").get_by_test_id("stButtonGroup")).to_have_count(
        1 + QUESTIONS, timeout=WAIT_MS
    )
    await expect(page.get_by_label("Name (required)", exact=True)).to_be_editable(timeout=WAIT_MS)


async def _open_screen(page: Page, base: str) -> float:
    started = time.perf_counter()
    await page.goto(f"{base}/screen", timeout=WAIT_MS)
    await _until_form_usable(page)
    return time.perf_counter() - started


async def _pick(page: Page, group: int, answer: str) -> None:
    option = (
        page.get_by_test_id("stMain")
        .get_by_test_id("stButtonGroup")
        .nth(group)
        .get_by_role("radio", name=answer, exact=True)
    )
    await option.click(timeout=WAIT_MS)
    await expect(option).to_have_attribute("aria-checked", "true", timeout=WAIT_MS)


async def _screen_one(page: Page, base: str, name: str) -> Timing:
    page_load = await _open_screen(page, base)

    await page.get_by_label("Name (required)", exact=True).fill(name, timeout=WAIT_MS)
    await _pick(page, 0, "Hell yes")
    for number, answer in enumerate(ANSWERS, start=1):
        await _pick(page, number, answer)

    started = time.perf_counter()
    await page.get_by_role("button", name="Get the verdict", exact=True).click(timeout=WAIT_MS)
    await page.wait_for_url("**/screen?done=*", timeout=WAIT_MS)
    await expect(page.get_by_test_id("ts-verdict")).to_contain_text("HELL", timeout=WAIT_MS)
    await page.locator(SCRIPT_DONE).wait_for(timeout=WAIT_MS)
    submit = time.perf_counter() - started
    await expect(page.get_by_role("heading", level=1)).to_have_text(name, timeout=WAIT_MS)
    return Timing(name, page_load, submit)


async def _open_floor(page: Page, base: str) -> float:
    started = time.perf_counter()
    await page.goto(base, timeout=WAIT_MS)
    await page.locator(SCRIPT_DONE).wait_for(timeout=WAIT_MS)
    await expect(page.get_by_text(FLOOR_TEXT, exact=True)).to_be_visible(timeout=WAIT_MS)
    return time.perf_counter() - started


async def _open_form_floor(page: Page, base: str) -> float:
    started = time.perf_counter()
    await page.goto(base, timeout=WAIT_MS)
    await _until_form_usable(page)
    return time.perf_counter() - started


@dataclass(frozen=True)
class Run:
    warmup_s: float
    floor_s: list[float]
    form_floor_s: list[float]
    results: list[Timing | BaseException]


async def _together(browser: Browser, count: int) -> list[Page]:
    """Fresh contexts (first-time visitors), all made before the first goto() so they start together."""
    contexts = [await browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(count)]
    return [await context.new_page() for context in contexts]


async def _all_at_once(
    browser: Browser, count: int, open_: Callable[[Page], Awaitable[float]]
) -> list[float]:
    pages = await _together(browser, count)
    try:
        return list(await asyncio.wait_for(asyncio.gather(*(open_(p) for p in pages)), timeout=RUN_TIMEOUT_S))
    finally:
        for page in pages:
            await page.context.close()


async def _run(base: str, floor: str, form_floor: str, names: list[str]) -> Run:
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            warm = await browser.new_context()
            warm_page = await warm.new_page()
            await _open_floor(warm_page, floor)
            await _open_form_floor(warm_page, form_floor)
            warmup = await _open_screen(warm_page, base)
            await warm.close()

            floor_s = await _all_at_once(browser, len(names), lambda page: _open_floor(page, floor))
            form_floor_s = await _all_at_once(
                browser, len(names), lambda page: _open_form_floor(page, form_floor)
            )
            pages = await _together(browser, len(names))
            sessions = (_screen_one(page, base, name) for page, name in zip(pages, names, strict=True))
            results = await asyncio.wait_for(
                asyncio.gather(*sessions, return_exceptions=True), timeout=RUN_TIMEOUT_S
            )
            return Run(warmup, floor_s, form_floor_s, list(results))
        finally:
            await browser.close()


def _cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_concurrent_sessions_each_screen_a_prospect_exactly_once_and_pages_load_in_time(
    start_server: Callable[..., Server], db_url: str, tmp_path: Path
) -> None:
    sessions = wanted_sessions(10)
    require_chromium()
    proc, server = start_server(db_url)
    _floor_proc, floor = start_server(f"sqlite:///{tmp_path / 'floor.db'}", FLOOR_SCRIPT)
    _form_proc, form_floor = start_server(f"sqlite:///{tmp_path / 'form.db'}", FORM_FLOOR_SCRIPT)
    run_id = uuid.uuid4().hex[:6]
    names = [f"Load {run_id} #{number:03d}" for number in range(1, sessions + 1)]

    cpu_before = _cpu_seconds(proc.pid)
    run = in_own_thread(lambda: _run(server, floor, form_floor, names), 3 * RUN_TIMEOUT_S + 120, "load-test")
    server_cpu = _cpu_seconds(proc.pid) - cpu_before

    failures = [
        f"{name}: {result!r}"
        for name, result in zip(names, run.results, strict=True)
        if isinstance(result, BaseException)
    ]
    timings = [result for result in run.results if isinstance(result, Timing)]
    stored = Counter(
        item.account.name for item in open_repository(db_url).overview() for _ in range(item.assessment_count)
    )
    ours = summary([t.page_load_s for t in timings]) if timings else None
    floor_summary = summary(run.floor_s)
    form_floor_summary = summary(run.form_floor_s)
    ratio = round(ours["p95"] / form_floor_summary["p95"], 2) if ours else None
    report = {
        "sessions": sessions,
        "completed": len(timings),
        "completed_pct": round(100 * len(timings) / sessions, 1),
        "warmup_s": round(run.warmup_s, 3),
        "page_load_s": ours,
        "floor_page_load_s": floor_summary,
        "form_floor_page_load_s": form_floor_summary,
        "p95_ratio_to_form_floor": ratio,
        "p95_target_s": PAGE_LOAD_P95_TARGET_S,
        "p95_target_met": bool(ours and ours["p95"] < PAGE_LOAD_P95_TARGET_S),
        "submit_s": summary([t.submit_s for t in timings]) if timings else None,
        "server_cpu_s_per_session": round(server_cpu / sessions, 3),
        "each": [
            {"name": t.name, "page_load_s": round(t.page_load_s, 3), "submit_s": round(t.submit_s, 3)}
            for t in timings
        ],
    }
    print(
        f"\nload: {sessions} sessions at once, {report['completed_pct']}% completed "
        f"(warm-up page load {run.warmup_s:.2f} s, not counted)\n"
        f"  page load, ours   {ours}\n"
        f"  page load, floors {floor_summary} one-line page, {form_floor_summary} the form's widgets alone\n"
        f"  p95 ratio to the form floor {ratio} (limit {P95_RATIO_LIMIT}); "
        f"p95 target {PAGE_LOAD_P95_TARGET_S} s {'met' if report['p95_target_met'] else 'missed'}\n"
        f"  submit to verdict {report['submit_s']}\n"
        f"  server CPU        {report['server_cpu_s_per_session']} s per screened prospect"
    )
    if os.environ.get(REPORT_VAR):
        Path(os.environ[REPORT_VAR]).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    assert failures == [], "sessions that did not finish:\n" + "\n".join(failures)
    assert {name: stored[name] for name in names} == dict.fromkeys(names, 1), "each prospect stored once"
    assert sum(stored.values()) == sessions, f"unexpected rows: {stored}"
    assert ratio is not None and ratio <= P95_RATIO_LIMIT, (
        f"page load p95 {ours} is more than {P95_RATIO_LIMIT}x the form floor's {form_floor_summary}"
    )
