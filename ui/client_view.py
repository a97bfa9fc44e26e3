"""One client: status and why, the history charts, the paper trail, and how to let go."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from i18n import _, current_language, format_date, format_days_ago, format_due, format_list, pgettext
from scoring import Kind, Outcome, Rubric
from scoring.limits import NOTE_MAX, OUTCOME_NOTE_MAX
from scoring.names import first_name
from scoring.playbooks import draft_message, playbook, playbooks_for, steps_for
from scoring.status import ClientStatus, Status
from services.store import AccountRecord, NotFound, Refused, Repository, StorageUnavailable, StoredAssessment
from ui import routes
from ui.charts import ChartRow, answer_legend_html, drift_heatmap, score_history_spec
from ui.forms import NOT_SAVED
from ui.preferences import formal_default, your_name
from ui.score_mode import as_now
from ui.scorecard import history_notes, result_of, scored_with
from ui.text import md_escape

#: The tabs widget's key: the address parameter (`routes.TAB_PARAM`) keeps the tab's stable key.
_TABS_KEY = "client.tabs"
#: The tab last open on a client page in this session, by its key: where an address without one opens.
_LAST_TAB = "client.tab.last"
#: The address parameter a link to the Let go tab names a playbook with (`&reason=payment`): the
#: Invoices tab's slowing warning opens the playbook it points to, whatever the check-ins say.
REASON_PARAM = "reason"


def tab_labels() -> dict[str, str]:
    """Each tab's stable key (`routes.CLIENT_TABS`, the value in the address) and its label."""
    labels = (
        pgettext("client tab", "History"),
        pgettext("client tab", "Check-in"),
        pgettext("client tab", "Invoices"),
        pgettext("client tab", "Evidence"),
        pgettext("client tab", "Let go"),
        pgettext("client tab", "Share"),
    )
    return dict(zip(routes.CLIENT_TABS, labels, strict=True))


def _tab_chosen(labels: dict[str, str]) -> None:
    key = next((k for k, label in labels.items() if label == st.session_state.get(_TABS_KEY)), None)
    st.session_state[_LAST_TAB] = key
    # A reason a link chose (`REASON_PARAM`) was for the tab it opened, not the next one.
    st.query_params.pop(REASON_PARAM, None)
    if key is None or key == routes.CLIENT_TABS[0]:
        st.query_params.pop(routes.TAB_PARAM, None)
    else:
        st.query_params[routes.TAB_PARAM] = key


def client_tabs() -> Sequence[Any]:
    """The client page's six tabs, in the reader's language, with the open one named in the address
    by its English key (`&tab=Let+go`): a link opens the same tab in every language. Only the open
    tab's `.open` is true, so only its content needs to run."""
    labels = tab_labels()
    # An address without a tab opens the one last open in this session (a client reached from
    # Home or a list comes back where the person was, as a reload does).
    wanted = st.query_params.get(routes.TAB_PARAM) or st.session_state.get(_LAST_TAB)
    if wanted not in labels or wanted == routes.CLIENT_TABS[0]:
        # An unknown tab, or the first one: the address stays short.
        st.query_params.pop(routes.TAB_PARAM, None)
        wanted = routes.CLIENT_TABS[0]
    else:
        st.query_params[routes.TAB_PARAM] = wanted
    st.session_state[_LAST_TAB] = wanted
    st.session_state[_TABS_KEY] = labels[wanted]
    return st.tabs(list(labels.values()), key=_TABS_KEY, on_change=_tab_chosen, args=(labels,))


def next_checkin(status: ClientStatus) -> None:
    if status.checkin_due:
        st.warning(
            _("Check-in due since {date} (last one {ago}).").format(
                date=format_date(status.next_due), ago=format_days_ago(status.days_since)
            ),
            icon=":material/event:",
        )
    else:
        st.caption(
            ":material/event: "
            + _("Next check-in due {date}, {when}.").format(
                date=format_date(status.next_due), when=format_due(status.due_in_days)
            )
        )


def history_chart_inputs(
    rubric: Rubric, history: list[StoredAssessment], book: Mapping[int, Rubric] | None = None
) -> tuple[tuple[ChartRow, ...], pd.DataFrame, dict[str, Any]]:
    """What the History tab's two charts are drawn from: the score chart's rows (each score as
    taken, or on the rubric in use: `ui.scorecard.scored_with`), and the drift heatmap's data and
    spec, in the current language."""
    results = [result_of(scored_with(rubric, book, s), s) for s in history]
    rows = tuple(
        (
            s.assessment.taken_on,
            result.score,
            _("baseline") if s.assessment.kind is Kind.SCREEN else _("check-in"),
            str(result.verdict.label),
        )
        for s, result in zip(history, results, strict=True)
    )
    columns = [
        (
            # Translators: a column of the drift heatmap: the baseline screen and its date.
            _("baseline {date}").format(date=format_date(s.assessment.taken_on))
            if s.assessment.kind is Kind.SCREEN
            else format_date(s.assessment.taken_on),
            s.assessment.answers,
        )
        for s in history
    ]
    return (rows, *drift_heatmap(rubric, columns))


def history_charts(
    rubric: Rubric,
    history: list[StoredAssessment],
    status: ClientStatus,
    memo: dict[str, Any] | None = None,
    theirs: tuple[tuple[dt.date, float], ...] = (),
    book: Mapping[int, Rubric] | None = None,
) -> None:
    """The score over time and the drift heatmap. `memo` (`ui.scorecard.Current.memo`) keeps the
    charts' rows with the history they come from, so a click that changes nothing finds them.
    `theirs`: the client's own rating per review (`ui.questionnaire_view.ratings`), a second line."""
    memo = {} if memo is None else memo
    # The memo is shared between sessions: each language keeps its own charts.
    language = current_language()
    # As taken or on the rubric in use: the two are kept apart, as the languages are.
    key = f"history_charts.{language}.{'now' if as_now() else 'taken'}"
    if key not in memo:
        memo[key] = history_chart_inputs(rubric, history, book)
    rows, data, spec = memo[key]
    st.markdown("##### " + _("Score over time"))
    history_notes(rubric, book, history)
    st.vega_lite_chart(
        spec=score_history_spec(rows, status.baseline_score, rubric.verdict.threshold, language, theirs),
        width="stretch",
    )
    if theirs:
        st.caption(_("The blue diamonds are their own rating from each review, on the same 0-100 scale."))
    st.markdown("##### " + _("Every dimension, every check-in"))
    st.caption(_("Read a row left to right: a colour turning orange or red is drift."))
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
        st.markdown("##### " + _("Add to the paper trail"))
        text_col, date_col = st.columns([4, 1])
        with text_col:
            st.text_area(
                _("What was asked, said or done"),
                key=f"{form_key}.text",
                max_chars=NOTE_MAX,
                height=80,
                placeholder=_("E.g. asked for a full redesign on Saturday at 16:00, due Monday."),
            )
        with date_col:
            st.date_input(_("Date"), key=f"{form_key}.date", value=dt.date.today(), format="YYYY-MM-DD")
        st.form_submit_button(_("Add note"), icon=":material/note_add:", on_click=save)
    if st.session_state.get(f"{form_key}.error"):
        st.error(str(st.session_state[f"{form_key}.error"]), icon=":material/error:")
    notes = repo.evidence(account.id)
    if not notes:
        st.caption(
            _("No notes yet. Keep one for every request you were uneasy about and every late invoice.")
        )
    for note in notes:
        with st.container(border=True):
            st.caption(format_date(note.noted_on))
            st.text(note.text)


def _chosen_why(chosen: str, title: str, *, hell_yes: bool) -> str:
    """Why the playbook a link chose is open: the invoices' slowing alert, or the Capacity page."""
    if chosen == "over_capacity":
        if hell_yes:
            return _(
                "The check-ins say hell yes, but you are over capacity: "
                "the Capacity page points at **{reason}**."
            ).format(reason=title)
        return _("You are over capacity: the Capacity page points at **{reason}**.").format(reason=title)
    if chosen in ("payment", "going_south"):
        if hell_yes:
            return _(
                "The check-ins say hell yes, but payments are slowing: the invoices point at **{reason}**."
            ).format(reason=title)
        return _("Payments are slowing: the invoices point at **{reason}**.").format(reason=title)
    return _("The link you followed points at **{reason}**.").format(reason=title)


def let_go(rubric: Rubric, account: AccountRecord, status: ClientStatus) -> None:
    """Why to let go, how to do it, and a message to start from."""
    books = playbooks_for(rubric)  # the built-in reasons and the rubric's own
    keys = list(books)
    pointed = status.reason if status.reason in books else None
    # A link may choose the playbook (`&reason=payment`, from the Invoices tab's slowing warning).
    asked = st.query_params.get(REASON_PARAM)
    chosen = asked if asked in books else None
    if status.status is Status.HELL_YES:
        if chosen:
            st.info(
                _chosen_why(chosen, md_escape(str(books[chosen].title).lower()), hell_yes=True),
                icon=":material/info:",
            )
        else:
            st.info(
                _("This client is a hell yes. If you still want to part ways, pick a reason."),
                icon=":material/info:",
            )
    elif pointed:
        reason_title = md_escape(str(books[pointed].title).lower())
        if status.responsible:
            dimensions = format_list(md_escape(str(rubric.dimension(d).label)) for d in status.responsible)
            st.markdown(
                _("The check-ins point at **{reason}** ({dimensions}).").format(
                    reason=reason_title, dimensions=dimensions
                )
            )
        else:
            st.markdown(_("The check-ins point at **{reason}**.").format(reason=reason_title))
    if chosen and chosen != pointed and status.status is not Status.HELL_YES:
        st.markdown(_chosen_why(chosen, md_escape(str(books[chosen].title).lower()), hell_yes=False))
    default = chosen or pointed
    reason = st.selectbox(
        _("Reason"),
        options=keys,
        index=keys.index(default) if default else None,
        format_func=lambda k: str(books[k].title),
        key=f"letgo.{account.id}.reason",
        placeholder=_("Pick the reason"),
    )
    if reason is None:
        return
    book = playbook(reason, rubric)
    st.markdown(f"##### {md_escape(str(book.title))}")
    st.caption(md_escape(str(book.why)))
    for number, step in enumerate(steps_for(reason, status.responsible, rubric), start=1):
        st.markdown(f"{number}. {md_escape(str(step))}")
    exit_message(account, reason, rubric)


#: How a Dutch exit message addresses the client: the stable keys of the je/u choice.
REGISTERS = ("je", "u")


def exit_message(account: AccountRecord, reason: str, rubric: Rubric | None = None) -> None:
    """The exit message to start from: to the client's first name, signed with yours, and in Dutch
    with *je* or *u* (the person's setting unless they pick the other here). Editable; the text
    is drawn again when the reason, the language, the register or a name changes."""
    st.markdown("##### " + _("A message to start from"))
    language = current_language()
    name_col, me_col = st.columns(2)
    with name_col:
        first = st.text_input(
            _("First name"),
            value=first_name(account.name),
            key=f"letgo.{account.id}.first_name",
            help=_("The name the message opens with. Change it if it is not right."),
        )
    with me_col:
        me = st.text_input(
            _("Sign as"), value=your_name(), key=f"letgo.{account.id}.me", placeholder=_("Your name")
        )
    register = "je"
    if language == "nl":
        chosen = st.segmented_control(
            _("Address them as"),
            REGISTERS,
            default="u" if formal_default() else "je",
            key=f"letgo.{account.id}.register",
        )
        # A segmented control can be clicked off: then the setting holds.
        register = chosen if chosen in REGISTERS else ("u" if formal_default() else "je")
    formal = register == "u"
    st.text_area(
        _("Exit message (edit it, then copy it)"),
        value=draft_message(reason, first, me, formal=formal, language=language, rubric=rubric),
        height=260,
        key=f"letgo.{account.id}.message.{reason}.{language}.{register}.{first}.{me}",
    )
    st.caption(_("Select the text and copy it into your mail. Nothing is sent from here."))


def end_relationship(repo: Repository, account: AccountRecord) -> None:
    if account.ended_on is not None:
        how = str(account.outcome.label) if account.outcome else _("ended")
        st.info(
            _("This relationship ended on {date}: {outcome}.").format(
                date=format_date(account.ended_on), outcome=how
            ),
            icon=":material/flag:",
        )
        if account.outcome_note:
            st.text(account.outcome_note)
        return
    with st.form(f"end-form-{account.id}", border=True, enter_to_submit=False):
        st.markdown("##### " + _("End the relationship"))
        st.caption(_("Record how it ended, so Thin Slice can check later whether the rubric saw it coming."))
        outcome = st.radio(
            _("Outcome"),
            options=list(Outcome),
            format_func=lambda o: str(o.label),
            index=None,
            horizontal=True,
            key=f"end.{account.id}.outcome",
        )
        ended_on = st.date_input(
            _("Ended on"),
            value=dt.date.today(),
            max_value=dt.date.today(),
            key=f"end.{account.id}.date",
            format="YYYY-MM-DD",
        )
        note = st.text_input(_("Note (optional)"), key=f"end.{account.id}.note", max_chars=OUTCOME_NOTE_MAX)
        if st.form_submit_button(_("End it"), icon=":material/flag:"):
            if outcome is None:
                st.error(_("Pick how it ended."), icon=":material/error:")
            else:
                repo.end(account.id, Outcome(outcome), ended_on, note)
                st.rerun()
