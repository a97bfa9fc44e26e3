"""The command line, one module per command; `cli.py` is its entry script.

The parser is assembled here from every command's `add_parser`, and `main` runs the
chosen command's `run`. Building the parser loads no database code: a command imports
the services only when it opens the database, so `score` never loads SQLAlchemy.

The language is chosen (`commands.language`) before the parser is built, so every help text
is in it. Importing this package loads nothing but the standard library: the commands are
imported when the parser is built, so `cli.py` may use `commands.language` before it knows
pydantic and the rest are installed.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from commands.language import add_language_option, choose, translate_argparse
from i18n import _

if TYPE_CHECKING:
    from commands.common import Subcommands

__all__ = ["build_parser", "main"]


def _parsers() -> tuple[Callable[[Subcommands], None], ...]:
    """Each command's way of adding its subparser, in the order `--help` lists them."""
    from commands import (
        ask,
        backup,
        demo,
        erase,
        export,
        hours,
        import_,
        invoices,
        restore,
        rubric,
        score,
        share,
    )

    return (
        score.add_parser,
        demo.add_parser,
        share.add_parser,
        ask.add_parser,
        export.add_parser,
        import_.add_parser,
        invoices.add_parser,
        hours.add_parser,
        rubric.add_parser,
        backup.add_parser,
        restore.add_parser,
        erase.add_parser,
    )


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, its texts in the current language (set it first)."""
    translate_argparse()
    parser = argparse.ArgumentParser(
        prog="cli.py",
        description=_("Thin Slice: screen prospects and check in on clients from the terminal."),
        epilog=_("Exit status: 0 all good, 1 some rows rejected, 2 nothing done."),
    )
    add_language_option(parser, top=True)
    subcommands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add_parser in _parsers():
        add_parser(subcommands)
    for command in subcommands.choices.values():
        add_language_option(command, top=False)
    return parser


#: Options whose value is a share token. A link made before tokens stopped starting with "-"
#: may still have one, and argparse takes "--revoke -abc…" for two options.
_TOKEN_OPTIONS = ("--revoke",)


def _glued(args: list[str]) -> list[str]:
    """`--revoke TOKEN` as `--revoke=TOKEN` when TOKEN starts with "-" and has a token's shape."""
    out: list[str] = []
    pending = iter(args)
    from scoring.sharing import looks_like_token

    for arg in pending:
        if arg in _TOKEN_OPTIONS:
            value = next(pending, None)
            if value is not None and value.startswith("-") and looks_like_token(value):
                out.append(f"{arg}={value}")
                continue
            out.append(arg)
            if value is not None:
                out.append(value)
            continue
        out.append(arg)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    args_list = _glued(list(sys.argv[1:] if argv is None else argv))
    from commands.common import NOTHING_DONE

    choose(args_list, os.environ)
    parser = build_parser()
    if not args_list:
        parser.print_help(sys.stderr)
        return NOTHING_DONE
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:  # argparse has printed usage and the error (or the help)
        return exc.code if isinstance(exc.code, int) else NOTHING_DONE
    handler: Callable[[argparse.Namespace], int] = args.handler
    return handler(args)
