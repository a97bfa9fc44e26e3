"""The portfolio on screen: the table, the alerts, long lists a page at a time.

What a line says comes from `services.portfolio`; this module caches it per data version
and draws it."""

from __future__ import annotations

import datetime as dt
import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pyarrow as pa
import streamlit as st

from scoring import NAME_MAX, Rubric, format_score
from services.portfolio import (
    Attention,
    Count,
    Line,
    Portfolio,
    Step,
    Tone,
    compute_portfolio,
    kept,
    matches,
    reason,
    tone,
    why,
)
from services.store import Repository
from ui import routes
from ui.tables import arrow_table, empty_table
from ui.text import md_escape

if TYPE_CHECKING:
    from streamlit.elements.lib.column_types import ColumnConfig

#: Rows a portfolio table shows at once; a longer list comes a page at a time.
PAGE_ROWS = 50

#: The Status column's width in pixels: with the name's, it fits a 390 px phone.
STATUS_WIDTH = 100


@st.cache_resource(max_entries=8, show_spinner=False)
def _cached_portfolio(
    _repo: Repository, _rubric: Rubric, location: str, version: str, rubric: tuple[str, int], today: dt.date
) -> Portfolio:
    return compute_portfolio(_repo, _rubric, today)


def portfolio(repo: Repository, rubric: Rubric, today: dt.date | None = None) -> Portfolio:
    """The portfolio as it is in the database now: brought up to date once per data version (any
    write on any replica makes a new one), so clicks that change nothing cost one small query, and
    a save costs what it changed. Callers must not change its lists or lines: they are shared
    between sessions."""
    if kept(repo.location):
        return prepare(repo, rubric, today)
    # A first look after a start reads and judges every account: say so, and hand the browser an
    # empty table meanwhile, so it fetches the table's code while the server works, not after.
    waiting = st.empty()
    with waiting.container():
        st.caption(":material/hourglass_top: Reading every account once after a start…")
        st.dataframe(empty_table(_WAITING), hide_index=True, height=80)
    try:
        return prepare(repo, rubric, today)
    finally:
        waiting.empty()


def prepare(repo: Repository, rubric: Rubric, today: dt.date | None = None) -> Portfolio:
    """`portfolio` without drawing anything: what a server start does ahead of its first visitor
    (`ui.warm_up`), so that visitor finds the portfolio kept."""
    today = today or dt.date.today()
    version = repo.data_version()
    return _cached_portfolio(repo, rubric, repo.location, version, (rubric.key, rubric.version), today)


#: The empty table a first look shows while it reads (`portfolio`).
_WAITING = pa.schema([("Name", pa.string()), ("Status", pa.string()), ("Score", pa.float64())])

#: A portfolio table's columns. Name and Status lead: on a phone they are what fits on the screen.
#: The Status cell holds its label as a one-item list: the grid draws it as a chip in its tone's
#: colour (`status_column`).
TABLE = pa.schema(
    [
        ("id", pa.int64()),
        ("Name", pa.string()),
        ("Status", pa.list_(pa.string())),
        ("Score", pa.float64()),
        ("Reason", pa.string()),
        ("Company", pa.string()),
        ("Stage", pa.string()),
        ("Trend", pa.list_(pa.float64())),
        ("Last", pa.date32()),
        ("Days since", pa.int64()),
        ("Check-in due", pa.date32()),
        ("Gut agreed", pa.bool_()),
        ("Deal (€)", pa.float64()),
        ("Why", pa.string()),
    ]
)


def frame(lines: Sequence[Line], today: dt.date | None = None) -> pa.Table:
    """One row per account, in `TABLE`'s columns (`ui.tables`: no pandas on a list's way)."""
    today = today or dt.date.today()
    rows = []
    for line in lines:
        latest = line.overview.latest
        status = line.standing
        score = line.headline.score if line.headline is not None else None
        rows.append(
            {
                "id": line.overview.account.id,
                "Name": line.overview.account.name,
                "Status": [line.label],
                "Score": float(format_score(score)) if score is not None else None,
                "Reason": reason(line),
                "Company": line.overview.account.company,
                "Stage": line.overview.account.stage.value,
                "Trend": line.trend,
                "Last": latest.assessment.taken_on if latest else None,
                "Days since": (today - latest.assessment.taken_on).days if latest else None,
                "Check-in due": status.next_due if status and not line.ended else None,
                # A client's verdicts are judged only when asked for (`scoring.headline`): not here.
                "Gut agreed": line.result.gut_agrees if not line.is_client and line.result else None,
                "Deal (€)": line.overview.account.deal_value,
                "Why": why(line),
            }
        )
    return arrow_table(TABLE, rows)


#: The tables drawn lately, by the lines they show: a rerun that shows the same lines (a click
#: elsewhere on the page, a save of another account) draws the frame it drew before.
_FRAMES: OrderedDict[tuple[object, ...], tuple[tuple[Line, ...], pa.Table]] = OrderedDict()
_FRAMES_KEPT = 32
_frames_lock = threading.Lock()


def shown_frame(shown: Sequence[Line], today: dt.date | None = None) -> pa.Table:
    """`frame` of these lines, made once per day for the same line objects (a portfolio's lines are
    shared and never change; a save makes new ones). Shared between sessions: callers must not
    change it."""
    today = today or dt.date.today()
    lines = tuple(shown)
    key = (today, *map(id, lines))
    with _frames_lock:
        # The entry holds its lines, so no other object can take their ids while it is kept.
        kept = _FRAMES.get(key)
        if kept is not None:
            _FRAMES.move_to_end(key)
            return kept[1]
    data = frame(lines, today)
    with _frames_lock:
        _FRAMES[key] = (lines, data)
        while len(_FRAMES) > _FRAMES_KEPT:
            _FRAMES.popitem(last=False)
    return data


COLUMNS = {
    "id": None,
    # Widths in pixels: name, status and score fit side by side on a 390 px phone.
    "Name": st.column_config.TextColumn(width=150),
    # "Status": `status_column`, whose colours depend on the lines shown.
    "Score": st.column_config.NumberColumn(format="%.1f", width=60),
    "Reason": st.column_config.TextColumn(width=170),
    "Trend": st.column_config.LineChartColumn(y_min=0, y_max=100, width="small"),
    "Last": st.column_config.DateColumn(format="YYYY-MM-DD"),
    "Check-in due": st.column_config.DateColumn(format="YYYY-MM-DD"),
    "Gut agreed": st.column_config.CheckboxColumn(width="small"),
    "Deal (€)": st.column_config.NumberColumn(format="€ %.0f"),
    "Days since": st.column_config.NumberColumn(width="small"),
    "Why": st.column_config.TextColumn(width="large"),
}

#: The Status chip's colour, one per tone; dark enough that the grid writes the label in white,
#: like the verdict pills.
TONE_COLOUR = {
    Tone.GOOD: "#15803d",
    Tone.BAD: "#b91c1c",
    Tone.WARN: "#b45309",
    Tone.QUIET: "#64748b",
}


def status_column(lines: Sequence[Line]) -> ColumnConfig:
    """The Status column for these lines: each label a chip in its tone's colour.

    The colour rides on the column's options, one per label (a label names one standing, so
    one tone): it costs what a plain table costs, for 50 rows as for 5. A pandas Styler that
    coloured each cell made Streamlit translate every cell of the table to HTML and send it
    twice: six times what the same table costs unstyled."""
    tones = {line.label: TONE_COLOUR[tone(line)] for line in lines}
    return st.column_config.MultiselectColumn(
        width=STATUS_WIDTH, options=list(tones), color=list(tones.values())
    )


#: An alert's colour and icon on Home, by tone.
TONE_MARK = {
    Tone.BAD: ("red", ":material/block:"),
    Tone.WARN: ("orange", ":material/warning:"),
    Tone.QUIET: ("gray", ":material/event:"),
    Tone.GOOD: ("green", ":material/check_circle:"),
}


def alert_list(items: list[Attention], limit: int = 6) -> int:
    """The most urgent things (`Portfolio.attention`), one per account, each a link to its page.
    Returns how many in all."""
    if items:
        with st.container(border=True, key="ts-alerts"):
            for item in items[:limit]:
                colour, icon = TONE_MARK[item.tone]
                account = item.line.overview.account
                st.page_link(
                    account_page(item.line),
                    label=f"**{md_escape(account.name)}** · :{colour}[**{md_escape(item.tag)}**]: "
                    f"{md_escape(item.message)}",
                    icon=icon,
                    query_params=_address(item),
                    width="stretch",
                )
    if len(items) > limit:
        st.caption(f"… and {len(items) - limit} more, most urgent first in the table below.")
    return len(items)


#: The client page's tab a Home item opens on: a check-in that is due opens the check-in form,
#: a client to let go the playbook and the way out.
_STEP_TAB = {Step.CHECK_IN: "Check-in", Step.LET_GO: "Let go"}


def _address(item: Attention) -> dict[str, str]:
    account = item.line.overview.account
    tab = _STEP_TAB.get(item.step) if account_page(item.line) == routes.CLIENT else None
    return {"account": str(account.id)} | ({routes.TAB_PARAM: tab} if tab else {})


def selectable_table(
    lines: Sequence[Line], key: str, hide: tuple[str, ...] = (), *, search: bool = True
) -> int | None:
    """The portfolio table; returns the account id of the row the person clicked, if any.

    A click on any cell picks its row (single-cell selection: the name, the status, anything), so
    the caller can open the account at once.

    Longer than `PAGE_ROWS`, it comes a page at a time, with a search on name and company
    (unless the page has its own, `search=False`): a team's thousands of accounts are not
    sent to the browser on every click.
    """
    shown, view = lines, ""
    if len(lines) > PAGE_ROWS:
        shown, view = _page(lines, key, search)
        if not shown:
            return None
    data = shown_frame(shown)
    order = [c for c in data.column_names if c != "id" and c not in hide]
    event = st.dataframe(
        data,
        hide_index=True,
        column_config={**COLUMNS, "Status": status_column(shown)},
        column_order=order,
        on_select="rerun",
        selection_mode="single-cell",
        # A view of its own: a row picked on one page is not a row of the next.
        key=f"{key}{view}",
    )
    cells = event.selection.cells if event is not None else []
    if cells:
        return shown[cells[0][0]].overview.account.id
    return None


def _page(lines: Sequence[Line], key: str, search: bool) -> tuple[Sequence[Line], str]:
    """The search box and page picker above a long table: the lines to show and a name for the view."""
    find, pick = st.columns([3, 1], vertical_alignment="bottom")
    needle = ""
    if search:
        needle = find.text_input(
            "Find an account",
            key=f"{key}.find",
            placeholder="Name or company",
            icon=":material/search:",
            max_chars=NAME_MAX,
        )
    found = [line for line in lines if matches(line, needle)] if needle.strip() else lines
    if not found:
        st.info(
            f"No account's name or company holds “{md_escape(needle.strip())}”.", icon=":material/search_off:"
        )
        return [], ""
    pages = math.ceil(len(found) / PAGE_ROWS)
    page = pick.selectbox(
        "Page",
        range(1, pages + 1),
        format_func=lambda n: f"{n} of {pages}",
        # Keyed on the page count: a search that changes it starts again at page 1, and a page
        # number can never outlive its range.
        key=f"{key}.page.{pages}",
    )
    start = (page - 1) * PAGE_ROWS
    shown = found[start : start + PAGE_ROWS]
    of = f"{len(found):,} found" if needle.strip() else f"{len(found):,}"
    st.caption(f"Rows {start + 1:,}–{start + len(shown):,} of {of}, most urgent first.")
    return shown, f".{pages}.{page}.{needle.strip().casefold()}"


def account_page(line: Line | None) -> str:
    """Clients open on their client page, prospects on their scorecard."""
    return routes.CLIENT if line is not None and line.is_client else routes.SCORECARD


def open_account(account_id: int, lines: Portfolio) -> None:
    line = lines.line(account_id)
    st.switch_page(account_page(line), query_params={"account": str(account_id)})


__all__ = [
    "PAGE_ROWS",
    "Count",
    "Line",
    "Portfolio",
    "account_page",
    "alert_list",
    "frame",
    "matches",
    "open_account",
    "portfolio",
    "selectable_table",
    "status_column",
]
