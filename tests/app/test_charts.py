"""The score chart as a cached Vega-Lite spec: the chart Altair builds, with the points given."""

from __future__ import annotations

import datetime as dt

from ui.charts import score_history_spec


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
    assert len(spec["layer"]) == 4  # reference lines, their labels, the line, the dots
    # The same history gives the same chart; another history another one.
    assert score_history_spec(rows, 92.5, 80.0) == spec
    assert score_history_spec(rows[:2], 92.5, 80.0) != spec
