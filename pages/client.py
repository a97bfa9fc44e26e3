import datetime as dt

import streamlit as st

from scoring.status import client_status, split_history, status_window
from ui.card_view import card_for, downloads, share_panel
from ui.checkin_form import checkin_form
from ui.client_view import (
    end_relationship,
    evidence_log,
    findings,
    history_charts,
    let_go,
    next_checkin,
    status_banner,
)
from ui.privacy import account_data
from ui.scorecard import account_from_query, account_heading
from ui.shell import shell

ctx = shell("Client")

account = account_from_query(ctx.repo)
if account is None:
    st.title("Client", anchor=False)
    st.info("Open a client from the list of clients.")
    st.page_link("pages/clients.py", label="All clients", icon=":material/handshake:")
    st.stop()
if account.stage.value != "client":
    st.switch_page("pages/scorecard.py", query_params={"account": str(account.id)})

account_heading(account)
history = ctx.repo.assessments(account.id)
baseline, checkins = split_history([s.assessment for s in history])
if baseline is None:
    st.warning("This client has no baseline screen, so there is nothing to compare with.")
    st.stop()
# The last few check-ins decide the status (status_window); the history tab shows them all.
status = client_status(ctx.rubric, baseline, checkins[-status_window(ctx.rubric) :], dt.date.today())

status_banner(status)
why, when = st.columns([3, 2], gap="large")
with why:
    findings(status)
with when:
    st.markdown("##### Check-ins")
    st.caption(
        f"Signed {account.signed_on:%Y-%m-%d} · {len(checkins)} check-in{'s' if len(checkins) != 1 else ''}"
        if account.signed_on
        else f"{len(checkins)} check-ins"
    )
    if account.ended_on is None:
        next_checkin(status)

overview, checkin, evidence, letgo, share, end = st.tabs(
    ["History", "New check-in", "Evidence", "Let go", "Share & data", "End"]
)
with overview:
    history_charts(ctx.rubric, history, status)
with checkin:
    if account.ended_on is None:
        checkin_form(ctx.repo, ctx.rubric, account)
    else:
        st.info("This relationship has ended; no more check-ins.")
with evidence:
    evidence_log(ctx.repo, account)
with letgo:
    let_go(ctx.rubric, account, status)
with share:
    downloads(card_for(ctx.repo, ctx.rubric, account, include_notes=True), key="own")
    share_panel(ctx.repo, account)
    account_data(ctx.repo, account)
with end:
    end_relationship(ctx.repo, account)
