"""The assessments download on the Data page, clicked in Chromium, against the least work that
hands a person the same file.

Ours: the Data page of a warm `streamlit run app.py`; its "Assessments" button is a
`st.download_button` with a callable (`ui.data_view.download_bytes`) that builds the file when
clicked. The floor: bench/floor_download.py, one download button whose callable reads the same
rows and writes the same cells with csv.writer (the in-process floor of "csv export", served).
Each turn times one click on each, from the click until Chromium has the whole file on disk;
every file is read back and must hold one row per stored assessment. The cells the floor writes
are those of the file the Data page handed out on its first click, and the floor's first file
must hold the same cells (it quotes less: ours also quotes a cell holding `;`, so that a
spreadsheet reading the other separator keeps it whole).
"""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

from playwright.sync_api import Browser, Page

from bench.browser_figures import PAGE_WAIT_MS, SCRIPT_DONE, chromium, servers
from bench.floor_download import CELLS_ENV
from bench.measure import Figure, Measure, Setup, compare, secs
from storage import open_repository

FLOOR_DOWNLOAD = "bench/floor_download.py"
DATA_PATH = "/data"
LABEL = "Assessments"
#: Bound on opening a page (the figure's pages are small; a broken one fails in a minute).
OPEN_WAIT_MS = 60_000


def _open(browser: Browser, address: str) -> Page:
    """A fresh visitor on `address`, its script run finished and the download button drawn."""
    page = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True).new_page()
    page.goto(address, timeout=OPEN_WAIT_MS)
    button = page.get_by_test_id("stDownloadButton").get_by_role("button", name=LABEL, exact=True)
    page.locator(f"{SCRIPT_DONE}, [data-testid='stException']").first.wait_for(timeout=OPEN_WAIT_MS)
    failed = page.get_by_test_id("stException")
    if failed.count():
        raise RuntimeError(f"{address} failed: {failed.first.inner_text()}")
    button.wait_for(timeout=OPEN_WAIT_MS)
    return page


def cells_of(data: bytes) -> list[list[str]]:
    """A downloaded CSV's records, the header first."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def rows_in(data: bytes) -> int:
    """The data rows of a downloaded CSV (every record after the header)."""
    return sum(1 for _ in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))) - 1


def click_download(page: Page, rows: int, kept: list[bytes] | None = None) -> Measure:
    """One click on the page's download button, timed until the browser has saved the whole file
    (`Download.path()` returns when it is complete). The file must hold `rows` rows; its bytes
    go into `kept` when given."""
    button = page.get_by_test_id("stDownloadButton").get_by_role("button", name=LABEL, exact=True)

    def measure() -> float:
        started = time.perf_counter()
        with page.expect_download(timeout=PAGE_WAIT_MS) as info:
            button.click(timeout=PAGE_WAIT_MS)
        download = info.value
        path = download.path()
        elapsed = time.perf_counter() - started
        data = path.read_bytes()
        download.delete()
        if (got := rows_in(data)) != rows:
            raise RuntimeError(f"{page.url} downloaded {got} rows, not the {rows} stored")
        if kept is not None:
            kept.append(data)
        return elapsed

    return measure


def csv_download(setup: Setup, folder: Path) -> Figure:
    """The Data page's assessments download, click to file saved, against the floor page's."""
    repo = open_repository(setup.full_url)
    try:
        rows = len(repo.assessment_columns())
    finally:
        repo.close()
    cells = folder / "download-cells.csv"
    scripts = [("app.py", {}), (FLOOR_DOWNLOAD, {CELLS_ENV: str(cells)})]
    with servers(setup.full_url, scripts, folder) as [(_, app), (_, floor_base)], chromium() as browser:
        ours_page = _open(browser, app + DATA_PATH)
        ours_file: list[bytes] = []
        first_ours = click_download(ours_page, rows, ours_file)()
        cells.write_bytes(ours_file[0])  # before the floor page's first run reads it
        floor_page = _open(browser, floor_base)
        floor_file: list[bytes] = []
        first_floor = click_download(floor_page, rows, floor_file)()
        if cells_of(floor_file[0]) != cells_of(ours_file[0]):
            raise RuntimeError("the floor's file does not hold the Data page's cells")
        info = (
            f"the Data page's Assessments button in Chromium, click to file saved; {rows} rows, "
            f"{len(ours_file[0]) / 1e6:.1f} MB (the floor's: {len(floor_file[0]) / 1e6:.1f} MB); "
            f"first clicks: ours {secs(first_ours)} s, floor {secs(first_floor)} s"
        )
        ours, floor = click_download(ours_page, rows), click_download(floor_page, rows)
        return compare("csv download", ours, floor, 1.5, setup.repeats, info)
