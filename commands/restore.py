"""`restore`: replace the whole database with a backup, checked before anything changes."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from commands.common import NOTHING_DONE, OK, complain, confirm
from commands.database import with_database
from commands.writing import writable
from i18n import _, ngettext

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
        help=_("replace the whole database with a backup"),
        description=_(
            "Replace the whole database with FILE, a copy made by `backup`, and bring its schema "
            "up to date. Asks to type yes first."
        ),
    )
    restore.add_argument("file", metavar="FILE", help=_("the backup to restore"))
    restore.add_argument("--yes", action="store_true", help=_("do not ask (required without a terminal)"))
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
        complain(_("restore: {problem}; nothing restored").format(problem=exc))
        return NOTHING_DONE
    except (OSError, StorageUnavailable) as exc:
        complain(
            _("restore: {file} cannot be checked ({reason}); nothing restored").format(
                file=source, reason=_reason(exc)
            )
        )
        return NOTHING_DONE
    if not options.yes and not confirm(
        "restore", _("restore: this replaces everything in the database with {file}.").format(file=source)
    ):
        return NOTHING_DONE
    return with_database("restore", lambda repo: _replace(repo, source))


def _replace(repo: Repository, source: Path) -> int:
    from services.store import Refused, RestoreRefused, StorageUnavailable

    try:
        restored = repo.restore(source)
    except (Refused, RestoreRefused) as exc:
        complain(_("restore: {problem}; nothing restored").format(problem=exc))
        return NOTHING_DONE
    except (OSError, StorageUnavailable) as exc:
        complain(_("restore: {reason}; the database is as it was before").format(reason=_reason(exc)))
        return NOTHING_DONE
    print(
        ngettext(
            "restore: restored {file} ({n} account)",
            "restore: restored {file} ({n} accounts)",
            restored.accounts,
        ).format(file=source, n=restored.accounts)
    )
    print(
        _("restore: the database as it was before is kept in {file}").format(file=restored.previous),
        file=sys.stderr,
    )
    return OK


def _reason(exc: OSError | StorageUnavailable) -> str:
    """The system's words for a file error ("No space left on device"), else the driver's."""
    if isinstance(exc, OSError):
        return str(exc.strerror or exc)
    return str(exc)
