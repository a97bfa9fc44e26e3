"""What a page shows, worked out before the clock starts and held in memory for the floor pages.

A floor page (bench/floor_home.py, bench/floor_client.py) is the least work that
draws what the person sees: the same Streamlit elements with the same content,
with nothing left to read, compute or format. The benchmark fills `HELD` from the
same database before it runs them; AppTest runs a script in this process, so the
script finds it here. Home's are plain values (`bench.floor_draw`), so a served floor
reads them without importing the app.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from bench.floor_draw import HomeShown, Link
from scoring import Rubric, Verdict
from scoring.accounts import AccountRecord
from scoring.headline import Headline
from scoring.status import ClientStatus, Status
from services.accounts import account_view
from services.portfolio import attention, compute_portfolio
from services.store import Repository
from ui.charts import ChartRow, answer_legend_html
from ui.client_view import history_chart_inputs
from ui.portfolio import COLUMNS, PAGE_ROWS, TONE_MARK, account_page, frame, status_column
from ui.text import md_escape

#: Where a floor's page links point. A floor script is not in the app's pages folder, so Streamlit
#: would refuse the app's own paths; an address draws the same link element.
LINK_BASE = "http://127.0.0.1:8501/"


@dataclass(frozen=True)
class ChartShown:
    """The client page's score chart: its points, baseline and threshold (the arguments of the
    cached `ui.charts.score_history_spec`)."""

    rows: tuple[ChartRow, ...]
    baseline: float
    threshold: float


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
        columns={**COLUMNS, "Status": status_column(shown)},
        order=[c for c in table.column_names if c != "id"],
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
