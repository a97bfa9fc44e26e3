"""Charts shared by pages. Colours follow the answer scale: red is bad, green is good."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import altair as alt
import pandas as pd
import streamlit as st

from formats.palette import ANSWER_COLOURS
from scoring import Answer, Rubric, format_score


def answer_legend_html() -> str:
    """The answer colours as a legend that wraps on a narrow screen. Only our own words go in."""
    items = "".join(
        "<span style='display:inline-flex;align-items:center;gap:6px;white-space:nowrap'>"
        f"<span style='width:14px;height:14px;border-radius:3px;background:{ANSWER_COLOURS[a]}'></span>"
        f"{a.label}</span>"
        for a in Answer
    )
    return (
        "<div data-testid='ts-answer-legend' style='display:flex;flex-wrap:wrap;gap:4px 16px;"
        f"font-size:0.875rem;color:#475569'>{items}</div>"
    )


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

    `points` has columns date (datetime), score, kind and verdict. The two dashed lines are
    named in the legend, not on the plot: a label on the plot sits on the score line
    wherever the line passes (and the line starts at the baseline).
    """
    scale = alt.Scale(domain=[0, 100])
    # Room at both ends, so the first and last dots are drawn whole.
    when = alt.X("date:T", title=None, scale=alt.Scale(padding=12), axis=alt.Axis(labelOverlap=True))
    line = (
        alt.Chart(points)
        .mark_line(color="#475569", strokeWidth=2)
        .encode(
            x=when,
            y=alt.Y("score:Q", scale=scale, title="Score"),
        )
    )
    dots = (
        alt.Chart(points)
        .mark_circle(size=70, opacity=1)
        .encode(
            x=when,
            y=alt.Y("score:Q", scale=scale),
            color=alt.Color(
                "verdict:N",
                scale=alt.Scale(
                    domain=["Hell yes", "Hell no"],
                    range=[ANSWER_COLOURS[Answer.HELL_YES], ANSWER_COLOURS[Answer.HELL_NO]],
                ),
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
            {"y": threshold, "label": f"hell yes from {threshold:.0f}"},
            {"y": baseline, "label": f"baseline {format_score(baseline)}"},
        ]
    )
    lines = (
        alt.Chart(rules)
        .mark_rule(strokeDash=[6, 4], strokeWidth=1.5)
        .encode(
            y="y:Q",
            color=alt.Color(
                "label:N",
                scale=alt.Scale(
                    domain=list(rules["label"]), range=[ANSWER_COLOURS[Answer.HELL_YES], "#64748b"]
                ),
                legend=alt.Legend(
                    title=None,
                    orient="bottom",
                    symbolType="stroke",
                    symbolStrokeWidth=2,
                    symbolDash=[6, 4],
                    symbolSize=400,
                ),
            ),
        )
    )
    chart = alt.layer(lines, line, dots).resolve_scale(color="independent")
    return cast(alt.LayerChart, chart.properties(height=300))


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
    dims = rubric.dimensions
    labels = [label for label, _ in columns]
    # Column by column: a frame from a list of dicts costs more than the chart it feeds.
    data = pd.DataFrame(
        {
            "position": [position for position in range(len(columns)) for _ in dims],
            "when": [label for label in labels for _ in dims],
            "order": list(range(len(dims))) * len(columns),
            "dimension": [dim.label for dim in dims] * len(columns),
            "answer": [answers[dim.key].label for _, answers in columns for dim in dims],
        }
    )
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
                # The page draws the legend above the chart (`answer_legend`): a legend
                # inside the chart is cut off on a phone instead of wrapping.
                "legend": None,
            },
            "tooltip": [
                {"field": "when", "type": "ordinal", "title": "When"},
                {"field": "dimension", "type": "nominal", "title": "Dimension"},
                {"field": "answer", "type": "nominal", "title": "Answer"},
            ],
        },
    }
    return data, spec


# The three columns of the calibration picture, in reading order.
CALIBRATION_COLUMNS = ("Gut said", "Rubric said", "Outcome proved")


def calibration_picture(rows: list[tuple[str, str | None, str, str]]) -> tuple[pd.DataFrame, dict[str, Any]]:
    """One row per ended relationship: what the gut said, what the rubric said, what the outcome
    proved, each a green (hell yes) or red (hell no) cell. A cell the colour of the last one was right.

    `rows` holds (name, gut label or None, rubric label, truth label).
    """
    cells = [
        {"name": name, "column": column, "position": position, "verdict": said or "No gut call"}
        for name, gut, rubric, truth in rows
        for position, (column, said) in enumerate(zip(CALIBRATION_COLUMNS, (gut, rubric, truth), strict=True))
    ]
    names = [name for name, *_ in rows]
    colour = {
        "field": "verdict",
        "type": "nominal",
        "scale": {
            "domain": ["Hell yes", "Hell no", "No gut call"],
            "range": [ANSWER_COLOURS[Answer.HELL_YES], ANSWER_COLOURS[Answer.HELL_NO], "#e2e8f0"],
        },
        "legend": None,
    }
    x = {
        "field": "column",
        "type": "ordinal",
        "sort": list(CALIBRATION_COLUMNS),
        "title": None,
        "axis": {"orient": "top", "labelAngle": 0, "labelFontSize": 12, "domain": False, "ticks": False},
    }
    y = {"field": "name", "type": "nominal", "sort": names, "title": None, "axis": {"labelLimit": 160}}
    spec: dict[str, Any] = {
        "height": {"step": 30},
        "encoding": {"x": x, "y": y},
        "layer": [
            {
                "mark": {"type": "rect", "stroke": "#fffdf9", "strokeWidth": 3, "cornerRadius": 4},
                "encoding": {
                    "color": colour,
                    "tooltip": [
                        {"field": "name", "type": "nominal", "title": "Name"},
                        {"field": "column", "type": "ordinal", "title": "Column"},
                        {"field": "verdict", "type": "nominal", "title": "Said"},
                    ],
                },
            },
            {
                "mark": {"type": "text", "fontSize": 12, "fontWeight": "bold"},
                "encoding": {
                    "text": {"field": "verdict", "type": "nominal"},
                    "color": {
                        "condition": {"test": "datum.verdict == 'No gut call'", "value": "#475569"},
                        "value": "#ffffff",
                    },
                },
            },
        ],
    }
    return pd.DataFrame(cells), spec
