"""Charts shared by pages. Colours follow the answer scale: red is bad, green is good."""

from __future__ import annotations

import altair as alt
import pandas as pd

from scoring import Answer, Rubric

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
    return bars.properties(height=32 * len(order) + 20)
