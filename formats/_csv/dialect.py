"""Which separators a file may have: the one choice every reader and writer here shares.

A separator added here is sniffed in uploads, accepted by the writers, and becomes a
break character that `cells` quotes and guards.
"""

from __future__ import annotations

from i18n import decimal_symbol

#: Separators offered for a download: `,`, or `;` for Dutch Excel.
SEPARATORS = (",", ";")
#: Separators recognised in an upload (`sniff_separator`); the writers accept them too.
READ_SEPARATORS = (",", ";", "\t", "|")


def decimal_mark(sep: str) -> str:
    """The decimal mark of a file with this separator: a `;` file is for a spreadsheet whose
    language writes decimal commas (Dutch, German, French Excel and LibreOffice read "92,5" as a
    number and "92.5" as text); every other file keeps the point."""
    return "," if sep == ";" else "."


def separator_for(language: str | None = None) -> str:
    """The separator a download starts at for a reader of `language` (default: the current one):
    `;` where numbers are written with a decimal comma (Dutch: what Dutch Excel splits on, and
    the file then carries decimal commas), else `,`."""
    return ";" if decimal_symbol(language) == "," else ","


def check_separator(sep: str) -> None:
    if sep not in READ_SEPARATORS:
        shown = " ".join(repr(s) for s in READ_SEPARATORS)
        raise ValueError(f"separator must be one of {shown}, not {sep!r}")
