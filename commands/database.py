"""Opening the database for a command, and finding the account a person named.

The services (and through them SQLAlchemy) are imported only when a command opens the
database, never when this module is loaded: `score` shares the parser with every command.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from commands.common import NOTHING_DONE, OK, complain
from i18n import _

if TYPE_CHECKING:
    from services.store import AccountRecord, Repository


def with_database(command: str, work: Callable[[Repository], int]) -> int:
    """Open the repository (schema brought up to date) and run `work`; a database error is one line."""
    from services.store import StorageUnavailable, open_repository

    try:
        repo = open_repository()
    except OSError as exc:  # the folder for the SQLite file cannot be made
        complain(_unusable(command, exc.strerror or exc))
        return NOTHING_DONE
    except StorageUnavailable as exc:
        complain(_unusable(command, exc.reason))
        return NOTHING_DONE
    try:
        return work(repo)
    except StorageUnavailable as exc:
        complain(_unusable(command, exc.reason))
        return NOTHING_DONE


def export_csv(command: str, out: str | None, make: Callable[[Repository], str]) -> int:
    """Write the CSV `make` reads from the database to `out` (stdout when None), with a BOM; never
    onto the database's own files (checked before it is opened)."""
    from commands.writing import deliver, writable

    if not writable(out):
        return NOTHING_DONE
    return with_database(command, lambda repo: OK if deliver(out, make(repo), bom=True) else NOTHING_DONE)


def _unusable(command: str, reason: object) -> str:
    return _("{command}: the database cannot be used: {reason}").format(command=command, reason=reason)


def as_id(text: str) -> int | None:
    """A row id typed by a person: ASCII digits that fit a 64-bit integer, else None.

    Not just str.isdigit(): it accepts "²" (int() then fails) and numbers too big for
    SQLite's INTEGER (the driver then raises OverflowError).
    """
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if number < 2**63 else None


def find_account(repo: Repository, wanted: str, command: str) -> AccountRecord | None:
    """An account by id or exact name (case-insensitive); None after saying what is wrong.

    One indexed look-up either way: the stored name keys hold every exact match (and names
    that differ only in spacing, which the exact comparison then leaves out). Only a name
    found nowhere in the index costs a look at every name."""
    from scoring.names import name_key
    from services.store import NotFound

    account_id = as_id(wanted)
    if account_id is not None:
        try:
            matches = [repo.account(account_id)]
        except NotFound:
            matches = []
    else:
        exact = wanted.strip().casefold()
        matches = [a for a in repo.accounts_with_name_key(name_key(wanted)) if a.name.casefold() == exact]
        if not matches:  # a name changed outside the app keeps its old key: look at every name
            named = [found for found, name in repo.account_names() if name.casefold() == exact]
            matches = [repo.account(found) for found in named]
    if not matches:
        complain(
            _("{command}: no account {name}; use its id or its exact name").format(
                command=command, name=repr(wanted)
            )
        )
        return None
    if len(matches) > 1:
        ids = ", ".join(str(a.id) for a in matches)
        complain(
            _("{command}: {n} accounts are called {name} (ids {ids}); use the id").format(
                command=command, n=len(matches), name=repr(wanted), ids=ids
            )
        )
        return None
    return matches[0]
