"""`import`: add the rows of an assessment CSV, or a file of their answers, to the database,
in one transaction.

Which of the two a file is, its header says: an answers file names `submitted_at` (see
`formats.answers_csv`), an assessments file does not. (The trailing underscore only because
`import` is a Python keyword.)
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from commands.common import NOTHING_DONE, OK, ROWS_REJECTED, complain
from commands.database import with_database
from formats import csvcodec
from i18n import _, ngettext
from scoring import RubricError

if TYPE_CHECKING:
    from commands.common import Subcommands
    from services.store import Repository
    from services.transfer import AnswersPlan, ImportPlan


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
        help=_("add the rows of an assessment CSV, or of their answers, to the database"),
        description=_(
            "Add the rows of an assessment CSV to the database in one transaction. Bad rows "
            "are reported by line and column and left out; the good ones are added. Rows "
            "imported before are not added again. Any size is read (the 20 MB limit is the "
            "browser's, for uploads on the Data page), so a team can import its own export."
        )
        + " "
        + _(
            "A file of their answers to questionnaires (export --what answers; its header names "
            "submitted_at) is told apart by its header: each answer set goes to the account of its "
            "name, which must exist already."
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
    from services import portable
    from services.transfer import is_answers_file, plan_answers_text, plan_text

    if portable.is_archive(data):
        return with_database("import", partial(_bring_in, data=data, name=name, dry_run=options.dry_run))
    try:
        text = csvcodec.check_import(data, limit=len(data))
    except csvcodec.CsvDecodeError as exc:
        complain(f"{name}: {exc}")
        return NOTHING_DONE
    if portable.lone_kind(text) not in (None, portable.ASSESSMENTS_FILE, portable.ANSWERS_FILE):
        # One file of an archive (accounts.csv, evidence.csv, ...): read as the archive reads it.
        del text
        return with_database("import", partial(_bring_in, data=data, name=name, dry_run=options.dry_run))
    del data  # the text holds what the import needs: the file's bytes are not kept through it
    if is_answers_file(text):
        answers = plan_answers_text(text)
        del text
        if answers.header_error is not None:
            complain(f"{name}: {answers.header_error}")
            return NOTHING_DONE
        return with_database(
            "import", lambda repo: _add_answers(repo, answers, name, dry_run=options.dry_run)
        )
    held = [text]  # handed over, not kept: the plan holds what the import needs
    del text

    def work(repo: Repository) -> int:
        from services.rubrics import current, numbers

        try:
            rubric = current(repo)  # rows are read against the version in use
        except RubricError as exc:
            complain(f"{name}: {exc}")
            return NOTHING_DONE
        plan = plan_text(held.pop(), rubric, versions=numbers(repo))
        if plan.header_error is not None:
            complain(f"{name}: {plan.header_error}")
            return NOTHING_DONE
        return _add(repo, plan, name, dry_run=options.dry_run)

    return with_database("import", work)


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


def _add_answers(repo: Repository, plan: AnswersPlan, name: str, *, dry_run: bool) -> int:
    """An answers file: what it holds, what was added, then every rejected row in line order."""
    from services.transfer import run_answers_import

    rows = ngettext("{n} good row", "{n} good rows", len(plan.rows)).format(n=len(plan.rows))
    accounts = ngettext("{n} account", "{n} accounts", len(plan.accounts)).format(n=len(plan.accounts))
    report = run_answers_import(repo, plan, dry_run=dry_run)
    if dry_run:
        holds = _("{file}: their answers, {rows} for {accounts}; dry run, nothing written")
        print(holds.format(file=name, rows=rows, accounts=accounts))
    else:
        print(
            _("{file}: their answers, {rows} for {accounts}").format(file=name, rows=rows, accounts=accounts)
        )
        print(
            _("{file}: {added} added, {already} already there").format(
                file=name, added=report.added, already=report.already_there
            )
        )
    problems = sorted([*plan.errors, *report.errors], key=lambda e: e.line)
    for problem in problems:
        complain(f"{name}: {problem}")
    return ROWS_REJECTED if problems else OK


def _bring_in(repo: Repository, *, data: bytes, name: str, dry_run: bool) -> int:
    """An archive of the portable export, or one of its files alone: what each file brings and what
    the import does with it (a dry run: would do), every problem on stderr. An archive with a bad
    line is not imported at all."""
    from services import portable

    try:
        bundle = portable.read_bundle(repo, data, name, limited=False)
    except portable.NotAnExport as exc:
        complain(f"{name}: {exc}")
        return NOTHING_DONE
    for problem in bundle.problems:
        complain(f"{name}: {problem}")
    if not bundle.whole:
        complain(
            ngettext(
                "{file}: nothing imported: {n} line above is wrong; an archive goes in whole or not at all",
                "{file}: nothing imported: {n} lines above are wrong; an archive goes in whole or not at all",
                len(bundle.problems),
            ).format(file=name, n=len(bundle.problems))
        )
        return NOTHING_DONE
    if bundle.archive:
        print(_("{file}: an archive exported {moment}").format(file=name, moment=bundle.exported_at or "?"))
    report = portable.preview(repo, bundle) if dry_run else portable.run(repo, bundle)
    for row in portable.tally_rows(report, bundle):
        if not row["rows"] and bundle.archive:
            continue  # a kind of data the archive has none of
        print(
            _(
                "{file}: {part}: {rows} rows: {added} added, {changed} changed, {skipped} already there"
            ).format(file=name, part=row["file"], **{k: v for k, v in row.items() if k != "file"})
        )
    for change in report.changes:
        print(
            f"{name}: {portable.KIND_FILES[change.kind]}: "
            + _("line {line}: {problem}").format(line=change.line, problem=portable.change_text(change))
        )
    for left in report.left:
        complain(
            f"{name}: {portable.KIND_FILES[left.kind]}: "
            + _("line {line}: {problem}").format(line=left.line, problem=portable.left_text(left))
        )
    done = portable.summary(report)
    print(f"{name}: " + (_("{done}; dry run, nothing written").format(done=done) if dry_run else done))
    return ROWS_REJECTED if bundle.problems or report.left else OK
