"""The calibration view: agreement of gut and rubric, and who the outcomes proved right."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from i18n import _, format_integer, format_percent, lazy_gettext
from scoring import Rubric
from scoring.calibration import Judged
from services.store import Repository
from ui.charts import calibration_picture
from ui.portfolio import portfolio

# What the "Outcome proves" column means, in one place for the caption and the column's help.
PROVES = lazy_gettext(
    "How it ended tells what the account really was: a relationship completed as planned proves "
    "it was a hell yes; one you let go, or one that went bust, proves it was a hell no."
)


#: Ended relationships drawn at once; more come a page at a time, most recently ended first.
PAGE_ROWS = 20


def calibration_view(repo: Repository, rubric: Rubric) -> None:
    # Kept up to date with the portfolio: after a save only that account is counted again.
    result = portfolio(repo, rubric).calibration()
    if not result.screened:
        st.info(_("Screen a few prospects first: calibration compares your gut call with the rubric."))
        return
    agreed, judged, gut, rubric_col = st.columns(4)
    agreed.metric(
        _("Gut and rubric agreed"),
        format_percent(round(100 * result.agreement) / 100) if result.agreement is not None else "–",
        help=_("On the first screen of every account."),
    )
    agreed.caption(
        _("{agreed} of {total} first screens").format(
            agreed=format_integer(result.agreed), total=format_integer(result.with_gut)
        )
    )
    judged.metric(_("Ended, with a clear outcome"), len(result.judged))
    if result.judged:
        total = format_integer(len(result.judged))
        # Translators: a number on the calibration page, "3 of 5".
        gut.metric(
            _("Gut was right"), _("{n} of {total}").format(n=format_integer(result.gut_right), total=total)
        )
        rubric_col.metric(
            _("Rubric was right"),
            _("{n} of {total}").format(n=format_integer(result.rubric_right), total=total),
        )
        st.markdown("#### " + _("Ended relationships"))
        st.caption(str(PROVES))
        shown = _page(result.judged)
        data, spec = calibration_picture(
            [
                (name, str(j.gut.label) if j.gut else None, str(j.verdict.label), str(j.truth.label))
                for name, j in zip(_row_names(shown), shown, strict=True)
            ]
        )
        st.vega_lite_chart(data, spec, width="stretch")
        st.caption(_("Read each row left to right: a call in the colour of the outcome was right."))
        # Column headers in the reader's language; the column keys below are the English ones.
        headers = {
            "Name": _("Name"),
            "Outcome": _("Outcome"),
            "Outcome proves": _("Outcome proves"),
            "Gut said": _("Gut said"),
            "Rubric said": _("Rubric said"),
            "Gut right": _("Gut right"),
            "Rubric right": _("Rubric right"),
        }
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        headers["Name"]: j.name,
                        headers["Outcome"]: str(j.outcome.label),
                        headers["Outcome proves"]: str(j.truth.label),
                        headers["Gut said"]: str(j.gut.label) if j.gut else "",
                        headers["Rubric said"]: str(j.verdict.label),
                        headers["Gut right"]: j.gut_right,
                        headers["Rubric right"]: j.rubric_right,
                    }
                    for j in shown
                ]
            ),
            hide_index=True,
            column_config={headers["Outcome proves"]: st.column_config.TextColumn(help=str(PROVES))},
        )
    else:
        st.caption(
            _(
                "When a relationship ends, record its outcome on the client page: completed proves a hell "
                "yes, let go or went bust proves a hell no. Then this page shows which one saw it coming."
            )
        )
    st.caption(_("“They left” proves neither way, so it is not counted."))


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
        _("Page"),
        range(1, pages + 1),
        format_func=lambda n: _("{n} of {total}").format(n=format_integer(n), total=format_integer(pages)),
        key=f"calibration.page.{pages}",
    )
    start = (page - 1) * PAGE_ROWS
    shown = judged[start : start + PAGE_ROWS]
    st.caption(
        _("{first}–{last} of {total}, most recently ended first.").format(
            first=format_integer(start + 1),
            last=format_integer(start + len(shown)),
            total=format_integer(len(judged)),
        )
    )
    return shown
