"""`export`: a documented CSV file from the database, or everything about one account."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from commands.common import NOTHING_DONE, OK, complain, iso_date
from commands.database import find_account, with_database
from commands.writing import deliver, deliver_bytes, writable
from formats import csvcodec
from i18n import _
from scoring import Rubric, RubricError

if TYPE_CHECKING:
    from commands.common import Subcommands
    from services.store import Repository

EXPORTS = ("assessments", "accounts", "evidence", "answers")


@dataclass(frozen=True)
class Options:
    what: str | None
    sep: str
    out: str | None
    today: dt.date | None
    account: str | None
    json_file: str | None
    as_now: bool = False
    all_file: str | None = None

    @classmethod
    def parsed(cls, args: argparse.Namespace) -> Options:
        return cls(
            what=args.what,
            # Unless told, the separator follows the language: `;` with decimal commas in Dutch.
            sep=args.sep or csvcodec.separator_for(),
            out=args.out,
            today=args.today,
            account=args.account,
            json_file=args.json,
            as_now=args.as_now,
            all_file=args.all,
        )


def add_parser(commands: Subcommands) -> None:
    export = commands.add_parser(
        "export",
        help=_(
            "write the assessments, accounts, evidence or their answers as CSV; "
            "or everything about one account"
        ),
        description=_(
            "Write a documented CSV file from the database: to stdout as UTF-8, or to --out "
            "with a byte-order mark for Excel. With --account, write everything about one "
            "account instead: --json FILE gets the account, assessments, evidence, share and "
            "questionnaire links (never a token) and the answers they brought back as JSON; its "
            "assessment rows go to --out, or to stdout when neither --json nor --out is given."
        ),
    )
    export.add_argument(
        "--what",
        choices=EXPORTS,
        default=None,
        help=_(
            "which file: one row per assessment (the default), per account, per evidence note, "
            "or per set of answers the other side gave to a questionnaire"
        ),
    )
    export.add_argument(
        "--sep",
        choices=csvcodec.SEPARATORS,
        default=None,
        metavar="SEP",
        help=_("write with , or ; (default: ; with decimal commas in Dutch, , otherwise)"),
    )
    export.add_argument("--out", metavar="FILE", help=_("write here, with a BOM, instead of stdout"))
    export.add_argument(
        "--today",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help=_("the date the computed columns (status, stale) are judged as of (default: today)"),
    )
    export.add_argument("--account", metavar="ACCOUNT", help=_("only this account (id or exact name)"))
    export.add_argument(
        "--json",
        metavar="FILE",
        help=_("with --account: write everything about it as JSON here (- is stdout)"),
    )
    export.add_argument(
        "--all",
        metavar="FILE",
        help=_(
            "write everything the app keeps to this ZIP file: every kind of data as its own CSV, and a "
            "manifest with each file's rows and checksum (import reads it back, on either database)"
        ),
    )
    export.add_argument(
        "--as-now",
        action="store_true",
        help=_(
            "score every assessment on the rubric in use (default: as taken, each by the version of "
            "the rubric it was taken with)"
        ),
    )
    export.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    return export(Options.parsed(args))


def export(options: Options) -> int:
    if options.all_file:
        return _export_all(options)
    if options.json_file and not options.account:
        complain(_("export: --json goes with --account ACCOUNT (everything about one account)"))
        return NOTHING_DONE
    if options.account and options.what not in (None, "assessments"):
        complain(_("export: --account writes that account's assessments; leave out --what"))
        return NOTHING_DONE
    today = options.today or dt.date.today()
    if not writable(options.out, options.json_file):
        return NOTHING_DONE

    def work(repo: Repository) -> int:
        from services import transfer
        from services.rubrics import current

        try:
            rubric = current(repo)  # the version in use: what the app shows
        except RubricError as exc:
            complain(_("export: {problem}").format(problem=exc))
            return NOTHING_DONE

        if options.account:
            return _export_account(repo, options, options.account, rubric, today)
        what = options.what or "assessments"
        if what == "accounts":
            text = transfer.accounts_csv(repo, rubric, today, options.sep)
        elif what == "evidence":
            text = transfer.evidence_csv(repo, options.sep)
        elif what == "answers":
            text = transfer.answers_csv(repo, options.sep)
        else:
            text = transfer.assessments_csv(
                repo, rubric, today, options.sep, book=_book(repo, rubric, options)
            )
        return OK if deliver(options.out, text, bom=True) else NOTHING_DONE

    return with_database("export", work)


def _export_all(options: Options) -> int:
    """Everything, as one archive (`services.portable`), to --all FILE."""
    target = options.all_file
    assert target is not None
    if options.what or options.account or options.json_file or options.out:
        complain(_("export: --all writes every file at once; leave out --what, --account, --json and --out"))
        return NOTHING_DONE
    if target == "-":
        complain(_("export: --all needs a file name: a ZIP archive is not text for the terminal"))
        return NOTHING_DONE
    if not writable(target):
        return NOTHING_DONE
    today = options.today or dt.date.today()

    def work(repo: Repository) -> int:
        from services import portable

        try:
            data = portable.export_all(repo, today, options.sep, as_now=options.as_now)
        except RubricError as exc:
            complain(_("export: {problem}").format(problem=exc))
            return NOTHING_DONE
        if not deliver_bytes(target, data):
            return NOTHING_DONE
        print(_("{file}: everything the app keeps, {size} bytes").format(file=target, size=len(data)))
        return OK

    return with_database("export", work)


def _export_account(repo: Repository, options: Options, wanted: str, rubric: Rubric, today: dt.date) -> int:
    """Everything about one account: the JSON bundle to --json, its assessment rows as CSV."""
    from services import transfer
    from services.privacy import account_bundle

    account = find_account(repo, wanted, "export")
    if account is None:
        return NOTHING_DONE
    if options.json_file:
        bundle = account_bundle(repo, account.id)
        if not deliver(options.json_file, json.dumps(bundle, ensure_ascii=False, indent=2) + "\n", bom=False):
            return NOTHING_DONE
    if options.out or not options.json_file:
        versions = _book(repo, rubric, options)
        text = transfer.assessments_csv(
            repo, rubric, today, options.sep, account_id=account.id, book=versions
        )
        if not deliver(options.out, text, bom=True):
            return NOTHING_DONE
    return OK


def _book(repo: Repository, rubric: Rubric, options: Options) -> dict[int, Rubric] | None:
    """Every version of the rubric, to score each row as taken; None with --as-now."""
    from services.rubrics import book

    return None if options.as_now else book(repo, rubric)
