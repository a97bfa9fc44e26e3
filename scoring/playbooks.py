"""Why and how to let a client go: one playbook per reason, kept as data."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints, ValidationError

from scoring.models import Frozen, Key

PLAYBOOKS_PATH = Path(__file__).with_name("playbooks.toml")
# Dimensions where money is at stake: collect what is owed before anything else.
MONEY_DIMENSIONS = frozenset({"payment", "business_health"})
_PLACEHOLDER = re.compile(r"\{(client|me)\}")
COLLECT_FIRST = (
    "Collect outstanding invoices first: send a statement of every open invoice and "
    "do no new work until it is paid."
)


class Playbook(Frozen):
    key: Key
    title: Annotated[str, StringConstraints(min_length=1)]
    why: Annotated[str, StringConstraints(min_length=1)]
    steps: Annotated[tuple[str, ...], Field(min_length=1)]
    message: Annotated[str, StringConstraints(min_length=1)]


class Playbooks(Frozen):
    playbooks: tuple[Playbook, ...]


class PlaybookError(ValueError):
    pass


@cache
def playbooks() -> dict[str, Playbook]:
    try:
        data = tomllib.loads(PLAYBOOKS_PATH.read_text(encoding="utf-8"))
        books = Playbooks.model_validate(data)
    except (OSError, tomllib.TOMLDecodeError, ValidationError) as exc:
        raise PlaybookError(f"{PLAYBOOKS_PATH}: {exc}") from None
    return {book.key: book for book in books.playbooks}


def playbook(reason: str) -> Playbook:
    try:
        return playbooks()[reason]
    except KeyError:
        raise PlaybookError(f"no playbook for reason {reason!r}") from None


def steps_for(reason: str, responsible: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The playbook's steps, led by collecting what is owed when money is involved."""
    book = playbook(reason)
    if reason in ("payment", "going_south") or MONEY_DIMENSIONS.intersection(responsible):
        return (COLLECT_FIRST, *book.steps)
    return book.steps


def draft_message(reason: str, client: str, me: str = "") -> str:
    """A short, tactful exit message to copy and edit."""
    text = playbook(reason).message
    names = {"client": client.strip() or "there", "me": me.strip() or "[your name]"}
    # One pass, so a name that itself contains "{me}" or "{client}" is kept literally.
    return _PLACEHOLDER.sub(lambda m: names[m.group(1)], text)
