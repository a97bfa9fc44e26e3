"""`ask`: send an account a questionnaire (fit for a prospect, review for a client), list its
links, or withdraw one.

The link is printed once and never stored (only its hash is), as with `share`; it starts at the
same public address (`THINSLICE_PUBLIC_URL`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from commands.common import NOTHING_DONE, OK, ROWS_REJECTED, complain
from commands.database import as_id, find_account, with_database
from i18n import _, format_date
from scoring.public_address import DEFAULT_PUBLIC_URL, PUBLIC_URL_VAR, local_only_warning
from scoring.questionnaires import link_state_label, questionnaire_url
from scoring.sharing import DEFAULT_EXPIRY_DAYS, EXPIRY_CHOICES

if TYPE_CHECKING:
    from commands.common import Subcommands
    from services.store import AccountRecord, Repository

#: What `--days` takes: the share links' expiry choices, "never" included.
NEVER = "never"
DAYS = tuple(NEVER if days is None else str(days) for days in EXPIRY_CHOICES.values())


@dataclass(frozen=True)
class Options:
    account: str | None
    days: int | None
    opening: str
    sender: str | None
    listing: bool
    revoke: str | None

    @classmethod
    def parsed(cls, args: argparse.Namespace) -> Options:
        return cls(
            account=args.account,
            days=None if args.days == NEVER else int(args.days),
            opening=args.opening,
            sender=args.sender,
            listing=args.list,
            revoke=args.revoke,
        )


def add_parser(commands: Subcommands) -> None:
    ask = commands.add_parser(
        "ask",
        help=_("send an account a questionnaire, list its questionnaire links or withdraw one"),
        description=_(
            "Print a new questionnaire link for an account (ACCOUNT is its id or its exact name): "
            "the fit questionnaire for a prospect, the review for a client. Whoever opens it "
            "answers once. The link is shown once; only a hash of it is stored. Links start at "
            "${variable} (default {url})."
        ).format(variable=PUBLIC_URL_VAR, url=DEFAULT_PUBLIC_URL),
    )
    ask.add_argument("account", nargs="?", metavar="ACCOUNT", help=_("account id or exact name"))
    ask.add_argument(
        "--days",
        choices=DAYS,
        default=str(DEFAULT_EXPIRY_DAYS),
        metavar="|".join(DAYS),
        help=_("the link expires after this many days, or never (default {days})").format(
            days=DEFAULT_EXPIRY_DAYS
        ),
    )
    ask.add_argument(
        "--opening",
        default="",
        metavar="TEXT",
        help=_("your own opening above the questions, instead of the questionnaire's"),
    )
    ask.add_argument(
        "--from",
        dest="sender",
        default=None,
        metavar="NAME",
        help=_("who the questionnaire comes from, as they will read it (default: the name set in the app)"),
    )
    action = ask.add_mutually_exclusive_group()
    action.add_argument("--list", action="store_true", help=_("list the questionnaire links of ACCOUNT"))
    action.add_argument(
        "--revoke", metavar="ID", help=_("withdraw one questionnaire link, by the id --list shows")
    )
    ask.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    options = Options.parsed(args)
    return with_database("ask", lambda repo: ask(repo, options))


def ask(repo: Repository, options: Options) -> int:
    if options.revoke is not None:
        return _revoke(repo, options.revoke.strip())
    if not options.account:
        complain(_("ask: name an ACCOUNT (id or exact name), or use --revoke ID"))
        return NOTHING_DONE
    account = find_account(repo, options.account, "ask")
    if account is None:
        return NOTHING_DONE
    if options.listing:
        return _list(repo, account)
    return _ask(repo, account, options)


def _ask(repo: Repository, account: AccountRecord, options: Options) -> int:
    from services import questionnaires
    from services.settings import preferences
    from services.store import NotFound, Refused

    sender = options.sender if options.sender is not None else preferences(repo).questionnaire_sender
    if not sender.strip():
        complain(
            _(
                "ask: say who the questionnaire comes from: add --from NAME, or set your name or "
                "your business's under Settings in the app"
            )
        )
        return NOTHING_DONE
    kind = questionnaires.kind_for(account.stage)
    try:
        token, link = questionnaires.ask(
            repo, account.id, kind, options.days, opening=options.opening, sender=sender
        )
    except Refused as exc:
        complain(_("ask: {problem}").format(problem=exc))
        return NOTHING_DONE
    except NotFound:
        complain(
            _("{command}: no account {name}; use its id or its exact name").format(
                command="ask", name=repr(options.account)
            )
        )
        return NOTHING_DONE
    base = os.environ.get(PUBLIC_URL_VAR, "").strip() or DEFAULT_PUBLIC_URL
    print(questionnaire_url(base, token))
    if link.expires_at:
        made = _("ask: {questionnaire} link {id} for {name}, expires {date}, shown only this once").format(
            questionnaire=kind.label, id=link.id, name=account.name, date=format_date(link.expires_at.date())
        )
    else:
        made = _("ask: {questionnaire} link {id} for {name}, never expires, shown only this once").format(
            questionnaire=kind.label, id=link.id, name=account.name
        )
    print(made, file=sys.stderr)
    warning = local_only_warning(base)
    if warning:
        complain(_("ask: {warning}").format(warning=warning))
    return OK


def _revoke(repo: Repository, target: str) -> int:
    link_id = as_id(target)
    if link_id is None or not repo.revoke_questionnaire(link_id):
        complain(
            _("ask: no questionnaire link {id} waiting for answers (unknown, answered or withdrawn)").format(
                id=repr(target)
            )
        )
        return ROWS_REJECTED
    print(_("ask: withdrawn"))
    return OK


def _list(repo: Repository, account: AccountRecord) -> int:
    now = dt.datetime.now(dt.UTC)
    links = repo.questionnaire_links(account.id)
    if not links:
        print(_("ask: {name} has no questionnaire links").format(name=account.name))
    for link in links:
        created = _("created {date}").format(date=format_date(link.created_at.date()))
        if link.expires_at:
            expires = _("expires {date}").format(date=format_date(link.expires_at.date()))
        else:
            expires = _("expires never")
        state = link_state_label(link.state(now))
        print(f"{link.id}\t{state}\t{link.kind.label}\t{created}\t{expires}\t{link.sender}")
    return OK
