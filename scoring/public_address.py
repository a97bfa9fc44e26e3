"""Where share links point, and whether anybody but this computer can follow them.

A link made on a local run starts at 127.0.0.1 or localhost: it opens on this
machine and nowhere else. The app and the command line both warn about it, with
the same rule and the same sentence, decided here.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from i18n import _

__all__ = ["DEFAULT_PUBLIC_URL", "PUBLIC_URL_VAR", "is_local_only", "local_only_warning"]

PUBLIC_URL_VAR = "THINSLICE_PUBLIC_URL"
DEFAULT_PUBLIC_URL = "http://localhost:8501"


def _host(url: str) -> str:
    text = url.strip()
    if "://" not in text:
        text = "//" + text
    try:
        return (urlsplit(text).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""


def is_local_only(url: str) -> bool:
    """Whether `url` names this computer: localhost, 127.0.0.0/8, ::1 (or the unspecified 0.0.0.0, ::)."""
    host = _host(url)
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback or address.is_unspecified


def local_only_warning(url: str) -> str | None:
    """What to tell the person who made a link to `url`, when nobody else can open it."""
    if not is_local_only(url):
        return None
    return _(
        "This link points at {host}, which is this computer: nobody else can open it. "
        "To share it, set {variable} to the address other people reach the app at "
        "(for example https://thinslice.example.com), then make a new link."
    ).format(host=_host(url), variable=PUBLIC_URL_VAR)
