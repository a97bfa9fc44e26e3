"""Thin Slice from the terminal, for people who live in a shell or a CRM export, and for scripts.

    python cli.py score FILE [--today YYYY-MM-DD] [--out FILE] [--sep {,|;}]
    python cli.py demo
    python cli.py share ACCOUNT [--days 7|30|90 | --never] [--notes] [--label TEXT]
    python cli.py export [--what assessments|accounts|evidence] [--sep {,|;}] [--out FILE] [--today DATE]
    python cli.py export --account ACCOUNT [--json FILE] [--out FILE] [--sep {,|;}] [--today DATE]
    python cli.py import FILE [--dry-run]
    python cli.py backup FILE
    python cli.py restore FILE [--yes]
    python cli.py erase ACCOUNT [--yes] [--wait SECONDS]
    python cli.py erase --finish [--wait SECONDS]

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
        reading for longer than --wait seconds (default 10), it says so and exits 1:
        then `erase --finish` empties the log once that program is done. Backups made
        before still hold it. Asks to type `yes` first, as restore.

Every file a command writes (--out, --json, a backup) is written beside its target
and renamed into place when complete, so a full disk or a crash never leaves half a
file or wipes the previous one; the database's own files are refused as targets.

Each problem is one line on stderr, `FILE: line N, column C: message`; good rows are
written (or imported) all the same. Exit status: 0 all done; 1 some rows were
rejected; 2 nothing was done (bad arguments, a missing or unreadable file, a header
that does not fit the schema, a file that is too large or no CSV, an unknown account,
a question not answered `yes`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from formats import csvcodec
from scoring import RubricError, default_rubric

OK, ROWS_REJECTED, NOTHING_DONE = 0, 1, 2
EXPORTS = ("assessments", "accounts", "evidence")


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 600:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds from 0 to 600")
    return value


def _iso_date(text: str) -> dt.date:
    try:
        return csvcodec.parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cli.py",
        description="Thin Slice: screen prospects and check in on clients from the terminal.",
        epilog="Exit status: 0 all good, 1 some rows rejected, 2 nothing done.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    score = commands.add_parser(
        "score",
        help="score an assessment CSV without touching the database",
        description=(
            "Score every row of an assessment CSV and write it back with score, verdict, "
            "status and reason filled in. Status and reason follow each account's rows in "
            "date order; each check-in is judged as of its own date, the account's newest "
            "row as of --today. A check-in needs a screen of the same account on or before "
            "its date (the baseline)."
        ),
    )
    score.add_argument("file", metavar="FILE", help="the CSV to score; - reads stdin")
    score.add_argument(
        "--today",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help=(
            "the date to judge each account's newest row as of (only it can be stale); "
            "rows dated later are rejected (default: today)"
        ),
    )
    score.add_argument("--out", metavar="FILE", help="write here instead of stdout")
    score.add_argument(
        "--sep", choices=csvcodec.SEPARATORS, metavar="SEP", help="write with , or ; (default: as the input)"
    )
    score.set_defaults(handler=_score)

    demo = commands.add_parser("demo", help="fill the database with example accounts")
    demo.set_defaults(handler=_demo)

    share = commands.add_parser(
        "share",
        help="create, list or revoke read-only scorecard links",
        description=(
            "Print a new read-only link to an account's scorecard (ACCOUNT is its id or its exact "
            "name). The link is shown once; only a hash of it is stored. Links start at "
            "$THINSLICE_PUBLIC_URL (default http://localhost:8501)."
        ),
    )
    share.add_argument("account", nargs="?", metavar="ACCOUNT", help="account id or exact name")
    expiry = share.add_mutually_exclusive_group()
    expiry.add_argument(
        "--days", type=int, choices=(7, 30, 90), default=30, help="expire after N days (default 30)"
    )
    expiry.add_argument("--never", action="store_true", help="the link never expires")
    share.add_argument("--notes", action="store_true", help="include private notes and evidence")
    share.add_argument("--label", default="", help="who the link is for (shown only to you)")
    action = share.add_mutually_exclusive_group()
    action.add_argument("--list", action="store_true", help="list the links of ACCOUNT")
    action.add_argument("--revoke", metavar="TOKEN_OR_ID", help="withdraw one link, by its token or its id")
    action.add_argument("--revoke-all", action="store_true", help="withdraw every link of every account")
    share.set_defaults(handler=_share)
    _transfer_parsers(commands)
    return parser


def _transfer_parsers(commands: Any) -> None:
    """The data-out-and-in commands: export, import, backup, restore, erase."""
    export = commands.add_parser(
        "export",
        help="write the assessments, accounts or evidence as CSV; or everything about one account",
        description=(
            "Write a documented CSV file from the database: to stdout as UTF-8, or to --out "
            "with a byte-order mark for Excel. With --account, write everything about one "
            "account instead: --json FILE gets the account, assessments, evidence and share "
            "links (never a token) as JSON; its assessment rows go to --out, or to stdout "
            "when neither --json nor --out is given."
        ),
    )
    export.add_argument(
        "--what",
        choices=EXPORTS,
        default=None,
        help="which file: one row per assessment (the default), per account, or per evidence note",
    )
    export.add_argument(
        "--sep", choices=csvcodec.SEPARATORS, default=",", metavar="SEP", help="write with , or ; (default ,)"
    )
    export.add_argument("--out", metavar="FILE", help="write here, with a BOM, instead of stdout")
    export.add_argument(
        "--today",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="the date the computed columns (status, stale) are judged as of (default: today)",
    )
    export.add_argument("--account", metavar="ACCOUNT", help="only this account (id or exact name)")
    export.add_argument(
        "--json", metavar="FILE", help="with --account: write everything about it as JSON here (- is stdout)"
    )
    export.set_defaults(handler=_export)

    import_ = commands.add_parser(
        "import",
        help="add the rows of an assessment CSV to the database",
        description=(
            "Add the rows of an assessment CSV to the database in one transaction. Bad rows "
            "are reported by line and column and left out; the good ones are added. Rows "
            "imported before are not added again."
        ),
    )
    import_.add_argument("file", metavar="FILE", help="the CSV to import")
    import_.add_argument("--dry-run", action="store_true", help="check the file and write nothing")
    import_.set_defaults(handler=_import)

    backup = commands.add_parser(
        "backup",
        help="copy the database to FILE, safely while the app runs",
        description="Copy the SQLite database to FILE with SQLite's online backup (a consistent snapshot).",
    )
    backup.add_argument("file", metavar="FILE", help="where to write the copy")
    backup.set_defaults(handler=_backup)

    restore = commands.add_parser(
        "restore",
        help="replace the whole database with a backup",
        description=(
            "Replace the whole database with FILE, a copy made by `backup`, and bring its schema "
            "up to date. Asks to type yes first."
        ),
    )
    restore.add_argument("file", metavar="FILE", help="the backup to restore")
    restore.add_argument("--yes", action="store_true", help="do not ask (required without a terminal)")
    restore.set_defaults(handler=_restore)

    erase = commands.add_parser(
        "erase",
        help="delete an account and everything about it, for good",
        description=(
            "Delete an account (ACCOUNT is its id or exact name) with its assessments, evidence "
            "and share links. On SQLite the freed space is overwritten. Backups made before "
            "still hold it. Asks to type yes first."
        ),
    )
    erase.add_argument("account", nargs="?", metavar="ACCOUNT", help="account id or exact name")
    erase.add_argument("--yes", action="store_true", help="do not ask (required without a terminal)")
    erase.add_argument(
        "--wait",
        type=_seconds,
        metavar="SECONDS",
        help="how long to wait for other readers before saying the log still holds a copy (default 10)",
    )
    erase.add_argument(
        "--finish",
        action="store_true",
        help="empty the write-ahead log after an erasure that another reader held up (no ACCOUNT)",
    )
    erase.set_defaults(handler=_erase)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = _parser()
    if not args_list:
        parser.print_help(sys.stderr)
        return NOTHING_DONE
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:  # argparse has printed usage and the error (or the help)
        return exc.code if isinstance(exc.code, int) else NOTHING_DONE
    handler = args.handler
    result: int = handler(args)
    return result


def _complain(message: str) -> None:
    print(message, file=sys.stderr)


def _score(args: argparse.Namespace) -> int:
    name: str = args.file
    if not _writable(args.out):
        return NOTHING_DONE
    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as exc:
        _complain(f"{name}: cannot read the file: {exc.strerror or exc}")
        return NOTHING_DONE
    try:
        text = csvcodec.decode(data)
        rubric = default_rubric()
    except (csvcodec.CsvDecodeError, RubricError) as exc:
        _complain(f"{name}: {exc}")
        return NOTHING_DONE

    today: dt.date = args.today or dt.date.today()
    rows, errors = csvcodec.read_numbered_rows(text, rubric, today=today)
    if any(isinstance(error, csvcodec.HeaderError) for error in errors):
        for error in errors:
            _complain(f"{name}: {error}")
        return NOTHING_DONE

    scored, history_errors = csvcodec.score_rows(rows, rubric, today)
    errors = sorted([*errors, *history_errors], key=lambda e: e.line)
    for error in errors:
        _complain(f"{name}: {error}")
    output = csvcodec.write_rows(scored, rubric, args.sep or csvcodec.sniff_separator(text))
    if not _deliver(args.out, output, bom=True):
        return NOTHING_DONE
    return ROWS_REJECTED if errors else OK


def _write_stdout(text: str) -> None:
    """Bytes, so CRLF stays CRLF and the locale's encoding does not matter."""
    try:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    except BrokenPipeError:  # `| head` closed the pipe: stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _demo(args: argparse.Namespace) -> int:
    from services.demo import load_demo  # only here: `score` must never load the database layer

    count = load_demo()
    print(f"demo: added {count} example accounts to the database")
    return OK


def _as_id(text: str) -> int | None:
    """A row id typed by a person: ASCII digits that fit a 64-bit integer, else None.

    Not just str.isdigit(): it accepts "²" (int() then fails) and numbers too big for
    SQLite's INTEGER (the driver then raises OverflowError).
    """
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if number < 2**63 else None


def _find_account(repo: Any, wanted: str, command: str = "share") -> Any:
    """An account by id or exact name (case-insensitive); None after saying what is wrong."""
    overviews = repo.overview()
    account_id = _as_id(wanted)
    if account_id is not None:
        matches = [o.account for o in overviews if o.account.id == account_id]
    else:
        matches = [o.account for o in overviews if o.account.name.casefold() == wanted.strip().casefold()]
    if not matches:
        _complain(f"{command}: no account {wanted!r}; use its id or its exact name")
        return None
    if len(matches) > 1:
        ids = ", ".join(str(a.id) for a in matches)
        _complain(f"{command}: {len(matches)} accounts are called {wanted!r} (ids {ids}); use the id")
        return None
    return matches[0]


def _share(args: argparse.Namespace) -> int:
    from scoring.sharing import share_url
    from services.store import StorageUnavailable, open_repository

    try:
        repo = open_repository()
        return _share_with(repo, args, share_url)
    except StorageUnavailable as exc:
        _complain(f"share: the database cannot be used: {exc.kind}")
        return NOTHING_DONE


def _share_with(repo: Any, args: argparse.Namespace, share_url: Any) -> int:
    now = dt.datetime.now(dt.UTC)
    if args.revoke_all:
        count = repo.revoke_all()
        print(f"share: revoked {count} live link{'s' if count != 1 else ''}")
        return OK
    if args.revoke:
        target: str = args.revoke.strip()
        link_id = _as_id(target)
        done = repo.revoke_share(link_id) if link_id is not None else repo.revoke_token(target)
        if not done:
            _complain(f"share: no live link {target!r} (unknown, or already revoked)")
            return ROWS_REJECTED
        print("share: revoked")
        return OK
    if not args.account:
        _complain("share: name an ACCOUNT (id or exact name), or use --revoke / --revoke-all")
        return NOTHING_DONE
    account = _find_account(repo, args.account)
    if account is None:
        return NOTHING_DONE
    if args.list:
        links = repo.shares(account.id)
        if not links:
            print(f"share: {account.name} has no links")
        for link in links:
            expires = f"{link.expires_at:%Y-%m-%d}" if link.expires_at else "never"
            notes = "notes" if link.include_notes else "no notes"
            print(
                f"{link.id}\t{link.state(now)}\tcreated {link.created_at:%Y-%m-%d}\texpires {expires}"
                f"\t{notes}\t{link.label}"
            )
        return OK
    if not repo.assessments(account.id):
        _complain(f"share: {account.name} has no screen yet, so there is no scorecard to share")
        return NOTHING_DONE
    token, link = repo.create_share(account.id, None if args.never else args.days, args.notes, args.label)
    base = os.environ.get("THINSLICE_PUBLIC_URL", "").strip() or "http://localhost:8501"
    print(share_url(base, token))
    expires = f"expires {link.expires_at:%Y-%m-%d}" if link.expires_at else "never expires"
    print(f"share: link {link.id} for {account.name}, {expires}, shown only this once", file=sys.stderr)
    return OK


# -- data out and in ------------------------------------------------------------------------------


def _with_database(command: str, work: Callable[[Any], int]) -> int:
    """Open the repository (schema brought up to date) and run `work`; a database error is one line."""
    import sqlite3

    from services.store import StorageUnavailable, open_repository

    try:
        repo = open_repository()
    except OSError as exc:  # the folder for the SQLite file cannot be made
        _complain(f"{command}: the database cannot be used: {exc.strerror or exc}")
        return NOTHING_DONE
    except StorageUnavailable as exc:
        _complain(f"{command}: the database cannot be used: {exc.reason}")
        return NOTHING_DONE
    try:
        return work(repo)
    except StorageUnavailable as exc:
        _complain(f"{command}: the database cannot be used: {exc.reason}")
        return NOTHING_DONE
    except sqlite3.Error as exc:
        _complain(f"{command}: the database cannot be used: {_db_reason(exc)}")
        return NOTHING_DONE


def _db_reason(exc: Exception) -> str:
    """The driver's own words when there are any ("database is locked"), else the error's kind."""
    detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return detail[0] if detail else type(exc).__name__


def _protected() -> tuple[tuple[Path, str], ...]:
    """The database's own files, which no command may write over (empty on PostgreSQL)."""
    from filesafe import database_files
    from settings import configured_database_url

    # Without loading the database layer: `score` never opens the database, but its --out
    # must still stay off the database's files.
    return database_files(configured_database_url())


def _writable(*targets: str | None) -> bool:
    """Whether every named file may be written (stdout always may); False after saying why not.

    Checked for all of a command's files before it writes any, so a refused second file
    never leaves the first one written.
    """
    from filesafe import CannotWrite, check_target

    files = [target for target in targets if target not in (None, "-")]
    for target in files:
        try:
            check_target(Path(target), _protected())
        except CannotWrite as exc:
            _complain(str(exc))
            return False
    real = [Path(target).expanduser().resolve() for target in files]
    if len(set(real)) < len(real):
        _complain(f"{files[-1]}: named twice; give each file its own name")
        return False
    return True


def _deliver(target: str | None, text: str, *, bom: bool) -> bool:
    """Write `text` to stdout (None or `-`, never a BOM) or to a file, all at once or not at all
    and never onto the database; False after saying why not."""
    from filesafe import CannotWrite, check_stream, write_bytes

    try:
        if target in (None, "-"):
            check_stream(sys.stdout.fileno(), _protected())
            _write_stdout(text)
            return True
        data = csvcodec.to_excel_bytes(text) if bom else text.encode("utf-8")
        write_bytes(Path(target), data, _protected())
    except CannotWrite as exc:
        _complain(str(exc))
        return False
    return True


def _export(args: argparse.Namespace) -> int:
    if args.json and not args.account:
        _complain("export: --json goes with --account ACCOUNT (everything about one account)")
        return NOTHING_DONE
    if args.account and args.what not in (None, "assessments"):
        _complain("export: --account writes that account's assessments; leave out --what")
        return NOTHING_DONE
    try:
        rubric = default_rubric()
    except RubricError as exc:
        _complain(f"export: {exc}")
        return NOTHING_DONE
    today: dt.date = args.today or dt.date.today()
    if not _writable(args.out, args.json):
        return NOTHING_DONE

    def work(repo: Any) -> int:
        from services import transfer

        if args.account:
            return _export_account(repo, args, rubric, today)
        what = args.what or "assessments"
        if what == "accounts":
            text = transfer.accounts_csv(repo, rubric, today, args.sep)
        elif what == "evidence":
            text = transfer.evidence_csv(repo, args.sep)
        else:
            text = transfer.assessments_csv(repo, rubric, today, args.sep)
        return OK if _deliver(args.out, text, bom=True) else NOTHING_DONE

    return _with_database("export", work)


def _export_account(repo: Any, args: argparse.Namespace, rubric: Any, today: dt.date) -> int:
    """Everything about one account: the JSON bundle to --json, its assessment rows as CSV."""
    from services import transfer
    from services.privacy import account_bundle

    account = _find_account(repo, args.account, "export")
    if account is None:
        return NOTHING_DONE
    if args.json:
        bundle = account_bundle(repo, account.id)
        if not _deliver(args.json, json.dumps(bundle, ensure_ascii=False, indent=2) + "\n", bom=False):
            return NOTHING_DONE
    if args.out or not args.json:
        text = transfer.assessments_csv(repo, rubric, today, args.sep, account_id=account.id)
        if not _deliver(args.out, text, bom=True):
            return NOTHING_DONE
    return OK


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _import(args: argparse.Namespace) -> int:
    name: str = args.file
    limit = csvcodec.MAX_IMPORT_BYTES
    try:
        with Path(name).open("rb") as file:
            data = file.read(limit + 1)  # enough to know it is too large, without reading it all
    except OSError as exc:
        _complain(f"{name}: cannot read the file: {exc.strerror or exc}")
        return NOTHING_DONE
    if len(data) > limit:
        _complain(f"{name}: the file is larger than {limit // (1024 * 1024)} MB, the limit for an import")
        return NOTHING_DONE
    try:
        rubric = default_rubric()
    except RubricError as exc:
        _complain(f"{name}: {exc}")
        return NOTHING_DONE

    from services.transfer import plan_import, run_import

    try:
        plan = plan_import(data, rubric)
    except csvcodec.CsvDecodeError as exc:
        _complain(f"{name}: {exc}")
        return NOTHING_DONE
    if plan.header_error is not None:
        _complain(f"{name}: {plan.header_error}")
        return NOTHING_DONE

    def work(repo: Any) -> int:
        known = {account.name for account in repo.accounts()}
        new = [account for account in plan.accounts if account not in known]
        rows, accounts = _plural(len(plan.incoming), "good row"), _plural(len(plan.accounts), "account")
        problems = [(e.line, f"{name}: {e}") for e in plan.errors]
        if args.dry_run:
            print(f"{name}: {rows} for {accounts}, {len(new)} of them new; dry run, nothing written")
        else:
            print(f"{name}: {rows} for {accounts}, {len(new)} of them new")
            report = run_import(repo, plan)
            print(
                f"{name}: {report.added} added, {report.already_there} already there, "
                f"{_plural(report.new_accounts, 'new account')}"
            )
            problems += [(line, f"{name}: line {line}: {message}") for line, message in report.errors]
        for _, problem in sorted(problems, key=lambda p: p[0]):
            _complain(problem)
        return ROWS_REJECTED if problems else OK

    return _with_database("import", work)


def _backup(args: argparse.Namespace) -> int:
    import sqlite3

    from filesafe import CannotWrite
    from services.store import Refused, StorageUnavailable

    target = Path(args.file)
    if not _writable(args.file):
        return NOTHING_DONE

    def work(repo: Any) -> int:
        try:
            repo.backup(target)
        except Refused as exc:
            _complain(f"backup: {exc}")
            return NOTHING_DONE
        except CannotWrite as exc:
            _complain(str(exc))
            return NOTHING_DONE
        except (sqlite3.Error, StorageUnavailable) as exc:
            _complain(f"{target}: cannot write the backup: {exc}")
            return NOTHING_DONE
        print(f"backup: wrote {target} ({_plural(repo.count_accounts(), 'account')})")
        return OK

    return _with_database("backup", work)


def _restore(args: argparse.Namespace) -> int:
    import sqlite3

    from services.store import RestoreRefused
    from storage.sqlite_files import verify_backup

    source = Path(args.file)
    if not _writable(args.file):  # the database itself, or its log: no backup of anything
        return NOTHING_DONE
    # Checked on a private copy before the question is asked: a file that cannot be restored
    # is refused at once, and nothing about the database changes.
    try:
        verify_backup(source)
    except RestoreRefused as exc:
        _complain(f"restore: {exc}; nothing restored")
        return NOTHING_DONE
    except (OSError, sqlite3.Error) as exc:
        reason = getattr(exc, "strerror", None) or exc
        _complain(f"restore: {source} cannot be checked ({reason}); nothing restored")
        return NOTHING_DONE
    if not args.yes and not _confirm(
        "restore", f"restore: this replaces everything in the database with {source}."
    ):
        return NOTHING_DONE

    def work(repo: Any) -> int:
        from services.store import Refused, StorageUnavailable

        try:
            restored = repo.restore(source)
        except (Refused, RestoreRefused) as exc:
            _complain(f"restore: {exc}; nothing restored")
            return NOTHING_DONE
        except (OSError, sqlite3.Error, StorageUnavailable) as exc:
            reason = getattr(exc, "strerror", None) or exc
            _complain(f"restore: {reason}; the database is as it was before")
            return NOTHING_DONE
        print(f"restore: restored {source} ({_plural(restored.accounts, 'account')})")
        print(f"restore: the database as it was before is kept in {restored.previous}", file=sys.stderr)
        return OK

    return _with_database("restore", work)


def _confirm(command: str, question: str) -> bool:
    """Ask on the terminal; only `yes` goes on. Without a terminal nobody can answer: refuse."""
    if not sys.stdin.isatty():
        _complain(f"{command}: refusing without a terminal to ask; add --yes to go ahead")
        return False
    print(f"{question} Type yes to go on: ", end="", file=sys.stderr, flush=True)
    try:
        answer = sys.stdin.readline()
    except KeyboardInterrupt:
        answer = ""
        print(file=sys.stderr)
    if answer.strip().casefold() != "yes":
        _complain(f"{command}: not confirmed; nothing done")
        return False
    return True


def _erase(args: argparse.Namespace) -> int:
    if args.finish:
        if args.account:
            _complain("erase: --finish goes alone (it empties the log of every earlier erasure)")
            return NOTHING_DONE
        return _with_database("erase", lambda repo: _log_report(repo.wipe_log(args.wait), finish=True))
    if not args.account:
        _complain("erase: name an ACCOUNT (id or exact name), or use --finish")
        return NOTHING_DONE
    if not args.yes and not sys.stdin.isatty():
        _complain("erase: refusing without a terminal to ask; add --yes to go ahead")
        return NOTHING_DONE

    def work(repo: Any) -> int:
        from services.store import NotFound

        account = _find_account(repo, args.account, "erase")
        if account is None:
            return NOTHING_DONE
        if not args.yes:
            held = ", ".join(
                (
                    _plural(len(repo.assessments(account.id)), "assessment"),
                    _plural(len(repo.evidence(account.id)), "evidence note"),
                    _plural(len(repo.shares(account.id)), "share link"),
                )
            )
            question = f"erase: this deletes {account.name!r} (id {account.id}) and {held}, for good."
            if not _confirm("erase", question):
                return NOTHING_DONE
        try:
            wiped = repo.erase(account.id, wait_s=args.wait)
        except NotFound:
            _complain(f"erase: account {account.id} is already gone")
            return NOTHING_DONE
        print(f"erase: erased {account.name} (id {account.id}) and everything about it from the database")
        return _log_report(wiped, finish=False)

    return _with_database("erase", work)


def _log_report(wiped: Any, *, finish: bool) -> int:
    """Say honestly whether SQLite's write-ahead log still holds erased rows."""
    if wiped.cleared:
        if finish:
            print("erase: the write-ahead log is empty; nothing erased is left in the database files")
        return OK
    _complain(
        f"erase: another program is still reading the database, so its write-ahead log ({wiped.wal}) "
        "and the database file may still hold a copy of what was erased until that read ends; "
        "then run `python cli.py erase --finish` to clear it"
    )
    return ROWS_REJECTED


if __name__ == "__main__":
    sys.exit(main())
