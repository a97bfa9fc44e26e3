"""The floor for the client page: the same elements with the same content, drawn from memory.

Page config, the style sheet, the sidebar's links, the client's name and details, the
status banner, its findings and first impression, when the next check-in is due, the
tab bar, and the History tab as the page opens on it: the score chart (through the same
cached `ui.charts.score_history_spec`), the answer legend and the drift heatmap. What
the page reads and works out (the client, its history, its status, the heatmap's
rows) bench/floor_shown.py holds, filled by the benchmark from the same database; the
small drawing functions are the page's own, so both sides draw the same elements. The
client page's rerun, set beside this, shows what the page adds.
"""

import streamlit as st

from bench.floor_draw import draw_chrome
from bench.floor_shown import HELD
from ui.charts import score_history_spec
from ui.client_view import next_checkin
from ui.routes import CLIENT_TABS
from ui.scorecard import account_heading
from ui.verdict import findings, first_impression, status_banner

shown = HELD.client
if shown is None:
    raise RuntimeError("bench/floor_shown.py holds nothing for the client page: run it from bench/run.py")

draw_chrome("Client", shown.css, shown.sidebar)

account_heading(shown.account)
status_banner(shown.status)
reasons, when = st.columns([3, 2], gap="large")
with reasons:
    findings(shown.status)
    first_impression(shown.headline)
with when:
    st.markdown("##### Check-ins")
    st.caption(shown.checkins)
    next_checkin(shown.status)

history = st.tabs(list(CLIENT_TABS))[0]
with history:
    st.markdown("##### Score over time")
    spec = score_history_spec(shown.chart.rows, shown.chart.baseline, shown.chart.threshold)
    st.vega_lite_chart(spec=spec, width="stretch")
    st.markdown("##### Every dimension, every check-in")
    st.caption("Read a row left to right: a colour turning orange or red is drift.")
    st.html(shown.legend)
    st.vega_lite_chart(shown.heatmap, shown.heatmap_spec, width="stretch")
