"""The storage layer's own errors: callers catch these, never a driver's or SQLAlchemy's.

`StorageUnavailable` carries the driver's own words ("database is locked") and the kind
of failure it stands for, so a page or a command can say what happened without knowing
which database library is underneath.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError, SQLAlchemyError


class StorageError(Exception):
    """Anything the database layer could not do."""


class NotFound(StorageError, LookupError):
    """The account, assessment or link asked for does not exist (any more)."""


class StorageUnavailable(StorageError):
    """The database could not be reached, was busy past every wait, or failed mid-way.

    `reason` is the driver's first line ("database is locked"); `kind` names the failure
    (the driver's error class), for a message that must say more than "it failed".
    """

    def __init__(self, reason: str, kind: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.kind = kind

    @classmethod
    def from_error(cls, exc: BaseException) -> StorageUnavailable:
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        return cls(detail[0] if detail else type(exc).__name__, type(exc).__name__)


class Conflict(StorageError):
    """A constraint stopped a write: another writer got there first (the repository words it)."""


@contextmanager
def translated() -> Iterator[None]:
    """Turn SQLAlchemy's and sqlite3's errors raised inside into the errors above."""
    try:
        yield
    except IntegrityError as exc:
        raise Conflict(str(exc.orig or exc)) from exc
    except (SQLAlchemyError, sqlite3.Error) as exc:
        raise StorageUnavailable.from_error(exc) from exc
