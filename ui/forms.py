"""Pieces every questionnaire shares: widget keys, idempotency, field errors, the ten questions.

A form's state lives under one prefix in session state (`screen.new.`,
`checkin.12.`), so resetting a form is forgetting that prefix. The idempotency
key lives there too: it is created when the form is first drawn, kept through
a double click, and replaced only when the form is drawn again after a save.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from i18n import Text, _, format_integer, lazy_gettext, ngettext
from scoring import Answer, Kind, Rubric
from scoring.signals import Suggestion
from ui.text import md_escape

#: A form's errors by field, kept in session state between the submit and the next drawing. An
#: error may be `Lazy`: it then reads in the language of the drawing, not of the submit.
Errors = dict[str, Text]

NOT_ANSWERED = lazy_gettext("Pick an answer. Not sure? “Unsure” is an answer too.")
# The database was unreachable or busy past its timeout. The form keeps its idempotency key,
# so trying again cannot store the same answers twice.
NOT_SAVED = lazy_gettext(
    "Nothing was saved: the database did not answer in time. Your answers are still here; "
    "try again in a moment."
)


@dataclass(frozen=True)
class FormKeys:
    form: str
    scope: str

    @property
    def _generation_key(self) -> str:
        return f"{self.form}.{self.scope}#generation"

    @property
    def prefix(self) -> str:
        """Widget keys carry a generation: a form drawn again after a save gets new widgets.

        Deleting a widget's state does not clear what the browser still shows, so a
        reset moves to fresh keys instead of reusing the old ones.
        """
        generation = st.session_state.get(self._generation_key, 0)
        suffix = f".g{generation}" if generation else ""
        return f"{self.form}.{self.scope}{suffix}."

    def __call__(self, field: str) -> str:
        return self.prefix + field

    def question(self, dimension: str) -> str:
        return self(f"q.{dimension}")

    def idempotency(self) -> str:
        key = self("idempotency")
        if key not in st.session_state:
            st.session_state[key] = uuid.uuid4().hex
        return str(st.session_state[key])

    def reset(self) -> None:
        for key in [k for k in st.session_state if str(k).startswith(self.prefix)]:
            del st.session_state[key]
        st.session_state[self._generation_key] = st.session_state.get(self._generation_key, 0) + 1

    def mark_spent(self, key: str) -> None:
        """A second click of a double click still finds the stored row; the next drawing starts afresh."""
        st.session_state[self("spent")] = key

    def is_spent(self, key: str) -> bool:
        """This attempt is already stored: a second click of a double click, before the form reset."""
        return st.session_state.get(self("spent")) == key

    def begin(self) -> Errors:
        """Call before drawing: resets a form whose key was spent, returns the current field errors."""
        spent = st.session_state.get(self("spent"))
        if spent is not None and spent == st.session_state.get(self("idempotency")):
            self.reset()
        self.idempotency()
        errors: Errors = st.session_state.get(self("errors"), {})
        return errors

    def set_errors(self, errors: Mapping[str, Text]) -> None:
        st.session_state[self("errors")] = dict(errors)

    def value(self, field: str) -> object:
        return st.session_state.get(self(field))

    def answers(self, rubric: Rubric) -> tuple[dict[str, Answer], Errors]:
        """The answers given so far, and an error for each question left open."""
        answers: dict[str, Answer] = {}
        errors: Errors = {}
        for dim in rubric.dimensions:
            answer = st.session_state.get(self.question(dim.key))
            if answer is None:
                errors[dim.key] = NOT_ANSWERED
            else:
                answers[dim.key] = answer
        return answers, errors


def field_error(errors: Mapping[str, Text], field: str) -> None:
    if field in errors:
        st.error(str(errors[field]), icon=":material/error:")


def error_summary(errors: Mapping[str, Text]) -> None:
    if not errors:
        return
    count = len(errors)
    st.warning(
        ngettext(
            "{n} thing still needs your attention. Nothing was saved yet.",
            "{n} things still need your attention. Nothing was saved yet.",
            count,
        ).format(n=format_integer(count)),
        icon=":material/warning:",
    )
    field_error(errors, "form")


def questions(
    rubric: Rubric,
    keys: FormKeys,
    kind: Kind,
    errors: Mapping[str, Text],
    suggestions: Mapping[str, Suggestion] | None = None,
) -> None:
    """The ten questions, one click each, in the phrasing for a screen or a check-in."""
    suggestions = suggestions or {}
    for number, dim in enumerate(rubric.dimensions, start=1):
        label, question = str(dim.label), str(dim.question(kind))
        hint = str(dim.hint) if dim.hint else None
        knockout = " :red-badge[" + _("knockout") + "]" if dim.knockout else ""
        # The visible question carries the formatting; the widget's own label stays
        # plain text, because screen readers announce it as written.
        st.markdown(f"**{number}. {md_escape(label)}**{knockout} — {md_escape(question)}", help=hint)
        if dim.knockout:
            # Translators: a question's label as a screen reader announces it; "3. Respect (knockout): ...".
            spoken = _("{number}. {label} (knockout): {question}")
        else:
            spoken = _("{number}. {label}: {question}")
        st.segmented_control(
            spoken.format(number=number, label=label, question=question),
            options=list(Answer),
            format_func=lambda a: str(a.label),
            key=keys.question(dim.key),
            label_visibility="collapsed",
        )
        if dim.key in suggestions:
            suggestion = suggestions[dim.key]
            st.caption(
                ":material/lightbulb: "
                + _("Suggested: **{answer}**, because {because}.").format(
                    answer=suggestion.answer.label, because=md_escape(str(suggestion.because))
                )
            )
        field_error(errors, dim.key)
