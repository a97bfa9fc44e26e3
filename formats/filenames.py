"""The name of every file the app offers for download and the command line writes by default.

A name a person typed becomes plain lower-case ASCII that every file system, mail
program and chat app keeps as it is: accents are taken off their letters
("Zoë Bäckerij" gives "zoe-backerij"), letters with no accent to take off are
spelled out ("Straße" gives "strasse"), and anything else (emoji, punctuation,
spaces) becomes one hyphen.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

__all__ = ["download_name", "slug"]

SLUG_MAX = 60

# Letters that Unicode does not decompose into a base letter and an accent.
_SPELLED_OUT = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "ø": "o",
        "Ø": "O",
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
        "ĳ": "ij",
        "Ĳ": "IJ",
    }
)


def slug(text: str, fallback: str = "account") -> str:
    """`text` as lower-case ASCII letters and digits joined by single hyphens, at most 60 long."""
    spelled = unicodedata.normalize("NFKD", text.translate(_SPELLED_OUT))
    ascii_text = spelled.encode("ascii", "ignore").decode("ascii")
    joined = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return joined[:SLUG_MAX].rstrip("-") or fallback


def download_name(kind: str, name: str, on: dt.date, extension: str) -> str:
    """`kind-name-YYYY-MM-DD.extension`, e.g. ``scorecard-zoe-backerij-2026-03-01.png``."""
    return f"{kind}-{slug(name)}-{on:%Y-%m-%d}.{extension.lstrip('.')}"
