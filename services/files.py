"""The SQLite file as a whole, for the command line: what the repository does not cover.

A backup is checked before anyone is asked whether to restore it, with no repository open
yet; and erasure's default wait for readers is declared by the storage layer, once.
SQLite's own errors come out as `StorageUnavailable`, like every other storage error.
"""

from __future__ import annotations

from pathlib import Path

from storage import sqlite_files
from storage.errors import translated
from storage.sqlite_files import ERASE_WAIT_S

__all__ = ["ERASE_WAIT_S", "verify_backup"]


def verify_backup(source: Path) -> None:
    """Check a candidate without restoring it, on a private copy.

    `RestoreRefused` says why it cannot be restored; `StorageUnavailable` when SQLite failed
    while checking it; `OSError` when no private copy could be made.
    """
    with translated():
        sqlite_files.verify_backup(source)
