"""Thin Slice's storage adapter: engine, schema migrations and the repository.

Callers catch `StorageError` and its kinds, never a driver's or SQLAlchemy's errors.
"""

from scoring.accounts import AccountOverview, AccountRecord, EvidenceNote, StoredAssessment
from scoring.lifecycle import Refused
from storage.engine import ENV_VAR, database_url, make_engine
from storage.errors import Conflict, NotFound, StorageError, StorageUnavailable, translated
from storage.migrate import upgrade
from storage.questionnaires import LinkClosed
from storage.repository import ImportReport, Incoming, Repository
from storage.rubrics import StoredRubric, VersionTaken
from storage.sqlite_files import LogWipe, Restored, RestoreRefused


def open_repository(url: str | None = None) -> Repository:
    """Engine for `url` (or the configured default), schema brought up to date.

    `StorageUnavailable` when the database cannot be reached or brought up to date;
    `OSError` when the folder for a SQLite file cannot be made.
    """
    with translated():
        engine = make_engine(url)
        upgrade(engine)
    return Repository(engine)


__all__ = [
    "ENV_VAR",
    "AccountOverview",
    "AccountRecord",
    "Conflict",
    "EvidenceNote",
    "ImportReport",
    "Incoming",
    "LinkClosed",
    "LogWipe",
    "NotFound",
    "Refused",
    "Repository",
    "RestoreRefused",
    "Restored",
    "StorageError",
    "StorageUnavailable",
    "StoredAssessment",
    "StoredRubric",
    "VersionTaken",
    "database_url",
    "make_engine",
    "open_repository",
    "upgrade",
]
