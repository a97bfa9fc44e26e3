"""The floor for the client page: its score-over-time chart, drawn from a frame in memory.

The same frame shape `ui.client_view.history_charts` builds (date, score, kind, verdict;
a baseline and 23 monthly check-ins) through the same `ui.charts.score_history_chart`,
with no database, no rubric, no status and no shell. What a script run of this page
costs is what Streamlit and Altair charge for the chart; the client page's run, set
beside it, shows what the rest of the page adds.
"""

import pandas as pd
import streamlit as st

from ui.charts import score_history_chart

MONTHS = 24
THRESHOLD = 80.0

scores = [92.5 - 1.25 * month for month in range(MONTHS)]
points = pd.DataFrame(
    {
        "date": pd.date_range("2024-01-15", periods=MONTHS, freq="30D"),
        "score": scores,
        "kind": ["baseline"] + ["check-in"] * (MONTHS - 1),
        "verdict": ["Hell yes" if score >= THRESHOLD else "Hell no" for score in scores],
    }
)
st.markdown("##### Score over time")
st.altair_chart(score_history_chart(points, scores[0], THRESHOLD), width="stretch")
