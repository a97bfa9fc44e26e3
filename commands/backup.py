"""`backup`: a consistent copy of the SQLite database while the app may be running."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from commands.common import NOTHING_DONE, OK, complain
from commands.database import with_database
from commands.writing import writable
from filesafe import CannotWrite
from i18n import _, ngettext

if TYPE_CHECKING:
    from commands.common import Subcommands
    from services.store import Repository


def add_parser(commands: Subcommands) -> None:
    backup = commands.add_parser(
        "backup",
        help=_("copy the database to FILE, safely while the app runs"),
        description=_(
            "Copy the SQLite database to FILE with SQLite's online backup (a consistent snapshot)."
        ),
    )
    backup.add_argument("file", metavar="FILE", help=_("where to write the copy"))
    backup.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    file: str = args.file
    return backup(file)


def backup(file: str) -> int:
    target = Path(file)
    if not writable(file):
        return NOTHING_DONE
    return with_database("backup", lambda repo: _copy(repo, target))


def _copy(repo: Repository, target: Path) -> int:
    from services.store import Refused, StorageUnavailable

    try:
        repo.backup(target)
    except Refused as exc:
        complain(_("backup: {problem}").format(problem=exc))
        return NOTHING_DONE
    except CannotWrite as exc:
        complain(str(exc))
        return NOTHING_DONE
    except StorageUnavailable as exc:
        complain(_("{file}: cannot write the backup: {reason}").format(file=target, reason=exc))
        return NOTHING_DONE
    except OSError as exc:  # the disk failed us while copying: nothing was renamed into place
        complain(
            _("{file}: cannot write the backup: {reason}").format(file=target, reason=exc.strerror or exc)
        )
        return NOTHING_DONE
    count = repo.count_accounts()
    print(
        ngettext("backup: wrote {file} ({n} account)", "backup: wrote {file} ({n} accounts)", count).format(
            file=target, n=count
        )
    )
    return OK
