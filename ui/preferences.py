"""The person's settings as the pages use them: *je* or *u*, and the name that signs messages."""

from __future__ import annotations

from ui.language import stored_preferences
from ui.shell import context


def formal_default() -> bool:
    """Whether a Dutch exit message says *u* unless the person picks otherwise."""
    return stored_preferences(context().repo).formal


def your_name() -> str:
    return stored_preferences(context().repo).your_name
