"""Thin Slice's storage adapter: engine, schema migrations and the repository."""

from storage.engine import ENV_VAR, database_url, make_engine
from storage.migrate import upgrade
from storage.records import AccountOverview, AccountRecord, EvidenceNote, StoredAssessment
from storage.repository import ImportReport, Incoming, NotFound, Refused, Repository
from storage.sqlite_files import LogWipe, Restored, RestoreRefused


def open_repository(url: str | None = None) -> Repository:
    """Engine for `url` (or the configured default), schema brought up to date."""
    engine = make_engine(url)
    upgrade(engine)
    return Repository(engine)


__all__ = [
    "ENV_VAR",
    "AccountOverview",
    "AccountRecord",
    "EvidenceNote",
    "ImportReport",
    "Incoming",
    "LogWipe",
    "NotFound",
    "Refused",
    "Repository",
    "RestoreRefused",
    "Restored",
    "StoredAssessment",
    "database_url",
    "make_engine",
    "open_repository",
    "upgrade",
]
