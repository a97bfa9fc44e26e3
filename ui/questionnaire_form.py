"""The respondent's side of a questionnaire link: the questions, their draft, the send, the thanks.

Whoever opens the link is not a user of the app: they see the sender's name and opening, the
questions in their language, and nothing of the account. A link that takes no answers, for
whatever reason, reads the same neutral sentence, so the page tells nothing about a token.

Sending happens in the submit button's callback, before the page runs again: one short
transaction and no drawing inside. The link is closed in the same transaction that stores the
answers, so a second click of a double click cannot store a second set; this session remembers
that it sent the link and shows the thanks again instead of the closed link's neutral words.
A reload (a new session) finds the link used and reads the neutral sentence.

What a send leads to is written into an `Outcome` the session already holds, never into
`st.session_state` itself: every session-state access is a point where Streamlit stops a run for
the next click, and a double click's second click would stop the callback between storing the
answers and remembering that it did, leaving the session with a closed link and no thanks.

Half-filled answers are kept in the browser (`ui.browser_draft`) under a name per link, and
forgotten once they are sent.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from i18n import _, format_integer, ngettext
from scoring.limits import QUESTIONNAIRE_TEXT_MAX
from scoring.questionnaires import (
    NEUTRAL_MESSAGE,
    SCALE_MAX,
    Question,
    QuestionType,
    check_their_answers,
    thanks_text,
)
from services.questionnaires import LinkClosed, Opened, Rejected, sent_before, submit
from services.store import Repository, StorageError
from ui.browser_draft import (
    DraftField,
    forget_draft,
    keep_draft,
    kept_option,
    kept_text,
    keyed,
    new_token,
    scroll_into_view,
)
from ui.text import md_escape

#: The 0 to 10 of a scale question, as its options.
SCALE = tuple(range(SCALE_MAX + 1))
#: A kept draft's text may be longer than an answer can be (the check refuses it with a sentence
#: on sending); longer than this it is not put back.
_DRAFT_TEXT_MAX = 2 * QUESTIONNAIRE_TEXT_MAX
_FORM = "ts-questionnaire"

# On a phone, a choice's long labels read best one under the other, each the width of the
# page, and the eleven numbers of a scale fit one row.
_CSS = """
<style>
@media (max-width: 640px) {
  .st-key-ts-questionnaire [class*="-choice-"],
  .st-key-ts-questionnaire [class*="-choice-"] [data-testid="stButtonGroup"] {width: 100% !important;}
  .st-key-ts-questionnaire [class*="-choice-"] [role="radiogroup"] {
    flex-direction: column; align-items: stretch; width: 100%; max-width: 100%;}
  .st-key-ts-questionnaire [class*="-choice-"] [role="radio"] {
    width: 100%; max-width: 100%; border-radius: .5rem; margin: 0;}
  .st-key-ts-questionnaire [class*="-choice-"] [role="radio"] p {
    white-space: normal; overflow: visible; text-overflow: clip;}
  .st-key-ts-questionnaire [class*="-scale-"] [role="radio"] {
    flex: 1 1 0; min-width: 0; padding-left: 0; padding-right: 0;}
}
</style>
"""


@dataclass(frozen=True, slots=True)
class Keys:
    """Where one link's form keeps its state in the session, and its draft in the browser.

    Named by a digest of the token, never the token itself: the name shows in the page's HTML
    (a widget's class) and in the browser's storage."""

    scope: str

    @classmethod
    def of(cls, token: str) -> Keys:
        return cls(hashlib.sha256(token.encode()).hexdigest()[:16])

    @property
    def store(self) -> str:
        """The draft's name in the browser."""
        return f"questionnaire.{self.scope}"

    @property
    def outcome(self) -> str:
        return f"questionnaire.{self.scope}#outcome"

    def question(self, question: Question) -> str:
        """A question's widget key; its kind is part of it, for the page's CSS."""
        return f"questionnaire.{self.scope}.{question.kind.value}-{question.key}"


@dataclass(slots=True)
class Outcome:
    """What the sends of one link in this session led to (changed in place, see the docstring)."""

    #: Sent: the questionnaire, for the thanks.
    sent: Opened | None = None
    #: The answers of a send the check refused; the page words the problems when it draws them.
    rejected: dict[str, Any] | None = None
    #: The answers of the latest send, kept before storing them: if that run is cut short after
    #: the commit, the page still knows this session sent them (`recovered`).
    attempt: dict[str, Any] | None = None
    #: The database did not take the answers.
    failed: bool = False
    #: One-off tokens: forget the kept draft; bring the problems into view.
    forget: str | None = None
    asked: str = field(default_factory=new_token)


def outcome(token: str) -> Outcome:
    """This link's outcome in this session, made on first use."""
    key = Keys.of(token).outcome
    found = st.session_state.get(key)
    if not isinstance(found, Outcome):
        found = Outcome()
        st.session_state[key] = found
    return found


def neutral() -> None:
    """What a link that takes no answers shows, whatever the reason: nothing else."""
    st.info(str(NEUTRAL_MESSAGE), icon=":material/link_off:")


def unavailable() -> None:
    st.warning(
        _("This questionnaire cannot be opened right now. Please try again in a moment."),
        icon=":material/cloud_off:",
    )


def sent_here(token: str) -> Opened | None:
    """The questionnaire this session sent through `token`, if it did."""
    found = st.session_state.get(Keys.of(token).outcome)
    return found.sent if isinstance(found, Outcome) else None


def recovered(repo: Repository, token: str) -> Opened | None:
    """A closed link this session sent its answers through, though its send was cut short before
    it could say so: the stored answers are exactly the ones it sent. Thanks, not the neutral text."""
    found = st.session_state.get(Keys.of(token).outcome)
    if not isinstance(found, Outcome) or found.attempt is None:
        return None
    opened = sent_before(repo, token, found.attempt)
    if opened is not None:
        found.sent = opened
    return opened


def page_title(opened: Opened) -> str:
    """The browser tab: the questionnaire and who sends it (it is their page, not the app's)."""
    return f"{opened.questionnaire.title.text()} · {opened.sender}"


def heading(opened: Opened) -> None:
    st.title(md_escape(opened.sender), anchor=False)


def thanks(opened: Opened, token: str) -> None:
    """After sending: the thanks, in the language read now, and nothing else."""
    done = outcome(token)
    if done.forget is not None:
        forget_draft(Keys.of(token).store, done.forget)
        done.forget = None
    heading(opened)
    st.success(md_escape(thanks_text(opened.questionnaire, opened.sender)), icon=":material/check_circle:")


def send(repo: Repository, token: str, opened: Opened) -> None:
    """The submit button's callback: check and store, or say why not. No drawing in here, and
    after `submit` no session-state access (the module's docstring says why)."""
    keys = Keys.of(token)
    done = outcome(token)
    if done.sent is not None:
        return  # the second click of a double click: the first one sent them
    raw: dict[str, Any] = {
        q.key: st.session_state.get(keys.question(q)) for q in opened.questionnaire.questions
    }
    done.rejected, done.failed, done.attempt = None, False, raw
    try:
        result = submit(repo, token, raw)
    except LinkClosed:
        return  # the page opens the link again, finds it closed and says so neutrally
    except StorageError:
        done.failed, done.asked = True, new_token()
        return
    if isinstance(result, Rejected):
        done.rejected, done.asked = raw, new_token()
        return
    done.sent, done.forget = opened, new_token()


# --- the draft kept in the browser ----------------------------------------------------------


def _draft_fields(opened: Opened, keys: Keys) -> list[DraftField]:
    return [
        DraftField(q.key, keys.question(q), "text" if q.kind is QuestionType.TEXT else "choice")
        for q in opened.questionnaire.questions
    ]


def _options(question: Question) -> tuple[Any, ...]:
    if question.kind is QuestionType.CHOICE:
        return tuple(c.key for c in question.choices)
    return SCALE


def _restore(opened: Opened, keys: Keys, kept: Mapping[str, object]) -> None:
    """Put a kept draft into the widgets, each value checked as if given; the rest stays open."""
    for question in opened.questionnaire.questions:
        raw = kept.get(question.key)
        if question.kind is QuestionType.TEXT:
            value: object = kept_text(raw, _DRAFT_TEXT_MAX)
        else:
            value = kept_option(_options(question), raw)
        if value is not None:
            st.session_state[keys.question(question)] = value


def _keep_draft(opened: Opened, keys: Keys) -> None:
    held = [st.session_state.get(keys.question(q)) for q in opened.questionnaire.questions]
    kept = keep_draft(
        keys.store,
        _draft_fields(opened, keys),
        ask=all(value is None or value == "" for value in held),
    )
    if kept:
        _restore(opened, keys, kept)


# --- the form --------------------------------------------------------------------------------


def _problems(opened: Opened, done: Outcome) -> dict[str, str]:
    if done.rejected is None:
        return {}
    _answers, problems = check_their_answers(opened.questionnaire, done.rejected)
    return {key: str(text) for key, text in problems.items()}


def _above_the_form(done: Outcome, problems: Mapping[str, str]) -> None:
    failed = done.failed
    if not problems and not failed:
        return
    with st.container(key="ts-questionnaire-problems"):
        if failed:
            st.warning(
                _(
                    "Your answers could not be sent: the connection failed. They are still here; "
                    "please try again in a moment."
                ),
                icon=":material/cloud_off:",
            )
        if problems:
            count = len(problems)
            st.warning(
                ngettext(
                    "{n} question still needs an answer from you. Nothing was sent yet.",
                    "{n} questions still need an answer from you. Nothing was sent yet.",
                    count,
                ).format(n=format_integer(count)),
                icon=":material/warning:",
            )
    # The message is above the form; the button just clicked is at its end, out of sight on a phone.
    scroll_into_view(keyed("ts-questionnaire-problems"), once=done.asked)


def _question(number: int, question: Question, keys: Keys, problem: str | None) -> None:
    text = question.text.text()
    optional = "" if question.required else " :gray-badge[" + _("optional") + "]"
    # The visible question carries the formatting; the widget's own label is what a screen
    # reader announces.
    st.markdown(f"**{number}. {md_escape(text)}**{optional}")
    key = keys.question(question)
    if question.kind is QuestionType.CHOICE:
        labels = {c.key: c.label.text() for c in question.choices}
        st.segmented_control(
            text,
            options=list(labels),
            format_func=labels.__getitem__,
            key=key,
            label_visibility="collapsed",
        )
    elif question.kind is QuestionType.SCALE:
        st.segmented_control(
            text,
            options=list(SCALE),
            format_func=format_integer,
            key=key,
            label_visibility="collapsed",
            width="stretch",
            wrap=False,
        )
    else:
        # No max_chars: the browser would cut a longer paste without a word. The check refuses
        # an answer over the limit and says by how much.
        st.text_area(text, key=key, height=110, label_visibility="collapsed")
        st.caption(_("Up to {most} characters.").format(most=format_integer(QUESTIONNAIRE_TEXT_MAX)))
    if problem is not None:
        st.error(problem, icon=":material/error:")


def _paragraphs(text: str) -> list[str]:
    """The text's paragraphs (split at blank lines), each with its own line breaks."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return [p.strip("\n") for p in "\n".join(lines).split("\n\n") if p.strip()]


def questionnaire_form(repo: Repository, token: str, opened: Opened) -> None:
    """The questionnaire a link opens: heading, opening, the questions, the send button."""
    keys = Keys.of(token)
    st.html(_CSS)
    heading(opened)
    st.subheader(md_escape(opened.questionnaire.title.text()), anchor=False)
    # The sender's own words, exactly as typed: st.text parses nothing and keeps the line breaks.
    for paragraph in _paragraphs(opened.opening):
        st.text(paragraph)
    _keep_draft(opened, keys)
    done = outcome(token)
    problems = _problems(opened, done)
    _above_the_form(done, problems)
    with (
        st.container(key=_FORM),
        st.form(f"questionnaire-{keys.scope}", border=False, enter_to_submit=False),
    ):
        for number, question in enumerate(opened.questionnaire.questions, start=1):
            _question(number, question, keys, problems.get(question.key))
        st.form_submit_button(
            _("Send my answers"),
            type="primary",
            icon=":material/send:",
            on_click=send,
            args=(repo, token, opened),
        )
    st.caption(_("Your answers stay in this browser until you send them."))
