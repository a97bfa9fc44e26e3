"""`demo`: fill the database with realistic example accounts."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from commands.common import OK
from i18n import _, ngettext

if TYPE_CHECKING:
    from commands.common import Subcommands


def add_parser(commands: Subcommands) -> None:
    demo = commands.add_parser("demo", help=_("fill the database with example accounts"))
    demo.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # Only here: `score` must never load the database layer.
    from services.demo import load_demo
    from services.store import database_url, shown_url

    url = database_url()
    count = load_demo(url)
    print(
        ngettext(
            "demo: added {n} example account to {database}",
            "demo: added {n} example accounts to {database}",
            count,
        ).format(n=count, database=shown_url(url))
    )
    return OK
