"""What the app and the command line hold of the storage layer: the repository handle, the
records it hands back, and the errors it raises (never a driver's).

Pages and commands import these from here, so `storage` stays a detail behind the services.
"""

from scoring.accounts import AccountOverview, AccountRecord, EvidenceNote, StoredAssessment
from scoring.lifecycle import Refused
from storage import (
    ImportReport,
    LogWipe,
    NotFound,
    Repository,
    Restored,
    RestoreRefused,
    StorageError,
    StorageUnavailable,
    database_url,
    open_repository,
)
from storage.engine import shown_url

__all__ = [
    "AccountOverview",
    "AccountRecord",
    "EvidenceNote",
    "ImportReport",
    "LogWipe",
    "NotFound",
    "Refused",
    "Repository",
    "RestoreRefused",
    "Restored",
    "StorageError",
    "StorageUnavailable",
    "StoredAssessment",
    "database_url",
    "open_repository",
    "shown_url",
]
