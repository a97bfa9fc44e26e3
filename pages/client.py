import streamlit as st

from i18n import _, format_date, lazy_gettext, ngettext
from scoring import Stage
from services.rubrics import book
from ui import routes
from ui.card_view import card_for, downloads, share_panel
from ui.checkin_form import checkin_form
from ui.client_view import (
    client_tabs,
    end_relationship,
    evidence_log,
    history_charts,
    let_go,
    next_checkin,
)
from ui.invoices_view import client_ledger, invoices_tab, slowing_notice
from ui.privacy import account_data
from ui.questionnaire_ask import ask_panel
from ui.questionnaire_view import ratings, reviews, their_sides
from ui.scorecard import account_heading, current_from_query
from ui.shell import shell
from ui.verdict import findings, first_impression, status_banner

ctx = shell(lazy_gettext("Client"))

shown = current_from_query(
    ctx.repo, ctx.rubric, noun="client", back=routes.CLIENTS, back_label=_("All clients")
)
if shown is None:
    st.title(_("Client"), anchor=False)
    st.info(_("Open a client from the list of clients."))
    st.page_link(routes.CLIENTS, label=_("All clients"), icon=":material/handshake:")
    st.stop()
view = shown.view
account = view.account
if account.stage is not Stage.CLIENT:
    st.switch_page(routes.SCORECARD, query_params={"account": str(account.id)})

account_heading(account)
history, checkins = view.history, view.checkins
if view.headline is None or view.headline.status is None:
    st.warning(_("This client has no baseline screen, so there is nothing to compare with."))
    st.stop()
status = view.headline.status

status_banner(status)
if account.ended_on is None:
    # Said on every tab: the invoices may see trouble before any check-in does.
    slowing_notice(account, client_ledger(ctx.repo, ctx.rubric, account.id, shown.memo))
reasons, when = st.columns([3, 2], gap="large")
with reasons:
    findings(status)
    first_impression(view.headline)
with when:
    st.markdown("##### " + _("Check-ins"))
    count = ngettext("{n} check-in", "{n} check-ins", len(checkins)).format(n=len(checkins))
    st.caption(
        _("Signed {date} · {checkins}").format(date=format_date(account.signed_on), checkins=count)
        if account.signed_on
        else count
    )
    if account.ended_on is None:
        next_checkin(status)

# Six short labels fit a phone's width; ending the relationship sits under "Let go",
# where the decision to end it is made. Only the open tab runs: the others (a form of ten
# questions among them) cost nothing until someone opens them. The open tab is in the
# address (`&tab=Check-in`, the English key in every language), so a reload or a shared link
# opens the same one.
overview, checkin, invoices, evidence, letgo, share = client_tabs()
if overview.open:
    with overview:
        sides = their_sides(ctx.repo, account.id, shown.memo)
        history_charts(ctx.rubric, history, status, shown.memo, ratings(sides), book(ctx.repo, ctx.rubric))
        reviews(ctx.rubric, sides, history)
if checkin.open:
    with checkin:
        if account.ended_on is None:
            checkin_form(
                ctx.repo,
                ctx.rubric,
                account,
                ledger=client_ledger(ctx.repo, ctx.rubric, account.id, shown.memo),
            )
            # Their view beside yours: the review link is made where links are, on the Share tab.
            st.page_link(
                routes.CLIENT,
                label=_("Ask them for a review too: their view shows beside this check-in"),
                icon=":material/rate_review:",
                query_params={"account": str(account.id), "tab": "Share"},
            )
        else:
            st.info(_("This relationship has ended; no more check-ins."))
if invoices.open:
    with invoices:
        invoices_tab(ctx.repo, ctx.rubric, account, shown.memo, [s.assessment for s in history])
if evidence.open:
    with evidence:
        evidence_log(ctx.repo, account)
if letgo.open:
    with letgo:
        if account.ended_on is None:
            let_go(ctx.rubric, account, status)
            st.divider()
        end_relationship(ctx.repo, account)
if share.open:
    with share:
        downloads(card_for(ctx.repo, ctx.rubric, account, include_notes=True), key="own")
        share_panel(ctx.repo, account)
        ask_panel(ctx.repo, account)
        account_data(ctx.repo, account)
