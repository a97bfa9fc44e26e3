"""Who may use the app once sign-in is on: the allow-list, the decision, and whether the
cookie secret is fit to sign anyone in.

Kept free of Streamlit so the rules can be tested without a server: the gate in
`ui.sign_in` reads the secrets and the signed-in user, asks `check_cookie_secret()`
and then `decide()`.

The allow-list lives in its own `[access]` section of `.streamlit/secrets.toml`,
next to Streamlit's `[auth]`. Streamlit hands everything in `[auth]` to Authlib,
so our keys would be mixed into the provider's configuration there.

Everything fails closed: a missing allow-list, an unknown key, a malformed entry
or an address the provider says it has not verified keeps the person out. So does a
cookie secret anyone could guess: Streamlit signs the sign-in cookie with it, so
whoever knows it can forge a cookie for any address on the allow-list.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from i18n import _

SECTION = "access"
EMAILS_KEY = "allowed_emails"
DOMAINS_KEY = "allowed_domains"

AUTH_SECTION = "auth"
COOKIE_SECRET_KEY = "cookie_secret"
MIN_COOKIE_SECRET_LENGTH = 32
"""Characters, as `secrets.token_hex(16)` gives; the example file's hint gives 64."""
COOKIE_SECRET_PLACEHOLDERS = frozenset({"replace-with-a-long-random-string"})
"""The values shipped in `.streamlit/secrets.toml.example` (a test keeps the two in step)."""
_PLACEHOLDER_WORDS = ("replace", "changeme", "change-me", "change_me", "your-", "your_", "placeholder")
_MAKE_SECRET = 'python -c "import secrets; print(secrets.token_hex(32))"'


def _make_one() -> str:
    return _("Make one with `{command}`, put it in `.streamlit/secrets.toml` and restart Thin Slice.").format(
        command=_MAKE_SECRET
    )


class AccessConfigError(ValueError):
    """The `[access]` section or `[auth] cookie_secret` is unusable.

    The message names the key, never an entry's value or the secret. It is shown on the sign-in
    page, so it is written in the reader's language when raised.
    """


class Decision(enum.Enum):
    ALLOWED = "allowed"
    NOT_LISTED = "not_listed"
    UNVERIFIED = "unverified"
    NO_EMAIL = "no_email"
    NO_ALLOW_LIST = "no_allow_list"


@dataclass(frozen=True)
class AllowList:
    """Exact addresses and exact domains, lower-cased. Empty means nobody."""

    emails: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()

    @property
    def is_empty(self) -> bool:
        return not self.emails and not self.domains


def parse_allow_list(section: Mapping[str, object] | None) -> AllowList:
    """Read the `[access]` section; `None` (no section) is an empty list.

    Each key takes a list of strings (a single string is read as a list of one).
    Domains may be written with a leading `@`. Wildcards are refused rather than
    silently matching nothing, so nobody believes `*.example.com` lets anyone in.
    """
    if section is None:
        return AllowList()
    unknown = sorted(set(section) - {EMAILS_KEY, DOMAINS_KEY})
    if unknown:
        raise AccessConfigError(
            _("[{section}] has unknown keys: {keys}. Only {emails} and {domains} are read.").format(
                section=SECTION, keys=", ".join(unknown), emails=EMAILS_KEY, domains=DOMAINS_KEY
            )
        )
    emails = frozenset(
        _email_entry(entry, f"{EMAILS_KEY}[{i}]") for i, entry in _entries(section, EMAILS_KEY)
    )
    domains = frozenset(
        _domain_entry(entry, f"{DOMAINS_KEY}[{i}]") for i, entry in _entries(section, DOMAINS_KEY)
    )
    return AllowList(emails=emails, domains=domains)


def check_cookie_secret(auth: object) -> None:
    """Refuse an `[auth]` section whose cookie secret someone else could know or guess.

    Refused: no secret, one that is not a string, a placeholder (ours, or one that
    reads like one: "replace", "changeme", "your-", ...), a single character over and
    over, and anything under `MIN_COOKIE_SECRET_LENGTH` characters. A random hex or
    base64 string of that length cannot trip the word test by accident in practice.
    """
    where = f"[{AUTH_SECTION}] {COOKIE_SECRET_KEY}"
    if not isinstance(auth, Mapping):
        raise AccessConfigError(
            _("[{section}] must be a section, not a single value.").format(section=AUTH_SECTION)
        )
    secret = auth.get(COOKIE_SECRET_KEY)
    if secret is None:
        raise AccessConfigError(_("{key} is missing. {make_one}").format(key=where, make_one=_make_one()))
    if not isinstance(secret, str):
        raise AccessConfigError(
            _("{key} must be a string. {make_one}").format(key=where, make_one=_make_one())
        )
    text = secret.strip()
    lowered = text.lower()
    if (
        text in COOKIE_SECRET_PLACEHOLDERS
        or any(word in lowered for word in _PLACEHOLDER_WORDS)
        or len(set(text)) == 1
    ):
        raise AccessConfigError(
            _("{key} is still a placeholder. {make_one}").format(key=where, make_one=_make_one())
        )
    if len(text) < MIN_COOKIE_SECRET_LENGTH:
        raise AccessConfigError(
            _("{key} is too short: it needs at least {length} characters. {make_one}").format(
                key=where, length=MIN_COOKIE_SECRET_LENGTH, make_one=_make_one()
            )
        )


def decide(allow: AllowList, email: object, email_verified: object = None) -> Decision:
    """May the person with these identity claims in?

    `email_verified` is the provider's claim: only an explicit false (boolean, or the
    string some providers send) refuses; providers that never send it are trusted,
    since the address came from their signed token.
    """
    if allow.is_empty:
        return Decision.NO_ALLOW_LIST
    if not isinstance(email, str) or not _is_address(email.strip()):
        return Decision.NO_EMAIL
    if email_verified is False or (isinstance(email_verified, str) and email_verified.lower() == "false"):
        return Decision.UNVERIFIED
    address = email.strip().lower()
    domain = address.rpartition("@")[2]
    if address in allow.emails or domain in allow.domains:
        return Decision.ALLOWED
    return Decision.NOT_LISTED


def _entries(section: Mapping[str, object], key: str) -> Iterable[tuple[int, object]]:
    value = section.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        raise AccessConfigError(
            _("[{section}] {key} must be a list of strings.").format(section=SECTION, key=key)
        )
    return enumerate(value)


def _email_entry(entry: object, where: str) -> str:
    if not isinstance(entry, str) or not _is_address(entry.strip()):
        raise AccessConfigError(
            _("[{section}] {entry} is not an e-mail address.").format(section=SECTION, entry=where)
        )
    return entry.strip().lower()


def _domain_entry(entry: object, where: str) -> str:
    if not isinstance(entry, str):
        raise AccessConfigError(
            _("[{section}] {entry} is not a domain.").format(section=SECTION, entry=where)
        )
    domain = entry.strip().lower().removeprefix("@")
    if not _is_domain(domain):
        raise AccessConfigError(
            _(
                "[{section}] {entry} is not a domain (write it like example.com; no wildcards, no @ inside)."
            ).format(section=SECTION, entry=where)
        )
    return domain


def _is_address(text: str) -> bool:
    local, at, domain = text.rpartition("@")
    return bool(at) and bool(local) and _is_domain(domain.lower())


def _is_domain(text: str) -> bool:
    return (
        bool(text)
        and not text.startswith(".")
        and not text.endswith(".")
        and ".." not in text
        and not any(char.isspace() or char in "@*/:" for char in text)
    )
