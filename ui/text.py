"""Show what a person typed exactly as typed.

Streamlit renders markdown (and colour directives, emoji short codes and LaTeX)
in most text elements, so user text is escaped before it reaches one.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:&])")


def md_escape(text: str) -> str:
    """Escape every markdown-active character so the text shows literally."""
    escaped = _SPECIAL.sub(r"\\\1", text)
    # Line breaks stay line breaks instead of collapsing into one paragraph.
    return escaped.replace("\n", "  \n")


# An ISO date after md_escape: 2026\-11\-10.
_ESCAPED_DATE = re.compile(r"\b(\d{4}\\-\d{2}\\-\d{2})\b")


def keep_dates_whole(markdown: str) -> str:
    """Show each date in escaped markdown as a small badge, which never wraps: a browser
    otherwise breaks a line after a dash and leaves "2026-" on one line and "11-10" below."""
    return _ESCAPED_DATE.sub(r":gray-badge[\1]", markdown)
