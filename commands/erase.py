"""`erase`: delete an account and everything about it, and say honestly whether SQLite's
write-ahead log still holds a copy."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from commands.common import NOTHING_DONE, OK, ROWS_REJECTED, complain, confirm, refuse_without_terminal
from commands.database import find_account, with_database
from i18n import _, ngettext

if TYPE_CHECKING:
    from commands.common import Subcommands
    from services.store import LogWipe, Repository

MAX_WAIT_S = 600


@dataclass(frozen=True)
class Options:
    account: str | None
    yes: bool
    wait: float | None  # None: the storage layer's own default
    finish: bool

    @classmethod
    def parsed(cls, args: argparse.Namespace) -> Options:
        return cls(account=args.account, yes=args.yes, wait=args.wait, finish=args.finish)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= MAX_WAIT_S:
        raise argparse.ArgumentTypeError(
            _("{value} is not a number of seconds from 0 to {most}").format(value=repr(text), most=MAX_WAIT_S)
        )
    return value


class _Help(argparse.HelpFormatter):
    """Names --wait's default only when the help is shown: the number is declared by the storage
    layer, which building the parser (for `score` too) must not load."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = super()._get_help_string(action)
        if action.dest != "wait" or text is None:
            return text
        from services.files import ERASE_WAIT_S

        return _("{help} (default {seconds})").format(help=text, seconds=f"{ERASE_WAIT_S:g}")


def add_parser(commands: Subcommands) -> None:
    erase = commands.add_parser(
        "erase",
        help=_("delete an account and everything about it, for good"),
        description=_(
            "Delete an account (ACCOUNT is its id or exact name) with its assessments, evidence "
            "and share links. On SQLite the freed space is overwritten. Backups made before "
            "still hold it. Asks to type yes first."
        ),
        formatter_class=_Help,
    )
    erase.add_argument("account", nargs="?", metavar="ACCOUNT", help=_("account id or exact name"))
    erase.add_argument("--yes", action="store_true", help=_("do not ask (required without a terminal)"))
    erase.add_argument(
        "--wait",
        type=_seconds,
        metavar="SECONDS",
        help=_("how long to wait for other readers before saying the log still holds a copy"),
    )
    erase.add_argument(
        "--finish",
        action="store_true",
        help=_("empty the write-ahead log after an erasure that another reader held up (no ACCOUNT)"),
    )
    erase.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    return erase(Options.parsed(args))


def erase(options: Options) -> int:
    if options.finish:
        if options.account:
            complain(_("erase: --finish goes alone (it empties the log of every earlier erasure)"))
            return NOTHING_DONE
        return with_database("erase", lambda repo: _log_report(repo.wipe_log(options.wait), finish=True))
    if not options.account:
        complain(_("erase: name an ACCOUNT (id or exact name), or use --finish"))
        return NOTHING_DONE
    if not options.yes and not sys.stdin.isatty():
        refuse_without_terminal("erase")
        return NOTHING_DONE
    wanted = options.account
    return with_database("erase", lambda repo: _erase_account(repo, wanted, options))


def _erase_account(repo: Repository, wanted: str, options: Options) -> int:
    from services.store import NotFound

    account = find_account(repo, wanted, "erase")
    if account is None:
        return NOTHING_DONE
    if not options.yes:
        assessments = len(repo.assessments(account.id))
        notes = len(repo.evidence(account.id))
        links = len(repo.shares(account.id))
        held = ", ".join(
            (
                ngettext("{n} assessment", "{n} assessments", assessments).format(n=assessments),
                ngettext("{n} evidence note", "{n} evidence notes", notes).format(n=notes),
                ngettext("{n} share link", "{n} share links", links).format(n=links),
            )
        )
        question = _("erase: this deletes {name} (id {id}) and {held}, for good.").format(
            name=repr(account.name), id=account.id, held=held
        )
        if not confirm("erase", question):
            return NOTHING_DONE
    try:
        wiped = repo.erase(account.id, wait_s=options.wait)
    except NotFound:
        complain(_("erase: account {id} is already gone").format(id=account.id))
        return NOTHING_DONE
    print(
        _("erase: erased {name} (id {id}) and everything about it from the database").format(
            name=account.name, id=account.id
        )
    )
    return _log_report(wiped, finish=False)


def _log_report(wiped: LogWipe, *, finish: bool) -> int:
    """Say honestly whether SQLite's write-ahead log still holds erased rows."""
    if wiped.cleared:
        if finish:
            print(_("erase: the write-ahead log is empty; nothing erased is left in the database files"))
        return OK
    complain(
        _(
            "erase: another program is still reading the database, so its write-ahead log ({wal}) "
            "and the database file may still hold a copy of what was erased until that read ends; "
            "then run `.venv/bin/python cli.py erase --finish` to clear it"
        ).format(wal=wiped.wal)
    )
    return ROWS_REJECTED
