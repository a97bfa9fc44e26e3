"""Home's elements as plain values, and the drawing every floor page shares, importing nothing
of the app: a served floor (`streamlit run bench/floor_home.py`) pays for Streamlit and pyarrow
(Home's table is an Arrow table, `ui.tables`) only, as the least work that draws Home must.

`bench.floor_shown` works the values out from a database; this module holds them.
"""

from __future__ import annotations

import functools
import os
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import streamlit as st

if TYPE_CHECKING:
    import pyarrow as pa

#: A served floor runs in a server process of its own: it finds Home's elements in the file this
#: variable names, written by `keep_home`.
HOME_SHOWN_ENV = "THINSLICE_BENCH_HOME_SHOWN"


@dataclass(frozen=True)
class Link:
    page: str
    label: str
    icon: str


@dataclass(frozen=True)
class HomeShown:
    """Everything Home draws for the first page of its table, in the order it draws it."""

    css: str
    sidebar: list[Link]
    metrics: list[tuple[str, int, str | None]]
    alerts: list[Link]
    alerts_more: str | None
    everything: str
    pages: int
    rows_caption: str
    table: pa.Table
    #: The table's column config, the Status chips' colours with it (plain dicts).
    columns: dict[str, Any]
    order: list[str]


def draw_chrome(title: str, css: str, sidebar: list[Link]) -> None:
    """What every page of the app draws around its content (`ui.shell.shell`), from memory: page
    config, the style sheet and the sidebar's links."""
    st.set_page_config(page_title=f"{title} · Thin Slice", page_icon=":material/target:", layout="wide")
    st.html(css)
    with st.sidebar:
        st.markdown("### :material/target: Thin Slice")
        st.caption("Unless it's a hell yes, it's a hell no.")
        for link in sidebar:
            st.page_link(link.page, label=link.label, icon=link.icon)


def keep_home(shown: HomeShown, path: Path) -> None:
    """Write Home's elements for a served floor. Pickle: a file this benchmark run writes for its
    own child process, read once; nothing else ever reads it."""
    path.write_bytes(pickle.dumps(shown, protocol=pickle.HIGHEST_PROTOCOL))


@functools.cache
def _read(path: str) -> HomeShown:
    home: HomeShown = pickle.loads(Path(path).read_bytes())
    return home


def held_home() -> HomeShown:
    """Home's elements: from the file a served floor is given, else held in this process (AppTest,
    `bench.floor_shown.HELD`, imported only then: it imports the app)."""
    path = os.environ.get(HOME_SHOWN_ENV)
    if path:
        return _read(path)
    from bench.floor_shown import HELD

    if HELD.home is None:
        raise RuntimeError("bench/floor_shown.py holds nothing for Home: run it from bench/run.py")
    return HELD.home
