"""Charts shared by pages. Colours follow the answer scale: red is bad, green is good."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import altair as alt
import pandas as pd
import streamlit as st

from formats.palette import ANSWER_COLOURS
from i18n import DEFAULT, _, format_score, lazy_gettext, use_language
from scoring import Answer, Rubric, Verdict


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
                "dimension": (
                    _("{dimension} (knockout)").format(dimension=dim.label)
                    if dim.knockout
                    else str(dim.label)
                ),
                "answer": str(answers[dim.key].label),
                "points": answers[dim.key].points,
                # Bars start at a sliver so a hell no is still visible as a bar.
                "bar": max(answers[dim.key].points, 0.12),
                "question": str(dim.prospect),
            }
            for index, dim in enumerate(rubric.dimensions)
            if dim.key in answers  # a dimension added since it was taken was not asked
        ]
    )


def dimension_chart(rubric: Rubric, answers: dict[str, Answer]) -> alt.Chart:
    """One bar per dimension on the 0-4 scale, in rubric order."""
    data = dimension_frame(rubric, answers)
    order = list(data["dimension"])
    scale = alt.Scale(
        domain=[str(a.label) for a in Answer],
        range=[ANSWER_COLOURS[a] for a in Answer],
    )
    ticks = " : ".join(f"datum.value == {a.points} ? {_quoted(a.label)}" for a in Answer) + " : ''"
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
            alt.Tooltip("dimension:N", title=_("Dimension")),
            alt.Tooltip("answer:N", title=_("Answer")),
        ],
    )
    return cast(alt.Chart, bars.properties(height=32 * len(order) + 20))


def _quoted(text: object) -> str:
    """Text as a quoted string inside a Vega expression."""
    return "'" + str(text).replace("\\", "\\\\").replace("'", "\\'") + "'"


#: The colour of the client's own rating on the score chart: apart from the answer colours.
THEIR_COLOUR = "#2563eb"


def score_history_chart(
    points: pd.DataFrame, baseline: float, threshold: float, theirs: pd.DataFrame | None = None
) -> alt.LayerChart:
    """Overall score per assessment, with the baseline and the hell-yes line drawn in.

    `points` has columns date (datetime), score, kind and verdict. The two dashed lines are
    named in the legend, not on the plot: a label on the plot sits on the score line
    wherever the line passes (and the line starts at the baseline). `theirs` (columns date,
    rating, label) is the client's own rating from their reviews, a second line in its own colour.
    """
    scale = alt.Scale(domain=[0, 100])
    # Room at both ends, so the first and last dots are drawn whole.
    when = alt.X("date:T", title=None, scale=alt.Scale(padding=12), axis=alt.Axis(labelOverlap=True))
    line = (
        alt.Chart(points)
        .mark_line(color="#475569", strokeWidth=2)
        .encode(
            x=when,
            y=alt.Y("score:Q", scale=scale, title=_("Score")),
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
                    domain=[str(Verdict.HELL_YES.label), str(Verdict.HELL_NO.label)],
                    range=[ANSWER_COLOURS[Answer.HELL_YES], ANSWER_COLOURS[Answer.HELL_NO]],
                ),
                legend=alt.Legend(title=None, orient="top"),
            ),
            tooltip=[
                alt.Tooltip("date:T", title=_("Date"), format="%Y-%m-%d"),
                alt.Tooltip("kind:N", title=_("Kind")),
                alt.Tooltip("score:Q", title=_("Score"), format=".1f"),
                alt.Tooltip("verdict:N", title=_("Verdict")),
            ],
        )
    )
    rules = pd.DataFrame(
        [
            # Translators: a dashed line on the score chart, named in its legend.
            {"y": threshold, "label": _("hell yes from {score}").format(score=format_score(threshold))},
            # Translators: a dashed line on the score chart, named in its legend.
            {"y": baseline, "label": _("baseline {score}").format(score=format_score(baseline))},
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
    layers: list[alt.Chart] = [lines, line, dots]
    if theirs is not None and len(theirs):
        their_colour = alt.Color(
            "label:N",
            scale=alt.Scale(domain=[theirs["label"].iloc[0]], range=[THEIR_COLOUR]),
            legend=alt.Legend(title=None, orient="top"),
        )
        their_tooltip = [
            alt.Tooltip("date:T", title=_("Date"), format="%Y-%m-%d"),
            alt.Tooltip("rating:Q", title=_("Their rating"), format=".1f"),
        ]
        # One layer, line and diamonds together: one entry in the legend.
        layers.append(
            alt.Chart(theirs)
            .mark_line(
                strokeWidth=2,
                strokeDash=[2, 3],
                point=alt.OverlayMarkDef(shape="diamond", size=70, filled=True, opacity=1),
            )
            .encode(x=when, y=alt.Y("rating:Q", scale=scale), color=their_colour, tooltip=their_tooltip)
        )
    chart = alt.layer(*layers).resolve_scale(color="independent")
    return cast(alt.LayerChart, chart.properties(height=300))


# One point of the score chart: date, score, kind (baseline, check-in, screen), verdict label.
ChartRow = tuple[dt.date, float, str, str]


@st.cache_data(max_entries=256, show_spinner=False)
def score_history_spec(
    rows: tuple[ChartRow, ...],
    baseline: float,
    threshold: float,
    language: str = DEFAULT,
    theirs: tuple[tuple[dt.date, float], ...] = (),
) -> dict[str, Any]:
    """`score_history_chart` as a Vega-Lite spec for `st.vega_lite_chart`, built once per history
    and language (pass `i18n.current_language()`: the titles and legend are in it).

    Every click on a client page or a scorecard (an answer in the check-in form, a share
    setting) reruns it, and Altair takes longer to build this chart than the rest of the
    page together; the same points give the same chart, so it is built once.
    """
    with use_language(language):
        points = pd.DataFrame(list(rows), columns=["date", "score", "kind", "verdict"])
        points["date"] = pd.to_datetime(points["date"])
        their_points = None
        if theirs:
            their_points = pd.DataFrame(list(theirs), columns=["date", "rating"])
            their_points["date"] = pd.to_datetime(their_points["date"])
            # Translators: the client's own rating from their reviews, a line on the score chart.
            their_points["label"] = _("their rating")
        spec: dict[str, Any] = score_history_chart(points, baseline, threshold, their_points).to_dict()
        spec.setdefault("config", {})["locale"] = vega_locale(language)
    return spec


# How Vega writes numbers and dates in each language (d3-format and d3-time-format locales).
_VEGA_LOCALES: dict[str, dict[str, Any]] = {
    "nl": {
        "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€\u00a0", ""]},
        "time": {
            "dateTime": "%a %e %B %Y %X",
            "date": "%d-%m-%Y",
            "time": "%H:%M:%S",
            "periods": ["AM", "PM"],
            "days": ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
            "shortDays": ["zo", "ma", "di", "wo", "do", "vr", "za"],
            "months": [
                "januari",
                "februari",
                "maart",
                "april",
                "mei",
                "juni",
                "juli",
                "augustus",
                "september",
                "oktober",
                "november",
                "december",
            ],
            "shortMonths": [
                "jan",
                "feb",
                "mrt",
                "apr",
                "mei",
                "jun",
                "jul",
                "aug",
                "sep",
                "okt",
                "nov",
                "dec",
            ],
        },
    },
}
_VEGA_ENGLISH: dict[str, Any] = {
    "number": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]},
    "time": {
        "dateTime": "%x, %X",
        "date": "%-m/%-d/%Y",
        "time": "%-I:%M:%S %p",
        "periods": ["AM", "PM"],
        "days": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
        "shortDays": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
        "months": [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        "shortMonths": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    },
}


def vega_locale(language: str) -> dict[str, Any]:
    """A chart's month names and decimal sign in the reader's language (Vega-Lite `config.locale`)."""
    return _VEGA_LOCALES.get(language, _VEGA_ENGLISH)


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
    if all(len(answers) >= len(dims) and all(d.key in answers for d in dims) for _, answers in columns):
        # Column by column: a frame from a list of dicts costs more than the chart it feeds.
        data = pd.DataFrame(
            {
                "position": [position for position in range(len(columns)) for _ in dims],
                "when": [label for label in labels for _ in dims],
                "order": list(range(len(dims))) * len(columns),
                "dimension": [str(dim.label) for dim in dims] * len(columns),
                "answer": [str(answers[dim.key].label) for _, answers in columns for dim in dims],
            }
        )
    else:  # some were taken before a dimension was added: that cell stays empty
        cells = [
            (position, label, order, str(dim.label), str(answers[dim.key].label))
            for position, (label, answers) in enumerate(columns)
            for order, dim in enumerate(dims)
            if dim.key in answers
        ]
        data = pd.DataFrame(cells, columns=["position", "when", "order", "dimension", "answer"])
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
                "sort": [str(d.label) for d in rubric.dimensions],
                "title": None,
            },
            "color": {
                "field": "answer",
                "type": "nominal",
                "scale": {
                    "domain": [str(a.label) for a in Answer],
                    "range": [ANSWER_COLOURS[a] for a in Answer],
                },
                # The page draws the legend above the chart (`answer_legend`): a legend
                # inside the chart is cut off on a phone instead of wrapping.
                "legend": None,
            },
            "tooltip": [
                {"field": "when", "type": "ordinal", "title": _("When")},
                {"field": "dimension", "type": "nominal", "title": _("Dimension")},
                {"field": "answer", "type": "nominal", "title": _("Answer")},
            ],
        },
    }
    return data, spec


# The three columns of the calibration picture, in reading order.
CALIBRATION_COLUMNS = (lazy_gettext("Gut said"), lazy_gettext("Rubric said"), lazy_gettext("Outcome proved"))


def calibration_picture(rows: list[tuple[str, str | None, str, str]]) -> tuple[pd.DataFrame, dict[str, Any]]:
    """One row per ended relationship: what the gut said, what the rubric said, what the outcome
    proved, each a green (hell yes) or red (hell no) cell. A cell the colour of the last one was right.

    `rows` holds (name, gut label or None, rubric label, truth label).
    """
    columns = [str(column) for column in CALIBRATION_COLUMNS]
    no_gut = _("No gut call")
    cells = [
        {"name": name, "column": column, "position": position, "verdict": str(said) if said else no_gut}
        for name, gut, rubric, truth in rows
        for position, (column, said) in enumerate(zip(columns, (gut, rubric, truth), strict=True))
    ]
    names = [name for name, *_ in rows]
    colour = {
        "field": "verdict",
        "type": "nominal",
        "scale": {
            "domain": [str(Verdict.HELL_YES.label), str(Verdict.HELL_NO.label), no_gut],
            "range": [ANSWER_COLOURS[Answer.HELL_YES], ANSWER_COLOURS[Answer.HELL_NO], "#e2e8f0"],
        },
        "legend": None,
    }
    x = {
        "field": "column",
        "type": "ordinal",
        "sort": columns,
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
                        {"field": "name", "type": "nominal", "title": _("Name")},
                        {"field": "column", "type": "ordinal", "title": _("Column")},
                        # Translators: tooltip of a calibration cell: what the gut, rubric or outcome said.
                        {"field": "verdict", "type": "nominal", "title": _("Said")},
                    ],
                },
            },
            {
                "mark": {"type": "text", "fontSize": 12, "fontWeight": "bold"},
                "encoding": {
                    "text": {"field": "verdict", "type": "nominal"},
                    "color": {
                        "condition": {"test": f"datum.verdict == {_quoted(no_gut)}", "value": "#475569"},
                        "value": "#ffffff",
                    },
                },
            },
        ],
    }
    return pd.DataFrame(cells), spec


# One dimension of the learning picture: its label, and the mean answer (0-4) at the screen of its
# good and of its bad outcomes (None when there are none), with how many there are of each.
LearningRow = tuple[str, float | None, float | None, int, int]


def learning_picture(rows: list[LearningRow], language: str = DEFAULT) -> tuple[pd.DataFrame, dict[str, Any]]:
    """One row per dimension: a green dot at the mean answer the good outcomes gave at the screen, a
    red one at the bad outcomes', joined by a line. The farther apart, the better the dimension told
    them apart; a red dot right of the green one is a dimension that read them backwards.

    Drawn without a fixed width (it takes the column's) and with short axis labels, so it reads on
    a 390 px phone; the legend sits on top, where it wraps.
    """
    good, bad = _("Good outcomes"), _("Bad outcomes")
    cells = [
        {"dimension": label, "order": order, "group": group, "mean": mean, "n": n}
        for order, (label, mean_good, mean_bad, n_good, n_bad) in enumerate(rows)
        for group, mean, n in ((good, mean_good, n_good), (bad, mean_bad, n_bad))
        if mean is not None
    ]
    labels = [label for label, *_ in rows]
    ticks = " : ".join(f"datum.value == {a.points} ? {_quoted(a.label)}" for a in Answer) + " : ''"
    x = {
        "field": "mean",
        "type": "quantitative",
        "scale": {"domain": [0, 4]},
        "title": None,
        "axis": {"values": [0, 1, 2, 3, 4], "labelExpr": ticks, "grid": True, "labelFontSize": 11},
    }
    y = {
        "field": "dimension",
        "type": "nominal",
        "sort": labels,
        "title": None,
        "axis": {"labelLimit": 130, "labelFontSize": 12},
    }
    spec: dict[str, Any] = {
        "height": {"step": 30},
        "encoding": {"y": y},
        "layer": [
            {
                "mark": {"type": "rule", "color": "#94a3b8", "strokeWidth": 2},
                "encoding": {
                    "x": {**x, "aggregate": "min"},
                    "x2": {"field": "mean", "aggregate": "max"},
                },
            },
            {
                "mark": {"type": "circle", "size": 140, "opacity": 1, "stroke": "#fffdf9", "strokeWidth": 1},
                "encoding": {
                    "x": x,
                    "color": {
                        "field": "group",
                        "type": "nominal",
                        "scale": {
                            "domain": [good, bad],
                            "range": [ANSWER_COLOURS[Answer.HELL_YES], ANSWER_COLOURS[Answer.HELL_NO]],
                        },
                        "legend": {"title": None, "orient": "top", "direction": "horizontal"},
                    },
                    "tooltip": [
                        {"field": "dimension", "type": "nominal", "title": _("Dimension")},
                        {"field": "group", "type": "nominal", "title": _("Outcome")},
                        # Translators: tooltip of the learning picture: the mean answer at the screen, 0-4.
                        {
                            "field": "mean",
                            "type": "quantitative",
                            "title": _("Mean answer (0-4)"),
                            "format": ".1f",
                        },
                        # Translators: tooltip of the learning picture: how many accounts the mean is of.
                        {"field": "n", "type": "quantitative", "title": _("Accounts")},
                    ],
                },
            },
        ],
        "config": {"locale": vega_locale(language)},
    }
    return pd.DataFrame(cells, columns=["dimension", "order", "group", "mean", "n"]), spec
