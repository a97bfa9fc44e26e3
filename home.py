import streamlit as st

from ui import routes
from ui.portfolio import Count, alert_list, open_account, portfolio, selectable_table
from ui.privacy import erase_notice
from ui.shell import page_not_found, shell

ctx = shell("Home")
page_not_found()
erase_notice(ctx.repo)

st.title("Is it still a hell yes?", anchor=False)
st.caption("Every prospect and client, most urgent first.")

lines = portfolio(ctx.repo, ctx.rubric)

if not lines:
    st.info(
        "Nothing here yet. Screen your first prospect: your gut call, then ten one-click questions, "
        "and a verdict that tells you why.",
        icon=":material/waving_hand:",
    )
    st.page_link(routes.SCREEN, label="Screen a prospect", icon=":material/bolt:")
    st.caption(
        "Want to look around first? In a terminal, in the app's folder, run "
        "`.venv/bin/python cli.py demo` to load example prospects and clients."
    )
    st.stop()

prospects = lines.prospects
clients = lines.clients
hell_yes = lines.count(Count.PROSPECTS_HELL_YES)
healthy = lines.count(Count.CLIENTS_HEALTHY)
trouble = lines.count(Count.CLIENTS_IN_TROUBLE)
due = lines.count(Count.CHECKINS_DUE)

with st.container(key="ts-metrics"):
    cols = st.columns(5)
    cols[0].metric("Prospects", len(prospects))
    cols[1].metric("Prospects at hell yes", hell_yes)
    cols[2].metric("Clients", len(clients))
    cols[3].metric("Clients in trouble", trouble, help="Fire now, let go or watch")
    cols[4].metric("Check-ins due", due)

st.markdown("#### Needs your attention")
if alert_list(lines.attention) == 0:
    st.success("No alerts: nothing is waiting on you.", icon=":material/check_circle:")

st.markdown("#### Everything")
st.caption(
    f"{len(prospects)} prospects and {len(clients)} clients with {healthy} still a hell yes. Click a name to open it."
)
picked = selectable_table(lines, key="home.table")
if picked is not None:
    open_account(picked, lines)
