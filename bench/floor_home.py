"""The floor for Home: the same elements with the same content, drawn from memory.

Page config, the style sheet, the sidebar's links, the title, five numbers, the
alerts as links, the search and page picker and the first page of the table with
its coloured Status chips: what the person sees on Home, with nothing read,
computed or formatted (bench/floor_shown.py holds it, filled by the benchmark from
the same database). Home's warm rerun, set beside this, shows what the app adds; served
(`streamlit run`: the new-visitor and cold-start figures), it reads them from the file
`HOME_SHOWN_ENV` names, and imports Streamlit and pyarrow only.
"""

import streamlit as st

from bench.floor_draw import draw_chrome, held_home

shown = held_home()

draw_chrome("Home", shown.css, shown.sidebar)

st.title("Is it still a hell yes?", anchor=False)
st.caption("Every prospect and client, most urgent first.")
with st.container(key="ts-metrics"):
    for column, (label, value, hint) in zip(st.columns(5), shown.metrics, strict=True):
        column.metric(label, value, help=hint)

st.markdown("#### Needs your attention")
if shown.alerts:
    with st.container(border=True, key="ts-alerts"):
        for link in shown.alerts:
            st.page_link(link.page, label=link.label, icon=link.icon, width="stretch")
else:
    st.success("No alerts: nothing is waiting on you.", icon=":material/check_circle:")
if shown.alerts_more:
    st.caption(shown.alerts_more)

st.markdown("#### Everything")
st.caption(shown.everything)
pages = shown.pages
if pages > 1:
    find, pick = st.columns([3, 1], vertical_alignment="bottom")
    find.text_input(
        "Find an account", key="home.table.find", placeholder="Name or company", icon=":material/search:"
    )
    pick.selectbox(
        "Page",
        list(range(1, pages + 1)),
        format_func=lambda n: f"{n} of {pages}",
        key="home.table.page",
    )
    st.caption(shown.rows_caption)
st.dataframe(
    shown.table,
    hide_index=True,
    column_config=shown.columns,
    column_order=shown.order,
    on_select="rerun",
    selection_mode="single-cell",
    key="home.table.view",
)
