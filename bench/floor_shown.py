"""What a page shows, worked out before the clock starts and held in memory for the floor pages.

A floor page (bench/floor_home.py, bench/floor_client.py) is the least work that
draws what the person sees: the same Streamlit elements with the same content,
with nothing left to read, compute or format. The benchmark fills `HELD` from the
same database before it runs them; AppTest runs a script in this process, so the
script finds it here.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import streamlit as st

from scoring import Rubric, Verdict
from scoring.accounts import AccountRecord
from scoring.headline import Headline
from scoring.status import ClientStatus, Status
from services.accounts import account_view
from services.portfolio import attention, compute_portfolio
from services.store import Repository
from ui.charts import ChartRow, answer_legend_html
from ui.client_view import history_chart_inputs
from ui.portfolio import PAGE_ROWS, TONE_MARK, account_page, frame, status_column
from ui.text import md_escape

if TYPE_CHECKING:
    from streamlit.elements.lib.column_types import ColumnConfig

#: Where a floor's page links point. A floor script is not in the app's pages folder, so Streamlit
#: would refuse the app's own paths; an address draws the same link element.
LINK_BASE = "http://127.0.0.1:8501/"


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
    table: pd.DataFrame
    #: The Status column's config: its chips' colours.
    status: ColumnConfig
    order: list[str]


@dataclass(frozen=True)
class ChartShown:
    """The client page's score chart: its points, baseline and threshold (the arguments of the
    cached `ui.charts.score_history_spec`)."""

    rows: tuple[ChartRow, ...]
    baseline: float
    threshold: float


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


@dataclass(frozen=True)
class ClientShown:
    """Everything the client page draws when it opens on its History tab, in the order it draws it."""

    css: str
    sidebar: list[Link]
    account: AccountRecord
    status: ClientStatus
    headline: Headline
    checkins: str
    chart: ChartShown
    legend: str
    heatmap: pd.DataFrame
    heatmap_spec: dict[str, Any]


@dataclass
class Held:
    home: HomeShown | None = None
    client: ClientShown | None = None
    extra: dict[str, Any] = field(default_factory=dict)


HELD = Held()

#: A served floor (`streamlit run bench/floor_home.py`) runs in a server process of its own: it
#: finds Home's elements in the file this variable names, written by `keep_home`.
HOME_SHOWN_ENV = "THINSLICE_BENCH_HOME_SHOWN"


def keep_home(shown: HomeShown, path: Path) -> None:
    """Write Home's elements for a served floor. Pickle: a file this benchmark run writes for its
    own child process, read once; nothing else ever reads it."""
    path.write_bytes(pickle.dumps(shown, protocol=pickle.HIGHEST_PROTOCOL))


def held_home() -> HomeShown:
    """Home's elements: held in this process (AppTest), else in the file a served floor is given."""
    if HELD.home is None and (path := os.environ.get(HOME_SHOWN_ENV)):
        HELD.home = pickle.loads(Path(path).read_bytes())
    if HELD.home is None:
        raise RuntimeError("bench/floor_shown.py holds nothing for Home: run it from bench/run.py")
    return HELD.home


def home_shown(repo: Repository, rubric: Rubric, css: str, sidebar: list[Link]) -> HomeShown:
    """What Home (home.py) shows today on its first run, computed the way home.py computes it."""
    today = dt.date.today()
    lines = compute_portfolio(repo, rubric, today)
    prospects = [line for line in lines if not line.is_client]
    clients = [line for line in lines if line.is_client and not line.ended]
    hell_yes = sum(1 for line in prospects if line.result and line.result.verdict is Verdict.HELL_YES)
    healthy = sum(1 for line in clients if line.status and line.status.status is Status.HELL_YES)
    trouble = sum(
        1
        for line in clients
        if line.status and line.status.status in (Status.FIRE_NOW, Status.LET_GO, Status.WATCH)
    )
    due = sum(1 for line in clients if line.status and line.status.checkin_due)
    items = attention(lines)
    alerts = []
    for item in items[:6]:
        colour, icon = TONE_MARK[item.tone]
        account = item.line.overview.account
        alerts.append(
            Link(
                f"{LINK_BASE}{account_page(item.line).removeprefix('pages/').removesuffix('.py')}"
                f"?account={account.id}",
                f"**{md_escape(account.name)}** · :{colour}[**{md_escape(item.tag)}**]: "
                f"{md_escape(item.message)}",
                icon,
            )
        )
    shown = lines[:PAGE_ROWS]
    table = frame(shown, today)
    return HomeShown(
        css=css,
        sidebar=sidebar,
        metrics=[
            ("Prospects", len(prospects), None),
            ("Prospects at hell yes", hell_yes, None),
            ("Clients", len(clients), None),
            ("Clients in trouble", trouble, "Fire now, let go or watch"),
            ("Check-ins due", due, None),
        ],
        alerts=alerts,
        alerts_more=f"… and {len(items) - 6} more, most urgent first in the table below."
        if len(items) > 6
        else None,
        everything=f"{len(prospects)} prospects and {len(clients)} clients with {healthy} still a hell yes. "
        "Click a name to open it.",
        pages=math.ceil(len(lines) / PAGE_ROWS),
        rows_caption=f"Rows 1–{len(shown):,} of {len(lines):,}, most urgent first.",
        table=table,
        status=status_column(shown),
        order=[c for c in table.columns if c != "id"],
    )


def client_shown(
    repo: Repository, rubric: Rubric, account_id: int, css: str, sidebar: list[Link]
) -> ClientShown:
    """What pages/client.py shows for a client under contract, worked out the way it works it out."""
    account = repo.account(account_id)
    view = account_view(repo, rubric, account, dt.date.today())
    if view.headline is None or view.headline.status is None or account.signed_on is None:
        raise RuntimeError(f"{account.name} is not a client with a status")
    status = view.headline.status
    count = len(view.checkins)
    rows, heatmap, spec = history_chart_inputs(rubric, view.history)
    return ClientShown(
        css=css,
        sidebar=sidebar,
        account=account,
        status=status,
        headline=view.headline,
        checkins=f"Signed {account.signed_on:%Y-%m-%d} · {count} check-in{'s' if count != 1 else ''}",
        chart=ChartShown(rows, status.baseline_score, rubric.verdict.threshold),
        legend=answer_legend_html(),
        heatmap=heatmap,
        heatmap_spec=spec,
    )
