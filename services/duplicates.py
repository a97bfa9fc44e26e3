"""Is this name already an account? Asked before a new screen creates a second one by accident.

Two accounts with one name make every later look-up by name ambiguous (the command
line then refuses `share "Pieter van Dijk"`), so a new screen with a name that is
already there is offered as a re-screen of that account first. Names match the way a
person reads them: case and spacing do not count.
"""

from __future__ import annotations

from scoring.accounts import AccountRecord
from scoring.names import name_key
from storage import Repository

__all__ = ["accounts_named", "name_key", "same_name"]


def same_name(accounts: list[AccountRecord], name: str, company: str = "") -> list[AccountRecord]:
    """The accounts called `name`; those at the same company first, then by id."""
    wanted = name_key(name)
    if not wanted:
        return []
    at = name_key(company)
    found = [a for a in accounts if name_key(a.name) == wanted]
    return sorted(found, key=lambda a: (name_key(a.company) != at, a.id))


def accounts_named(repo: Repository, name: str, company: str = "") -> list[AccountRecord]:
    """Asked on every new screen: one indexed look-up of the stored keys, whatever the number of accounts."""
    wanted = name_key(name)
    if not wanted:
        return []
    return same_name(repo.accounts_with_name_key(wanted), name, company)
