"""One cell of a download: formula-safe text, quoted when a spreadsheet could cut it.

Changes when a spreadsheet program is found to run or split a cell in a way we do not
guard yet. The rules are in `formats.csvcodec`'s docstring, the public promise;
`safe_cell` adds exactly the quotes they ask for and `unsafe_cell` takes exactly those
off, so reading gives back what was typed.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from decimal import Decimal
from enum import Enum

from scoring.models import format_score

# A spreadsheet runs a cell starting with one of these as a formula.
_FORMULA_CHARS = "=+-@＝＋－＠"
# Judged at the start of a cell: the formula characters, and control characters that can
# be made into one.
_FORMULA_STARTS = frozenset(_FORMULA_CHARS + "\t\r\n")
# Looked past before the first character is judged: our own quote (and an author's),
# and spaces, which LibreOffice's "trim spaces" import option would take off.
_LOOKED_PAST = "' "
# Where a spreadsheet may cut a cell, whatever the file's separator: each separator
# `READ_SEPARATORS` offers, the quote character and line breaks. A cell holding one is
# quoted; after one, a formula character (past `'` and spaces) gets a `'` of its own.
# Tab, CR and LF need no quote behind them: they are break characters, so what follows
# them is judged in turn.
_BREAK_CHARS = ',;\t|"\r\n'
_BREAK = f"[{re.escape(_BREAK_CHARS)}]"
_FORMULA_AHEAD = f"(?=[{re.escape(_LOOKED_PAST)}]*[{re.escape(_FORMULA_CHARS)}])"
# Searched first (it starts with the break character, which the regex engine scans for
# fast); the substitution, which few cells need, then puts a `'` behind each one.
_BREAK_BEFORE_FORMULA = re.compile(_BREAK + _FORMULA_AHEAD)
_AFTER_BREAK_BEFORE_FORMULA = re.compile(f"(?<={_BREAK}){_FORMULA_AHEAD}")
_OUR_QUOTE_AFTER_BREAK = re.compile(f"(?<={_BREAK})'{_FORMULA_AHEAD}")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def safe_cell(text: str) -> str:
    """The cell with a `'` wherever a spreadsheet could start running it as a formula.

    At the start: the first character that counts is the first after any quotes and
    spaces, so a cell that already starts with `'=` gets one more quote and
    `unsafe_cell` can tell our quote from the author's, and ` =1` is caught before a
    "trim spaces" import option turns it into `=1`. After each break character
    (`,` `;` tab `|` `"` CR LF), where a spreadsheet splitting on another separator
    starts a new cell, the same judgement puts a `'` right behind the break character.
    """
    if _formula_like(text):
        text = "'" + text
    if not _holds_formula_char(text) or _BREAK_BEFORE_FORMULA.search(text) is None:
        return text
    return _AFTER_BREAK_BEFORE_FORMULA.sub("'", text)


def unsafe_cell(text: str) -> str:
    """Undo `safe_cell`: drop the `'` in front of each formula-like start it guarded."""
    if text.startswith("'") and _formula_like(text):
        text = text[1:]
    if "'" not in text:
        return text
    return _OUR_QUOTE_AFTER_BREAK.sub("", text)


def _formula_like(text: str) -> bool:
    return text.lstrip(_LOOKED_PAST)[:1] in _FORMULA_STARTS


def _holds_formula_char(text: str) -> bool:
    """`_FORMULA_CHARS` written out as `in` tests, before any regex: an export judges every
    distinct cell, and most hold none of them."""
    return (
        "=" in text
        or "+" in text
        or "-" in text
        or "@" in text
        or (not text.isascii() and ("＝" in text or "＋" in text or "－" in text or "＠" in text))
    )


def quoted(text: str) -> str:
    """A cell in quotes (quotes in it doubled) when it holds any break character, whatever
    the file's separator: a spreadsheet that splits on another one then keeps it whole.

    The `in` tests are `_BREAK_CHARS` written out: faster than a regex for every cell.
    """
    if not (
        "," in text
        or ";" in text
        or "\t" in text
        or "|" in text
        or '"' in text
        or "\r" in text
        or "\n" in text
    ):
        return text
    return '"' + text.replace('"', '""') + '"'


def record(cells: Iterable[str], sep: str) -> str:
    """One record of a download, its cells quoted as `quoted` says, with a CR LF end."""
    return sep.join(map(quoted, cells)) + "\r\n"


def to_cell(value: object, *, numeric: bool = False, score: bool = False, decimal: str = ".") -> str:
    """One value as the text of a cell, by the rules `write_accounts` documents for every download.

    `decimal` is the file's decimal mark (`dialect.decimal_mark`): a number with a fraction is
    written with it ("92,5" in a `;` file), a whole number never has one.
    """
    if value is None:
        return ""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        number = _number(value, score=score)
        return number if decimal == "." else number.replace(".", decimal)
    if isinstance(value, dt.date):  # a datetime too
        return value.isoformat()
    text = str(value)
    if numeric and _PLAIN_NUMBER.fullmatch(text):
        return text if decimal == "." else text.replace(".", decimal)
    return safe_cell(text)


def _number(value: int | float | Decimal, *, score: bool = False) -> str:
    if isinstance(value, int):
        return str(value)
    if not (value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)):
        return ""
    if score:
        return format_score(float(value))
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(int(value)) if value.is_integer() else repr(value)
