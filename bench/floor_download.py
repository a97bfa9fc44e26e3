"""The floor for "csv download": one download button whose callable does the least work that
makes the Data page's assessments file.

Each click reads the same rows (the repository's columnar read, as the in-process floor of
"csv export" in bench/run.py does) and writes the file's cells with csv.writer, as UTF-8 with
a byte-order mark: the same cells the Data page hands out, with no scoring, no statuses, no
formula guard. The cells come from the file the benchmark writes before it starts this server
(its path in the environment, under CELLS_ENV), read once per server process.
"""

import codecs
import csv
import io
import os
from functools import partial
from pathlib import Path

import streamlit as st

from services.bulk import bulk
from storage import Repository, database_url, open_repository

#: Set by bench/download_figure.py: the file whose cells each click writes again.
CELLS_ENV = "THINSLICE_BENCH_DOWNLOAD_CELLS"


@st.cache_resource(show_spinner=False)
def _repository(url: str) -> Repository:
    return open_repository(url)


@st.cache_resource(show_spinner=False)
def _cells(path: str) -> tuple[list[list[str]], str]:
    """The file's cells and its line ending."""
    text = Path(path).read_bytes().decode("utf-8-sig")
    ending = "\r\n" if "\r\n" in text[:10_000] else "\n"
    return list(csv.reader(io.StringIO(text, newline=""))), ending


def _file(repo: Repository, cells: list[list[str]], ending: str) -> bytes:
    """With cyclic garbage collection paused, as the Data page's export pauses it (services.bulk):
    otherwise every pass over the cells kept in memory would weigh on the floor alone."""
    with bulk():
        repo.assessment_columns()
        out = io.StringIO()
        csv.writer(out, lineterminator=ending).writerows(cells)
        return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")


def main() -> None:
    cells_path = os.environ.get(CELLS_ENV)
    if not cells_path:
        raise RuntimeError(f"{CELLS_ENV} names no file: bench/download_figure.py starts this page")
    cells, ending = _cells(cells_path)
    st.download_button(
        "Assessments",
        data=partial(_file, _repository(database_url()), cells, ending),
        file_name="thinslice-assessments.csv",
        mime="text/csv",
        on_click="ignore",
    )


# Streamlit runs a page as __main__; the benchmark imports this module for CELLS_ENV alone.
if __name__ == "__main__":
    main()
