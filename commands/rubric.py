"""`rubric`: show the rubric in use, list its versions, export one as TOML, import or restore one.

Every import or restore is a new version (`services.rubrics`); nothing a version held is ever
changed. A file that cannot be used is refused with one line per problem and nothing is saved.
"""

from __future__ import annotations

import argparse
import getpass
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from commands.common import NOTHING_DONE, OK, complain
from commands.database import with_database
from commands.writing import deliver, writable
from i18n import _, format_date, format_score, ngettext

if TYPE_CHECKING:
    from commands.common import Subcommands
    from scoring import Rubric
    from services.rubrics import Version
    from services.store import Repository

ACTIONS = ("show", "versions", "export", "import", "restore")


@dataclass(frozen=True)
class Options:
    action: str
    target: str | None
    version: int | None
    out: str | None
    reason: str
    dry_run: bool

    @classmethod
    def parsed(cls, args: argparse.Namespace) -> Options:
        return cls(
            action=args.action,
            target=args.target,
            version=args.version,
            out=args.out,
            reason=args.reason,
            dry_run=args.dry_run,
        )


def add_parser(commands: Subcommands) -> None:
    rubric = commands.add_parser(
        "rubric",
        help=_("show, list, export, import or restore versions of the rubric"),
        description=_(
            "show: the rubric in use (or --version N). versions: every version, newest first, with "
            "who saved it and why. export: a version as TOML (--out FILE, else stdout), in the "
            "format of the default rubric file. import FILE: a TOML rubric saved as the next "
            "version. restore N: version N saved again as the next version. Nothing is ever "
            "overwritten."
        ),
    )
    rubric.add_argument("action", choices=ACTIONS, metavar="{" + ",".join(ACTIONS) + "}")
    rubric.add_argument(
        "target", nargs="?", metavar="FILE_OR_N", help=_("import: the file; restore: the version")
    )
    rubric.add_argument("--version", type=int, metavar="N", help=_("show or export version N"))
    rubric.add_argument("--out", metavar="FILE", help=_("export: write to FILE instead of stdout"))
    rubric.add_argument("--reason", default="", help=_("import or restore: one line saying why"))
    rubric.add_argument(
        "--dry-run", action="store_true", help=_("import: check the file and say what would change")
    )
    rubric.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    options = Options.parsed(args)
    if options.action in ("import", "restore") and options.target is None:
        if options.action == "import":
            complain(_("rubric import: say which file, e.g. rubric import mine.toml"))
        else:
            complain(_("rubric restore: say which version, e.g. rubric restore 1"))
        return NOTHING_DONE
    if options.action not in ("import", "restore") and options.target is not None:
        complain(_("rubric {action}: unexpected {value}").format(action=options.action, value=options.target))
        return NOTHING_DONE
    if options.action == "export" and not writable(options.out):
        return NOTHING_DONE
    text = None
    if options.action == "import":
        assert options.target is not None
        try:
            text = Path(options.target).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            complain(
                _("{file}: cannot read the rubric file: {reason}").format(file=options.target, reason=reason)
            )
            return NOTHING_DONE
    return with_database("rubric", lambda repo: _act(repo, options, text))


def _who() -> str:
    """Who saves from the command line: the account running it."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return os.environ.get("USER", "")


def _act(repo: Repository, options: Options, text: str | None) -> int:
    from services import rubrics

    try:
        if options.action == "versions":
            for found in rubrics.versions(repo):
                print(_version_line(found))
            return OK
        if options.action == "show":
            chosen = (
                rubrics.current_version(repo)
                if options.version is None
                else rubrics.version(repo, options.version)
            )
            print(describe(chosen.rubric))
            return OK
        if options.action == "export":
            return (
                OK
                if deliver(options.out, rubrics.export_text(repo, options.version), bom=False)
                else NOTHING_DONE
            )
        if options.action == "restore":
            number = _number(options.target)
            if number is None:
                return NOTHING_DONE
            saved = rubrics.restore(repo, number, saved_by=_who(), reason=options.reason)
            print(
                _("Version {number} saved: version {old} restored.").format(number=saved.number, old=number)
            )
            return OK
        assert text is not None and options.target is not None
        return _import(repo, text, options)
    except rubrics.RubricError as exc:
        for problem in exc.problems:
            complain(problem)
        complain(_("rubric {action}: nothing saved").format(action=options.action))
    except rubrics.Unchanged as exc:
        complain(str(exc))
    except rubrics.VersionTaken as exc:
        complain(
            _("rubric {action}: version {number} was saved meanwhile; nothing saved, try again").format(
                action=options.action, number=exc.latest
            )
        )
    except LookupError as exc:
        complain(str(exc))
    return NOTHING_DONE


def _import(repo: Repository, text: str, options: Options) -> int:
    from scoring.rubric import parse_rubric
    from scoring.rubric_file import differences
    from services import rubrics

    assert options.target is not None
    if options.dry_run:
        rubric = parse_rubric(text, options.target)
        now = rubrics.current_version(repo)
        problems = rubrics.check(now.rubric, rubric)
        if problems:
            raise rubrics.RubricError("; ".join(problems), problems)
        changes = differences(now.rubric, rubric)
        for line in changes:
            print(f"- {line}")
        print(
            ngettext(
                "{file}: {n} change to version {number}; dry run, nothing saved",
                "{file}: {n} changes to version {number}; dry run, nothing saved",
                len(changes),
            ).format(file=options.target, n=len(changes), number=now.number)
        )
        return OK
    saved = rubrics.import_text(repo, text, source=options.target, saved_by=_who(), reason=options.reason)
    print(_("{file}: saved as version {number}").format(file=options.target, number=saved.number))
    return OK


def _number(text: str | None) -> int | None:
    try:
        return int(text or "")
    except ValueError:
        complain(_("rubric restore: {value} is not a version number").format(value=repr(text)))
        return None


def _version_line(found: Version) -> str:
    if found.built_in:
        return _("v{number}  built in  {name}").format(number=found.number, name=found.rubric.name)
    assert found.saved_at is not None
    who = found.saved_by or "-"
    line = _("v{number}  {date}  {who}  {name}").format(
        number=found.number, date=format_date(found.saved_at.date()), who=who, name=found.rubric.name
    )
    return f"{line}  {found.reason}" if found.reason else line


def describe(rubric: Rubric) -> str:
    """The rubric as a person reads it in a terminal: its rules, then each dimension."""
    from scoring.rubric_file import RULES

    lines = [_("{name}, version {number}").format(name=rubric.name, number=rubric.version), ""]
    for rule in RULES:
        section = rubric.verdict if rule.section == "verdict" else rubric.status
        lines.append(f"{rule.label}: {rule.value(getattr(section, rule.name))}")
    lines.append("")
    total = sum(d.weight for d in rubric.dimensions)
    for dim in rubric.dimensions:
        share = round(100 * dim.weight / total)
        mark = "  " + _("knockout") if dim.knockout else ""
        weight = _("weight {weight} ({share}% of the score)").format(
            weight=format_score(dim.weight), share=share
        )
        lines.append(f"{dim.key:<20} {dim.label:<28} {weight}{mark}")
    for dim in rubric.retired:
        lines.append(f"{dim.key:<20} {dim.label:<28} {_('retired')}")
    return "\n".join(lines)
