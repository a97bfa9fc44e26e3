"""The other side's answers: a fit questionnaire a prospect fills in, a review a client fills in.

The questions are data (`questionnaires.toml`). Their answers never decide anything: a choice
may *suggest* an answer for one rubric dimension, which the person keeps or changes on the next
screen (as a check-in's signals do), and a choice may name a *concern*. Beside the person's own
answers, a dimension where the two views lie two steps or more apart, or where a concern meets
a "yes" of theirs, is a mismatch: something to talk about, never a verdict.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, ValidationError, model_validator

from i18n import Lazy, _, format_integer, lazy_gettext, ngettext
from scoring.limits import (
    QUESTIONNAIRE_OPENING_MAX,
    QUESTIONNAIRE_TEXT_MAX,
)
from scoring.models import LOCALIZED_FILE, Answer, Frozen, Key, Localized
from scoring.signals import Suggestion

QUESTIONNAIRES_PATH = Path(__file__).with_name("questionnaires.toml")
#: The highest value of a "scale" question (0 to 10).
SCALE_MAX = 10
#: How far apart (in steps of the answer scale) their view and yours are before it is marked.
MISMATCH_STEPS = 2

#: What anyone opening a link that does not open a questionnaire reads, whatever the reason
#: (unknown, used, expired, withdrawn): the page does not say which.
NEUTRAL_MESSAGE = lazy_gettext(
    "This link does not open a questionnaire. It may have been used already, have expired or "
    "been withdrawn; ask whoever sent it for a new one."
)


class QuestionnaireKind(StrEnum):
    """Which questionnaire: `fit` for a prospect, `review` for a client (stable keys)."""

    FIT = "fit"
    REVIEW = "review"

    @property
    def label(self) -> str:
        return str(_KIND_LABELS[self])


_KIND_LABELS = {
    QuestionnaireKind.FIT: lazy_gettext("fit questionnaire"),
    QuestionnaireKind.REVIEW: lazy_gettext("review"),
}


class QuestionType(StrEnum):
    CHOICE = "choice"
    SCALE = "scale"
    TEXT = "text"


class Choice(Frozen):
    model_config = LOCALIZED_FILE

    key: Key
    label: Localized
    #: The answer this choice suggests for its question's dimension (None: it suggests nothing).
    suggests: Answer | None = None
    #: Said when this choice is made and your own view is rosier: "They expect unlimited revisions".
    concern: Localized | None = None


class Question(Frozen):
    model_config = LOCALIZED_FILE

    key: Key
    kind: QuestionType
    text: Localized
    dimension: Key | None = None
    required: bool = True
    choices: tuple[Choice, ...] = ()

    @model_validator(mode="after")
    def _choices_fit_the_kind(self) -> Question:
        if self.kind is QuestionType.CHOICE:
            if len(self.choices) < 2:
                raise ValueError("a choice question needs at least two choices")
            keys = [c.key for c in self.choices]
            if len(set(keys)) != len(keys):
                raise ValueError("two choices share a key")
        elif self.choices:
            raise ValueError(f"a {self.kind.value} question has no choices")
        return self

    def choice(self, key: str) -> Choice | None:
        return next((c for c in self.choices if c.key == key), None)


class Questionnaire(Frozen):
    model_config = LOCALIZED_FILE

    kind: QuestionnaireKind
    version: Annotated[int, Field(ge=1)]
    title: Localized
    #: The opening the respondent reads first, until the sender writes their own; "{name}" is the sender.
    opening: Localized
    thanks: Localized
    questions: Annotated[tuple[Question, ...], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique_keys(self) -> Questionnaire:
        keys = [q.key for q in self.questions]
        if len(set(keys)) != len(keys):
            raise ValueError("two questions share a key")
        return self

    def question(self, key: str) -> Question | None:
        return next((q for q in self.questions if q.key == key), None)

    @property
    def dimensions(self) -> tuple[str, ...]:
        """The rubric dimensions its questions inform, in question order, each once."""
        return tuple(dict.fromkeys(q.dimension for q in self.questions if q.dimension))


class QuestionnaireError(ValueError):
    """The questionnaire file cannot be used; the message names the file and the field."""


def parse_questionnaires(
    text: str, source: str = "<questionnaires>"
) -> dict[QuestionnaireKind, Questionnaire]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise QuestionnaireError(f"{source}: not valid TOML: {exc}") from None
    found: dict[QuestionnaireKind, Questionnaire] = {}
    for kind in QuestionnaireKind:
        section = data.get(kind.value)
        if not isinstance(section, dict):
            raise QuestionnaireError(f"{source}: no [{kind.value}] section")
        try:
            found[kind] = Questionnaire.model_validate({"kind": kind.value, **section})
        except ValidationError as exc:
            problems = [
                f"{kind.value}.{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
            ]
            raise QuestionnaireError(f"{source}: " + "; ".join(problems)) from None
    return found


@cache
def questionnaires() -> dict[QuestionnaireKind, Questionnaire]:
    return parse_questionnaires(QUESTIONNAIRES_PATH.read_text(encoding="utf-8"), str(QUESTIONNAIRES_PATH))


def questionnaire(kind: QuestionnaireKind | str) -> Questionnaire:
    return questionnaires()[QuestionnaireKind(kind)]


def check_rubric(found: Mapping[QuestionnaireKind, Questionnaire], dimension_keys: tuple[str, ...]) -> None:
    """Every dimension a question informs is one of the rubric's."""
    for q in found.values():
        for question in q.questions:
            if question.dimension is not None and question.dimension not in dimension_keys:
                raise QuestionnaireError(
                    f"{q.kind.value}.{question.key}: the rubric has no dimension {question.dimension!r}"
                )


# --- their answers --------------------------------------------------------------------------

#: Their answers by question key: a choice's key, a number from 0 to 10, or their own words.
TheirAnswers = dict[str, str | int]


def opening_text(q: Questionnaire, own: str, sender: str) -> str:
    """What the respondent reads first: the sender's own text, else the file's, with their name."""
    if own.strip():
        return own
    return q.opening.text().replace("{name}", sender)


def thanks_text(q: Questionnaire, sender: str) -> str:
    return q.thanks.text().replace("{name}", sender)


def check_their_answers(
    q: Questionnaire, raw: Mapping[str, Any]
) -> tuple[TheirAnswers, dict[str, Lazy | str]]:
    """Their answers as stored, and a sentence per question that cannot be taken as it is.

    Anything not a question of `q` is dropped; a text is stripped and must fit the limit (it is
    refused, not cut: the respondent sees what would be lost); an open optional question is left out.
    """
    answers: TheirAnswers = {}
    problems: dict[str, Lazy | str] = {}
    for question in q.questions:
        value = raw.get(question.key)
        if question.kind is QuestionType.CHOICE:
            if isinstance(value, str) and question.choice(value) is not None:
                answers[question.key] = value
            elif value not in (None, "") or question.required:
                problems[question.key] = lazy_gettext("Pick one of the choices.")
        elif question.kind is QuestionType.SCALE:
            if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= SCALE_MAX:
                answers[question.key] = value
            elif value not in (None, "") or question.required:
                problems[question.key] = _("Pick a number from 0 to {most}.").format(most=SCALE_MAX)
        else:
            text = value.strip() if isinstance(value, str) else ""
            if len(text) > QUESTIONNAIRE_TEXT_MAX:
                problems[question.key] = _(
                    "Keep this answer to {most} characters; it has {count} now."
                ).format(most=format_integer(QUESTIONNAIRE_TEXT_MAX), count=format_integer(len(text)))
            elif text:
                answers[question.key] = text
            elif question.required:
                problems[question.key] = lazy_gettext("Write a few words here.")
    return answers, problems


def too_many_open(waiting: int) -> str:
    """Why no new link is made while `waiting` links of the account still wait for answers."""
    return ngettext(
        "{n} questionnaire link is already waiting for answers: withdraw it before you make another.",
        "{n} questionnaire links are already waiting for answers: withdraw one before you make another.",
        waiting,
    ).format(n=format_integer(waiting))


def check_opening(text: str) -> str | None:
    """The problem with an opening the sender wrote, or None."""
    if len(text.strip()) > QUESTIONNAIRE_OPENING_MAX:
        return _("Keep the opening to {most} characters; it has {count} now.").format(
            most=format_integer(QUESTIONNAIRE_OPENING_MAX), count=format_integer(len(text.strip()))
        )
    return None


def answer_text(question: Question, value: str | int | None) -> str:
    """Their answer in words, in the current language ("60 days", "7 / 10", their own text)."""
    if value is None:
        return ""
    if question.kind is QuestionType.CHOICE:
        choice = question.choice(str(value))
        return choice.label.text() if choice is not None else str(value)
    if question.kind is QuestionType.SCALE:
        return _("{value} out of {most}").format(value=value, most=SCALE_MAX)
    return str(value)


def suggestions(q: Questionnaire, answers: Mapping[str, str | int]) -> dict[str, Suggestion]:
    """The answer their answers suggest per dimension; of two questions on one, the stricter."""
    found: dict[str, Suggestion] = {}
    for question in q.questions:
        if question.dimension is None or question.kind is not QuestionType.CHOICE:
            continue
        choice = question.choice(str(answers.get(question.key, "")))
        if choice is None or choice.suggests is None:
            continue
        current = found.get(question.dimension)
        if current is None or choice.suggests.points < current.answer.points:
            because = _("they answered “{choice}” to “{question}”").format(
                choice=choice.label.text(), question=question.text.text()
            )
            found[question.dimension] = Suggestion(
                dimension=question.dimension, answer=choice.suggests, because=because
            )
    return found


@dataclass(frozen=True, slots=True)
class Line:
    """One question beside your own view: what they said, and what you said on its dimension."""

    question: Question
    theirs: str
    suggests: Answer | None
    yours: Answer | None
    concern: str | None
    mismatch: bool


def compare(
    q: Questionnaire, answers: Mapping[str, str | int], own: Mapping[str, Answer] | None
) -> list[Line]:
    """Each question they answered, with your own answer on its dimension (`own`: your latest
    screen or check-in, None before there is one). Marked as a mismatch: the two lie
    `MISMATCH_STEPS` or more apart, or they named a concern while you answered yes or better."""
    lines = []
    for question in q.questions:
        value = answers.get(question.key)
        if value is None:
            continue
        choice = question.choice(str(value)) if question.kind is QuestionType.CHOICE else None
        suggests = choice.suggests if choice is not None else None
        yours = own.get(question.dimension) if own is not None and question.dimension else None
        concern = choice.concern.text() if choice is not None and choice.concern is not None else None
        mismatch = False
        if yours is not None and suggests is not None:
            mismatch = abs(yours.points - suggests.points) >= MISMATCH_STEPS
        if yours is not None and concern is not None and yours.points >= Answer.YES.points:
            mismatch = True
        lines.append(
            Line(
                question=question,
                theirs=answer_text(question, value),
                suggests=suggests,
                yours=yours,
                concern=concern,
                mismatch=mismatch,
            )
        )
    return lines


def their_rating(q: Questionnaire, answers: Mapping[str, str | int]) -> float | None:
    """Their view on one 0-100 scale, as your score is: the mean of their choices (hell yes = 100)
    and their 0-10 numbers (10 = 100). None when they answered none of them."""
    parts: list[float] = []
    for question in q.questions:
        value = answers.get(question.key)
        if value is None:
            continue
        if question.kind is QuestionType.CHOICE:
            choice = question.choice(str(value))
            if choice is not None and choice.suggests is not None:
                parts.append(choice.suggests.points / 4 * 100)
        elif question.kind is QuestionType.SCALE and isinstance(value, int):
            parts.append(value / SCALE_MAX * 100)
    return round(sum(parts) / len(parts), 1) if parts else None


# --- the link and what came back ------------------------------------------------------------


class QuestionnaireLink(Frozen):
    """A capability link to one questionnaire, for one account, answered at most once."""

    id: int
    account_id: int
    kind: QuestionnaireKind
    created_at: dt.datetime
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None = None
    used_at: dt.datetime | None = None
    #: The name or business the respondent sees, as it was when the link was made.
    sender: Annotated[str, Field(max_length=200)] = ""
    #: The sender's own opening ("" reads the questionnaire's).
    opening: str = ""

    def state(self, now: dt.datetime) -> str:
        """A stable key: "answered", "revoked", "expired" or "open" (`link_state_label` words it)."""
        if self.used_at is not None:
            return "answered"
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and now >= self.expires_at:
            return "expired"
        return "open"

    def is_open(self, now: dt.datetime) -> bool:
        return self.state(now) == "open"


_LINK_STATES = {
    "open": lazy_gettext("waiting for answers"),
    "answered": lazy_gettext("answered"),
    "expired": lazy_gettext("expired"),
    "revoked": lazy_gettext("withdrawn"),
}


def link_state_label(state: str) -> str:
    return str(_LINK_STATES[state])


class TheirSide(Frozen):
    """One questionnaire as they answered it: dated, with the language they read it in."""

    id: int
    account_id: int
    link_id: int | None
    kind: QuestionnaireKind
    version: int
    submitted_at: dt.datetime
    language: str = "en"
    answers: dict[str, str | int]

    @property
    def submitted_on(self) -> dt.date:
        return self.submitted_at.date()


def questionnaire_url(base: str, token: str) -> str:
    """The link to hand out: the app's address, the questionnaire page, the token."""
    return f"{base.rstrip('/')}/questionnaire?q={token}"


def fingerprint(kind: QuestionnaireKind, submitted_at: dt.datetime, answers: Mapping[str, str | int]) -> str:
    """What recognises one answer set wherever it is stored: the questionnaire, the second it was
    submitted (UTC) and the answers. An export imported again, anywhere, adds nothing."""
    moment = submitted_at.astimezone(dt.UTC).replace(microsecond=0, tzinfo=None).isoformat()
    body = json.dumps(dict(sorted(answers.items())), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{kind.value}|{moment}|{body}".encode()).hexdigest()
