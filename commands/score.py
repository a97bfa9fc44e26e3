"""`score`: an assessment CSV in, the same rows with the computed columns filled in out.

It never opens the database, and never loads the database layer: only the file formats,
the domain and `filesafe` (to keep --out off the database's own files).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from commands.common import NOTHING_DONE, OK, ROWS_REJECTED, complain, iso_date
from commands.writing import deliver, writable
from formats import csvcodec
from i18n import _
from scoring import RubricError, default_rubric, load_rubric

if TYPE_CHECKING:
    from commands.common import Subcommands


@dataclass(frozen=True)
class Options:
    file: str
    today: dt.date | None
    out: str | None
    sep: str | None
    rubric: str | None = None

    @classmethod
    def parsed(cls, args: argparse.Namespace) -> Options:
        return cls(file=args.file, today=args.today, out=args.out, sep=args.sep, rubric=args.rubric)


def add_parser(commands: Subcommands) -> None:
    score = commands.add_parser(
        "score",
        help=_("score an assessment CSV without touching the database"),
        description=_(
            "Score every row of an assessment CSV and write it back with score, verdict, "
            "status and reason filled in. Status and reason follow each account's rows in "
            "date order; each check-in is judged as of its own date, the account's newest "
            "row as of --today. A check-in needs a screen of the same account on or before "
            "its date (the baseline)."
        ),
    )
    score.add_argument("file", metavar="FILE", help=_("the CSV to score; - reads stdin"))
    score.add_argument(
        "--today",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help=_(
            "the date to judge each account's newest row as of (only it can be stale); "
            "rows dated later are rejected (default: today)"
        ),
    )
    score.add_argument("--out", metavar="FILE", help=_("write here instead of stdout"))
    score.add_argument(
        "--sep",
        choices=csvcodec.SEPARATORS,
        metavar="SEP",
        help=_("write with , or ; (default: as the input)"),
    )
    score.add_argument(
        "--rubric",
        metavar="RUBRIC.toml",
        help=_(
            "score with this rubric file (the format of scoring/default_rubric.toml: weights, "
            "knockouts, thresholds, status rules) instead of the default; a broken one is refused "
            "with a line per problem"
        ),
    )
    score.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    return score(Options.parsed(args))


def score(options: Options) -> int:
    name = options.file
    if not writable(options.out):
        return NOTHING_DONE
    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as exc:
        complain(_("{file}: cannot read the file: {reason}").format(file=name, reason=exc.strerror or exc))
        return NOTHING_DONE
    try:
        rubric = load_rubric(options.rubric) if options.rubric is not None else default_rubric()
    except RubricError as exc:
        for problem in exc.problems:
            complain(problem)
        return NOTHING_DONE
    try:
        text = csvcodec.decode(data)
    except csvcodec.CsvDecodeError as exc:
        complain(f"{name}: {exc}")
        return NOTHING_DONE

    today = options.today or dt.date.today()
    rows, errors = csvcodec.read_numbered_rows(text, rubric, today=today)
    if any(isinstance(error, csvcodec.HeaderError) for error in errors):
        for error in errors:
            complain(f"{name}: {error}")
        return NOTHING_DONE

    scored, history_errors = csvcodec.score_rows(rows, rubric, today)
    errors = sorted([*errors, *history_errors], key=lambda e: e.line)
    for error in errors:
        complain(f"{name}: {error}")
    output = csvcodec.write_rows(scored, rubric, options.sep or csvcodec.sniff_separator(text))
    if not deliver(options.out, output, bom=True):
        return NOTHING_DONE
    return ROWS_REJECTED if errors else OK
