"""The figures that need a real server and Chromium: a cold start (a new server process until its
first Home is drawn), a new visitor to a warm server, and the server's memory with several
sessions open."""

from __future__ import annotations

import compileall
import os
import subprocess
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from statistics import median

from playwright.sync_api import Browser, sync_playwright

from bench.floor_draw import HOME_SHOWN_ENV, HomeShown, keep_home
from bench.measure import Figure, Measure, Setup, compare, secs
from bench.servers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    REPO_ROOT,
    STARTUP_TIMEOUT_S,
    NotHealthy,
    free_port,
    healthy,
    launch,
    stop,
    wait_until_healthy,
)

FLOOR_APP = "bench/floor_app.py"
FLOOR_HOME = "bench/floor_home.py"
FLOOR_TEXT = "Thin Slice floor page"
HOME_TITLE = "Is it still a hell yes?"
#: Home's table drawn: the grid's canvas in the keyed table (not the empty one a first look shows
#: while it reads): a page is drawn when what it shows is on the screen, not when its script ends.
HOME_TABLE = '[class*="st-key-home-table"] canvas'
SCRIPT_DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# Bounds on every wait: generous, so a slow machine reports slow figures instead of timeouts.
PAGE_WAIT_MS = 300_000
#: How long after a start the later visitor of the cold-start figure comes.
LATER_S = 10.0
#: How often a cold start asks whether the new server answers: often, as it is inside the timing.
START_POLL_S = 0.02


@contextmanager
def servers(
    url: str, scripts: Sequence[str | tuple[str, Mapping[str, str]]], logs: Path
) -> Iterator[list[tuple[int, str]]]:
    """`streamlit run` each script (or each (script, environment): a floor's input) on 127.0.0.1,
    started together, then each waited for until healthy, as tests/e2e starts the app; yields
    (pid, base URL) each and always stops them."""
    started: list[tuple[subprocess.Popen[bytes], str, Path]] = []
    try:
        for item in scripts:
            script, env = (item, {}) if isinstance(item, str) else item
            port = free_port()
            log = logs / f"{Path(script).stem}-{port}.log"
            started.append((launch(url, script, port, log, env), f"http://127.0.0.1:{port}", log))
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        for proc, base, log in started:
            wait_until_healthy(proc, base, log, deadline)
        yield [(proc.pid, base) for proc, base, _ in started]
    finally:
        for proc, _, _ in started:
            stop(proc)


@contextmanager
def chromium(cpus: frozenset[int] | None = None) -> Iterator[Browser]:
    """Chromium, on the processors `cpus` only if given (its processes inherit them at launch)."""
    with sync_playwright() as p:
        mine = os.sched_getaffinity(0)
        if cpus is not None:
            os.sched_setaffinity(0, cpus)
        try:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        finally:
            os.sched_setaffinity(0, mine)
        try:
            yield browser
        finally:
            browser.close()


def cold_load(browser: Browser, base: str, marker: str, drawn: str | None = None) -> Measure:
    """A first-time visitor: a fresh context (no cache, no cookies) from goto() until the page's
    marker shows, the script run has finished (the marker first: before the run starts, the
    app reads as not running too) and the `drawn` element, if any, is on the screen."""

    def measure() -> float:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        try:
            page = context.new_page()
            started = time.perf_counter()
            page.goto(base, timeout=PAGE_WAIT_MS)
            page.get_by_text(marker, exact=True).wait_for(timeout=PAGE_WAIT_MS)
            page.locator(SCRIPT_DONE).wait_for(timeout=PAGE_WAIT_MS)
            if drawn is not None:
                page.locator(drawn).first.wait_for(timeout=PAGE_WAIT_MS)
            return time.perf_counter() - started
        finally:
            context.close()

    return measure


def new_visitor(setup: Setup, logs: Path, shown: HomeShown) -> Figure:
    """A first-time visitor to a server that has drawn Home before, until Home's table is on the
    screen, against the same visitor to bench/floor_home.py served with Home's elements in memory
    (`shown`, what Home shows now): both fetch and draw the same elements, so the ratio is what
    the app's server adds. A one-title page's load is printed beside it."""
    held = logs / "home-shown.pickle"
    keep_home(shown, held)
    scripts: list[str | tuple[str, Mapping[str, str]]] = [
        "app.py",
        (FLOOR_HOME, {HOME_SHOWN_ENV: str(held)}),
        FLOOR_APP,
    ]
    with (
        servers(setup.full_url, scripts, logs) as [(_, app), (_, floor), (_, title)],
        chromium() as browser,
    ):
        ours, floor_ = (
            cold_load(browser, app, HOME_TITLE, HOME_TABLE),
            cold_load(browser, floor, HOME_TITLE, HOME_TABLE),
        )
        one_title = cold_load(browser, title, FLOOR_TEXT)
        warm = ours()
        floor_()
        one_title()
        titled = min(one_title() for _ in range(3))
        return compare(
            "new visitor", ours, floor_, 1.5, setup.repeats,
            info=f"the warm-up load (first script run on the server): {secs(warm)} s; "
            f"a one-title page in the same browser: {secs(titled)} s",
        )  # fmt: skip


def start_and_load(
    browser: Browser,
    url: str,
    script: str,
    marker: str,
    logs: Path,
    drawn: str | None = None,
    later: float = 0,
    cpus: frozenset[int] | None = None,
    env: Mapping[str, str] | None = None,
) -> Measure:
    """A restart: from launching `streamlit run script` until a browser, asking as soon as the
    server answers, has the page's marker drawn and its script run finished. Stops the server.

    With `later`, the browser asks that many seconds after the server answers (as after a deploy,
    before anyone comes back), and the time is the visitor's only, from asking to drawn. With
    `cpus`, the server runs on those processors only; `env`, the script's own variables (a floor's
    input)."""

    def measure() -> float:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = logs / f"start-{Path(script).stem}-{port}.log"
        started = time.perf_counter()
        proc = launch(url, script, port, log, env, cpus)
        try:
            deadline = time.monotonic() + STARTUP_TIMEOUT_S
            while not healthy(base):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise NotHealthy(f"streamlit did not start on {base}:\n{log.read_text()[-3000:]}")
                time.sleep(START_POLL_S)
            if later:
                time.sleep(later)
                return cold_load(browser, base, marker, drawn)()
            cold_load(browser, base, marker, drawn)()
            return time.perf_counter() - started
        finally:
            stop(proc)

    return measure


def restart_bytecode() -> None:
    """Compile the app's modules as a server's first start leaves them compiled, so each start
    here is a restart. Where PYTHONDONTWRITEBYTECODE is set (this machine's environment sets it)
    Python never writes that bytecode, and every start would compile every module of the app
    again, as no restart of a deployed server does. Reading bytecode is allowed either way."""
    for package in sorted(REPO_ROOT.iterdir()):
        if (package / "__init__.py").is_file() and package.name not in ("tests", "bench"):
            compileall.compile_dir(package, quiet=1)
    for module in sorted(REPO_ROOT.glob("*.py")):
        compileall.compile_file(module, quiet=1)


def cold_start(setup: Setup, logs: Path, shown: HomeShown) -> Figure:
    """The first Home after a restart against the first one-title page after a restart: each turn
    starts a new server process. One start of each first, untimed, so both find Python's files
    in the system's cache, and the app's modules compiled as a first start leaves them
    (`restart_bytecode`).

    Printed beside it: the same start of bench/floor_home.py, Home's elements (`shown`) drawn from
    memory, which reads and judges nothing; its ratio to the one-title page is what drawing Home's
    elements alone costs, the least any first Home can."""
    held = logs / "home-shown-cold.pickle"
    keep_home(shown, held)
    restart_bytecode()
    with chromium() as browser:
        ours = start_and_load(browser, setup.full_url, "app.py", HOME_TITLE, logs, HOME_TABLE)
        floor = start_and_load(browser, setup.full_url, FLOOR_APP, FLOOR_TEXT, logs)
        elements = start_and_load(
            browser, setup.full_url, FLOOR_HOME, HOME_TITLE, logs, HOME_TABLE, env={HOME_SHOWN_ENV: str(held)}
        )
        for first in (ours, floor, elements):
            first()
        drawn: list[float] = []

        def floor_then_elements() -> float:
            took = floor()
            drawn.append(elements())
            return took

        figure = compare(
            "cold start", ours, floor_then_elements, 2, setup.repeats,
            info="process start to the page drawn in Chromium, a new server each turn",
        )  # fmt: skip
        least = (
            f"; Home's elements from memory (bench/floor_home.py), started alike: {secs(median(drawn))} s, "
            f"{median(drawn) / (figure.floor or 1):.2f} times the one-title page"
        )
        # What a restart usually is: a deploy, and the first person some seconds later. The server
        # has prepared Home meanwhile (app.py, ui.warm_up); the visitor's own wait, once each.
        home_later = start_and_load(
            browser, setup.full_url, "app.py", HOME_TITLE, logs, HOME_TABLE, LATER_S
        )()
        title_later = start_and_load(browser, setup.full_url, FLOOR_APP, FLOOR_TEXT, logs, later=LATER_S)()
        later = (
            f"a visitor {LATER_S:.0f} s after a start waits {secs(home_later)} s for Home "
            f"({home_later / title_later:.2f} times a one-title page's {secs(title_later)} s)"
        )
    return replace(figure, info=f"{figure.info}{least}; {later}{_apart(setup, logs)}")


def _apart(setup: Setup, logs: Path) -> str:
    """The cold start again with the browser on processors of its own, as a visitor's browser runs
    on their own computer (the server on the first processor, Chromium on the others; both sides
    alike), as a sentence for the figure's info; empty on a machine with one processor."""
    every = sorted(os.sched_getaffinity(0))
    if len(every) < 2:
        return ""
    server, browser_cpus = frozenset(every[:1]), frozenset(every[1:])
    with chromium(browser_cpus) as browser:
        ours = start_and_load(browser, setup.full_url, "app.py", HOME_TITLE, logs, HOME_TABLE, cpus=server)
        floor = start_and_load(browser, setup.full_url, FLOOR_APP, FLOOR_TEXT, logs, cpus=server)
        ours()
        floor()
        apart = compare("apart", ours, floor, 2, setup.repeats)
    return (
        f"; with the server on processor {min(server)} and Chromium on the other {len(browser_cpus)}: "
        f"ours {secs(apart.ours or 0)} s, floor {secs(apart.floor or 0)} s, ratio {apart.ratio or 0:.2f}"
    )


def _rss_mb(pid: int) -> float:
    """VmRSS of a process and all its descendants, from /proc (Linux)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    tree, frontier = {pid}, [pid]
    while frontier:
        current = frontier.pop()
        children = [child for child, parent in parents.items() if parent == current]
        tree.update(children)
        frontier.extend(children)
    total_kb = 0
    for member in tree:
        try:
            status = Path(f"/proc/{member}/status").read_text()
        except OSError:
            continue
        total_kb += next(
            (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0
        )
    return total_kb / 1024


def memory(setup: Setup, logs: Path) -> Figure:
    """A fresh server, then `sessions` visitors on the home page at once, all still open when
    the server's memory is read."""
    with servers(setup.full_url, ["app.py"], logs) as [(pid, app)], chromium() as browser:
        before = _rss_mb(pid)
        contexts = [browser.new_context() for _ in range(setup.sessions)]
        try:
            pages = [context.new_page() for context in contexts]
            for page in pages:  # navigate all before waiting on any: the sessions load together
                page.goto(app, wait_until="commit", timeout=PAGE_WAIT_MS)
            for page in pages:
                page.get_by_text(HOME_TITLE, exact=True).wait_for(timeout=PAGE_WAIT_MS)
                page.locator(SCRIPT_DONE).wait_for(timeout=PAGE_WAIT_MS)
            rss = _rss_mb(pid)
        finally:
            for context in contexts:
                context.close()
    info = f"{setup.sessions} sessions open on the home page; the idle server alone: {before:.0f} MB"
    return Figure("memory", rss, 600, info=info)
