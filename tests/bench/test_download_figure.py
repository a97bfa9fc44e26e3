"""The "csv download" figure: the Data page's download and its floor page, each served by a real
`streamlit run` and clicked in Chromium, both handing out every stored assessment.

Marked e2e, like the browser tests: skipped when chromium is missing, failed instead under
CI=true.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from bench.download_figure import csv_download, rows_in
from bench.generate import generate
from bench.measure import Setup
from bench.servers import CHROMIUM

pytestmark = pytest.mark.e2e


@pytest.fixture
def chromium_installed() -> None:
    if not CHROMIUM.exists():
        reason = "chromium not installed: apt-get install -y chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: browser tests must run in CI)", pytrace=False)
        pytest.skip(reason)


def test_rows_in_counts_records_after_the_header_and_a_quoted_line_break_as_one_row() -> None:
    data = codecs.BOM_UTF8 + 'account,note\r\nZoë,"two\r\nlines"\r\nBo,\r\n'.encode()
    assert rows_in(data) == 2


def test_both_sides_download_every_stored_assessment(chromium_installed: None, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    counts = generate(url, accounts=5, checkins=3)
    setup = Setup(url, url, url, repeats=1, sessions=1, client_id=0, client_name="")

    figure = csv_download(setup, tmp_path)

    assert figure.name == "csv download"
    assert figure.ours is not None and figure.ours > 0
    assert figure.floor is not None and figure.floor > 0
    # The figure reads every file back and refuses one short of a row; the count it went by is
    # the generator's, not one either page reported.
    assert f"; {counts.assessments} rows," in figure.info
