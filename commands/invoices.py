"""`invoices`: import a bookkeeping program's invoice export, or export every client's invoices.

The import is the Data page's (`services.invoice_import`): the columns are read by the mapping
remembered for the file's header layout, else guessed from the headers; `--map` corrects a column
and `--customer` says which client a customer name of the file is. Both are remembered by a real
import (never by a dry run), so the next file of the same program needs neither.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from commands.common import NOTHING_DONE, OK, ROWS_REJECTED, complain
from commands.database import export_csv, find_account, with_database
from commands.writing import add_export_options
from formats import csvcodec
from i18n import _, ngettext

if TYPE_CHECKING:
    from commands.common import Subcommands
    from services.invoice_import import InvoiceImport, Prepared
    from services.store import Repository

ACTIONS = ("import", "export")
#: What `--map` takes for a column the import should not read.
IGNORE_WORDS = ("ignore", "none", "-")


@dataclass(frozen=True)
class Options:
    action: str
    file: str | None
    maps: tuple[str, ...]
    customers: tuple[str, ...]
    dry_run: bool
    out: str | None
    sep: str

    @classmethod
    def parsed(cls, args: argparse.Namespace) -> Options:
        return cls(
            action=args.action,
            file=args.file,
            maps=tuple(args.map or ()),
            customers=tuple(args.customer or ()),
            dry_run=args.dry_run,
            out=args.out,
            # Unless told, the separator follows the language: `;` with decimal commas in Dutch.
            sep=args.sep or csvcodec.separator_for(),
        )


def add_parser(commands: Subcommands) -> None:
    invoices = commands.add_parser(
        "invoices",
        help=_("import invoices from a bookkeeping program's CSV export, or export every client's invoices"),
        description=_(
            "import FILE: add the invoices of a bookkeeping program's CSV export to the clients they "
            "are for. The columns are read by the mapping remembered for the file's layout, else "
            "guessed from the column names; --map corrects one. Customer names are matched to clients "
            "by name; --customer says which client a name is. An invoice already stored is never "
            "changed: a file that shows more paid adds the difference as a payment, and the same file "
            "twice adds nothing. Lines with a problem, and lines of a customer with no client, are "
            "left out and listed; the exit status is then 1. export: every client's invoices, one row "
            "per payment, a file the import reads back as it is."
        ),
    )
    invoices.add_argument("action", choices=ACTIONS, metavar="{" + ",".join(ACTIONS) + "}")
    invoices.add_argument("file", nargs="?", metavar="FILE", help=_("import: the CSV file to import"))
    invoices.add_argument(
        "--map",
        action="append",
        metavar="HEADER=FIELD",
        help=_(
            "import: read the file's column HEADER as FIELD (customer, number, issued_on, due_on, "
            "terms, amount, currency, paid, paid_on, outstanding, or ignore); may be repeated"
        ),
    )
    invoices.add_argument(
        "--customer",
        action="append",
        metavar="NAME=CLIENT",
        help=_(
            "import: the customer NAME of the file is the client CLIENT (id or exact name); may be repeated"
        ),
    )
    invoices.add_argument(
        "--dry-run", action="store_true", help=_("import: say what would be stored, and store nothing")
    )
    add_export_options(invoices)
    invoices.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    options = Options.parsed(args)
    if options.action == "export":
        if options.file is not None:
            complain(
                _("invoices export: unexpected {value}; write to a file with --out").format(
                    value=options.file
                )
            )
            return NOTHING_DONE
        if options.maps or options.customers or options.dry_run:
            complain(_("invoices export: --map, --customer and --dry-run go with invoices import"))
            return NOTHING_DONE
        return export(options)
    if options.file is None:
        complain(_("invoices import: say which file, e.g. invoices import export.csv"))
        return NOTHING_DONE
    return import_file(options, options.file)


def export(options: Options) -> int:
    def made(repo: Repository) -> str:
        from services.invoice_import import invoices_csv

        return invoices_csv(repo, options.sep)

    return export_csv("invoices export", options.out, made)


def import_file(options: Options, name: str) -> int:
    try:
        data = Path(name).read_bytes()
    except OSError as exc:
        complain(_("{file}: cannot read the file: {reason}").format(file=name, reason=exc.strerror or exc))
        return NOTHING_DONE

    def work(repo: Repository) -> int:
        from services.invoice_import import prepare_import
        from services.store import NotFound, StorageError, StorageUnavailable

        try:
            prepared = prepare_import(repo, data)
        except csvcodec.CsvDecodeError as exc:
            complain(f"{name}: {exc}")
            return NOTHING_DONE
        if options.maps:
            overrides = _overrides(prepared, options.maps)
            if overrides is None:
                return NOTHING_DONE
            prepared = prepare_import(repo, data, overrides)
        answers = _answers(repo, prepared, options.customers)
        if answers is None:
            return NOTHING_DONE
        try:
            return _import(repo, prepared, answers, name, dry_run=options.dry_run)
        except NotFound:
            complain(
                _(
                    "{file}: a client was erased during the import, so nothing was stored; run it again"
                ).format(file=name)
            )
            return NOTHING_DONE
        except StorageUnavailable:
            raise  # said by with_database, as for every command
        except StorageError as exc:
            complain(
                _("{file}: the database refused the import, so nothing was stored: {reason}").format(
                    file=name, reason=exc
                )
            )
            return NOTHING_DONE

    return with_database("invoices import", work)


def _overrides(prepared: Prepared, maps: tuple[str, ...]) -> dict[str, str | None] | None:
    """`--map HEADER=FIELD` as the service's overrides, in the order given (the last one wins a
    field); None after one line naming what is wrong."""
    from formats.invoices_csv import Column

    fields = {column.value for column in Column}
    headers = prepared.sheet.headers
    overrides: dict[str, str | None] = {}
    for given in maps:
        header_text, equals, field_text = given.rpartition("=")
        if not equals:
            complain(
                _('invoices import: --map {value}: write it as "Header=field"').format(value=repr(given))
            )
            return None
        header = _header(headers, header_text)
        if header is None:
            complain(
                _(
                    "invoices import: --map {value}: the file has no column {header}; "
                    "its columns are {headers}"
                ).format(value=repr(given), header=repr(header_text), headers=", ".join(map(repr, headers)))
            )
            return None
        field = field_text.strip().casefold()
        if field in IGNORE_WORDS:
            value: str | None = None
        elif field in fields:
            value = field
        else:
            complain(
                _("invoices import: --map {value}: {field} is not a field; use one of {fields}").format(
                    value=repr(given),
                    field=repr(field_text),
                    fields=", ".join([*(column.value for column in Column), IGNORE_WORDS[0]]),
                )
            )
            return None
        overrides.pop(header, None)
        overrides[header] = value
    return overrides


def _header(headers: tuple[str, ...], text: str) -> str | None:
    """The file's header a person named: as written, else the one that reads the same in any case."""
    if text in headers:
        return text
    wanted = text.strip().casefold()
    found = [header for header in headers if header.strip().casefold() == wanted]
    return found[0] if len(set(found)) == 1 else None


def _answers(repo: Repository, prepared: Prepared, customers: tuple[str, ...]) -> dict[str, int] | None:
    """`--customer NAME=CLIENT` as the service's answers; None after one line saying what is wrong."""
    from scoring.names import name_key

    by_key = {name_key(name): name for name in prepared.customers}
    answers: dict[str, int] = {}
    for given in customers:
        # A name or a client may hold "=" itself: the split is where the left side is a customer.
        splits = [i for i, char in enumerate(given) if char == "="]
        if not splits:
            complain(
                _('invoices import: --customer {value}: write it as "Name=Client"').format(value=repr(given))
            )
            return None
        found = next(
            ((by_key[name_key(given[:i])], given[i + 1 :]) for i in splits if name_key(given[:i]) in by_key),
            None,
        )
        if found is None:
            complain(
                _("invoices import: --customer {value}: the file has no customer {name}").format(
                    value=repr(given), name=repr(given[: splits[0]])
                )
            )
            return None
        customer, wanted = found
        account = find_account(repo, wanted, "invoices import")
        if account is None:
            return None
        answers[customer] = account.id
    return answers


def _import(
    repo: Repository, prepared: Prepared, answers: dict[str, int], name: str, *, dry_run: bool
) -> int:
    """Print the mapping used, store (or, in a dry run, do not), and say what happened, line by line."""
    from services.invoice_import import notes, problem_text, run_import, summary

    if prepared.remembered:
        print(_("{file}: columns read as remembered for this layout:").format(file=name))
    else:
        print(_("{file}: columns read as:").format(file=name))
    for header, column in prepared.mapping.items():
        print(f"  {header} -> {column.value if column is not None else IGNORE_WORDS[0]}")
    report = run_import(repo, prepared, answers, dry_run=dry_run)
    said = summary(report)
    if dry_run:
        said = _("{summary} Dry run: nothing stored.").format(summary=said)
    print(f"{name}: {said}")
    for note in notes(report):
        print(f"{name}: {note}")
    for problem in report.problems:
        complain(f"{name}: {problem_text(problem)}")
    _unknown(report, name)
    return OK if report.complete else ROWS_REJECTED


def _unknown(report: InvoiceImport, name: str) -> None:
    """Each customer name no client was given for, and how to give one."""
    for customer, count in sorted(report.skipped.items(), key=lambda item: item[0].casefold()):
        complain(
            ngettext(
                "{file}: customer {name} matches no client: its {n} line was skipped; "
                'say which client it is with --customer "{name_as_typed}=Client name"',
                "{file}: customer {name} matches no client: its {n} lines were skipped; "
                'say which client it is with --customer "{name_as_typed}=Client name"',
                count,
            ).format(file=name, name=repr(customer), n=count, name_as_typed=customer)
        )
