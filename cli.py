"""Thin Slice from the terminal, for people who live in a shell or a CRM export, and for scripts.

Run it with the Python of the project's virtualenv (Python 3.11 or newer, see the README):

    .venv/bin/python cli.py score FILE [--today YYYY-MM-DD] [--out FILE] [--sep {,|;}] [--rubric RUBRIC.toml]
    .venv/bin/python cli.py demo
    .venv/bin/python cli.py share ACCOUNT [--days 7|30|90 | --never] [--notes] [--label TEXT]
    .venv/bin/python cli.py ask ACCOUNT [--days 7|30|90|never] [--opening TEXT] [--from NAME]
    .venv/bin/python cli.py ask ACCOUNT --list | --revoke ID
    .venv/bin/python cli.py export [--what assessments|accounts|evidence|answers] [--sep {,|;}] [--out FILE]
                                   [--today DATE]
    .venv/bin/python cli.py export --account ACCOUNT [--json FILE] [--out FILE] [--sep {,|;}] [--today DATE]
    .venv/bin/python cli.py import FILE [--dry-run]
    .venv/bin/python cli.py invoices import FILE [--map "Header=field" ...] [--customer "Name=Client" ...]
                                          [--dry-run]
    .venv/bin/python cli.py invoices export [--out FILE] [--sep {,|;}]
    .venv/bin/python cli.py hours import FILE [--dry-run] | export [--out FILE] [--sep {,|;}]
    .venv/bin/python cli.py rubric show|versions [--version N]
    .venv/bin/python cli.py rubric export [--version N] [--out FILE]
    .venv/bin/python cli.py rubric import FILE [--reason TEXT] [--dry-run] | restore N [--reason TEXT]
    .venv/bin/python cli.py backup FILE
    .venv/bin/python cli.py restore FILE [--yes]
    .venv/bin/python cli.py erase ACCOUNT [--yes] [--wait SECONDS]
    .venv/bin/python cli.py erase --finish [--wait SECONDS]
    .venv/bin/python cli.py --lang nl COMMAND ...

score   Reads an assessment CSV in the schema documented in the README (UTF-8 with
        or without BOM, or Windows-1252; `,` or `;`; FILE `-` is stdin), scores every row
        against the default rubric and writes the file back, rows in the input's order,
        with the computed columns filled in, to stdout or to --out (which gets a BOM so
        Excel reads it as UTF-8). The output keeps the input's separator unless --sep
        says otherwise. Rows dated after --today (default: today) are rejected. It never
        opens the database.

        `score` and `verdict` come from each row alone. `status` and `reason` follow each
        account's rows (same `account` name) in date order; on one day screens come
        before check-ins, then file order:
        - a check-in gets the client's status as it stood after that check-in: the
          baseline is the last screen on or before the account's first check-in, and
          every check-in so far counts. Each check-in is judged as of its own date,
          except the account's newest row, judged as of --today, so only that one can
          be `stale`. `reason` is the reason key behind a watch, let go or fire now.
          A check-in with no screen on or before it has no baseline and is rejected.
        - a screen gets no status; its `reason` says why it is a hell no (the knockout,
          else the dimension on the floor, else the weakest dimension), empty for a
          hell yes.
        The signal columns are read, checked and written back as they were; they do
        not change the score.
demo    Fills the database with realistic example accounts.
share   Prints, lists or revokes read-only scorecard links (ACCOUNT: id or exact name).

export  Writes one of the documented CSV files from the database: `assessments` (the
        schema above, computed columns as of --today), `accounts` (one row per
        account with its current status) or `evidence` (the evidence log). To stdout
        as UTF-8 without a byte-order mark, or to --out as UTF-8 with one (so Excel
        reads it right). Every text cell a spreadsheet could run as a formula gets a
        leading `'`.
        With --account ACCOUNT (id or exact name) it is that account's "export
        everything" instead: --json FILE writes everything stored about it (account,
        assessments, evidence, share links; never a link's token) as JSON, and its
        assessment rows go to --out as CSV, or to stdout when neither --json nor
        --out is given. FILE `-` is stdout.
import  Adds the rows of an assessment CSV (the schema above; UTF-8 with or without BOM,
        UTF-16 or Windows-1252; `,` `;` tab or `|`) to the database in one transaction.
        Prints what the file holds, then what was added; rows already imported are
        counted, not added again, so importing the same file twice adds nothing. A new
        account name makes a new account. --dry-run reads and checks the file and
        writes nothing (a check-in's baseline is only checked by the real import).
invoices
        `invoices import` adds the invoices of a bookkeeping program's CSV export to the
        clients they are for, in one transaction. It prints how it reads the columns (the
        mapping remembered for the file's header layout, else guessed from the column
        names; --map "Header=field" corrects one, field being customer, number, issued_on,
        due_on, terms, amount, currency, paid, paid_on, outstanding or ignore), then what
        it stored. A customer name is matched to the client of that name or company, or to
        the client a --customer "Name=Client" (id or exact name) gave it once: a real import
        remembers both, a --dry-run stores and remembers nothing. An invoice already stored
        is never changed: a file that shows more paid adds the difference as one payment,
        and the same file twice adds nothing. Lines with a problem and lines of a customer
        no client was given for are left out and listed, and the exit status is then 1.
        `invoices export` writes every client's invoices, one row per payment (--out, --sep
        as for export); the import reads that file back as it is.
hours   `hours export` writes each client's planned hours a week (client, weekly_hours);
        `hours import FILE` sets them again from that file or from the accounts export, by
        the client's name, in one transaction. Lines with a problem are listed and left
        out, and the exit status is then 1; --dry-run changes nothing.
rubric  Shows the rubric in use, lists its versions (date, who, why), exports one as TOML
        in the format of scoring/default_rubric.toml, imports a TOML file or restores an old
        version as the next version. Versions are never changed or removed. A broken file
        is refused with one line per problem naming the field; nothing is saved.
backup  Copies the database to FILE while the app may be running (SQLite's online
        backup, a consistent snapshot). SQLite only; use pg_dump for PostgreSQL.
restore Replaces the whole database with a backup made by `backup`, then brings its
        schema up to date. The backup is checked first, on a private copy: it must pass
        SQLite's integrity and foreign-key checks and hold exactly the tables and
        indexes this version's migrations create (no triggers or views of its own).
        Only then is the live database copied to a dated file beside it
        (`thinslice-before-restore-...`) and replaced, in one transaction; a refused or
        failed restore leaves it as it was. Asks to type `yes` first; --yes skips the
        question, and without a terminal --yes is required.
erase   Deletes an account and everything about it (assessments, evidence, share
        links); on SQLite the freed space is overwritten and the write-ahead log is
        emptied into the file, so the text is gone from both. When another program keeps
        reading for longer than --wait seconds (`erase --help` says how long by default),
        it says so and exits 1:
        then `erase --finish` empties the log once that program is done. Backups made
        before still hold it. Asks to type `yes` first, as restore.

Every file a command writes (--out, --json, a backup) is written beside its target
and renamed into place when complete, so a full disk or a crash never leaves half a
file or wipes the previous one; the database's own files are refused as targets.

Every command speaks English or Dutch: `--lang en|nl` (before or after the command), else
the language of LC_ALL, LC_MESSAGES or LANG, the first one set ("C" and "POSIX" are English).
Column names, answer words and other keys in files stay English in every language.

Each problem is one line on stderr, `FILE: line N, column C: message`; good rows are
written (or imported) all the same. Exit status: 0 all done; 1 some rows were
rejected; 2 nothing was done (bad arguments, a missing or unreadable file, a header
that does not fit the schema, a file that is too large or no CSV, an unknown account,
a question not answered `yes`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from importlib.util import find_spec

# What the commands need beyond the standard library (requirements.txt). Checked before
# anything of ours but the language layer is imported, so a plain `python3 cli.py` explains
# itself instead of ending in a traceback.
NEEDS = ("pydantic", "sqlalchemy", "alembic", "babel")
MIN_PYTHON = (3, 11)
NOTHING_DONE = 2

Gettext = Callable[[str], str]


def _untranslated(message: str) -> str:
    return message


def language_gettext(argv: list[str]) -> Gettext:
    """Choose the language of the run (`--lang`, else LC_ALL, LC_MESSAGES, LANG) and return its
    gettext; on a Python too old for our code, or one that cannot find it (`python -I` leaves
    this folder off the path), the English words as they are."""
    if sys.version_info < MIN_PYTHON:
        return _untranslated
    try:
        from commands.language import choose  # the standard library and our catalogs only
        from i18n import gettext
    except ImportError:
        return _untranslated

    choose(argv, os.environ)
    return gettext


def missing_dependencies(_: Gettext = _untranslated) -> str | None:
    """What this Python lacks to run the commands, in words; None when it has it all."""
    if sys.version_info < MIN_PYTHON:
        have = ".".join(str(part) for part in sys.version_info[:3])
        return _("needs Python {need} or newer (this is {have})").format(
            need=f"{MIN_PYTHON[0]}.{MIN_PYTHON[1]}", have=have
        )
    missing = [name for name in NEEDS if find_spec(name) is None]
    return _("this Python lacks {packages}").format(packages=", ".join(missing)) if missing else None


def explain_missing(problem: str, argv: list[str], _: Gettext = _untranslated) -> None:
    command = " ".join(argv) or "COMMAND"
    print(
        _("cli.py: {problem}; run it as .venv/bin/python cli.py {command}").format(
            problem=problem, command=command
        ),
        file=sys.stderr,
    )
    print(
        _(
            "cli.py: install with: python3 -m venv .venv && .venv/bin/pip install -r requirements.txt "
            "(python3 being Python {need} or newer)"
        ).format(need=f"{MIN_PYTHON[0]}.{MIN_PYTHON[1]}"),
        file=sys.stderr,
    )


def main(argv: list[str] | None = None) -> int:
    """Run one command; without the dependencies, say how to get them instead of a traceback."""
    args = list(sys.argv[1:] if argv is None else argv)
    gettext = language_gettext(args)
    problem = missing_dependencies(gettext)
    if problem:
        explain_missing(problem, args, gettext)
        return NOTHING_DONE
    from commands import main as run_command  # imports pydantic and the rest: only once they are there

    return run_command(args)


__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
