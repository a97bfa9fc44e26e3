"""One account's scorecard inside the app, and the result shown right after a screen."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from scoring import Result, Rubric, evaluate, format_score
from services.accounts import account_view
from services.store import AccountRecord, NotFound, Refused, Repository, StoredAssessment
from ui import routes
from ui.text import md_escape
from ui.verdict import client_panel, headline_gut, verdict_panel


def result_of(rubric: Rubric, stored: StoredAssessment) -> Result:
    return evaluate(rubric, stored.assessment.answers, stored.assessment.gut)


def _int_param(name: str) -> int | None:
    raw = st.query_params.get(name)
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        return -1


def account_from_query(repo: Repository, name: str = "account") -> AccountRecord | None:
    """The account a link points at; None when the link has none. Stops with a message when unknown."""
    account_id = _int_param(name)
    if account_id is None:
        return None
    try:
        return repo.account(account_id)
    except NotFound:
        st.warning("That prospect does not exist (any more). Pick one from the list.")
        st.page_link(routes.PROSPECTS, label="All prospects", icon=":material/list:")
        st.stop()


def assessment_from_query(repo: Repository, name: str = "done") -> StoredAssessment | None:
    assessment_id = _int_param(name)
    if assessment_id is None:
        return None
    try:
        return repo.assessment(assessment_id)
    except NotFound:
        return None


def account_heading(account: AccountRecord) -> None:
    st.title(md_escape(account.name), anchor=False)
    details = []
    if account.company:
        details.append(md_escape(account.company))
    if account.deal_value is not None:
        details.append(f"deal € {account.deal_value:,.0f}")
    details.append(account.stage.value)
    st.caption(" · ".join(details))


def history_table(rubric: Rubric, history: list[StoredAssessment]) -> None:
    rows = []
    for stored in reversed(history):
        result = result_of(rubric, stored)
        rows.append(
            {
                "Date": stored.assessment.taken_on,
                "Kind": stored.assessment.kind.value,
                "Verdict": result.verdict.label,
                "Score": float(format_score(result.score)),
                "Gut": result.gut.label if result.gut else "",
                "Gut agreed": result.gut_agrees,
            }
        )
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        column_config={
            "Date": st.column_config.DateColumn(format="YYYY-MM-DD"),
            "Score": st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.1f"),
            "Gut agreed": st.column_config.CheckboxColumn(),
        },
    )


def scorecard(repo: Repository, rubric: Rubric, account: AccountRecord) -> None:
    account_heading(account)
    view = account_view(repo, rubric, account, dt.date.today())
    history, head = view.history, view.headline
    if head is None:
        st.info("No screen yet for this prospect.")
        return
    latest = history[-1]
    st.caption(
        f"Latest {latest.assessment.kind.value} on {latest.assessment.taken_on:%Y-%m-%d}, "
        f"rubric {latest.assessment.rubric_key} v{latest.assessment.rubric_version}"
    )
    if head.status is not None:
        client_panel(rubric, latest.assessment.answers, head)
    else:
        verdict_panel(
            rubric, latest.assessment.answers, head.result, latest.assessment.note, headline_gut(head)
        )
    st.divider()
    st.markdown(f"##### History ({len(history)} assessment{'s' if len(history) != 1 else ''})")
    history_table(rubric, history)


def sign_panel(repo: Repository, account: AccountRecord) -> None:
    """Turn a screened prospect into a client; its latest screen becomes the baseline."""
    with st.form(f"sign-form-{account.id}", border=True, enter_to_submit=False):
        st.markdown("##### Signed the deal?")
        st.caption("Sign it as a client: the latest screen becomes its baseline, and check-ins start.")
        today = dt.date.today()
        signed_on = st.date_input(
            "Signed on", value=today, max_value=today, key=f"sign.{account.id}.date", format="YYYY-MM-DD"
        )
        if st.form_submit_button("Sign as client", type="primary", icon=":material/handshake:"):
            try:
                repo.sign(account.id, signed_on)
            except Refused as exc:
                st.error(str(exc), icon=":material/error:")
            else:
                st.switch_page(routes.CLIENT, query_params={"account": str(account.id)})
