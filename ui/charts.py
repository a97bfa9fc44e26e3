"""Charts shared by pages. Colours follow the answer scale: red is bad, green is good."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import altair as alt
import pandas as pd
import streamlit as st

from scoring import Answer, Rubric, format_score

ANSWER_COLOURS = {
    Answer.HELL_NO: "#b91c1c",
    Answer.NO: "#f97316",
    Answer.UNSURE: "#a3a3a3",
    Answer.YES: "#65a30d",
    Answer.HELL_YES: "#15803d",
}


def dimension_frame(rubric: Rubric, answers: dict[str, Answer]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "order": index,
                "dimension": dim.label + (" (knockout)" if dim.knockout else ""),
                "answer": answers[dim.key].label,
                "points": answers[dim.key].points,
                # Bars start at a sliver so a hell no is still visible as a bar.
                "bar": max(answers[dim.key].points, 0.12),
                "question": dim.prospect,
            }
            for index, dim in enumerate(rubric.dimensions)
        ]
    )


def dimension_chart(rubric: Rubric, answers: dict[str, Answer]) -> alt.Chart:
    """One bar per dimension on the 0-4 scale, in rubric order."""
    data = dimension_frame(rubric, answers)
    order = list(data["dimension"])
    scale = alt.Scale(
        domain=[a.label for a in Answer],
        range=[ANSWER_COLOURS[a] for a in Answer],
    )
    ticks = " : ".join(f"datum.value == {a.points} ? '{a.label}'" for a in Answer) + " : ''"
    base = alt.Chart(data).encode(
        y=alt.Y("dimension:N", sort=order, title=None, axis=alt.Axis(labelLimit=220, labelFontSize=13)),
    )
    bars = base.mark_bar(cornerRadiusEnd=4, height=18).encode(
        x=alt.X(
            "bar:Q",
            scale=alt.Scale(domain=[0, 4]),
            title=None,
            axis=alt.Axis(values=[0, 1, 2, 3, 4], labelExpr=ticks, grid=True),
        ),
        color=alt.Color("answer:N", scale=scale, legend=None),
        tooltip=[
            alt.Tooltip("dimension:N", title="Dimension"),
            alt.Tooltip("answer:N", title="Answer"),
        ],
    )
    return cast(alt.Chart, bars.properties(height=32 * len(order) + 20))


def score_history_chart(points: pd.DataFrame, baseline: float, threshold: float) -> alt.LayerChart:
    """Overall score per assessment, with the baseline and the hell-yes line drawn in.

    `points` has columns date (datetime), score, kind and verdict.
    """
    scale = alt.Scale(domain=[0, 100])
    line = (
        alt.Chart(points)
        .mark_line(color="#475569", strokeWidth=2)
        .encode(x=alt.X("date:T", title=None), y=alt.Y("score:Q", scale=scale, title="Score"))
    )
    dots = (
        alt.Chart(points)
        .mark_circle(size=70, opacity=1)
        .encode(
            x="date:T",
            y=alt.Y("score:Q", scale=scale),
            color=alt.Color(
                "verdict:N",
                scale=alt.Scale(domain=["Hell yes", "Hell no"], range=["#15803d", "#b91c1c"]),
                legend=alt.Legend(title=None, orient="top"),
            ),
            tooltip=[
                alt.Tooltip("date:T", title="Date", format="%Y-%m-%d"),
                alt.Tooltip("kind:N", title="Kind"),
                alt.Tooltip("score:Q", title="Score", format=".1f"),
                alt.Tooltip("verdict:N", title="Verdict"),
            ],
        )
    )
    rules = pd.DataFrame(
        [
            {"y": threshold, "label": f"hell yes from {threshold:.0f}", "colour": "#15803d", "dy": 12},
            {"y": baseline, "label": f"baseline {format_score(baseline)}", "colour": "#64748b", "dy": -6},
        ]
    )
    lines = (
        alt.Chart(rules).mark_rule(strokeDash=[6, 4]).encode(y="y:Q", color=alt.Color("colour:N", scale=None))
    )
    # The hell-yes label sits under its line and the baseline label above its own,
    # so the two never overlap when the baseline is near the threshold.
    labels = alt.layer(
        *(
            alt.Chart(rules[rules["dy"] == dy])
            .mark_text(align="left", dx=4, dy=dy, fontSize=11)
            .encode(y="y:Q", x=alt.value(0), text="label:N", color=alt.Color("colour:N", scale=None))
            for dy in (12, -6)
        )
    )
    return cast(alt.LayerChart, (lines + labels + line + dots).properties(height=260))


# One point of the score chart: date, score, kind (baseline, check-in, screen), verdict label.
ChartRow = tuple[dt.date, float, str, str]


@st.cache_data(max_entries=256, show_spinner=False)
def score_history_spec(rows: tuple[ChartRow, ...], baseline: float, threshold: float) -> dict[str, Any]:
    """`score_history_chart` as a Vega-Lite spec for `st.vega_lite_chart`, built once per history.

    Every click on a client page or a scorecard (an answer in the check-in form, a share
    setting) reruns it, and Altair takes longer to build this chart than the rest of the
    page together; the same points give the same chart, so it is built once.
    """
    points = pd.DataFrame(list(rows), columns=["date", "score", "kind", "verdict"])
    points["date"] = pd.to_datetime(points["date"])
    spec: dict[str, Any] = score_history_chart(points, baseline, threshold).to_dict()
    return spec


def drift_heatmap(
    rubric: Rubric, columns: list[tuple[str, dict[str, Answer]]]
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Dimension by assessment, coloured by answer: drift shows as a colour change along a row.

    The data and a plain Vega-Lite spec for `st.vega_lite_chart`: a client page draws this
    on every run, and building it through Altair (which validates every piece against the
    schema) cost more than the rest of the page together.
    """
    rows = []
    for position, (label, answers) in enumerate(columns):
        for order, dim in enumerate(rubric.dimensions):
            rows.append(
                {
                    "position": position,
                    "when": label,
                    "order": order,
                    "dimension": dim.label,
                    "answer": answers[dim.key].label,
                }
            )
    labels = [label for label, _ in columns]
    spec = {
        "mark": {"type": "rect", "stroke": "#fffdf9", "strokeWidth": 1},
        "height": {"step": 24},
        "encoding": {
            "x": {
                "field": "when",
                "type": "ordinal",
                "sort": labels,
                "title": None,
                "axis": {"labelAngle": -60, "labelLimit": 130},
            },
            "y": {
                "field": "dimension",
                "type": "nominal",
                "sort": [d.label for d in rubric.dimensions],
                "title": None,
            },
            "color": {
                "field": "answer",
                "type": "nominal",
                "scale": {"domain": [a.label for a in Answer], "range": [ANSWER_COLOURS[a] for a in Answer]},
                "legend": {"title": None, "orient": "top"},
            },
            "tooltip": [
                {"field": "when", "type": "ordinal", "title": "When"},
                {"field": "dimension", "type": "nominal", "title": "Dimension"},
                {"field": "answer", "type": "nominal", "title": "Answer"},
            ],
        },
    }
    return pd.DataFrame(rows), spec
