"""Thin Slice from the terminal, for people who live in a shell or a CRM export, and for scripts.

    python cli.py score FILE [--today YYYY-MM-DD] [--out FILE] [--sep {,|;}]
    python cli.py demo

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

Each problem is one line on stderr, `FILE: line N, column C: message`; good rows are
written all the same. Exit status: 0 every row scored; 1 some rows were rejected;
2 nothing was done (bad arguments, a missing or unreadable file, a header that does
not fit the schema).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scoring import RubricError, csvcodec, default_rubric

OK, ROWS_REJECTED, NOTHING_DONE = 0, 1, 2


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
    return parser


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
    if args.out:
        try:
            Path(args.out).write_text(output, encoding="utf-8-sig", newline="")
        except OSError as exc:
            _complain(f"{args.out}: cannot write the file: {exc.strerror or exc}")
            return NOTHING_DONE
    else:
        _write_stdout(output)
    return ROWS_REJECTED if errors else OK


def _write_stdout(text: str) -> None:
    """Bytes, so CRLF stays CRLF and the locale's encoding does not matter."""
    try:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    except BrokenPipeError:  # `| head` closed the pipe: stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _demo(args: argparse.Namespace) -> int:
    from storage.demo import load_demo  # only here: `score` must never load the database layer

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


def _find_account(repo: Any, wanted: str) -> Any:
    """An account by id or exact name (case-insensitive); None after saying what is wrong."""
    overviews = repo.overview()
    account_id = _as_id(wanted)
    if account_id is not None:
        matches = [o.account for o in overviews if o.account.id == account_id]
    else:
        matches = [o.account for o in overviews if o.account.name.casefold() == wanted.strip().casefold()]
    if not matches:
        _complain(f"share: no account {wanted!r}; use its id or its exact name")
        return None
    if len(matches) > 1:
        ids = ", ".join(str(a.id) for a in matches)
        _complain(f"share: {len(matches)} accounts are called {wanted!r} (ids {ids}); use the id")
        return None
    return matches[0]


def _share(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from scoring.sharing import share_url
    from storage import open_repository

    try:
        repo = open_repository()
        return _share_with(repo, args, share_url)
    except SQLAlchemyError as exc:
        _complain(f"share: the database cannot be used: {type(exc).__name__}")
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


if __name__ == "__main__":
    sys.exit(main())
