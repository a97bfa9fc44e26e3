"""Capacity on screen: the workspace's hours and late fee on Settings, Home's one-line notice when
the week is over capacity, and the Capacity page's figures and ranked table.

Home imports this module for its notice, so it imports no pandas (nor `ui.client_view`, which
does): the Capacity page draws the exit message itself (`pages/capacity.py`).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import TypeVar

import pyarrow as pa
import streamlit as st

from i18n import _, current_language, format_decimal, format_integer, format_money, format_percent, ngettext
from scoring import Rubric
from scoring.capacity import Ending, Rate
from scoring.playbooks import playbook
from services.capacity import PLAYBOOK, Week, by_hours, free_hours, kept_week, planned_hours, to_end
from services.invoices import capacity, late_fee_percent, save_capacity, save_late_fee
from services.portfolio import Line, Portfolio
from services.store import Repository, StorageError
from ui import routes
from ui.portfolio import column_label, status_column
from ui.tables import arrow_table
from ui.text import md_escape

# --- Settings: the workspace's capacity and late fee ---------------------------------------------

_CAPACITY = "ts-settings-capacity"
_LATE_FEE = "ts-settings-late-fee"
_PROBLEM = ".problem"

T = TypeVar("T")


def workspace_settings(repo: Repository) -> None:
    """The capacity and the late fee, saved the moment they change; what the service refuses is
    said under the field, and the field keeps what was typed."""
    st.markdown("#### " + _("Time and money"))
    st.caption(
        _(
            "These two are the workspace's settings: everyone who signs in to this Thin Slice shares "
            "them, and a change here changes them for all."
        )
    )
    if _CAPACITY not in st.session_state:
        st.session_state[_CAPACITY] = _read(lambda: capacity(repo), None)
    if _LATE_FEE not in st.session_state:
        st.session_state[_LATE_FEE] = float(_read(lambda: late_fee_percent(repo), Decimal(0)))

    def capacity_changed() -> None:
        value = st.session_state.get(_CAPACITY)
        _save(_CAPACITY, lambda: save_capacity(repo, None if value is None else float(value)))

    def late_fee_changed() -> None:
        value = st.session_state.get(_LATE_FEE)
        _save(_LATE_FEE, lambda: save_late_fee(repo, _percent(value)))

    st.number_input(
        _("Capacity: hours a week you can work"),
        # None: the field may be emptied (no capacity set); its value is the session's.
        value=None,
        step=0.5,
        format="%.1f",
        key=_CAPACITY,
        on_change=capacity_changed,
        placeholder=_("Not set"),
        help=_(
            "The hours a week you can give your clients. The Capacity page compares it with the hours "
            "each client takes, and Home tells you when they do not fit. Empty: not set."
        ),
    )
    _problem(_CAPACITY)
    st.number_input(
        _("Late fee on statements: % a year on overdue amounts"),
        step=0.5,
        format="%.2f",
        key=_LATE_FEE,
        on_change=late_fee_changed,
        help=_(
            "A client's statement adds this interest on what is overdue, by the days late. 0: no late fee."
        ),
    )
    _problem(_LATE_FEE)


def _percent(value: object) -> Decimal:
    try:
        return Decimal(str(value if value is not None else 0))
    except InvalidOperation:
        return Decimal("NaN")  # refused by the service, with its message


def _read(read: Callable[[], T], otherwise: T) -> T:
    try:
        return read()
    except StorageError:
        return otherwise


def _save(key: str, write: Callable[[], None]) -> None:
    st.session_state.pop(key + _PROBLEM, None)
    try:
        write()
    except ValueError as exc:
        st.session_state[key + _PROBLEM] = str(exc)
        return
    except StorageError:
        st.toast(_("This change could not be saved. Try again in a moment."), icon=":material/error:")
        return
    st.toast(_("Saved."), icon=":material/check:")


def _problem(key: str) -> None:
    problem = st.session_state.get(key + _PROBLEM)
    if problem:
        st.error(str(problem), icon=":material/error:")


# --- Home ---------------------------------------------------------------------------------------


def over_capacity_notice(repo: Repository, lines: Portfolio) -> None:
    """One warning on Home when the clients' hours a week exceed the capacity, with the way to the
    Capacity page. The hours are kept with the portfolio; the capacity setting is read only when
    some client has hours."""
    planned = planned_hours(lines)
    if planned <= 0:
        return
    hours = _read(lambda: capacity(repo), None)
    if hours is None or planned <= hours:
        return
    st.warning(
        ngettext(
            "You have planned {planned} hour a week against a capacity of {capacity}: "
            "see which relationships to end first.",
            "You have planned {planned} hours a week against a capacity of {capacity}: "
            "see which relationships to end first.",
            _count(planned),
        ).format(planned=hours_text(planned), capacity=hours_text(hours)),
        icon=":material/schedule:",
    )
    st.page_link(
        routes.CAPACITY, label=_("Which relationships to end first"), icon=":material/arrow_forward:"
    )


# --- the Capacity page --------------------------------------------------------------------------


def hours_text(hours: float) -> str:
    """Hours as the reader writes numbers: "40", "37.5", "7.25"."""
    return format_decimal(hours, 2)


def _count(hours: float) -> int:
    """The number a plural agrees with: a fraction of an hour reads as plural in English and Dutch."""
    return int(hours) if float(hours).is_integer() else 2


def figures(week: Week) -> None:
    """Planned against capacity: two numbers, a bar, and a sentence of what it means."""
    plan = week.plan
    # Home's key: its style puts the numbers side by side on a phone too (`ui.shell`).
    with st.container(key="ts-metrics"):
        planned_col, capacity_col = st.columns(2)
        planned_col.metric(
            _("Planned, hours a week"),
            hours_text(plan.planned),
            delta=_("{hours} over").format(hours=hours_text(plan.over)) if plan.over > 0 else None,
            delta_color="inverse",
            help=_("The hours a week set on each active client, added up."),
        )
        capacity_col.metric(
            _("Capacity, hours a week"),
            hours_text(plan.capacity) if plan.capacity is not None else "—",
        )
    if plan.capacity is None:
        return
    share = plan.planned / plan.capacity if plan.capacity > 0 else (1.0 if plan.planned > 0 else 0.0)
    st.progress(
        min(1.0, share),
        text=_("{share} of your capacity is planned.").format(share=format_percent(share)),
    )


def summary(week: Week) -> None:
    """What the figures mean: how far over, and what to do; or how much is free."""
    plan = week.plan
    if plan.over > 0:
        st.warning(
            ngettext(
                "You are {over} hour a week over capacity. End relationships from the top of this list "
                "until the week fits: the worst standing first, then the lowest value per hour.",
                "You are {over} hours a week over capacity. End relationships from the top of this list "
                "until the week fits: the worst standing first, then the lowest value per hour.",
                _count(plan.over),
            ).format(over=hours_text(plan.over)),
            icon=":material/warning:",
        )
        st.markdown("#### " + _("Which relationships to end first"))
        ending = to_end(week)
        if plan.capacity is not None and ending:
            after = plan.order[len(ending) - 1].left_after
            st.markdown(
                ngettext(
                    "Ending the first relationship brings the week to {left} hours, within your "
                    "capacity of {capacity}.",
                    "Ending the first {n} relationships brings the week to {left} hours, within your "
                    "capacity of {capacity}.",
                    len(ending),
                ).format(
                    n=format_integer(len(ending)), left=hours_text(after), capacity=hours_text(plan.capacity)
                )
            )
        st.caption(_("Click a name to open the client, or “Let go →” to open its playbook and exit message."))
        return
    free = free_hours(plan)
    if free is not None:
        st.success(
            ngettext(
                "Your clients fit: {free} hour a week is free.",
                "Your clients fit: {free} hours a week are free.",
                _count(free),
            ).format(free=hours_text(free)),
            icon=":material/check_circle:",
        )
    st.markdown("#### " + _("Where your time goes"))


def without_hours(week: Week) -> None:
    if week.without_hours:
        st.caption(
            ngettext(
                "{n} active client has no hours a week set, so its time is not counted here. "
                "Set them on the client's Invoices tab.",
                "{n} active clients have no hours a week set, so their time is not counted here. "
                "Set them on each client's Invoices tab.",
                week.without_hours,
            ).format(n=format_integer(week.without_hours))
        )


#: The Capacity table's columns; the names are stable keys, `_label` is the header a person reads.
TABLE = pa.schema(
    [
        ("id", pa.int64()),
        ("Rank", pa.int64()),
        ("Name", pa.string()),
        ("Status", pa.list_(pa.string())),
        ("Hours", pa.float64()),
        ("Per hour", pa.string()),
        ("Left after", pa.float64()),
        ("Fits", pa.string()),
        ("Playbook", pa.string()),
    ]
)
#: The columns of the list when nothing needs ending: where the time goes.
_CALM = ("Name", "Status", "Hours", "Per hour")
_RANKED = ("Rank", "Name", "Status", "Hours", "Per hour", "Left after", "Fits", "Playbook")


def rate_text(rate: Rate | None) -> str:
    """Money per hour in its currency, and where it comes from."""
    if rate is None:
        return "—"
    amount = format_money(rate.amount, rate.currency)
    if rate.invoiced:
        # Translators: a rate per hour in the Capacity table, worked out from the client's invoices.
        return _("{amount} · invoiced").format(amount=amount)
    # Translators: a rate per hour in the Capacity table, worked out from the deal value.
    return _("{amount} · deal value").format(amount=amount)


def _rows(
    lines: Portfolio, endings: list[Ending], ranked: bool
) -> tuple[list[dict[str, object]], list[Line]]:
    rows: list[dict[str, object]] = []
    shown: list[Line] = []
    for rank, ending in enumerate(endings, start=1):
        load = ending.load
        line = lines.line(load.account_id)
        if line is None:  # gone since the plan was made: never in the same portfolio
            continue
        shown.append(line)
        rows.append(
            {
                "id": load.account_id,
                "Rank": rank,
                "Name": load.name,
                "Status": [str(line.label)],
                "Hours": load.weekly_hours,
                "Per hour": rate_text(load.rate),
                "Left after": ending.left_after if ranked else None,
                "Fits": ("✓ " + _("the week fits")) if ending.enough else "",
                "Playbook": _("Let go →") if ranked else "",
            }
        )
    return rows, shown


def _label(name: str) -> str:
    labels = {
        # Translators: the Capacity table's column: the order to end relationships in.
        "Rank": _("#"),
        "Hours": _("Hours a week"),
        "Per hour": _("Value per hour"),
        # Translators: the Capacity table's column: hours a week still planned after ending this
        # relationship and every one above it.
        "Left after": _("Hours left"),
        # Translators: the Capacity table's column: the mark on the line where the week fits again.
        "Fits": _("Fits"),
        "Playbook": _("Playbook"),
    }
    return labels.get(name) or column_label(name)


def _table(lines: Portfolio, week: Week, ranked: bool, language: str) -> tuple[pa.Table, list[Line]]:
    """The table's rows, made once per week and language: a week is made once per portfolio and
    capacity, so a rerun of the page (a click, another session) formats no rate again."""
    key = (ranked, language)
    with _tables_lock:
        kept = _tables.get(week, {}).get(key)
    if kept is not None:
        return kept
    plan = week.plan
    endings = list(plan.order) if ranked else [Ending(load, 0.0, False) for load in by_hours(week)]
    rows, shown = _rows(lines, endings, ranked)
    made = (arrow_table(TABLE, rows), shown)
    with _tables_lock:
        _tables.setdefault(week, {})[key] = made
    return made


_tables: weakref.WeakKeyDictionary[Week, dict[tuple[bool, str], tuple[pa.Table, list[Line]]]] = (
    weakref.WeakKeyDictionary()
)
_tables_lock = threading.Lock()


def clients_table(lines: Portfolio, week: Week, key: str) -> tuple[int, bool] | None:
    """The ranked table when over capacity (every client, the order to end them in), else the
    clients with the most hours first. Returns the account clicked, and whether its playbook
    cell was: the page opens the client there."""
    ranked = week.plan.over > 0
    data, shown = _table(lines, week, ranked, current_language())
    if not shown:
        return None
    config = {
        "id": None,
        "Rank": st.column_config.NumberColumn(_label("Rank"), width=40),
        "Name": st.column_config.TextColumn(_label("Name"), width=150),
        "Status": status_column(shown),
        "Hours": st.column_config.NumberColumn(_label("Hours"), format="localized", width=100),
        "Per hour": st.column_config.TextColumn(
            _label("Per hour"),
            width=140,
            help=_(
                "What the client brings in per planned hour: invoiced over the last year, or else the "
                "deal value over a year of its hours."
            ),
        ),
        "Left after": st.column_config.NumberColumn(
            _label("Left after"),
            format="localized",
            width=80,
            help=_("Hours a week still planned once this relationship and every one above it have ended."),
        ),
        "Fits": st.column_config.TextColumn(_label("Fits"), width=105),
        "Playbook": st.column_config.TextColumn(
            _label("Playbook"),
            width=80,
            help=_("Click to open the client's Let go tab on the over-capacity playbook."),
        ),
    }
    event = st.dataframe(
        data,
        hide_index=True,
        column_config=config,
        column_order=_RANKED if ranked else _CALM,
        on_select="rerun",
        selection_mode="single-cell",
        key=f"{key}.{'ranked' if ranked else 'calm'}",
    )
    cells = event.selection.cells if event is not None else []
    if not cells:
        return None
    row, column = cells[0]
    return shown[row].overview.account.id, ranked and column == "Playbook"


def let_go_address(account_id: int) -> dict[str, str]:
    """The client page on its Let go tab, on the over-capacity playbook. "reason" is
    `ui.client_view.REASON_PARAM`, spelt out: Home imports this module, and that one imports pandas."""
    return {"account": str(account_id), routes.TAB_PARAM: "Let go", "reason": PLAYBOOK}


def other_currencies(week: Week) -> None:
    """Say so when some rates could not be compared with the rest."""
    plan = week.plan
    if plan.currency is None:
        return
    if any(e.load.rate is not None and e.load.rate.currency != plan.currency for e in plan.order):
        st.caption(
            _(
                "Rates in another currency than {currency} are not compared with the others: those "
                "clients come after the rest of their status."
            ).format(currency=plan.currency)
        )


def playbook_steps(rubric: Rubric) -> None:
    """The over-capacity playbook: why, and its steps."""
    book = playbook(PLAYBOOK, rubric)
    st.caption(md_escape(str(book.why)))
    for number, step in enumerate(book.steps, start=1):
        st.markdown(f"{number}. {md_escape(str(step))}")


def playbook_title(rubric: Rubric) -> str:
    return _("Playbook: {title}").format(title=playbook(PLAYBOOK, rubric).title)


__all__ = [
    "clients_table",
    "figures",
    "hours_text",
    "kept_week",
    "let_go_address",
    "other_currencies",
    "over_capacity_notice",
    "playbook_steps",
    "playbook_title",
    "rate_text",
    "summary",
    "without_hours",
    "workspace_settings",
]
