"""The check-in: the facts of the last period first, then the ten questions in client phrasing.

The facts (signals) sit outside the form so that each one updates its suggestion
at once; a suggestion fills in the answer, and the person can change it. Both
the suggestion and the final answer are stored.

A check-in in progress is kept in this browser, per client (`ui.browser_draft`), until
it is saved or discarded. The client page draws only its open tab, so a look at the
history, a reload or a visit to another page leaves the server with nothing of the
form: when the Check-in tab is drawn again, the kept facts, date, answers and note are
put back, and the suggestions follow from the facts as when they were typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import streamlit as st

from i18n import LANGUAGES, _, format_date, format_integer, format_score, ngettext, use_language
from scoring import Answer, Assessment, Kind, Rubric, Signals
from scoring.invoices import Ledger
from scoring.limits import COUNT_MAX, NOTE_MAX
from scoring.signals import SIGNAL_KEYS, SIGNAL_LABELS, Suggestion, suggest
from services.checkins import CheckinChange, Move, checkin_change
from services.invoices import latest_due
from services.store import AccountRecord, NotFound, Refused, Repository, StorageUnavailable
from ui.browser_draft import (
    DraftField,
    discard_row,
    forget_draft,
    keep_draft,
    kept_count,
    kept_date,
    kept_label,
    kept_option,
    kept_text,
    new_token,
)
from ui.forms import NOT_SAVED, FormKeys, error_summary, field_error, questions
from ui.text import md_escape


def leadership_labels() -> dict[bool | None, str]:
    """The leadership select's options and their labels, in the current language."""
    return {None: _("Not noted"), False: _("No"), True: _("Yes")}


def _kept_leadership(raw: object) -> tuple[bool | None] | None:
    """The option a kept label names, in whichever language it was kept (the browser keeps what it
    showed, and the person may have switched language since)."""
    for code in LANGUAGES:
        with use_language(code):
            chosen = kept_label(leadership_labels(), raw)
        if chosen is not None:
            return chosen
    return None


def form_keys(account_id: int) -> FormKeys:
    return FormKeys("checkin", str(account_id))


def _signals(keys: FormKeys) -> Signals:
    values = {name: keys.value(f"signal.{name}") for name in SIGNAL_KEYS}
    counts = {
        k: (int(v) if isinstance(v, int | float) else None)
        for k, v in values.items()
        if k != "leadership_change"
    }
    leadership = values["leadership_change"]
    return Signals(**counts, leadership_change=leadership if isinstance(leadership, bool) else None)


def _apply_suggestions(account_id: int) -> None:
    """A changed fact moves the suggested answer into its question; the person can still change it."""
    keys = form_keys(account_id)
    for dimension, suggestion in suggest(_signals(keys)).items():
        st.session_state[keys.question(dimension)] = suggestion.answer


def _submit(repo: Repository, rubric: Rubric, account_id: int) -> None:
    keys = form_keys(account_id)
    answers, errors = keys.answers(rubric)
    taken_on = keys.value("date")
    if not isinstance(taken_on, dt.date):
        errors["date"] = _("Pick the date of this check-in.")
    keys.set_errors(errors)
    if errors or not isinstance(taken_on, dt.date):
        return
    signals = _signals(keys)
    suggestions = suggest(signals)
    assessment = Assessment(
        kind=Kind.CHECKIN,
        taken_on=taken_on,
        answers=answers,
        note=str(keys.value("note") or "").strip(),
        rubric_key=rubric.key,
        rubric_version=rubric.version,
        signals=signals,
        suggested={k: s.answer for k, s in suggestions.items()},
    )
    key = keys.idempotency()
    try:
        repo.add_checkin(account_id, assessment, key)
    except Refused as exc:
        keys.set_errors({"date": str(exc)})
        return
    except NotFound:
        keys.set_errors({"form": _("This client no longer exists.")})
        return
    except StorageUnavailable:
        keys.set_errors({"form": NOT_SAVED})
        return
    keys.mark_spent(key)
    st.session_state[_saved_key(account_id)] = taken_on
    st.session_state[_forget_key(account_id)] = new_token()


def _saved_key(account_id: int) -> str:
    return f"checkin.saved.{account_id}"


def _forget_key(account_id: int) -> str:
    return f"checkin.{account_id}#forget"


def _store(account_id: int) -> str:
    return f"checkin.{account_id}"


def _discard(account_id: int) -> None:
    form_keys(account_id).reset()
    st.session_state[_forget_key(account_id)] = new_token()


# --- the draft kept in the browser ----------------------------------------------------------


def _draft_fields(rubric: Rubric, keys: FormKeys, invoice_days: int | None = None) -> list[DraftField]:
    # The invoices' figure, left as it was put in, is no draft: it is put in again on the next visit.
    fields = [
        DraftField(f"signal.{name}", keys(f"signal.{name}"), "select", blank=leadership_labels()[None])
        if name == "leadership_change"
        else DraftField(
            f"signal.{name}",
            keys(f"signal.{name}"),
            blank=str(invoice_days) if name == _INVOICE_SIGNAL and invoice_days is not None else "",
        )
        for name in SIGNAL_KEYS
    ]
    # Only a date the person picked is kept: one left at today's default is today again tomorrow.
    fields.append(DraftField("date", keys("date"), ignore_empty=True, blank=dt.date.today().isoformat()))
    fields += [DraftField(f"q.{d.key}", keys.question(d.key), "choice") for d in rubric.dimensions]
    fields.append(DraftField("note", keys("note")))
    return fields


#: The fact the invoices can give (`services.invoices`): the days the latest invoice is overdue.
_INVOICE_SIGNAL = "invoice_days_late"


def _from_invoices(ledger: Ledger | None) -> tuple[int, str] | None:
    """The invoices' figure for "days the latest invoice is overdue", and the sentence that names
    the invoice it comes from; None without an invoice that is due."""
    if ledger is None:
        return None
    invoice, figure = latest_due(ledger), ledger.latest_days_overdue()
    if invoice is None or figure is None:
        return None
    days = min(figure, COUNT_MAX)
    n = format_integer(days)
    if invoice.settled_on is None:
        said = ngettext(
            "From the invoices: {number} is {n} day overdue.",
            "From the invoices: {number} is {n} days overdue.",
            days,
        )
    elif days:
        said = ngettext(
            "From the invoices: {number} was paid {n} day late.",
            "From the invoices: {number} was paid {n} days late.",
            days,
        )
    else:
        said = _("From the invoices: {number} was paid on time.")
    # A badge never wraps: a narrow column would break "F-2026-014" after a dash.
    return days, said.format(number=f":gray-badge[{md_escape(invoice.number)}]", n=n)


def _prefill(keys: FormKeys, found: tuple[int, str] | None) -> None:
    """The invoices' figure is where the fact starts, once: never over what the person put in
    (a number, or nothing) while the form is on the screen, nor over a kept draft."""
    key = keys(f"signal.{_INVOICE_SIGNAL}")
    if found is not None and key not in st.session_state:
        st.session_state[key] = found[0]


def _nothing_held(rubric: Rubric, keys: FormKeys) -> bool:
    """The server holds nothing of this form: a new session, another tab was open, or another page."""
    held = [keys.value(f"signal.{name}") for name in SIGNAL_KEYS]
    held += [keys.value(f"q.{k}") for k in rubric.keys] + [keys.value("note")]
    return all(v is None or v == "" for v in held)


def restore_draft(rubric: Rubric, account: AccountRecord, kept: Mapping[str, object]) -> None:
    """Put a kept check-in into the widgets before they are drawn, each value checked as if typed.

    What the form would not take (a date outside the signing day to today, an option it does
    not offer, a count or a note over its limit) is left out; the rest comes back.
    """
    keys = form_keys(account.id)
    for name in SIGNAL_KEYS:
        raw = kept.get(f"signal.{name}")
        if name == "leadership_change":
            chosen = _kept_leadership(raw)
            if chosen is not None:
                st.session_state[keys(f"signal.{name}")] = chosen[0]
        else:
            count = kept_count(raw, COUNT_MAX)
            if count is not None:
                st.session_state[keys(f"signal.{name}")] = count
    day = kept_date(kept.get("date"), account.signed_on, dt.date.today())
    if day is not None:
        st.session_state[keys("date")] = day
    for dim in rubric.dimensions:
        answer = kept_option(list(Answer), kept.get(f"q.{dim.key}"))
        if answer is not None:
            st.session_state[keys.question(dim.key)] = answer
    note = kept_text(kept.get("note"), NOTE_MAX)
    if note is not None:
        st.session_state[keys("note")] = note


def _keep_draft(
    rubric: Rubric, keys: FormKeys, account: AccountRecord, invoice_days: int | None = None
) -> None:
    kept = keep_draft(
        _store(account.id),
        _draft_fields(rubric, keys, invoice_days),
        ask=_nothing_held(rubric, keys),
        clear=st.session_state.pop(_forget_key(account.id), None),
    )
    if kept:
        restore_draft(rubric, account, kept)


def _another(account_id: int) -> None:
    st.session_state.pop(_saved_key(account_id), None)


def _moves(rubric: Rubric, moves: tuple[Move, ...]) -> str:
    return "\n".join(
        f"- {md_escape(str(rubric.dimension(m.dimension).label))}: {m.before.label} → **{m.after.label}**"
        for m in moves
    )


def change_summary(rubric: Rubric, taken_on: dt.date, change: CheckinChange | None) -> None:
    """What the saved check-in changed, in the order a person asks: status, score, which answers."""
    st.success(
        _("Check-in of {date} saved.").format(date=format_date(taken_on)), icon=":material/check_circle:"
    )
    if change is None:
        return
    with st.container(border=True):
        st.markdown("##### " + _("What changed"))
        compared_on = format_date(change.compared_on)
        # The date on a line of its own: at the end of a long sentence a phone breaks it at a dash.
        if change.compared_kind is Kind.SCREEN:
            st.caption(_("Compared with the baseline screen of {date}.").format(date=compared_on))
        else:
            st.caption(_("Compared with the check-in of {date}.").format(date=compared_on))
        after = change.status_after.label
        if change.status_before is None:
            st.markdown(_("**Status:** {status}").format(status=after))
        elif change.status_before is change.status_after:
            st.markdown(_("**Status:** {status}, as before").format(status=after))
        else:
            st.markdown(
                _("**Status:** {before} → **{after}**").format(before=change.status_before.label, after=after)
            )
        before, now = format_score(change.score_before), format_score(change.score_after)
        st.markdown(
            _("**Score:** {score}, as before").format(score=now)
            if before == now
            else _("**Score:** {before} → **{after}**").format(before=before, after=now)
        )
        if not change.moves:
            st.markdown(_("Every answer is the same as on {date}.").format(date=compared_on))
        if change.downs:
            st.markdown("**" + _("Went down") + "**\n\n" + _moves(rubric, change.downs))
        if change.ups:
            st.markdown("**" + _("Went up") + "**\n\n" + _moves(rubric, change.ups))


def checkin_form(
    repo: Repository, rubric: Rubric, account: AccountRecord, ledger: Ledger | None = None
) -> None:
    """The check-in. `ledger`: the client's invoices (`ui.invoices_view.client_ledger`), which give
    the days the latest invoice is overdue as the fact's starting value."""
    keys = form_keys(account.id)
    errors = keys.begin()
    saved = st.session_state.get(_saved_key(account.id))
    if isinstance(saved, dt.date):
        # Saved: the kept draft goes, once (a rerun of this summary does not forget again).
        token = st.session_state.pop(_forget_key(account.id), None)
        if token is not None:
            forget_draft(_store(account.id), str(token))
        change_summary(rubric, saved, checkin_change(repo, rubric, account, saved, dt.date.today()))
        st.button(
            _("Record another check-in"),
            icon=":material/add:",
            key=f"checkin.another.{account.id}",
            on_click=_another,
            args=(account.id,),
        )
        return
    invoiced = _from_invoices(ledger)
    _keep_draft(rubric, keys, account, None if invoiced is None else invoiced[0])
    # After the draft: a kept draft comes back over an empty form, and the figure goes only where
    # neither the draft nor the person put anything.
    _prefill(keys, invoiced)
    error_summary(errors)
    today = dt.date.today()
    with st.container(border=True):
        st.markdown("##### " + _("Facts of the period (optional)"))
        st.caption(_("Each fact suggests an answer below. Leave blank what you did not track."))
        cols = st.columns(5)
        for col, name in zip(cols, SIGNAL_KEYS, strict=True):
            with col:
                if name == "leadership_change":
                    leadership = leadership_labels()
                    st.selectbox(
                        str(SIGNAL_LABELS[name]),
                        options=list(leadership),
                        format_func=leadership.__getitem__,
                        key=keys(f"signal.{name}"),
                        on_change=_apply_suggestions,
                        args=(account.id,),
                    )
                else:
                    st.number_input(
                        str(SIGNAL_LABELS[name]),
                        min_value=0,
                        max_value=COUNT_MAX,
                        step=1,
                        value=None,
                        placeholder="—",
                        key=keys(f"signal.{name}"),
                        on_change=_apply_suggestions,
                        args=(account.id,),
                    )
                    if name == _INVOICE_SIGNAL and invoiced is not None:
                        st.caption(":material/receipt_long: " + invoiced[1])
    suggestions: dict[str, Suggestion] = suggest(_signals(keys))
    with st.form(f"checkin-form-{account.id}", border=False, enter_to_submit=False):
        date_col, _rest = st.columns([1, 3])
        with date_col:
            st.date_input(
                _("Check-in date"),
                key=keys("date"),
                value=today,
                min_value=account.signed_on,
                max_value=today,
                format="YYYY-MM-DD",
            )
        field_error(errors, "date")
        questions(rubric, keys, Kind.CHECKIN, errors, suggestions)
        st.text_area(
            _("Note on this period"),
            key=keys("note"),
            max_chars=NOTE_MAX,
            height=80,
            placeholder=_("What happened since the last check-in?"),
        )
        st.form_submit_button(
            _("Save the check-in"),
            type="primary",
            icon=":material/fact_check:",
            on_click=_submit,
            args=(repo, rubric, account.id),
        )
    discard_row(
        _("Your answers stay in this browser until you save the check-in or discard them."),
        f"checkin.{account.id}#discard",
        _discard,
        (account.id,),
    )
