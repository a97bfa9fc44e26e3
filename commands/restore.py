"""`restore`: replace the whole database with a backup, checked before anything changes."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from commands.common import NOTHING_DONE, OK, complain, confirm, plural
from commands.database import with_database
from commands.writing import writable

if TYPE_CHECKING:
    from commands.common import Subcommands
    from services.store import Repository, StorageUnavailable


@dataclass(frozen=True)
class Options:
    file: str
    yes: bool

    @classmethod
    def parsed(cls, args: argparse.Namespace) -> Options:
        return cls(file=args.file, yes=args.yes)


def add_parser(commands: Subcommands) -> None:
    restore = commands.add_parser(
        "restore",
        help="replace the whole database with a backup",
        description=(
            "Replace the whole database with FILE, a copy made by `backup`, and bring its schema "
            "up to date. Asks to type yes first."
        ),
    )
    restore.add_argument("file", metavar="FILE", help="the backup to restore")
    restore.add_argument("--yes", action="store_true", help="do not ask (required without a terminal)")
    restore.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    return restore(Options.parsed(args))


def restore(options: Options) -> int:
    from services.files import verify_backup
    from services.store import RestoreRefused, StorageUnavailable

    source = Path(options.file)
    if not writable(options.file):  # the database itself, or its log: no backup of anything
        return NOTHING_DONE
    # Checked on a private copy before the question is asked: a file that cannot be restored
    # is refused at once, and nothing about the database changes.
    try:
        verify_backup(source)
    except RestoreRefused as exc:
        complain(f"restore: {exc}; nothing restored")
        return NOTHING_DONE
    except (OSError, StorageUnavailable) as exc:
        complain(f"restore: {source} cannot be checked ({_reason(exc)}); nothing restored")
        return NOTHING_DONE
    if not options.yes and not confirm(
        "restore", f"restore: this replaces everything in the database with {source}."
    ):
        return NOTHING_DONE
    return with_database("restore", lambda repo: _replace(repo, source))


def _replace(repo: Repository, source: Path) -> int:
    from services.store import Refused, RestoreRefused, StorageUnavailable

    try:
        restored = repo.restore(source)
    except (Refused, RestoreRefused) as exc:
        complain(f"restore: {exc}; nothing restored")
        return NOTHING_DONE
    except (OSError, StorageUnavailable) as exc:
        complain(f"restore: {_reason(exc)}; the database is as it was before")
        return NOTHING_DONE
    print(f"restore: restored {source} ({plural(restored.accounts, 'account')})")
    print(f"restore: the database as it was before is kept in {restored.previous}", file=sys.stderr)
    return OK


def _reason(exc: OSError | StorageUnavailable) -> str:
    """The system's words for a file error ("No space left on device"), else the driver's."""
    if isinstance(exc, OSError):
        return str(exc.strerror or exc)
    return str(exc)
