"""The screening questionnaire: a gut call, then ten one-click questions.

Saving happens in the submit callback, before the page reruns: one short
transaction, no `st.*` drawing inside, and an idempotency key that lives until
the person starts the next screen, so a double click stores one row.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import streamlit as st
from pydantic import ValidationError

from scoring import NAME_MAX, AccountDraft, Answer, Assessment, Kind, Rubric, Verdict
from storage import AccountRecord, NotFound, Repository
from ui.text import md_escape

NEW = "new"
GUT_LABELS = {
    Verdict.HELL_YES: ":material/thumb_up: Hell yes",
    Verdict.HELL_NO: ":material/thumb_down: Hell no",
}


def _k(scope: str, field: str) -> str:
    return f"screen.{scope}.{field}"


def _scope(account: AccountRecord | None) -> str:
    return NEW if account is None else str(account.id)


def idempotency_key(scope: str) -> str:
    key = _k(scope, "idempotency")
    if key not in st.session_state:
        st.session_state[key] = uuid.uuid4().hex
    return str(st.session_state[key])


def reset(scope: str) -> None:
    """Forget the answers and the idempotency key so the next submit is a new screen."""
    for key in [k for k in st.session_state if str(k).startswith(f"screen.{scope}.")]:
        del st.session_state[key]


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


def _submit(repo: Repository, rubric: Rubric, account_id: int | None) -> None:
    scope = NEW if account_id is None else str(account_id)
    state = st.session_state
    errors: dict[str, str] = {}
    draft = None
    if account_id is None:
        try:
            draft = AccountDraft(
                name=state.get(_k(scope, "name"), "") or "",
                company=state.get(_k(scope, "company"), "") or "",
                deal_value=state.get(_k(scope, "deal")),
            )
        except ValidationError as exc:
            errors["name"] = _name_error(exc)
    gut = state.get(_k(scope, "gut"))
    if gut is None:
        errors["gut"] = "Record your first impression: hell yes or hell no."
    answers: dict[str, Answer] = {}
    for dim in rubric.dimensions:
        answer = state.get(_k(scope, f"q.{dim.key}"))
        if answer is None:
            errors[dim.key] = "Pick an answer. Not sure? “Unsure” is an answer too."
        else:
            answers[dim.key] = answer
    state[_k(scope, "errors")] = errors
    if errors:
        return
    assessment = Assessment(
        kind=Kind.SCREEN,
        taken_on=state.get(_k(scope, "date")) or dt.date.today(),
        gut=gut,
        answers=answers,
        note=(state.get(_k(scope, "note")) or "").strip(),
        rubric_key=rubric.key,
        rubric_version=rubric.version,
    )
    key = idempotency_key(scope)
    try:
        if draft is not None:
            stored = repo.screen_prospect(draft, assessment, key)
        else:
            assert account_id is not None
            stored = repo.add_assessment(account_id, assessment, key)
    except NotFound:
        state[_k(scope, "errors")] = {"form": "This prospect no longer exists."}
        return
    # Remember the key as spent: a second click of a double click still finds it
    # (and the stored row), but the next time the form is drawn it starts afresh.
    state[_k(scope, "spent")] = key
    st.query_params.clear()
    st.query_params["done"] = str(stored.id)


def _field_error(errors: dict[str, str], field: str) -> None:
    if field in errors:
        st.error(errors[field], icon=":material/error:")


def screen_form(repo: Repository, rubric: Rubric, account: AccountRecord | None) -> None:
    scope = _scope(account)
    spent = st.session_state.get(_k(scope, "spent"))
    if spent is not None and spent == st.session_state.get(_k(scope, "idempotency")):
        reset(scope)
    errors: dict[str, Any] = st.session_state.get(_k(scope, "errors"), {})
    idempotency_key(scope)
    if errors:
        missing = len(errors)
        st.warning(
            f"{missing} thing{'s' if missing != 1 else ''} still need{'' if missing != 1 else 's'} "
            "your attention before the verdict. Nothing was saved yet.",
            icon=":material/warning:",
        )
        _field_error(errors, "form")
    with st.form(f"screen-form-{scope}", border=False, enter_to_submit=False):
        if account is None:
            st.markdown("#### The prospect")
            name_col, company_col, value_col = st.columns([3, 3, 2])
            with name_col:
                st.text_input(
                    "Name (required)",
                    key=_k(scope, "name"),
                    max_chars=NAME_MAX,
                    placeholder="Who is it? A person or a lead name",
                )
                _field_error(errors, "name")
            with company_col:
                st.text_input("Company", key=_k(scope, "company"), max_chars=NAME_MAX)
            with value_col:
                st.number_input(
                    "Deal value (€)",
                    key=_k(scope, "deal"),
                    value=None,
                    min_value=0.0,
                    max_value=1e12,
                    step=500.0,
                    format="%.0f",
                    placeholder="optional",
                )
        st.markdown("#### 1 · Your gut, first")
        st.caption("Before you think it through: after the first contacts, what does your gut say?")
        st.segmented_control(
            "Gut call",
            options=list(Verdict),
            format_func=GUT_LABELS.__getitem__,
            key=_k(scope, "gut"),
            label_visibility="collapsed",
        )
        _field_error(errors, "gut")
        st.markdown("#### 2 · Ten thin slices")
        st.caption("One click each. “Hell yes” is always the healthy answer.")
        for number, dim in enumerate(rubric.dimensions, start=1):
            knockout = " :red-badge[knockout]" if dim.knockout else ""
            # The visible question carries the formatting; the widget's own label stays
            # plain text, because screen readers announce it as written.
            st.markdown(
                f"**{number}. {md_escape(dim.label)}**{knockout} — {md_escape(dim.prospect)}",
                help=dim.hint or None,
            )
            st.segmented_control(
                f"{number}. {dim.label}{' (knockout)' if dim.knockout else ''}: {dim.prospect}",
                options=list(Answer),
                format_func=lambda a: a.label,
                key=_k(scope, f"q.{dim.key}"),
                label_visibility="collapsed",
            )
            _field_error(errors, dim.key)
        st.markdown("#### 3 · Anything to remember")
        note_col, date_col = st.columns([3, 1])
        with note_col:
            st.text_area(
                "Private note",
                key=_k(scope, "note"),
                max_chars=10_000,
                placeholder="What did they say or do that stuck with you?",
                height=90,
            )
        with date_col:
            st.date_input(
                "Screened on",
                key=_k(scope, "date"),
                value=dt.date.today(),
                max_value=dt.date.today(),
                format="YYYY-MM-DD",
            )
        st.form_submit_button(
            "Get the verdict",
            type="primary",
            icon=":material/gavel:",
            on_click=_submit,
            args=(repo, rubric, account.id if account else None),
        )
