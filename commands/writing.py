"""How a command writes what it made: to stdout, or to a file all at once, never onto the database.

Only `filesafe` and `settings` are needed to tell the database's files, so `score` keeps its
--out off them without loading the database layer.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from commands.common import complain
from filesafe import CannotWrite, check_stream, check_target, database_files, write_bytes
from formats import csvcodec
from i18n import _
from settings import configured_database_url


def _protected() -> tuple[tuple[Path, str], ...]:
    """The database's own files, which no command may write over (empty on PostgreSQL)."""
    return database_files(configured_database_url())


def writable(*targets: str | None) -> bool:
    """Whether every named file may be written (stdout always may); False after saying why not.

    Checked for all of a command's files before it writes any, so a refused second file
    never leaves the first one written.
    """
    files = [target for target in targets if target is not None and target != "-"]
    for target in files:
        try:
            check_target(Path(target), _protected())
        except CannotWrite as exc:
            complain(str(exc))
            return False
    real = [Path(target).expanduser().resolve() for target in files]
    if len(set(real)) < len(real):
        complain(_("{file}: named twice; give each file its own name").format(file=files[-1]))
        return False
    return True


def deliver(target: str | None, text: str, *, bom: bool) -> bool:
    """Write `text` to stdout (None or `-`, never a BOM) or to a file, all at once or not at all
    and never onto the database; False after saying why not."""
    try:
        if target is None or target == "-":
            check_stream(sys.stdout.fileno(), _protected())
            _write_stdout(text)
            return True
        data = csvcodec.to_excel_bytes(text) if bom else text.encode("utf-8")
        write_bytes(Path(target), data, _protected())
    except CannotWrite as exc:
        complain(str(exc))
        return False
    return True


def deliver_bytes(target: str, data: bytes) -> bool:
    """Write `data` to a file (never stdout: it is no text), all at once or not at all and never onto
    the database; False after saying why not."""
    try:
        write_bytes(Path(target), data, _protected())
    except CannotWrite as exc:
        complain(str(exc))
        return False
    return True


def _write_stdout(text: str) -> None:
    """Bytes, so CRLF stays CRLF and the locale's encoding does not matter."""
    try:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    except BrokenPipeError:  # `| head` closed the pipe: stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def add_export_options(parser: argparse.ArgumentParser) -> None:
    """`--out` and `--sep` of a command whose `export` action writes a CSV (`invoices`, `hours`)."""
    parser.add_argument("--out", metavar="FILE", help=_("export: write here, with a BOM, instead of stdout"))
    parser.add_argument(
        "--sep",
        choices=csvcodec.SEPARATORS,
        default=None,
        metavar="SEP",
        help=_("export: write with , or ; (default: ; with decimal commas in Dutch, , otherwise)"),
    )
