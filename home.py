import streamlit as st

from i18n import _, format_integer, ngettext
from ui import routes
from ui.capacity_view import over_capacity_notice
from ui.portfolio import Count, alert_list, open_account, portfolio, selectable_table
from ui.privacy import erase_notice
from ui.shell import page_not_found, shell

ctx = shell("Home")
page_not_found()
erase_notice(ctx.repo)

st.title(_("Is it still a hell yes?"), anchor=False)
st.caption(_("Every prospect and client, most urgent first."))

lines = portfolio(ctx.repo, ctx.rubric)

if not lines:
    st.info(
        _(
            "Nothing here yet. Screen your first prospect: your gut call, then ten one-click questions, "
            "and a verdict that tells you why."
        ),
        icon=":material/waving_hand:",
    )
    st.page_link(routes.SCREEN, label=_("Screen a prospect"), icon=":material/bolt:")
    st.caption(
        _(
            "Want to look around first? In a terminal, in the app's folder, run "
            "`{command}` to load example prospects and clients."
        ).format(command=".venv/bin/python cli.py demo")
    )
    st.stop()

over_capacity_notice(ctx.repo, lines)

prospects = lines.prospects
clients = lines.clients
hell_yes = lines.count(Count.PROSPECTS_HELL_YES)
healthy = lines.count(Count.CLIENTS_HEALTHY)
trouble = lines.count(Count.CLIENTS_IN_TROUBLE)
due = lines.count(Count.CHECKINS_DUE)

with st.container(key="ts-metrics"):
    cols = st.columns(5)
    cols[0].metric(_("Prospects"), len(prospects))
    cols[1].metric(_("Prospects at hell yes"), hell_yes)
    cols[2].metric(_("Clients"), len(clients))
    cols[3].metric(_("Clients in trouble"), trouble, help=_("Fire now, let go or watch"))
    cols[4].metric(_("Check-ins due"), due)

st.markdown("#### " + _("Needs your attention"))
if alert_list(lines.attention) == 0:
    st.success(_("No alerts: nothing is waiting on you."), icon=":material/check_circle:")

st.markdown("#### " + _("Everything"))
# One sentence of three counts: each count's noun agrees with its own number.
st.caption(
    _("{prospects} and {clients} with {healthy} still a hell yes. Click a name to open it.").format(
        prospects=ngettext("{n} prospect", "{n} prospects", len(prospects)).format(
            n=format_integer(len(prospects))
        ),
        clients=ngettext("{n} client", "{n} clients", len(clients)).format(n=format_integer(len(clients))),
        healthy=format_integer(healthy),
    )
)
picked = selectable_table(lines, key="home.table")
if picked is not None:
    open_account(picked, lines)
