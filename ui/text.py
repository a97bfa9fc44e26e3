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
