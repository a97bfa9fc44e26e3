"""The floor for the Capacity page: the same elements with the same content, drawn from memory.

Page config, the style sheet, the sidebar's links, the title, the two numbers and the bar,
what they mean, the ranked table of every client with hours, its captions, and the
over-capacity playbook with the exit message to the first client to end: what the person
sees over capacity, with nothing read or ranked (bench/capacity_figure.py works it out
from the same database before the clock starts). The playbook's steps and the exit message
are drawn by the page's own small functions, so both sides draw the same elements.
"""

import streamlit as st

from bench.capacity_figure import HELD_KEY, CapacityShown
from bench.floor_draw import draw_chrome
from bench.floor_shown import HELD
from scoring import default_rubric
from services.capacity import PLAYBOOK
from ui.capacity_view import playbook_steps
from ui.client_view import exit_message

shown: CapacityShown | None = HELD.extra.get(HELD_KEY)
if shown is None:
    raise RuntimeError("bench/floor_shown.py holds nothing for the Capacity page: run it from bench/run.py")

draw_chrome("Capacity", shown.css, shown.sidebar)

st.title("Capacity", anchor=False)
st.caption("The hours a week your clients take, against the hours you can work.")
with st.container(key="ts-metrics"):
    for column, (label, value, delta, hint) in zip(st.columns(2), shown.metrics, strict=True):
        column.metric(label, value, delta=delta, delta_color="inverse", help=hint)
st.progress(shown.progress[0], text=shown.progress[1])
st.warning(shown.warning, icon=":material/warning:")
st.markdown("#### Which relationships to end first")
st.markdown(shown.ending)
st.caption(shown.captions[0])
st.dataframe(
    shown.table,
    hide_index=True,
    column_config=shown.columns,
    column_order=shown.order,
    on_select="rerun",
    selection_mode="single-cell",
    key="capacity.table.ranked",
)
for caption in shown.captions[1:]:
    st.caption(caption)
with st.expander(shown.expander, icon=":material/menu_book:"):
    rubric = default_rubric()
    playbook_steps(rubric)
    names = shown.write_to
    st.selectbox("Write to", options=list(names), format_func=lambda i: names[i], key="capacity.write_to")
    exit_message(shown.first, PLAYBOOK, rubric)
    st.page_link("http://127.0.0.1:8501/client", label=shown.link, icon=":material/logout:")
