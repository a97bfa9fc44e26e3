"""When two names are one: the rule behind "this name is already an account".

Names match the way a person reads them: case and spacing do not count. Storage keeps
each account's key beside its name (`accounts.name_key`, indexed), so asking whether a
name is taken reads the matches only, at any number of accounts.
"""

from __future__ import annotations


def name_key(name: str) -> str:
    """A name as a person reads it: "  pieter  VAN dijk " and "Pieter van Dijk" are one name."""
    return " ".join(name.split()).casefold()
