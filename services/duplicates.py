"""Is this name already an account? Asked before a new screen creates a second one by accident.

Two accounts with one name make every later look-up by name ambiguous (the command
line then refuses `share "Pieter van Dijk"`), so a new screen with a name that is
already there is offered as a re-screen of that account first. Names match the way a
person reads them: case and spacing do not count.
"""

from __future__ import annotations

from scoring.accounts import AccountRecord
from storage import Repository


def name_key(name: str) -> str:
    """A name as a person reads it: "  pieter  VAN dijk " and "Pieter van Dijk" are one name."""
    return " ".join(name.split()).casefold()


def same_name(accounts: list[AccountRecord], name: str, company: str = "") -> list[AccountRecord]:
    """The accounts called `name`; those at the same company first, then by id."""
    wanted = name_key(name)
    if not wanted:
        return []
    at = name_key(company)
    found = [a for a in accounts if name_key(a.name) == wanted]
    return sorted(found, key=lambda a: (name_key(a.company) != at, a.id))


def accounts_named(repo: Repository, name: str, company: str = "") -> list[AccountRecord]:
    """Asked on every new screen, so it scans names only and reads whole records of the matches."""
    wanted = name_key(name)
    if not wanted:
        return []
    ids = [account_id for account_id, other in repo.account_names() if name_key(other) == wanted]
    return same_name(repo.accounts_with_ids(ids), name, company)
