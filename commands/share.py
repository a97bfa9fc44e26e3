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
from i18n import _, format_date, ngettext
from scoring.public_address import DEFAULT_PUBLIC_URL, PUBLIC_URL_VAR, local_only_warning
from scoring.sharing import DEFAULT_EXPIRY_DAYS, EXPIRY_CHOICES, share_url, state_label

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
        help=_("create, list or revoke read-only scorecard links"),
        description=_(
            "Print a new read-only link to an account's scorecard (ACCOUNT is its id or its exact "
            "name). The link is shown once; only a hash of it is stored. Links start at "
            "${variable} (default {url})."
        ).format(variable=PUBLIC_URL_VAR, url=DEFAULT_PUBLIC_URL),
    )
    share.add_argument("account", nargs="?", metavar="ACCOUNT", help=_("account id or exact name"))
    expiry = share.add_mutually_exclusive_group()
    expiry.add_argument(
        "--days",
        type=int,
        choices=tuple(days for days in EXPIRY_CHOICES.values() if days is not None),
        default=DEFAULT_EXPIRY_DAYS,
        help=_("expire after N days (default {days})").format(days=DEFAULT_EXPIRY_DAYS),
    )
    expiry.add_argument("--never", action="store_true", help=_("the link never expires"))
    share.add_argument("--notes", action="store_true", help=_("include private notes and evidence"))
    share.add_argument("--label", default="", help=_("who the link is for (shown only to you)"))
    action = share.add_mutually_exclusive_group()
    action.add_argument("--list", action="store_true", help=_("list the links of ACCOUNT"))
    action.add_argument(
        "--revoke", metavar="TOKEN_OR_ID", help=_("withdraw one link, by its token or its id")
    )
    action.add_argument("--revoke-all", action="store_true", help=_("withdraw every link of every account"))
    share.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    options = Options.parsed(args)
    return with_database("share", lambda repo: share(repo, options))


def share(repo: Repository, options: Options) -> int:
    if options.revoke_all:
        count = repo.revoke_all()
        print(
            ngettext("share: revoked {n} live link", "share: revoked {n} live links", count).format(n=count)
        )
        return OK
    if options.revoke:
        return _revoke(repo, options.revoke.strip())
    if not options.account:
        complain(_("share: name an ACCOUNT (id or exact name), or use --revoke / --revoke-all"))
        return NOTHING_DONE
    account = find_account(repo, options.account, "share")
    if account is None:
        return NOTHING_DONE
    if options.listing:
        return _list(repo, account.id, account.name)
    if not repo.assessments(account.id):
        complain(
            _("share: {name} has no screen yet, so there is no scorecard to share").format(name=account.name)
        )
        return NOTHING_DONE
    token, link = repo.create_share(
        account.id, None if options.never else options.days, options.notes, options.label
    )
    base = os.environ.get(PUBLIC_URL_VAR, "").strip() or DEFAULT_PUBLIC_URL
    print(share_url(base, token))
    if link.expires_at:
        made = _("share: link {id} for {name}, expires {date}, shown only this once").format(
            id=link.id, name=account.name, date=format_date(link.expires_at.date())
        )
    else:
        made = _("share: link {id} for {name}, never expires, shown only this once").format(
            id=link.id, name=account.name
        )
    print(made, file=sys.stderr)
    warning = local_only_warning(base)
    if warning:
        complain(_("share: {warning}").format(warning=warning))
    return OK


def _revoke(repo: Repository, target: str) -> int:
    """One link, by the token a person was given or the id `--list` shows."""
    link_id = as_id(target)
    done = repo.revoke_share(link_id) if link_id is not None else repo.revoke_token(target)
    if not done:
        complain(_("share: no live link {token} (unknown, or already revoked)").format(token=repr(target)))
        return ROWS_REJECTED
    print(_("share: revoked"))
    return OK


def _list(repo: Repository, account_id: int, name: str) -> int:
    now = dt.datetime.now(dt.UTC)
    links = repo.shares(account_id)
    if not links:
        print(_("share: {name} has no links").format(name=name))
    for link in links:
        created = _("created {date}").format(date=format_date(link.created_at.date()))
        if link.expires_at:
            expires = _("expires {date}").format(date=format_date(link.expires_at.date()))
        else:
            expires = _("expires never")
        notes = _("notes") if link.include_notes else _("no notes")
        print(f"{link.id}\t{state_label(link.state(now))}\t{created}\t{expires}\t{notes}\t{link.label}")
    return OK
