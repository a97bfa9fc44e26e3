"""The "capacity" figure: a rerun of the Capacity page, caches warm, against its elements drawn from
memory (bench/floor_capacity.py).

The page is measured where it has the most to show: a capacity of `CAPACITY_HOURS` set for the
run (the generated clients plan far more), so it ranks every client with hours for ending, says
how many to end, and offers the playbook and an exit message to the first. The setting is taken
away again afterwards, so Home and every later figure see the database as generated.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import streamlit as st
from streamlit.testing.v1 import AppTest

from bench.floor_draw import Link
from bench.floor_shown import HELD
from bench.measure import Figure, Measure, Setup, compare, secs
from bench.servers import REPO_ROOT
from scoring import Rubric
from scoring.playbooks import playbook
from services.capacity import PLAYBOOK, kept_week, to_end
from services.invoices import save_capacity
from services.portfolio import compute_portfolio
from storage import ENV_VAR, open_repository
from ui.capacity_view import TABLE, hours_text, rate_text
from ui.portfolio import status_column
from ui.tables import arrow_table

FLOOR_CAPACITY = str(REPO_ROOT / "bench" / "floor_capacity.py")
PAGE = "pages/capacity.py"
#: A person's week: the generated clients under contract plan many times more.
CAPACITY_HOURS = 40.0
#: The key `bench.floor_shown.HELD.extra` holds the page's elements under.
HELD_KEY = "capacity"
APPTEST_TIMEOUT_S = 600
RERUN_TURNS = 3


@dataclass(frozen=True)
class CapacityShown:
    """Everything the Capacity page draws over capacity, in the order it draws it."""

    css: str
    sidebar: list[Link]
    #: (label, value, delta, help) of the two numbers.
    metrics: list[tuple[str, str, str | None, str | None]]
    progress: tuple[float, str]
    warning: str
    ending: str
    table: pa.Table
    columns: dict[str, Any]
    order: list[str]
    captions: list[str]
    expander: str
    #: The accounts the "Write to" picker offers, by id, and the one it shows first.
    write_to: dict[int, str]
    first: Any
    link: str


def capacity_shown(url: str, rubric: Rubric, css: str, sidebar: list[Link]) -> CapacityShown:
    """What pages/capacity.py shows today with `CAPACITY_HOURS` set, worked out the way it does."""
    repo = open_repository(url)
    try:
        lines = compute_portfolio(repo, rubric, dt.date.today())
    finally:
        repo.close()
    week = kept_week(lines, CAPACITY_HOURS)
    plan = week.plan
    ending = to_end(week)
    if plan.capacity is None or plan.over <= 0 or not ending:
        raise RuntimeError(f"the generated clients plan {plan.planned} hours: not over {CAPACITY_HOURS}")
    rows, shown = [], []
    for rank, end in enumerate(plan.order, start=1):
        line = lines.line(end.load.account_id)
        if line is None:
            continue
        shown.append(line)
        rows.append(
            {
                "id": end.load.account_id,
                "Rank": rank,
                "Name": end.load.name,
                "Status": [str(line.label)],
                "Hours": end.load.weekly_hours,
                "Per hour": rate_text(end.load.rate),
                "Left after": end.left_after,
                "Fits": "✓ the week fits" if end.enough else "",
                "Playbook": "Let go →",
            }
        )
    share = plan.planned / plan.capacity
    captions = ["Click a name to open the client, or “Let go →” to open its playbook and exit message."]
    if plan.currency is not None and any(
        e.load.rate is not None and e.load.rate.currency != plan.currency for e in plan.order
    ):
        captions.append(
            f"Rates in another currency than {plan.currency} are not compared with the others: those "
            "clients come after the rest of their status."
        )
    if week.without_hours:
        captions.append(
            f"{week.without_hours} active clients have no hours a week set, so their time is not counted "
            "here. Set them on each client's Invoices tab."
        )
    first = lines.line(ending[0].account_id)
    assert first is not None
    return CapacityShown(
        css=css,
        sidebar=sidebar,
        metrics=[
            (
                "Planned, hours a week",
                hours_text(plan.planned),
                f"{hours_text(plan.over)} over",
                "The hours a week set on each active client, added up.",
            ),
            ("Capacity, hours a week", hours_text(plan.capacity), None, None),
        ],
        progress=(min(1.0, share), f"{share:.0%} of your capacity is planned."),
        warning=(
            f"You are {hours_text(plan.over)} hours a week over capacity. End relationships from the top of "
            "this list until the week fits: the worst standing first, then the lowest value per hour."
        ),
        ending=(
            f"Ending the first {len(ending)} relationships brings the week to "
            f"{hours_text(plan.order[len(ending) - 1].left_after)} hours, within your capacity of "
            f"{hours_text(plan.capacity)}."
        ),
        table=arrow_table(TABLE, rows),
        columns={
            "id": None,
            "Rank": st.column_config.NumberColumn("#", width=40),
            "Name": st.column_config.TextColumn("Name", width=150),
            "Status": status_column(shown),
            "Hours": st.column_config.NumberColumn("Hours a week", format="localized", width=100),
            "Per hour": st.column_config.TextColumn("Value per hour", width=140),
            "Left after": st.column_config.NumberColumn("Hours left", format="localized", width=80),
            "Fits": st.column_config.TextColumn("Fits", width=105),
            "Playbook": st.column_config.TextColumn("Playbook", width=80),
        },
        order=["Rank", "Name", "Status", "Hours", "Per hour", "Left after", "Fits", "Playbook"],
        captions=captions,
        expander=f"Playbook: {playbook(PLAYBOOK, rubric).title}",
        write_to={load.account_id: load.name for load in ending},
        first=first.overview.account,
        link=f"Open {first.overview.account.name} on the Let go tab",
    )


def _rerun(at: AppTest, url: str) -> Measure:
    def measure() -> float:
        os.environ[ENV_VAR] = url  # AppTest runs the page in this process: the shell reads it here
        started = time.perf_counter()
        at.run()
        elapsed = time.perf_counter() - started
        if at.exception:
            raise RuntimeError(f"the page failed: {at.exception[0].message}")
        return elapsed

    return measure


def _drawn(at: AppTest) -> tuple[object, ...]:
    """What must be the same on both sides: the numbers, the tables and their rows, the links."""
    return (
        [m.value for m in at.metric],
        [len(frame.value) for frame in at.dataframe],
        len(at.get("page_link")),
        len(at.warning),
        len(at.caption),
        len(at.expander),
    )


Chrome = Callable[[AppTest], tuple[str, list[Link]]]


def capacity_figure(setup: Setup, rubric: Rubric, chrome: Chrome) -> Figure:
    """A rerun of the Capacity page with everything it keeps warm, against the same elements drawn
    from memory: what ours adds to what Streamlit charges for them. Target ≤ 2, like Home warm."""
    repo = open_repository(setup.full_url)
    save_capacity(repo, CAPACITY_HOURS)
    try:
        at = AppTest.from_file(str(REPO_ROOT / "home.py"), default_timeout=APPTEST_TIMEOUT_S)
        at.switch_page(PAGE)
        first = _rerun(at, setup.full_url)()
        if [t.value for t in at.title][:1] != ["Capacity"]:
            raise RuntimeError("the Capacity page did not draw its title")
        HELD.extra[HELD_KEY] = capacity_shown(setup.full_url, rubric, *chrome(at))
        floor = AppTest.from_file(FLOOR_CAPACITY, default_timeout=APPTEST_TIMEOUT_S)
        _rerun(floor, setup.full_url)()
        drawn = [_drawn(page) for page in (at, floor)]
        if drawn[0] != drawn[1]:
            raise RuntimeError(f"the floor does not show what the Capacity page shows: {drawn}")
        shown: CapacityShown = HELD.extra[HELD_KEY]
        return compare(
            "capacity", _rerun(at, setup.full_url), _rerun(floor, setup.full_url), 2,
            setup.repeats * RERUN_TURNS,
            info=f"{len(shown.table)} clients ranked for ending against {CAPACITY_HOURS:g} hours, "
            f"{len(shown.write_to)} to end; first run of the page in this process: {secs(first)} s",
        )  # fmt: skip
    finally:
        save_capacity(repo, None)
        repo.close()
