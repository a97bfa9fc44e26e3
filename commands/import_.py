"""`import`: add the rows of an assessment CSV to the database, in one transaction.

(The trailing underscore only because `import` is a Python keyword.)
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from commands.common import NOTHING_DONE, OK, ROWS_REJECTED, complain
from commands.database import with_database
from formats import csvcodec
from i18n import _, ngettext
from scoring import RubricError, default_rubric

if TYPE_CHECKING:
    from commands.common import Subcommands
    from services.store import Repository
    from services.transfer import ImportPlan


@dataclass(frozen=True)
class Options:
    file: str
    dry_run: bool

    @classmethod
    def parsed(cls, args: argparse.Namespace) -> Options:
        return cls(file=args.file, dry_run=args.dry_run)


def add_parser(commands: Subcommands) -> None:
    import_ = commands.add_parser(
        "import",
        help=_("add the rows of an assessment CSV to the database"),
        description=_(
            "Add the rows of an assessment CSV to the database in one transaction. Bad rows "
            "are reported by line and column and left out; the good ones are added. Rows "
            "imported before are not added again. Any size is read (the 20 MB limit is the "
            "browser's, for uploads on the Data page), so a team can import its own export."
        ),
    )
    import_.add_argument("file", metavar="FILE", help=_("the CSV to import"))
    import_.add_argument("--dry-run", action="store_true", help=_("check the file and write nothing"))
    import_.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    return import_file(Options.parsed(args))


def import_file(options: Options) -> int:
    name = options.file
    try:
        data = Path(name).read_bytes()  # no size limit here: that one is the browser's, for uploads
    except OSError as exc:
        complain(_("{file}: cannot read the file: {reason}").format(file=name, reason=exc.strerror or exc))
        return NOTHING_DONE
    try:
        rubric = default_rubric()
    except RubricError as exc:
        complain(f"{name}: {exc}")
        return NOTHING_DONE

    from services.transfer import plan_import

    try:
        plan = plan_import(data, rubric, limited=False)
    except csvcodec.CsvDecodeError as exc:
        complain(f"{name}: {exc}")
        return NOTHING_DONE
    del data  # the plan holds what the import needs: the file's bytes are not kept through it
    if plan.header_error is not None:
        complain(f"{name}: {plan.header_error}")
        return NOTHING_DONE
    return with_database("import", lambda repo: _add(repo, plan, name, dry_run=options.dry_run))


def _add(repo: Repository, plan: ImportPlan, name: str, *, dry_run: bool) -> int:
    """Say what the file holds, add it (unless a dry run), then every rejected row in line order."""
    from services.transfer import run_import

    known = {known_name for _, known_name in repo.account_names()}
    new = [account for account in plan.accounts if account not in known]
    rows = ngettext("{n} good row", "{n} good rows", len(plan.rows)).format(n=len(plan.rows))
    accounts = ngettext("{n} account", "{n} accounts", len(plan.accounts)).format(n=len(plan.accounts))
    problems = [(e.line, f"{name}: {e}") for e in plan.errors]
    if dry_run:
        holds = _("{file}: {rows} for {accounts}, {new} of them new; dry run, nothing written")
        print(holds.format(file=name, rows=rows, accounts=accounts, new=len(new)))
    else:
        holds = _("{file}: {rows} for {accounts}, {new} of them new")
        print(holds.format(file=name, rows=rows, accounts=accounts, new=len(new)))
        report = run_import(repo, plan)
        print(
            ngettext(
                "{file}: {added} added, {already} already there, {n} new account",
                "{file}: {added} added, {already} already there, {n} new accounts",
                report.new_accounts,
            ).format(file=name, added=report.added, already=report.already_there, n=report.new_accounts)
        )
        problems += [
            (line, _("{file}: line {line}: {problem}").format(file=name, line=line, problem=message))
            for line, message in report.errors
        ]
    for _line, problem in sorted(problems, key=lambda p: p[0]):
        complain(problem)
    return ROWS_REJECTED if problems else OK
