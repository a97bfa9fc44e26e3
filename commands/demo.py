"""`demo`: fill the database with realistic example accounts."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from commands.common import OK

if TYPE_CHECKING:
    from commands.common import Subcommands


def add_parser(commands: Subcommands) -> None:
    demo = commands.add_parser("demo", help="fill the database with example accounts")
    demo.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # Only here: `score` must never load the database layer.
    from services.demo import load_demo
    from services.store import database_url, shown_url

    url = database_url()
    count = load_demo(url)
    print(f"demo: added {count} example account{'' if count == 1 else 's'} to {shown_url(url)}")
    return OK
