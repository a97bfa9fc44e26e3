import streamlit as st

from i18n import _, format_integer, ngettext
from ui.portfolio import open_account, portfolio, selectable_table
from ui.score_mode import trend_note
from ui.screen_form import screen_form
from ui.shell import shell

ctx = shell("Clients")

st.title(_("Clients"), anchor=False)
lines = portfolio(ctx.repo, ctx.rubric)
active = lines.clients
ended = lines.ended

if active:
    st.caption(
        ngettext(
            "{n} active client, most urgent first. Click a name to open the client.",
            "{n} active clients, most urgent first. Click a name to open the client.",
            len(active),
        ).format(n=format_integer(len(active)))
    )
    picked = selectable_table(active, key="clients.table", hide=("Stage", "Gut agreed"))
    if picked is not None:
        open_account(picked, lines)
    trend_note(ctx.rubric)
else:
    st.info(
        _(
            "No clients yet. Sign a screened prospect from its scorecard, "
            "or add a client you already work with below."
        ),
        icon=":material/info:",
    )

with st.expander(_("Add a client you already work with"), icon=":material/person_add:", key="clients.add"):
    screen_form(ctx.repo, ctx.rubric, None, as_client=True)

if ended:
    st.markdown("#### " + _("Ended relationships"))
    picked = selectable_table(ended, key="clients.ended", hide=("Stage", "Gut agreed", "Check-in due", "Why"))
    if picked is not None:
        open_account(picked, lines)
