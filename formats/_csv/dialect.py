"""Which separators a file may have: the one choice every reader and writer here shares.

A separator added here is sniffed in uploads, accepted by the writers, and becomes a
break character that `cells` quotes and guards.
"""

from __future__ import annotations

#: Separators offered for a download: `,`, or `;` for Dutch Excel.
SEPARATORS = (",", ";")
#: Separators recognised in an upload (`sniff_separator`); the writers accept them too.
READ_SEPARATORS = (",", ";", "\t", "|")


def check_separator(sep: str) -> None:
    if sep not in READ_SEPARATORS:
        shown = " ".join(repr(s) for s in READ_SEPARATORS)
        raise ValueError(f"separator must be one of {shown}, not {sep!r}")
