"""The floor for the client page: its score-over-time chart alone, cached as the page caches it.

The client's own points (bench/floor_shown.py holds them, filled by the benchmark
from the same database) through the same cached `ui.charts.score_history_spec` the
page calls, drawn with the same `st.vega_lite_chart`: with no database, no rubric,
no status and no shell. Both sides find the chart's spec in the cache, so the
client page's run, set beside this, shows what the rest of the page adds.
"""

import streamlit as st

from bench.floor_shown import HELD
from ui.charts import score_history_spec

shown = HELD.chart
if shown is None:
    raise RuntimeError("bench/floor_shown.py holds no chart: run it from bench/run.py")

st.markdown("##### Score over time")
st.vega_lite_chart(spec=score_history_spec(shown.rows, shown.baseline, shown.threshold), width="stretch")
