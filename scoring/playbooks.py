"""Why and how to let a client go: one playbook per reason, kept as data in every language."""

from __future__ import annotations

import re
import tomllib
from functools import cache, lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints, ValidationError, ValidationInfo, field_validator

from i18n import current_language, lazy_gettext
from scoring.models import LOCALIZED_FILE, Frozen, Key, Localized, Reason, Rubric, check_lengths

PLAYBOOKS_PATH = Path(__file__).with_name("playbooks.toml")
# Dimensions where money is at stake: collect what is owed before anything else.
MONEY_DIMENSIONS = frozenset({"payment", "business_health"})
_PLACEHOLDER = re.compile(r"\{(first_name|me)\}")
#: `Lazy`: a constant read in whichever language the reader reads.
COLLECT_FIRST = lazy_gettext(
    "Collect outstanding invoices first: send a statement of every open invoice and "
    "do no new work until it is paid."
)
# The first line of an exit message, by the language it is written in (`ExitMessage` fields).
_GREETINGS = {"en": "Hi {first_name},", "je": "Beste {first_name},", "u": "Beste {first_name},"}

Written = Annotated[str, StringConstraints(min_length=1)]


class ExitMessage(Frozen):
    """One exit message in English and in Dutch twice: informal (`je`) and formal (`u`).

    Not one Dutch text with two pronouns: a formal letter reads differently throughout. Each
    opens with its greeting on the first line, the only place the client's first name goes, so
    a message to someone whose first name is not known can greet without one.
    """

    en: Written
    je: Written
    u: Written

    @field_validator("en", "je", "u")
    @classmethod
    def _greets_first(cls, text: str, info: ValidationInfo) -> str:
        name = info.field_name or ""
        first, _sep, rest = text.partition("\n")
        if first != _GREETINGS[name] or "{first_name}" in rest:
            raise ValueError(
                f"the message opens with {_GREETINGS[name]!r} and names {{first_name}} nowhere else"
            )
        return text

    def text(self, language: str, formal: bool) -> str:
        if language == "nl":
            return self.u if formal else self.je
        return self.en


class Playbook(Frozen):
    """`title`, `why` and `steps` read in the current language."""

    model_config = LOCALIZED_FILE

    key: Key
    title_text: Localized = Field(alias="title")
    why_text: Localized = Field(alias="why")
    steps_text: Annotated[tuple[Localized, ...], Field(min_length=1, alias="steps")]
    message: ExitMessage

    @field_validator("title_text", "why_text")
    @classmethod
    def _worded(cls, value: Localized) -> Localized:
        return check_lengths(value, 1)

    @property
    def title(self) -> str:
        return self.title_text.text()

    @property
    def why(self) -> str:
        return self.why_text.text()

    @property
    def steps(self) -> tuple[str, ...]:
        return tuple(step.text() for step in self.steps_text)


class Playbooks(Frozen):
    greeting_without_name: Localized
    your_name: Localized
    own_reason_message: ExitMessage
    playbooks: tuple[Playbook, ...]


class PlaybookError(ValueError):
    pass


@cache
def _book() -> Playbooks:
    try:
        data = tomllib.loads(PLAYBOOKS_PATH.read_text(encoding="utf-8"))
        return Playbooks.model_validate(data)
    except (OSError, tomllib.TOMLDecodeError, ValidationError) as exc:
        raise PlaybookError(f"{PLAYBOOKS_PATH}: {exc}") from None


@cache
def playbooks() -> dict[str, Playbook]:
    return {book.key: book for book in _book().playbooks}


def playbooks_for(rubric: Rubric | None) -> dict[str, Playbook]:
    """Every reason's playbook: the built-in ones, then the rubric's own (`Rubric.reasons`), whose
    exit message is one that names no reason. Shared: callers must not change it."""
    if rubric is None or not rubric.reasons:
        return playbooks()
    return _with_own(rubric.reasons)


@lru_cache(maxsize=32)
def _with_own(reasons: tuple[Reason, ...]) -> dict[str, Playbook]:
    message = _book().own_reason_message
    own = {
        r.key: Playbook.model_construct(
            key=r.key, title_text=r.title_text, why_text=r.why_text, steps_text=r.steps_text, message=message
        )
        for r in reasons
    }
    return {**playbooks(), **own}


def known_reasons(rubric: Rubric) -> frozenset[str]:
    """The reason keys a dimension of `rubric` may name."""
    return frozenset(playbooks()) | {r.key for r in rubric.reasons}


def playbook(reason: str, rubric: Rubric | None = None) -> Playbook:
    try:
        return playbooks_for(rubric)[reason]
    except KeyError:
        raise PlaybookError(f"no playbook for reason {reason!r}") from None


def steps_for(
    reason: str, responsible: tuple[str, ...] = (), rubric: Rubric | None = None
) -> tuple[str, ...]:
    """The playbook's steps, led by collecting what is owed when money is involved."""
    book = playbook(reason, rubric)
    if reason in ("payment", "going_south") or MONEY_DIMENSIONS.intersection(responsible):
        return (str(COLLECT_FIRST), *book.steps)
    return book.steps


def draft_message(
    reason: str,
    first_name: str,
    me: str = "",
    *,
    formal: bool = False,
    language: str | None = None,
    rubric: Rubric | None = None,
) -> str:
    """A short, tactful exit message to copy and edit, greeting the client by `first_name`
    (`scoring.names.first_name`; blank greets without a name).

    `language` None is the current language; `formal` picks the Dutch *u* over *je* (English
    has one register)."""
    code = language or current_language()
    book = _book()
    text = playbook(reason, rubric).message.text(code, formal)
    name = first_name.strip()
    if not name:
        text = book.greeting_without_name.text(code) + text[text.index("\n") :]
    names = {"first_name": name, "me": me.strip() or book.your_name.text(code)}
    # One pass, so a name that itself contains "{me}" or "{first_name}" is kept literally.
    return _PLACEHOLDER.sub(lambda m: names[m.group(1)], text)
