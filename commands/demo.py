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
    from services.demo import load_demo  # only here: `score` must never load the database layer

    count = load_demo()
    print(f"demo: added {count} example accounts to the database")
    return OK
