"""The portfolio on screen: the table, the alerts, long lists a page at a time.

What a line says comes from `services.portfolio`; this module caches it per data version
and draws it."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import streamlit as st

from scoring import NAME_MAX, Rubric, format_score
from scoring.playbooks import playbooks
from scoring.status import Status
from services.portfolio import Line, compute_portfolio, matches, reason, why
from services.store import Repository
from ui import routes
from ui.text import md_escape

#: Rows a portfolio table shows at once; a longer list comes a page at a time.
PAGE_ROWS = 50


@st.cache_resource(max_entries=8, show_spinner=False)
def _cached_portfolio(
    _repo: Repository, _rubric: Rubric, location: str, version: str, rubric: tuple[str, int], today: dt.date
) -> list[Line]:
    return compute_portfolio(_repo, _rubric, today)


def portfolio(repo: Repository, rubric: Rubric, today: dt.date | None = None) -> list[Line]:
    """The portfolio as it is in the database now: computed once per data version (any write on any
    replica makes a new one), so clicks that change nothing cost one small query. Callers must not
    change the list or its lines: they are shared between sessions."""
    today = today or dt.date.today()
    version = repo.data_version()
    return _cached_portfolio(repo, rubric, repo.location, version, (rubric.key, rubric.version), today)


def frame(lines: list[Line], today: dt.date | None = None) -> pd.DataFrame:
    today = today or dt.date.today()
    rows = []
    for line in lines:
        latest = line.overview.latest
        status = line.status
        score = line.headline.score if line.headline is not None else None
        rows.append(
            {
                "id": line.overview.account.id,
                "Name": line.overview.account.name,
                "Company": line.overview.account.company,
                "Stage": line.overview.account.stage.value,
                "Status": line.label,
                "Reason": reason(line),
                "Score": float(format_score(score)) if score is not None else None,
                "Trend": line.trend,
                "Last": latest.assessment.taken_on if latest else None,
                "Days since": (today - latest.assessment.taken_on).days if latest else None,
                "Check-in due": status.next_due if status and not line.ended else None,
                "Gut agreed": line.result.gut_agrees if line.result and not line.is_client else None,
                "Deal (€)": line.overview.account.deal_value,
                "Why": why(line),
            }
        )
    return pd.DataFrame(rows)


COLUMNS = {
    "id": None,
    "Score": st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.1f", width="small"),
    "Trend": st.column_config.LineChartColumn(y_min=0, y_max=100, width="small"),
    "Last": st.column_config.DateColumn(format="YYYY-MM-DD"),
    "Check-in due": st.column_config.DateColumn(format="YYYY-MM-DD"),
    "Gut agreed": st.column_config.CheckboxColumn(width="small"),
    "Deal (€)": st.column_config.NumberColumn(format="€ %.0f"),
    "Days since": st.column_config.NumberColumn(width="small"),
    "Why": st.column_config.TextColumn(width="large"),
}


def alert_list(lines: list[Line], limit: int = 12) -> int:
    """The most urgent things, one line each. Returns how many there were in all."""
    flagged: list[tuple[int, str, str, Line]] = []
    for line in lines:
        if line.ended:
            continue
        if line.status is not None and line.status.status is not Status.HELL_YES:
            kind = "error" if line.status.status in (Status.FIRE_NOW, Status.LET_GO) else "warning"
            reason = playbooks().get(line.status.reason or "")
            headline = line.status.status.label + (f" ({reason.title.lower()})" if reason else "")
            flagged.append((line.urgency, kind, f"{headline}: {line.status.deciding.message}", line))
        elif line.status is not None and line.status.checkin_due:
            flagged.append((5, "info", f"Check-in due since {line.status.next_due:%Y-%m-%d}.", line))
        for alert in line.alerts:
            kind = "error" if alert.severity == 0 else "warning"
            flagged.append((3 if alert.severity <= 1 else 6, kind, alert.message, line))
    flagged.sort(key=lambda item: (item[0], item[1] != "error"))
    for _, kind, message, line in flagged[:limit]:
        text = f"**{md_escape(line.overview.account.name)}** — {md_escape(message)}"
        if kind == "error":
            st.error(text, icon=":material/block:")
        elif kind == "warning":
            st.warning(text, icon=":material/warning:")
        else:
            st.info(text, icon=":material/event:")
    if len(flagged) > limit:
        st.caption(f"… and {len(flagged) - limit} more in the table below.")
    return len(flagged)


def selectable_table(
    lines: list[Line], key: str, hide: tuple[str, ...] = (), *, search: bool = True
) -> int | None:
    """The portfolio table; returns the account id of the row the person clicked, if any.

    Longer than `PAGE_ROWS`, it comes a page at a time, with a search on name and company
    (unless the page has its own, `search=False`): a team's thousands of accounts are not
    sent to the browser on every click.
    """
    shown, view = lines, ""
    if len(lines) > PAGE_ROWS:
        shown, view = _page(lines, key, search)
        if not shown:
            return None
    data = frame(shown)
    order = [c for c in data.columns if c not in hide] if not data.empty else None
    event = st.dataframe(
        data,
        hide_index=True,
        column_config=COLUMNS,
        column_order=order,
        on_select="rerun",
        selection_mode="single-row",
        # A view of its own: a row picked on one page is not a row of the next.
        key=f"{key}{view}",
    )
    rows = event.selection.rows if event is not None else []
    if rows:
        return int(data.iloc[rows[0]]["id"])
    return None


def _page(lines: list[Line], key: str, search: bool) -> tuple[list[Line], str]:
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


def open_account(account_id: int, lines: list[Line]) -> None:
    """Clients open on their client page, prospects on their scorecard."""
    line = next((x for x in lines if x.overview.account.id == account_id), None)
    page = routes.CLIENT if line is not None and line.is_client else routes.SCORECARD
    st.switch_page(page, query_params={"account": str(account_id)})


__all__ = [
    "PAGE_ROWS",
    "Line",
    "alert_list",
    "frame",
    "matches",
    "open_account",
    "portfolio",
    "selectable_table",
]
