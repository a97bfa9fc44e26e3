"""Capability links for read-only scorecards.

A link carries a random token of 256 bits; only its SHA-256 hash is stored, so
a copy of the database does not hand out working links. A link can expire and
can be revoked one by one. Whatever the reason a token does not work (unknown,
expired, revoked), the visitor is told the same thing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from typing import Annotated

from pydantic import Field

from i18n import _, format_integer, lazy_gettext, ngettext
from scoring.models import Frozen

TOKEN_BYTES = 32
#: The expiry choices by their stable keys (widget options, the command line); `expiry_label`
#: words a key for a person.
EXPIRY_CHOICES: dict[str, int | None] = {"7 days": 7, "30 days": 30, "90 days": 90, "never": None}
DEFAULT_EXPIRY_DAYS = 30
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43,64}$")
#: `Lazy`: a constant read in whichever language the visitor reads.
NEUTRAL_MESSAGE = lazy_gettext(
    "This link does not open a scorecard. It may have expired or been withdrawn; ask its owner for a new one."
)


def expiry_label(choice: str) -> str:
    """An `EXPIRY_CHOICES` key in the current language: "30 days" / "30 dagen", "never" / "nooit"."""
    days = EXPIRY_CHOICES[choice]
    if days is None:
        # Translators: a share link that never expires.
        return _("never")
    return ngettext("{n} day", "{n} days", days).format(n=format_integer(days))


def new_token() -> str:
    """43 URL-safe characters carrying (nearly) 256 random bits, never starting with "-": a
    command line would take such a token for an option (`cli.py share --revoke TOKEN`)."""
    while True:
        token = secrets.token_urlsafe(TOKEN_BYTES)
        if not token.startswith("-"):
            return token


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def looks_like_token(text: str) -> bool:
    """Cheap shape check before any database look-up; says nothing about validity."""
    return bool(_TOKEN_SHAPE.fullmatch(text))  # not .match: `$` also matches before a final "\n"


def expires_on(created: dt.datetime, days: int | None) -> dt.datetime | None:
    return None if days is None else created + dt.timedelta(days=days)


class ShareLink(Frozen):
    id: int
    account_id: int
    created_at: dt.datetime
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None = None
    include_notes: bool = False
    label: Annotated[str, Field(max_length=200)] = ""

    def is_live(self, now: dt.datetime) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or now < self.expires_at

    def state(self, now: dt.datetime) -> str:
        """A stable key: "live", "expired" or "revoked" (`state_label` words it)."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and now >= self.expires_at:
            return "expired"
        return "live"


def share_url(base: str, token: str) -> str:
    """The link to hand out: the app's address, the scorecard page, the token."""
    return f"{base.rstrip('/')}/scorecard?t={token}"


_STATE_LABELS = {
    "live": lazy_gettext("live"),
    "expired": lazy_gettext("expired"),
    "revoked": lazy_gettext("revoked"),
}


def state_label(state: str) -> str:
    """A `ShareLink.state` key in the current language."""
    return str(_STATE_LABELS[state])
