"""The screening questionnaire: a gut call, then ten one-click questions.

Saving happens in the submit callback, before the page reruns: one short
transaction, no `st.*` drawing inside, and an idempotency key that lives until
the person starts the next screen, so a double click stores one row.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st
from pydantic import ValidationError

from scoring import AccountDraft, Assessment, Kind, Rubric, Verdict
from scoring.limits import DEAL_VALUE_MAX, NAME_MAX, NOTE_MAX
from services.store import AccountRecord, NotFound, Refused, Repository, StorageUnavailable
from ui.forms import NOT_SAVED, FormKeys, error_summary, field_error, questions

NEW = "new"
GUT_LABELS = {
    Verdict.HELL_YES: ":material/thumb_up: Hell yes",
    Verdict.HELL_NO: ":material/thumb_down: Hell no",
}


def form_keys(scope: str) -> FormKeys:
    return FormKeys("screen", scope)


def reset(scope: str) -> None:
    """Forget the answers and the idempotency key so the next submit is a new screen."""
    form_keys(scope).reset()


def _name_error(exc: ValidationError) -> str:
    for err in exc.errors():
        field = str(err["loc"][0]) if err["loc"] else "name"
        if field == "name":
            if err["type"] == "string_too_short":
                return "Give the prospect a name."
            if err["type"] == "string_too_long":
                return f"Keep the name to {NAME_MAX} characters."
        return f"{field}: {err['msg']}"
    return "Check the name."


CLIENT = "client"  # the scope of "add an existing client"


def _submit(repo: Repository, rubric: Rubric, scope: str, account_id: int | None) -> None:
    keys = form_keys(scope)
    errors: dict[str, str] = {}
    draft = None
    if account_id is None:
        try:
            draft = AccountDraft(
                name=str(keys.value("name") or ""),
                company=str(keys.value("company") or ""),
                deal_value=keys.value("deal"),
            )
        except ValidationError as exc:
            errors["name"] = _name_error(exc)
    gut = keys.value("gut")
    if gut is None:
        errors["gut"] = "Record your first impression: hell yes or hell no."
    answers, open_questions = keys.answers(rubric)
    errors.update(open_questions)
    chosen = keys.value("date")
    taken_on = chosen if isinstance(chosen, dt.date) else dt.date.today()
    picked = keys.value("signed")
    signed_on = picked if isinstance(picked, dt.date) else None
    if scope == CLIENT and signed_on is not None and signed_on < taken_on:
        errors["signed"] = "The signing date cannot be before the baseline."
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
    )
    key = keys.idempotency()
    try:
        if draft is not None and scope == CLIENT:
            stored = repo.add_client(draft, assessment, signed_on or taken_on, key)
        elif draft is not None:
            stored = repo.screen_prospect(draft, assessment, key)
        else:
            assert account_id is not None
            stored = repo.add_assessment(account_id, assessment, key)
    except NotFound:
        keys.set_errors({"form": "This prospect no longer exists."})
        return
    except Refused as exc:
        keys.set_errors({"form": str(exc)})
        return
    except StorageUnavailable:
        keys.set_errors({"form": NOT_SAVED})
        return
    keys.mark_spent(key)
    st.query_params.clear()
    if scope == CLIENT:
        st.query_params["account"] = str(stored.account_id)
    else:
        st.query_params["done"] = str(stored.id)


def screen_form(
    repo: Repository, rubric: Rubric, account: AccountRecord | None, *, as_client: bool = False
) -> None:
    """The screen of a prospect, a re-screen of one, or (as_client) the baseline of an existing client."""
    scope = CLIENT if as_client else (NEW if account is None else str(account.id))
    keys = form_keys(scope)
    errors = keys.begin()
    error_summary(errors)
    today = dt.date.today()
    with st.form(f"screen-form-{scope}", border=False, enter_to_submit=False):
        if account is None:
            st.markdown("#### The client" if as_client else "#### The prospect")
            name_col, company_col, value_col = st.columns([3, 3, 2])
            with name_col:
                st.text_input(
                    "Name (required)",
                    key=keys("name"),
                    max_chars=NAME_MAX,
                    placeholder="Who is it? A person or a lead name",
                )
                field_error(errors, "name")
            with company_col:
                st.text_input("Company", key=keys("company"), max_chars=NAME_MAX)
            with value_col:
                st.number_input(
                    "Deal value (€)",
                    key=keys("deal"),
                    value=None,
                    min_value=0.0,
                    max_value=DEAL_VALUE_MAX,
                    step=500.0,
                    format="%.0f",
                    placeholder="optional",
                )
        if as_client:
            st.caption(
                "Answer as things stood when you started working together: this is the baseline "
                "every check-in is compared with."
            )
            baseline_col, signed_col = st.columns(2)
            with baseline_col:
                st.date_input(
                    "Baseline as of", key=keys("date"), value=today, max_value=today, format="YYYY-MM-DD"
                )
            with signed_col:
                st.date_input(
                    "Signed on", key=keys("signed"), value=today, max_value=today, format="YYYY-MM-DD"
                )
                field_error(errors, "signed")
        st.markdown("#### 1 · Your gut, first")
        st.caption("Before you think it through: after the first contacts, what does your gut say?")
        st.segmented_control(
            "Gut call",
            options=list(Verdict),
            format_func=GUT_LABELS.__getitem__,
            key=keys("gut"),
            label_visibility="collapsed",
        )
        field_error(errors, "gut")
        st.markdown("#### 2 · Ten thin slices")
        st.caption("One click each. “Hell yes” is always the healthy answer.")
        questions(rubric, keys, Kind.SCREEN, errors)
        st.markdown("#### 3 · Anything to remember")
        note_col, date_col = st.columns([3, 1])
        with note_col:
            st.text_area(
                "Private note",
                key=keys("note"),
                max_chars=NOTE_MAX,
                placeholder="What did they say or do that stuck with you?",
                height=90,
            )
        if not as_client:
            with date_col:
                st.date_input(
                    "Screened on", key=keys("date"), value=today, max_value=today, format="YYYY-MM-DD"
                )
        st.form_submit_button(
            "Add the client" if as_client else "Get the verdict",
            type="primary",
            icon=":material/person_add:" if as_client else ":material/gavel:",
            on_click=_submit,
            args=(repo, rubric, scope, account.id if account else None),
        )
