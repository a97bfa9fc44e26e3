import streamlit as st

from ui import routes
from ui.portfolio import Count, matches, portfolio, selectable_table
from ui.shell import shell

ctx = shell("Prospects")

st.title("Prospects", anchor=False)
everyone = portfolio(ctx.repo, ctx.rubric)
lines = everyone.prospects

if not lines:
    st.info("No prospects yet. Screen your first one: it takes two minutes.", icon=":material/info:")
    st.page_link(routes.SCREEN, label="Screen a prospect", icon=":material/bolt:")
    st.stop()

yes = everyone.count(Count.PROSPECTS_HELL_YES)
st.caption(
    f"{len(lines)} prospects · {yes} hell yes · {len(lines) - yes} hell no. Click a name to open its scorecard."
)

show, search = st.columns([2, 3])
with show:
    verdict = st.segmented_control(
        "Show", ["All", "Hell yes", "Hell no"], default="All", key="prospects.filter"
    )
with search:
    query = st.text_input("Find by name or company", key="prospects.search", placeholder="Type to filter")

if verdict in ("Hell yes", "Hell no"):
    lines = [line for line in lines if line.result and line.result.verdict.label == verdict]
if query.strip():
    lines = [line for line in lines if matches(line, query)]

# Every prospect is at stage "prospect" with one screen or a few: no Stage, no trend, no check-ins.
picked = selectable_table(lines, key="prospects.table", hide=("Stage", "Trend", "Check-in due"), search=False)
if picked is not None:
    st.switch_page(routes.SCORECARD, query_params={"account": str(picked)})

st.page_link(routes.SCREEN, label="Screen another prospect", icon=":material/bolt:")
