"""The portfolio on screen: the table, the alerts, long lists a page at a time.

What a line says comes from `services.portfolio`; this module caches it per data version
and draws it."""

from __future__ import annotations

import datetime as dt
import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import pyarrow as pa
import streamlit as st

from i18n import _, current_language, format_integer, ngettext, pgettext
from scoring import NAME_MAX, Rubric, Stage, format_score
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
from ui.score_mode import as_now
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
        st.caption(":material/hourglass_top: " + _("Reading every account once after a start…"))
        st.dataframe(
            empty_table(_WAITING),
            hide_index=True,
            height=80,
            column_config={name: column_label(name) for name in _WAITING.names},
        )
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
#: colour (`status_column`). The names are stable keys (pages hide columns by them, tests read
#: them); the header a person reads is `column_label`, in their language.
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


def column_label(name: str) -> str:
    """The header a person reads over the column `name` of `TABLE`, in their language."""
    labels = {
        "Name": _("Name"),
        "Status": _("Status"),
        "Score": _("Score"),
        "Reason": _("Reason"),
        "Company": _("Company"),
        "Stage": _("Stage"),
        "Trend": _("Trend"),
        # Translators: a list's column: the date of the newest screen or check-in.
        "Last": pgettext("column", "Last"),
        # Translators: a list's column: the number of days since the newest screen or check-in.
        "Days since": _("Days since"),
        # Translators: a list's column: the day the next check-in is due.
        "Check-in due": pgettext("column", "Check-in due"),
        # Translators: a list's column: whether the gut call agreed with the rubric.
        "Gut agreed": _("Gut agreed"),
        "Deal (€)": _("Deal (€)"),
        # Translators: a list's column: what decided the account's status, in a sentence.
        "Why": pgettext("column", "Why"),
    }
    return labels.get(name, name)


def stage_label(stage: Stage) -> str:
    """The Stage column's word for a stage (the stage's value is its stable key)."""
    if stage is Stage.CLIENT:
        return pgettext("stage", "client")
    return pgettext("stage", "prospect")


def frame(lines: Sequence[Line], today: dt.date | None = None) -> pa.Table:
    """One row per account, in `TABLE`'s columns (`ui.tables`: no pandas on a list's way). Its
    words (status, reason, stage, why) are in the reader's language."""
    today = today or dt.date.today()
    now = as_now()
    rows = []
    for line in lines:
        latest = line.overview.latest
        status = line.standing
        score = line.headline.score if line.headline is not None else None
        rows.append(
            {
                "id": line.overview.account.id,
                "Name": line.overview.account.name,
                "Status": [str(line.label)],
                "Score": float(format_score(score)) if score is not None else None,
                "Reason": str(reason(line)),
                "Company": line.overview.account.company,
                "Stage": stage_label(line.overview.account.stage),
                "Trend": line.trend_now if now and line.trend_now is not None else line.trend,
                "Last": latest.assessment.taken_on if latest else None,
                "Days since": (today - latest.assessment.taken_on).days if latest else None,
                "Check-in due": status.next_due if status and not line.ended else None,
                # A client's verdicts are judged only when asked for (`scoring.headline`): not here.
                "Gut agreed": line.result.gut_agrees if not line.is_client and line.result else None,
                "Deal (€)": line.overview.account.deal_value,
                "Why": str(why(line)),
            }
        )
    return arrow_table(TABLE, rows)


#: The tables drawn lately, by the language and the lines they show: a rerun that shows the same
#: lines (a click elsewhere on the page, a save of another account) draws the frame it drew before.
#: A frame holds words (status, reason, why) rendered in one language, so the language is part of
#: the key: another session reading Dutch never gets the English frame.
_FRAMES: OrderedDict[tuple[object, ...], tuple[tuple[Line, ...], pa.Table]] = OrderedDict()
_FRAMES_KEPT = 32
_frames_lock = threading.Lock()


def shown_frame(shown: Sequence[Line], today: dt.date | None = None) -> pa.Table:
    """`frame` of these lines, made once per day and language for the same line objects (a
    portfolio's lines are shared and never change; a save makes new ones). Shared between sessions:
    callers must not change it."""
    today = today or dt.date.today()
    lines = tuple(shown)
    key = (today, current_language(), as_now(), *map(id, lines))
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


def _layout(label: Callable[[str], str | None], dates: str) -> dict[str, ColumnConfig | None]:
    """How each column is drawn: `label` names its header, `dates` is the date columns' pattern."""
    return {
        "id": None,
        # Widths in pixels: name, status and score fit side by side on a 390 px phone.
        "Name": st.column_config.TextColumn(label("Name"), width=150),
        # "Status": `status_column`, whose colours depend on the lines shown.
        "Score": st.column_config.NumberColumn(label("Score"), format="%.1f", width=60),
        "Reason": st.column_config.TextColumn(label("Reason"), width=170),
        "Company": st.column_config.TextColumn(label("Company")),
        "Stage": st.column_config.TextColumn(label("Stage")),
        "Trend": st.column_config.LineChartColumn(label("Trend"), y_min=0, y_max=100, width="small"),
        "Last": st.column_config.DateColumn(label("Last"), format=dates),
        "Check-in due": st.column_config.DateColumn(label("Check-in due"), format=dates),
        "Gut agreed": st.column_config.CheckboxColumn(label("Gut agreed"), width="small"),
        "Deal (€)": st.column_config.NumberColumn(label("Deal (€)"), format="€ %.0f"),
        "Days since": st.column_config.NumberColumn(label("Days since"), width="small"),
        "Why": st.column_config.TextColumn(label("Why"), width="large"),
    }


#: How each column is drawn, its header being its name (what a benchmark draws; a page draws
#: `columns`, whose headers are in the reader's language).
COLUMNS = _layout(lambda _name: None, "YYYY-MM-DD")


def date_format() -> str:
    """How a list writes a date, as the reader's language does ("Nov 9, 2026" / "09-11-2026").

    The grid formats dates in the browser with a moment.js pattern, and writes month names in
    English only; so the pattern is a message of its own, and Dutch uses digits.
    """
    # Translators: a moment.js date pattern for the lists' date columns ("Nov 9, 2026"). The grid
    # writes month names in English only: use digits in your language's order (nl: DD-MM-YYYY).
    return _("MMM D, YYYY")


def columns(lines: Sequence[Line]) -> dict[str, ColumnConfig | None]:
    """The column config of a table of these lines, its headers in the reader's language. Made
    per run, never kept: the headers follow the language of whoever reads the table."""
    return {**_layout(column_label, date_format()), "Status": status_column(lines)}


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
    tones = {str(line.label): TONE_COLOUR[tone(line)] for line in lines}
    return st.column_config.MultiselectColumn(
        column_label("Status"), width=STATUS_WIDTH, options=list(tones), color=list(tones.values())
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
                    label=f"**{md_escape(account.name)}** · :{colour}[**{md_escape(str(item.tag))}**]: "
                    f"{md_escape(str(item.message))}",
                    icon=icon,
                    query_params=_address(item),
                    width="stretch",
                )
    if len(items) > limit:
        more = len(items) - limit
        st.caption(
            ngettext(
                "… and {n} more, most urgent first in the table below.",
                "… and {n} more, most urgent first in the table below.",
                more,
            ).format(n=format_integer(more))
        )
    return len(items)


#: The client page's tab a Home item opens on: a check-in that is due opens the check-in form,
#: a client to let go the playbook and the way out.
_STEP_TAB = {Step.CHECK_IN: "Check-in", Step.LET_GO: "Let go", Step.INVOICES: "Invoices"}


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
        column_config=columns(shown),
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
            _("Find an account"),
            key=f"{key}.find",
            placeholder=_("Name or company"),
            icon=":material/search:",
            max_chars=NAME_MAX,
        )
    found = [line for line in lines if matches(line, needle)] if needle.strip() else lines
    if not found:
        st.info(
            _("No account's name or company holds “{text}”.").format(text=md_escape(needle.strip())),
            icon=":material/search_off:",
        )
        return [], ""
    pages = math.ceil(len(found) / PAGE_ROWS)
    page = pick.selectbox(
        _("Page"),
        range(1, pages + 1),
        # Translators: the page picker under a long list: "2 of 4".
        format_func=lambda n: _("{page} of {pages}").format(
            page=format_integer(n), pages=format_integer(pages)
        ),
        # Keyed on the page count: a search that changes it starts again at page 1, and a page
        # number can never outlive its range.
        key=f"{key}.page.{pages}",
    )
    start = (page - 1) * PAGE_ROWS
    shown = found[start : start + PAGE_ROWS]
    rows = {
        "first": format_integer(start + 1),
        "last": format_integer(start + len(shown)),
        "total": format_integer(len(found)),
    }
    if needle.strip():
        st.caption(_("Rows {first}–{last} of {total} found, most urgent first.").format(**rows))
    else:
        st.caption(_("Rows {first}–{last} of {total}, most urgent first.").format(**rows))
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
    "column_label",
    "columns",
    "frame",
    "matches",
    "open_account",
    "portfolio",
    "selectable_table",
    "status_column",
]
