"""One client: status and why, the history charts, the paper trail, and how to let go."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pandas as pd
import streamlit as st

from scoring import Kind, Outcome, Rubric
from scoring.limits import NOTE_MAX, OUTCOME_NOTE_MAX
from scoring.playbooks import draft_message, playbook, playbooks, steps_for
from scoring.status import ClientStatus, Status
from services.store import AccountRecord, NotFound, Refused, Repository, StorageUnavailable, StoredAssessment
from ui.charts import ChartRow, answer_legend_html, drift_heatmap, score_history_spec
from ui.forms import NOT_SAVED
from ui.scorecard import result_of
from ui.text import md_escape


def next_checkin(status: ClientStatus) -> None:
    if status.checkin_due:
        st.warning(
            f"Check-in due since {status.next_due:%Y-%m-%d} (last one {status.days_since} days ago).",
            icon=":material/event:",
        )
    else:
        st.caption(
            f":material/event: Next check-in due {status.next_due:%Y-%m-%d}, in {status.due_in_days} days."
        )


def history_chart_inputs(
    rubric: Rubric, history: list[StoredAssessment]
) -> tuple[tuple[ChartRow, ...], pd.DataFrame, dict[str, Any]]:
    """What the History tab's two charts are drawn from: the score chart's rows, and the drift
    heatmap's data and spec."""
    rows = tuple(
        (
            s.assessment.taken_on,
            result_of(rubric, s).score,
            "baseline" if s.assessment.kind is Kind.SCREEN else "check-in",
            result_of(rubric, s).verdict.label,
        )
        for s in history
    )
    columns = [
        (
            ("baseline " if s.assessment.kind is Kind.SCREEN else "") + f"{s.assessment.taken_on:%Y-%m-%d}",
            s.assessment.answers,
        )
        for s in history
    ]
    return (rows, *drift_heatmap(rubric, columns))


def history_charts(
    rubric: Rubric, history: list[StoredAssessment], status: ClientStatus, memo: dict[str, Any] | None = None
) -> None:
    """The score over time and the drift heatmap. `memo` (`ui.scorecard.Current.memo`) keeps the
    charts' rows with the history they come from, so a click that changes nothing finds them."""
    memo = {} if memo is None else memo
    if "history_charts" not in memo:
        memo["history_charts"] = history_chart_inputs(rubric, history)
    rows, data, spec = memo["history_charts"]
    st.markdown("##### Score over time")
    st.vega_lite_chart(
        spec=score_history_spec(rows, status.baseline_score, rubric.verdict.threshold), width="stretch"
    )
    st.markdown("##### Every dimension, every check-in")
    st.caption("Read a row left to right: a colour turning orange or red is drift.")
    st.html(answer_legend_html())
    st.vega_lite_chart(data, spec, width="stretch")


def evidence_log(repo: Repository, account: AccountRecord) -> None:
    """Dated notes, newest first, and a form to add one."""
    form_key = f"evidence.{account.id}"
    if f"{form_key}.idempotency" not in st.session_state:
        st.session_state[f"{form_key}.idempotency"] = uuid.uuid4().hex

    def save() -> None:
        text = str(st.session_state.get(f"{form_key}.text") or "")
        noted_on = st.session_state.get(f"{form_key}.date") or dt.date.today()
        try:
            repo.add_evidence(account.id, noted_on, text, st.session_state[f"{form_key}.idempotency"])
        except (Refused, NotFound) as exc:
            st.session_state[f"{form_key}.error"] = str(exc)
            return
        except StorageUnavailable:
            st.session_state[f"{form_key}.error"] = NOT_SAVED
            return
        st.session_state[f"{form_key}.error"] = ""
        st.session_state[f"{form_key}.text"] = ""
        st.session_state[f"{form_key}.idempotency"] = uuid.uuid4().hex

    with st.form(f"evidence-form-{account.id}", border=True, enter_to_submit=False):
        st.markdown("##### Add to the paper trail")
        text_col, date_col = st.columns([4, 1])
        with text_col:
            st.text_area(
                "What was asked, said or done",
                key=f"{form_key}.text",
                max_chars=NOTE_MAX,
                height=80,
                placeholder="E.g. asked for a full redesign on Saturday at 16:00, due Monday.",
            )
        with date_col:
            st.date_input("Date", key=f"{form_key}.date", value=dt.date.today(), format="YYYY-MM-DD")
        st.form_submit_button("Add note", icon=":material/note_add:", on_click=save)
    if st.session_state.get(f"{form_key}.error"):
        st.error(st.session_state[f"{form_key}.error"], icon=":material/error:")
    notes = repo.evidence(account.id)
    if not notes:
        st.caption("No notes yet. Keep one for every request you were uneasy about and every late invoice.")
    for note in notes:
        with st.container(border=True):
            st.caption(f"{note.noted_on:%Y-%m-%d}")
            st.text(note.text)


def let_go(rubric: Rubric, account: AccountRecord, status: ClientStatus) -> None:
    """Why to let go, how to do it, and a message to start from."""
    books = playbooks()
    keys = list(books)
    default = status.reason if status.reason in books else None
    if status.status is Status.HELL_YES:
        st.info(
            "This client is a hell yes. If you still want to part ways, pick a reason.",
            icon=":material/info:",
        )
    elif default:
        st.markdown(
            f"The check-ins point at **{md_escape(books[default].title.lower())}**"
            + (
                f" ({', '.join(md_escape(rubric.dimension(d).label) for d in status.responsible)})."
                if status.responsible
                else "."
            )
        )
    reason = st.selectbox(
        "Reason",
        options=keys,
        index=keys.index(default) if default else None,
        format_func=lambda k: books[k].title,
        key=f"letgo.{account.id}.reason",
        placeholder="Pick the reason",
    )
    if reason is None:
        return
    book = playbook(reason)
    st.markdown(f"##### {md_escape(book.title)}")
    st.caption(book.why)
    for number, step in enumerate(steps_for(reason, status.responsible), start=1):
        st.markdown(f"{number}. {md_escape(step)}")
    st.markdown("##### A message to start from")
    me = st.text_input("Sign as", key=f"letgo.{account.id}.me", placeholder="Your name")
    st.text_area(
        "Exit message (edit it, then copy it)",
        value=draft_message(reason, account.name, me),
        height=260,
        key=f"letgo.{account.id}.message.{reason}.{me}",
    )
    st.caption("Select the text and copy it into your mail. Nothing is sent from here.")


def end_relationship(repo: Repository, account: AccountRecord) -> None:
    if account.ended_on is not None:
        how = account.outcome.label if account.outcome else "ended"
        st.info(f"This relationship ended on {account.ended_on:%Y-%m-%d}: {how}.", icon=":material/flag:")
        if account.outcome_note:
            st.text(account.outcome_note)
        return
    with st.form(f"end-form-{account.id}", border=True, enter_to_submit=False):
        st.markdown("##### End the relationship")
        st.caption("Record how it ended, so Thin Slice can check later whether the rubric saw it coming.")
        outcome = st.radio(
            "Outcome",
            options=list(Outcome),
            format_func=lambda o: o.label,
            index=None,
            horizontal=True,
            key=f"end.{account.id}.outcome",
        )
        ended_on = st.date_input(
            "Ended on",
            value=dt.date.today(),
            max_value=dt.date.today(),
            key=f"end.{account.id}.date",
            format="YYYY-MM-DD",
        )
        note = st.text_input("Note (optional)", key=f"end.{account.id}.note", max_chars=OUTCOME_NOTE_MAX)
        if st.form_submit_button("End it", icon=":material/flag:"):
            if outcome is None:
                st.error("Pick how it ended.", icon=":material/error:")
            else:
                repo.end(account.id, Outcome(outcome), ended_on, note)
                st.rerun()
