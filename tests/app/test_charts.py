"""The score chart as a cached Vega-Lite spec: the chart Altair builds, with the points given."""

from __future__ import annotations

import datetime as dt

from formats.palette import ANSWER_COLOURS
from scoring import Answer
from ui.charts import answer_legend_html, calibration_picture, score_history_spec


def test_the_spec_holds_every_point_and_the_two_reference_lines() -> None:
    rows = (
        (dt.date(2026, 1, 5), 92.5, "baseline", "Hell yes"),
        (dt.date(2026, 2, 4), 77.5, "check-in", "Hell no"),
        (dt.date(2026, 3, 6), 81.25, "check-in", "Hell yes"),
    )
    spec = score_history_spec(rows, 92.5, 80.0)
    values = [row for data in spec["datasets"].values() for row in data]
    assert sorted(v["score"] for v in values if "score" in v) == [77.5, 81.25, 92.5]
    assert {v["label"] for v in values if "label" in v} == {"hell yes from 80", "baseline 92.5"}
    # The reference lines, the line, the dots. The lines are named in a legend, not by text
    # on the plot, where a label sat on the score line (which starts at the baseline).
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["rule", "line", "circle"]
    legend = spec["layer"][0]["encoding"]["color"]
    assert legend["scale"]["domain"] == ["hell yes from 80", "baseline 92.5"]
    # The time axis has room at both ends, so the last dot is drawn whole.
    assert all(layer["encoding"]["x"]["scale"]["padding"] > 0 for layer in spec["layer"][1:])
    # The same history gives the same chart; another history another one.
    assert score_history_spec(rows, 92.5, 80.0) == spec
    assert score_history_spec(rows[:2], 92.5, 80.0) != spec


def test_yes_and_hell_yes_differ_in_lightness_not_only_in_shade() -> None:
    def lightness(colour: str) -> float:
        r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
        return (max(r, g, b) + min(r, g, b)) / 2

    assert lightness(ANSWER_COLOURS[Answer.YES]) - lightness(ANSWER_COLOURS[Answer.HELL_YES]) > 0.3
    assert lightness(ANSWER_COLOURS[Answer.NO]) - lightness(ANSWER_COLOURS[Answer.HELL_NO]) > 0.15


def test_the_answer_legend_names_every_answer_and_wraps() -> None:
    legend = answer_legend_html()
    for answer in Answer:
        assert f"{ANSWER_COLOURS[answer]}'></span>{answer.label}</span>" in legend
    assert "flex-wrap:wrap" in legend


def test_the_calibration_picture_has_three_cells_per_ended_relationship() -> None:
    data, spec = calibration_picture(
        [("Grace", "Hell yes", "Hell yes", "Hell yes"), ("Oliver", None, "Hell yes", "Hell no")]
    )
    assert list(data[data["name"] == "Oliver"]["verdict"]) == ["No gut call", "Hell yes", "Hell no"]
    assert spec["encoding"]["x"]["sort"] == ["Gut said", "Rubric said", "Outcome proved"]
    assert spec["encoding"]["y"]["sort"] == ["Grace", "Oliver"]
