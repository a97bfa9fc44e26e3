import streamlit as st

from i18n import _, lazy_gettext
from scoring import Stage
from scoring.sharing import NEUTRAL_MESSAGE
from ui import language, routes
from ui.card_view import card_for, downloads, share_panel, show_card
from ui.privacy import account_data
from ui.questionnaire_ask import ask_panel
from ui.scorecard import account_from_query, scorecard, sign_panel
from ui.shell import shell

token = st.query_params.get("t")

if token is not None:
    # A share link: one scorecard, read-only, nothing else of the app. It opens in the visitor's
    # browser language; the switch lets them change it for this visit (stored nowhere).
    ctx = shell(lazy_gettext("Scorecard"), shared=True)
    language.switch(ctx.repo, remember=False)
    link = ctx.repo.live_share(token)
    if link is None:
        st.info(str(NEUTRAL_MESSAGE), icon=":material/link_off:")
        st.stop()
    card = card_for(ctx.repo, ctx.rubric, ctx.repo.account(link.account_id), include_notes=link.include_notes)
    show_card(ctx.rubric, card)
    st.divider()
    downloads(card, key="shared")
    st.caption(_("A read-only scorecard shared from Thin Slice."))
    st.stop()

ctx = shell(lazy_gettext("Scorecard"))
account = account_from_query(ctx.repo)
if account is None:
    st.title(_("Scorecard"), anchor=False)
    st.info(_("Open a scorecard from the list of prospects or clients."))
    st.page_link(routes.PROSPECTS, label=_("All prospects"), icon=":material/list:")
    st.page_link(routes.CLIENTS, label=_("All clients"), icon=":material/handshake:")
    st.stop()

head = scorecard(ctx.repo, ctx.rubric, account)
if account.stage is Stage.CLIENT:
    st.page_link(
        routes.CLIENT,
        label=_("Open the client page"),
        icon=":material/handshake:",
        query_params={"account": str(account.id)},
    )
else:
    st.page_link(
        routes.SCREEN,
        label=_("Re-screen this prospect"),
        icon=":material/refresh:",
        query_params={"account": str(account.id)},
    )
    sign_panel(ctx.repo, account, head)

st.divider()
st.markdown("#### " + _("Share and download"))
downloads(card_for(ctx.repo, ctx.rubric, account, include_notes=True), key="own")
share_panel(ctx.repo, account)
ask_panel(ctx.repo, account)
st.divider()
account_data(ctx.repo, account)
