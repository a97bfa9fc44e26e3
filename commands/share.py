"""`share`: print, list or revoke read-only scorecard links."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from commands.common import NOTHING_DONE, OK, ROWS_REJECTED, complain
from commands.database import as_id, find_account, with_database
from scoring.public_address import DEFAULT_PUBLIC_URL, PUBLIC_URL_VAR, local_only_warning
from scoring.sharing import DEFAULT_EXPIRY_DAYS, EXPIRY_CHOICES, share_url

if TYPE_CHECKING:
    from commands.common import Subcommands
    from services.store import Repository


@dataclass(frozen=True)
class Options:
    account: str | None
    days: int
    never: bool
    notes: bool
    label: str
    listing: bool
    revoke: str | None
    revoke_all: bool

    @classmethod
    def parsed(cls, args: argparse.Namespace) -> Options:
        return cls(
            account=args.account,
            days=args.days,
            never=args.never,
            notes=args.notes,
            label=args.label,
            listing=args.list,
            revoke=args.revoke,
            revoke_all=args.revoke_all,
        )


def add_parser(commands: Subcommands) -> None:
    share = commands.add_parser(
        "share",
        help="create, list or revoke read-only scorecard links",
        description=(
            "Print a new read-only link to an account's scorecard (ACCOUNT is its id or its exact "
            "name). The link is shown once; only a hash of it is stored. Links start at "
            f"${PUBLIC_URL_VAR} (default {DEFAULT_PUBLIC_URL})."
        ),
    )
    share.add_argument("account", nargs="?", metavar="ACCOUNT", help="account id or exact name")
    expiry = share.add_mutually_exclusive_group()
    expiry.add_argument(
        "--days",
        type=int,
        choices=tuple(days for days in EXPIRY_CHOICES.values() if days is not None),
        default=DEFAULT_EXPIRY_DAYS,
        help=f"expire after N days (default {DEFAULT_EXPIRY_DAYS})",
    )
    expiry.add_argument("--never", action="store_true", help="the link never expires")
    share.add_argument("--notes", action="store_true", help="include private notes and evidence")
    share.add_argument("--label", default="", help="who the link is for (shown only to you)")
    action = share.add_mutually_exclusive_group()
    action.add_argument("--list", action="store_true", help="list the links of ACCOUNT")
    action.add_argument("--revoke", metavar="TOKEN_OR_ID", help="withdraw one link, by its token or its id")
    action.add_argument("--revoke-all", action="store_true", help="withdraw every link of every account")
    share.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    options = Options.parsed(args)
    return with_database("share", lambda repo: share(repo, options))


def share(repo: Repository, options: Options) -> int:
    if options.revoke_all:
        count = repo.revoke_all()
        print(f"share: revoked {count} live link{'s' if count != 1 else ''}")
        return OK
    if options.revoke:
        return _revoke(repo, options.revoke.strip())
    if not options.account:
        complain("share: name an ACCOUNT (id or exact name), or use --revoke / --revoke-all")
        return NOTHING_DONE
    account = find_account(repo, options.account, "share")
    if account is None:
        return NOTHING_DONE
    if options.listing:
        return _list(repo, account.id, account.name)
    if not repo.assessments(account.id):
        complain(f"share: {account.name} has no screen yet, so there is no scorecard to share")
        return NOTHING_DONE
    token, link = repo.create_share(
        account.id, None if options.never else options.days, options.notes, options.label
    )
    base = os.environ.get(PUBLIC_URL_VAR, "").strip() or DEFAULT_PUBLIC_URL
    print(share_url(base, token))
    expires = f"expires {link.expires_at:%Y-%m-%d}" if link.expires_at else "never expires"
    print(f"share: link {link.id} for {account.name}, {expires}, shown only this once", file=sys.stderr)
    warning = local_only_warning(base)
    if warning:
        complain(f"share: {warning}")
    return OK


def _revoke(repo: Repository, target: str) -> int:
    """One link, by the token a person was given or the id `--list` shows."""
    link_id = as_id(target)
    done = repo.revoke_share(link_id) if link_id is not None else repo.revoke_token(target)
    if not done:
        complain(f"share: no live link {target!r} (unknown, or already revoked)")
        return ROWS_REJECTED
    print("share: revoked")
    return OK


def _list(repo: Repository, account_id: int, name: str) -> int:
    now = dt.datetime.now(dt.UTC)
    links = repo.shares(account_id)
    if not links:
        print(f"share: {name} has no links")
    for link in links:
        expires = f"{link.expires_at:%Y-%m-%d}" if link.expires_at else "never"
        notes = "notes" if link.include_notes else "no notes"
        print(
            f"{link.id}\t{link.state(now)}\tcreated {link.created_at:%Y-%m-%d}\texpires {expires}"
            f"\t{notes}\t{link.label}"
        )
    return OK
