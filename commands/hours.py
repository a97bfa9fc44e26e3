"""`hours`: every client's planned hours a week, out as a file and back in.

The import reads the hours download, or the accounts download (its `account` and `weekly_hours`
columns), and sets each client's hours by its name, in one transaction.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from commands.common import NOTHING_DONE, OK, ROWS_REJECTED, complain
from commands.database import export_csv, with_database
from commands.writing import add_export_options
from formats import csvcodec
from i18n import _

if TYPE_CHECKING:
    from commands.common import Subcommands
    from services.store import Repository

ACTIONS = ("import", "export")


def add_parser(commands: Subcommands) -> None:
    hours = commands.add_parser(
        "hours",
        help=_("export every client's planned hours a week, or import them from such a file"),
        description=_(
            "export: one row per client, its name and its hours a week. import FILE: set each client's "
            "hours a week from that file or from the accounts download, by the client's name, in one "
            "transaction; lines with a problem are listed and left out, and the exit status is then 1."
        ),
    )
    hours.add_argument("action", choices=ACTIONS, metavar="{" + ",".join(ACTIONS) + "}")
    hours.add_argument("file", nargs="?", metavar="FILE", help=_("import: the CSV file to import"))
    hours.add_argument(
        "--dry-run", action="store_true", help=_("import: say what would change, and change nothing")
    )
    add_export_options(hours)
    hours.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.action == "export":
        if args.file is not None or args.dry_run:
            complain(_("hours export: write to a file with --out; --dry-run goes with hours import"))
            return NOTHING_DONE
        return _export(args.out, args.sep or csvcodec.separator_for())
    if args.file is None:
        complain(_("hours import: say which file, e.g. hours import hours.csv"))
        return NOTHING_DONE
    return _import(args.file, dry_run=args.dry_run)


def _export(out: str | None, sep: str) -> int:
    def made(repo: Repository) -> str:
        from services.invoices import hours_csv

        return hours_csv(repo, sep)

    return export_csv("hours export", out, made)


def _import(name: str, *, dry_run: bool) -> int:
    try:
        data = Path(name).read_bytes()
    except OSError as exc:
        complain(_("{file}: cannot read the file: {reason}").format(file=name, reason=exc.strerror or exc))
        return NOTHING_DONE

    def work(repo: Repository) -> int:
        from services.invoices import import_hours
        from services.store import NotFound

        try:
            report = import_hours(repo, data, dry_run=dry_run)
        except csvcodec.CsvDecodeError as exc:
            complain(f"{name}: {exc}")
            return NOTHING_DONE
        except NotFound:
            complain(_("{file}: a client was erased during the import, so nothing changed").format(file=name))
            return NOTHING_DONE
        said = _("{changed} changed, {unchanged} already so.").format(
            changed=report.changed, unchanged=report.unchanged
        )
        if dry_run:
            said = _("{summary} Dry run: nothing changed.").format(summary=said)
        print(f"{name}: {said}")
        for problem in report.problems:
            complain(f"{name}: {problem}")
        return ROWS_REJECTED if report.problems else OK

    return with_database("hours import", work)
