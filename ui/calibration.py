"""The calibration view: agreement of gut and rubric, and who the outcomes proved right."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from scoring import Rubric
from scoring.calibration import Judged
from services.store import Repository
from ui.charts import calibration_picture
from ui.portfolio import portfolio

# What the "Outcome proves" column means, in one place for the caption and the column's help.
PROVES = (
    "How it ended tells what the account really was: a relationship completed as planned proves "
    "it was a hell yes; one you let go, or one that went bust, proves it was a hell no."
)


#: Ended relationships drawn at once; more come a page at a time, most recently ended first.
PAGE_ROWS = 20


def calibration_view(repo: Repository, rubric: Rubric) -> None:
    # Kept up to date with the portfolio: after a save only that account is counted again.
    result = portfolio(repo, rubric).calibration()
    if not result.screened:
        st.info("Screen a few prospects first: calibration compares your gut call with the rubric.")
        return
    agreed, judged, gut, rubric_col = st.columns(4)
    agreed.metric(
        "Gut and rubric agreed",
        f"{round(100 * result.agreement)} %" if result.agreement is not None else "–",
        help="On the first screen of every account.",
    )
    agreed.caption(f"{result.agreed} of {result.with_gut} first screens")
    judged.metric("Ended, with a clear outcome", len(result.judged))
    if result.judged:
        gut.metric("Gut was right", f"{result.gut_right} of {len(result.judged)}")
        rubric_col.metric("Rubric was right", f"{result.rubric_right} of {len(result.judged)}")
        st.markdown("#### Ended relationships")
        st.caption(PROVES)
        shown = _page(result.judged)
        data, spec = calibration_picture(
            [
                (name, j.gut.label if j.gut else None, j.verdict.label, j.truth.label)
                for name, j in zip(_row_names(shown), shown, strict=True)
            ]
        )
        st.vega_lite_chart(data, spec, width="stretch")
        st.caption("Read each row left to right: a call in the colour of the outcome was right.")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Name": j.name,
                        "Outcome": j.outcome.label,
                        "Outcome proves": j.truth.label,
                        "Gut said": j.gut.label if j.gut else "",
                        "Rubric said": j.verdict.label,
                        "Gut right": j.gut_right,
                        "Rubric right": j.rubric_right,
                    }
                    for j in shown
                ]
            ),
            hide_index=True,
            column_config={"Outcome proves": st.column_config.TextColumn(help=PROVES)},
        )
    else:
        st.caption(
            "When a relationship ends, record its outcome on the client page: completed proves a hell "
            "yes, let go or went bust proves a hell no. Then this page shows which one saw it coming."
        )
    st.caption("“They left” proves neither way, so it is not counted.")


def _row_names(judged: tuple[Judged, ...]) -> list[str]:
    """One name per row of the picture, a repeated name numbered ("Bram Visser (2)"): the picture
    draws one row per name, and two accounts of the same name must not share one."""
    seen: dict[str, int] = {}
    names = []
    for one in judged:
        seen[one.name] = seen.get(one.name, 0) + 1
        names.append(one.name if seen[one.name] == 1 else f"{one.name} ({seen[one.name]})")
    return names


def _page(judged: tuple[Judged, ...]) -> tuple[Judged, ...]:
    """The ended relationships of the page picked, most recently ended first: a long list comes a
    page at a time, so the picture stays readable and the page quick."""
    if len(judged) <= PAGE_ROWS:
        return judged
    pages = math.ceil(len(judged) / PAGE_ROWS)
    page = st.selectbox(
        "Page", range(1, pages + 1), format_func=lambda n: f"{n} of {pages}", key=f"calibration.page.{pages}"
    )
    start = (page - 1) * PAGE_ROWS
    shown = judged[start : start + PAGE_ROWS]
    st.caption(f"{start + 1:,}–{start + len(shown):,} of {len(judged):,}, most recently ended first.")
    return shown
