"""The screening questionnaire: a gut call, then ten one-click questions.

Saving happens in the submit callback, before the page reruns: one short
transaction, no `st.*` drawing inside, and an idempotency key that lives until
the person starts the next screen, so a double click stores one row.

A screen in progress is kept in this browser (`ui.browser_draft`) until it is
submitted or discarded, so a reload or a visit to another page loses nothing. A new
screen whose name is already an account asks first: re-screen that one, or make a
second on purpose.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping

import streamlit as st
from pydantic import ValidationError

from i18n import Lazy, Text, _, format_date, format_integer, lazy_gettext, ngettext
from scoring import AccountDraft, Answer, Assessment, Kind, Rubric, Stage, Verdict
from scoring.limits import DEAL_VALUE_MAX, NAME_MAX, NOTE_MAX
from scoring.questionnaires import TheirSide
from scoring.signals import Suggestion
from services.duplicates import accounts_named
from services.questionnaires import fit_suggestions
from services.store import AccountRecord, NotFound, Refused, Repository, StorageUnavailable
from ui import routes
from ui.browser_draft import (
    DraftField,
    discard_row,
    forget_draft,
    keep_draft,
    keyed,
    new_token,
    scroll_into_view,
)
from ui.forms import NOT_SAVED, Errors, FormKeys, error_summary, field_error, questions
from ui.text import md_escape

NEW = "new"
_GUT_ICONS = {Verdict.HELL_YES: ":material/thumb_up:", Verdict.HELL_NO: ":material/thumb_down:"}


def gut_label(gut: Verdict) -> str:
    """A gut call's option, with its thumb: ":material/thumb_up: Hell yes"."""
    return f"{_GUT_ICONS[gut]} {gut.label}"


# Set by a successful submit, read once by the page that shows the verdict.
FRESH_VERDICT = "screen#fresh-verdict"
# A click this soon after a save, with the name just saved, is the second click of a double click.
_REPEAT_S = 5.0


def form_keys(scope: str) -> FormKeys:
    return FormKeys("screen", scope)


def reset(scope: str) -> None:
    """Forget the answers and the idempotency key so the next submit is a new screen."""
    form_keys(scope).reset()


def _forget_key(scope: str) -> str:
    return f"screen.{scope}#forget"


def _store(scope: str) -> str:
    return f"screen.{scope}"


def _too_long(keys: FormKeys, field: str, limit: int) -> Text | None:
    """A pasted text over the limit is cut to it, and the person is told before anything is saved."""
    text = str(keys.value(field) or "").strip()
    if len(text) <= limit:
        return None
    st.session_state[keys(field)] = text[:limit]
    length = len(text)
    # Rendered when shown, so a language switch before the next submit still reads right.
    return Lazy(
        lambda: _too_long_words(field).format(length=format_integer(length), limit=format_integer(limit))
    )


def _too_long_words(field: str) -> str:
    if field == "name":
        return _(
            "The name was {length} characters long; it can have {limit}, so only the first "
            "{limit} are kept. Check what is left, then submit again."
        )
    if field == "company":
        return _(
            "The company name was {length} characters long; it can have {limit}, so only the first "
            "{limit} are kept. Check what is left, then submit again."
        )
    return _(
        "The note was {length} characters long; it can have {limit}, so only the first "
        "{limit} are kept. Check what is left, then submit again."
    )


CLIENT = "client"  # the scope of "add an existing client"


def _submit(
    repo: Repository, rubric: Rubric, scope: str, account_id: int | None, *, second: bool = False
) -> None:
    """Check and store the screen. `second`: the person chose to make a second account of this name."""
    keys = form_keys(scope)
    st.session_state[keys("duplicates")] = []
    errors: Errors = {}
    draft = None
    if account_id is None:
        for field in ("name", "company"):
            message = _too_long(keys, field, NAME_MAX)
            if message:
                errors[field] = message
        if not str(keys.value("name") or "").strip():
            errors["name"] = (
                lazy_gettext("Give the client a name.")
                if scope == CLIENT
                else lazy_gettext("Give the prospect a name.")
            )
        if not errors:
            try:
                draft = AccountDraft(
                    name=str(keys.value("name") or ""),
                    company=str(keys.value("company") or ""),
                    deal_value=keys.value("deal"),
                )
            except ValidationError:
                errors["name"] = (
                    lazy_gettext("Check the name of the client.")
                    if scope == CLIENT
                    else lazy_gettext("Check the name of the prospect.")
                )
    note_too_long = _too_long(keys, "note", NOTE_MAX)
    if note_too_long:
        errors["note"] = note_too_long
    gut = keys.value("gut")
    if gut is None:
        errors["gut"] = lazy_gettext("Record your first impression: hell yes or hell no.")
    answers, open_questions = keys.answers(rubric)
    errors.update(open_questions)
    chosen = keys.value("date")
    taken_on = chosen if isinstance(chosen, dt.date) else dt.date.today()
    picked = keys.value("signed")
    signed_on = picked if isinstance(picked, dt.date) else None
    if scope == CLIENT and signed_on is not None and signed_on < taken_on:
        errors["signed"] = lazy_gettext("The signing date cannot be before the baseline.")
    keys.set_errors(errors)
    if errors:
        return
    assessment = Assessment(
        kind=Kind.SCREEN,
        taken_on=taken_on,
        gut=gut,
        answers=answers,
        note=str(keys.value("note") or "").strip(),
        rubric_key=rubric.key,
        rubric_version=rubric.version,
        suggested=_shown_suggestions(keys, account_id),
    )
    key = keys.idempotency()
    try:
        # The second click of a double click finds its own first save: that is no duplicate. The
        # first click's run may have stored it and been cut short by the second before marking it
        # spent: the database knows; the save below then returns what that run stored.
        if draft is not None and not second and not keys.is_spent(key) and not repo.stored_with_key(key):
            same = accounts_named(repo, draft.name, draft.company)
            last = st.session_state.get(f"screen.{scope}#last-save")
            if same and scope != CLIENT and isinstance(last, tuple) and _repeat(last, same):
                st.query_params.clear()
                st.session_state[FRESH_VERDICT] = last[1]
                st.query_params["done"] = str(last[1])
                return
            if same:
                # Nothing is saved: the person picks re-screen or a second account below the form.
                st.session_state[keys("duplicates")] = same
                st.session_state[keys("duplicates.asked")] = new_token()
                return
        if draft is not None and scope == CLIENT:
            stored = repo.add_client(draft, assessment, signed_on or taken_on, key)
        elif draft is not None:
            stored = repo.screen_prospect(draft, assessment, key)
        else:
            assert account_id is not None
            stored = repo.add_assessment(account_id, assessment, key)
    except NotFound:
        keys.set_errors({"form": lazy_gettext("This prospect no longer exists.")})
        return
    except Refused as exc:
        keys.set_errors({"form": str(exc)})
        return
    except StorageUnavailable:
        keys.set_errors({"form": NOT_SAVED})
        return
    keys.mark_spent(key)
    st.session_state[_forget_key(scope)] = new_token()
    st.query_params.clear()
    if scope == CLIENT:
        st.query_params["account"] = str(stored.account_id)
    else:
        st.session_state[FRESH_VERDICT] = stored.id
        st.query_params["done"] = str(stored.id)
        st.session_state[f"screen.{scope}#last-save"] = (stored.account_id, stored.id, time.monotonic())


def _shown_suggestions(keys: FormKeys, account_id: int | None) -> dict[str, Answer]:
    """The answers their questionnaire suggested on this form (a re-screen of `account_id`)."""
    shown = keys.value("suggested")
    if account_id is None or not isinstance(shown, dict):
        return {}
    return {dim: answer for dim, answer in shown.items() if isinstance(answer, Answer)}


def _repeat(last: tuple[object, ...], same: list[AccountRecord]) -> bool:
    """The only account of this name is the one this form saved a moment ago."""
    account_id, _assessment_id, at = last
    return (
        isinstance(at, float) and time.monotonic() - at < _REPEAT_S and [a.id for a in same] == [account_id]
    )


def _discard(scope: str) -> None:
    reset(scope)
    st.session_state[_forget_key(scope)] = new_token()


def after_submit(assessment_id: int) -> None:
    """On the page that shows a fresh verdict: forget the kept drafts, bring the verdict into view.

    Both happen once: a rerun or a reload of the verdict neither scrolls nor forgets again.
    """
    for name in [k for k in st.session_state if str(k).startswith("screen.") and str(k).endswith("#forget")]:
        token = st.session_state.pop(name)
        forget_draft(str(name).removesuffix("#forget"), str(token))
    if st.session_state.get(FRESH_VERDICT) == assessment_id:
        del st.session_state[FRESH_VERDICT]
        scroll_into_view("[data-testid='ts-verdict']", once=f"verdict-{assessment_id}")


# --- the draft kept in the browser ----------------------------------------------------------

_TEXT = ("name", "company", "deal", "note")


def _draft_fields(
    rubric: Rubric, keys: FormKeys, new_account: bool, suggested: frozenset[str] = frozenset()
) -> list[DraftField]:
    """The fields the browser keeps; a question still showing the answer their questionnaire
    suggested (`suggested`) is left out, so it alone neither makes a draft nor hides one."""
    fields: list[DraftField] = []
    if new_account:
        fields += [DraftField(f, keys(f)) for f in ("name", "company", "deal")]
    fields.append(DraftField("gut", keys("gut"), "choice"))
    fields += [
        DraftField(f"q.{d.key}", keys.question(d.key), "choice")
        for d in rubric.dimensions
        if d.key not in suggested
    ]
    fields.append(DraftField("note", keys("note")))
    fields.append(DraftField("date", keys("date"), ignore_empty=True))
    return fields


def _nothing_held(rubric: Rubric, keys: FormKeys, suggested: frozenset[str] = frozenset()) -> bool:
    """The server holds no answer of this form (a new session, or back from another page), apart
    from the answers their questionnaire suggested (`suggested`)."""
    held = [keys.value(f) for f in (*_TEXT, "gut")]
    held += [keys.value(f"q.{k}") for k in rubric.keys if k not in suggested]
    return all(v is None or v == "" for v in held)


def _choice(options: list[Verdict] | list[Answer], raw: object) -> Verdict | Answer | None:
    if isinstance(raw, int) and not isinstance(raw, bool) and 0 <= raw < len(options):
        return options[raw]
    return None


def _restore(rubric: Rubric, keys: FormKeys, kept: Mapping[str, object], new_account: bool) -> None:
    """Put a kept draft into the widgets, each value checked as if typed; what does not fit is left out."""
    today = dt.date.today()
    for field in ("name", "company", "note") if new_account else ("note",):
        text = kept.get(field)
        if isinstance(text, str) and text:
            st.session_state[keys(field)] = text
    deal = kept.get("deal")
    if new_account and isinstance(deal, str) and deal.strip():
        try:
            value = float(deal.replace(",", ""))
        except ValueError:
            value = -1.0
        if 0 <= value <= DEAL_VALUE_MAX:
            st.session_state[keys("deal")] = value
    day = kept.get("date")
    if isinstance(day, str):
        try:
            taken = dt.date.fromisoformat(day.strip())
        except ValueError:
            taken = None
        if taken is not None and taken <= today:
            st.session_state[keys("date")] = taken
    gut = _choice(list(Verdict), kept.get("gut"))
    if gut is not None:
        st.session_state[keys("gut")] = gut
    for dim in rubric.dimensions:
        answer = _choice(list(Answer), kept.get(f"q.{dim.key}"))
        if answer is not None:
            st.session_state[keys.question(dim.key)] = answer


def _keep_draft(
    rubric: Rubric, keys: FormKeys, scope: str, new_account: bool, suggested: frozenset[str] = frozenset()
) -> None:
    kept = keep_draft(
        _store(scope),
        _draft_fields(rubric, keys, new_account, suggested),
        ask=_nothing_held(rubric, keys, suggested),
        clear=st.session_state.pop(_forget_key(scope), None),
    )
    if kept:
        _restore(rubric, keys, kept, new_account)


# --- what their questionnaire suggests ------------------------------------------------------


def _prefill(rubric: Rubric, keys: FormKeys, suggestions: Mapping[str, Suggestion]) -> frozenset[str]:
    """Fill each open question their answers suggest an answer for, once per drawing of the form
    (never over an answer chosen or restored). Returns the questions still showing what was filled
    in, which the kept draft leaves out: a draft kept in this browser is still offered, and wins.

    The suggestions shown are remembered for the submit, which stores them with the screen."""
    shown = {dim: s.answer for dim, s in suggestions.items() if dim in rubric.keys}
    st.session_state[keys("suggested")] = shown
    done = keys("suggested.filled")
    if done not in st.session_state:
        filled: dict[str, Answer] = {}
        for dim, answer in shown.items():
            if keys.value(f"q.{dim}") is None:
                st.session_state[keys.question(dim)] = answer
                filled[dim] = answer
        st.session_state[done] = filled
    filled = st.session_state[done]
    return frozenset(dim for dim, answer in filled.items() if keys.value(f"q.{dim}") == answer)


def _suggested_note(side: TheirSide, count: int) -> None:
    st.caption(
        ":material/lightbulb: "
        + ngettext(
            "Their answers of {date} suggest {n} answer below, filled in where you had none. "
            "Keep it or change it.",
            "Their answers of {date} suggest {n} answers below, filled in where you had none. "
            "Keep them or change them.",
            count,
        ).format(date=format_date(side.submitted_on), n=format_integer(count))
    )


# --- the same name twice ---------------------------------------------------------------------


def _same_name(repo: Repository, rubric: Rubric, scope: str, keys: FormKeys) -> None:
    """Offered after a submit whose name is already an account; nothing is saved until a choice."""
    same: list[AccountRecord] = list(keys.value("duplicates") or [])  # type: ignore[call-overload]
    if not same:
        return
    name = same[0].name
    many = len(same) > 1
    # Adding an existing client is no re-screen: there the choice is to open the one there is.
    rescreen = scope != CLIENT
    n = len(same)
    if rescreen:
        offer = ngettext(
            "Add this screen to it as a re-screen (its history keeps the earlier one), "
            "or make a new account if this really is someone else.",
            "Add this screen to one of them as a re-screen (its history keeps the earlier one), "
            "or make a new account if this really is someone else.",
            n,
        )
    else:
        offer = ngettext(
            "Open it, or make a new account if this really is someone else.",
            "Open one of them, or make a new account if this really is someone else.",
            n,
        )
    found = ngettext(
        "**You already have an account called “{name}”.** Nothing was saved yet.",
        "**You already have accounts called “{name}”.** Nothing was saved yet.",
        n,
    ).format(name=md_escape(name))
    with st.container(border=True, key="screen-same-name"):
        st.markdown(f":material/content_copy: {found} {offer}")
        for account in same:
            st.text(_account_line(account))
            if rescreen and account.stage is Stage.PROSPECT:
                st.button(
                    _("Re-screen this one") if many else _("Re-screen the existing one"),
                    key=keys(f"rescreen.{account.id}"),
                    type="primary",
                    icon=":material/history:",
                    on_click=_submit,
                    args=(repo, rubric, scope, account.id),
                )
            else:
                client = account.stage is Stage.CLIENT
                st.page_link(
                    routes.CLIENT if client else routes.SCORECARD,
                    label=_("Open this client") if client else _("Open this prospect"),
                    icon=":material/open_in_new:",
                    query_params={"account": str(account.id)},
                )
        st.button(
            _("Create a second account with this name"),
            key=keys("second"),
            icon=":material/person_add:",
            on_click=_submit,
            args=(repo, rubric, scope, None),
            kwargs={"second": True},
        )
    # The question appears below the button just clicked, out of sight on a phone.
    scroll_into_view(keyed("screen-same-name"), once=str(keys.value("duplicates.asked")))


def _account_line(account: AccountRecord) -> str:
    """One account of the same name, told apart by company, stage and age (shown as plain text)."""
    values = {"name": account.name, "company": account.company, "day": format_date(account.created_at)}
    if account.stage is Stage.CLIENT:
        if account.company:
            return _("{name} at {company}, client since {day}").format(**values)
        return _("{name}, client since {day}").format(**values)
    if account.company:
        return _("{name} at {company}, prospect since {day}").format(**values)
    return _("{name}, prospect since {day}").format(**values)


def screen_form(
    repo: Repository, rubric: Rubric, account: AccountRecord | None, *, as_client: bool = False
) -> None:
    """The screen of a prospect, a re-screen of one, or (as_client) the baseline of an existing client."""
    scope = CLIENT if as_client else (NEW if account is None else str(account.id))
    keys = form_keys(scope)
    errors = keys.begin()
    side, suggestions = (None, {}) if as_client or account is None else fit_suggestions(repo, account.id)
    suggested = _prefill(rubric, keys, suggestions)
    if not as_client:
        _keep_draft(rubric, keys, scope, account is None, suggested)
    error_summary(errors)
    today = dt.date.today()
    with st.form(f"screen-form-{scope}", border=False, enter_to_submit=False):
        if account is None:
            st.markdown("#### " + (_("The client") if as_client else _("The prospect")))
            name_col, company_col, value_col = st.columns([3, 3, 2])
            # No max_chars: the browser would drop a longer paste without a word. The submit
            # cuts it to the limit and says so.
            with name_col:
                st.text_input(
                    _("Name (required)"),
                    key=keys("name"),
                    placeholder=_("Who is it? A person or a lead name"),
                )
                field_error(errors, "name")
            with company_col:
                st.text_input(_("Company"), key=keys("company"))
                field_error(errors, "company")
            with value_col:
                st.number_input(
                    _("Deal value (€)"),
                    key=keys("deal"),
                    value=None,
                    min_value=0.0,
                    max_value=DEAL_VALUE_MAX,
                    step=500.0,
                    format="%.0f",
                    placeholder=_("optional"),
                )
        if as_client:
            st.caption(
                _(
                    "Answer as things stood when you started working together: this is the baseline "
                    "every check-in is compared with."
                )
            )
            baseline_col, signed_col = st.columns(2)
            with baseline_col:
                st.date_input(
                    _("Baseline as of"), key=keys("date"), value="today", max_value=today, format="YYYY-MM-DD"
                )
            with signed_col:
                st.date_input(
                    _("Signed on"), key=keys("signed"), value="today", max_value=today, format="YYYY-MM-DD"
                )
                field_error(errors, "signed")
        st.markdown("#### " + _("1 · Your gut, first"))
        st.caption(_("Before you think it through: after the first contacts, what does your gut say?"))
        st.segmented_control(
            _("Gut call"),
            options=list(Verdict),
            format_func=gut_label,
            key=keys("gut"),
            label_visibility="collapsed",
        )
        field_error(errors, "gut")
        st.markdown("#### " + _("2 · Ten thin slices"))
        st.caption(_("One click each. “Hell yes” is always the healthy answer."))
        if side is not None and suggestions:
            _suggested_note(side, len(suggestions))
        questions(rubric, keys, Kind.SCREEN, errors, suggestions)
        st.markdown("#### " + _("3 · Anything to remember"))
        note_col, date_col = st.columns([3, 1])
        with note_col:
            st.text_area(
                _("Private note"),
                key=keys("note"),
                placeholder=_("What did they say or do that stuck with you?"),
                height=90,
            )
            field_error(errors, "note")
        if not as_client:
            with date_col:
                st.date_input(
                    _("Screened on"), key=keys("date"), value="today", max_value=today, format="YYYY-MM-DD"
                )
        st.form_submit_button(
            _("Add the client") if as_client else _("Get the verdict"),
            type="primary",
            icon=":material/person_add:" if as_client else ":material/gavel:",
            on_click=_submit,
            args=(repo, rubric, scope, account.id if account else None),
        )
    _same_name(repo, rubric, scope, keys)
    if not as_client:
        discard_row(
            _("Your answers stay in this browser until you get the verdict or discard them."),
            f"screen.{scope}#discard",
            _discard,
            (scope,),
        )
