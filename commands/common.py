"""What every command shares: exit statuses, one line of complaint, questions, argument types.

Nothing here loads the database layer, so `score` can use all of it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING, TypeAlias

from formats import csvcodec
from i18n import _, pgettext

if TYPE_CHECKING:
    # argparse's subparsers action is generic only in the type stubs, not at runtime.
    Subcommands: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]

OK, ROWS_REJECTED, NOTHING_DONE = 0, 1, 2


def complain(message: str) -> None:
    """One problem, one line on stderr."""
    print(message, file=sys.stderr)


def iso_date(text: str) -> dt.date:
    """An argument type: a YYYY-MM-DD date, or argparse's usage error in the CSV's own words."""
    try:
        return csvcodec.parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def refuse_without_terminal(command: str) -> None:
    complain(
        _("{command}: refusing without a terminal to ask; add --yes to go ahead").format(command=command)
    )


def confirm(command: str, question: str) -> bool:
    """Ask on the terminal; only `yes` (or the word for it in the language spoken) goes on.
    Without a terminal nobody can answer: refuse."""
    if not sys.stdin.isatty():
        refuse_without_terminal(command)
        return False
    # Translators: the word a person types to go ahead; "yes" is always accepted too.
    word = pgettext("typed to confirm", "yes")
    prompt = _("{question} Type {word} to go on: ").format(question=question, word=word)
    print(prompt, end="", file=sys.stderr, flush=True)
    try:
        answer = sys.stdin.readline()
    except KeyboardInterrupt:
        answer = ""
        print(file=sys.stderr)
    if answer.strip().casefold() not in {"yes", word.casefold()}:
        complain(_("{command}: not confirmed; nothing done").format(command=command))
        return False
    return True
