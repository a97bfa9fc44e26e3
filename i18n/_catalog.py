"""Catalogs, the current language and text that waits to be read before it picks one."""

from __future__ import annotations

import gettext as _gettext
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any

#: The source language: message ids are English, so English needs no catalog.
DEFAULT = "en"
LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "messages"


def _available() -> tuple[str, ...]:
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return (DEFAULT, *(code for code in found if code != DEFAULT))


#: Every language the app speaks: English, then each language with a compiled catalog.
LANGUAGES: tuple[str, ...] = _available()

# The names each language calls itself, for the switch; Babel knows any other.
_NAMES = {"en": "English", "nl": "Nederlands"}


def language_name(code: str) -> str:
    """A language's own name for itself ("Nederlands"), as a switch between languages shows it."""
    if code in _NAMES:
        return _NAMES[code]
    from babel import Locale  # only for a language added after these two

    return str(Locale.parse(code).get_display_name(code) or code).capitalize()


@cache
def _translations(code: str) -> _gettext.NullTranslations:
    if code == DEFAULT:
        return _gettext.NullTranslations()
    try:
        with (LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as mo:
            return _gettext.GNUTranslations(mo)
    except OSError:
        return _gettext.NullTranslations()


_language: ContextVar[str | None] = ContextVar("thinslice_language", default=None)
_source: Callable[[], str | None] | None = None


def set_language_source(source: Callable[[], str | None] | None) -> None:
    """Where the language comes from when no run has set one: the app registers its session's
    choice, so a widget's callback (which Streamlit runs before the page sets the language)
    speaks the reader's language too."""
    global _source
    _source = source


def current_language() -> str:
    code = _language.get()
    if code is None and _source is not None:
        code = _source()
    return code if code in LANGUAGES else DEFAULT


def set_language(code: str | None) -> str:
    """Use `code` from here on in this context (a page run, a command). Returns the language used:
    an unknown code means English."""
    chosen = code if code in LANGUAGES else DEFAULT
    _language.set(chosen)
    return chosen


@contextmanager
def use_language(code: str) -> Iterator[str]:
    """Render in `code` inside the block, e.g. a card in the language of the person who asked."""
    token = _language.set(code if code in LANGUAGES else DEFAULT)
    try:
        yield current_language()
    finally:
        _language.reset(token)


def gettext(message: str) -> str:
    return _translations(current_language()).gettext(message)


_ = gettext


def ngettext(singular: str, plural: str, n: int) -> str:
    """The plural form the current language uses for `n` (the catalog knows the rule)."""
    return _translations(current_language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """A message whose translation depends on where it stands (a page title, a button)."""
    return _translations(current_language()).pgettext(context, message)


class Lazy:
    """A sentence that picks its language when it is read.

    A verdict's reasons are built once and cached for every session; each reader must still
    see them in their own language. `str()`, formatting, `+` and comparison render it in the
    current language.
    """

    __slots__ = ("_render",)

    def __init__(self, render: Callable[[], str]) -> None:
        self._render = render

    def __str__(self) -> str:
        return self._render()

    def __format__(self, spec: str) -> str:
        return format(self._render(), spec)

    def __repr__(self) -> str:
        return f"Lazy({self._render()!r})"

    def __add__(self, other: object) -> str:
        return self._render() + str(other)

    def __radd__(self, other: object) -> str:
        return str(other) + self._render()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Lazy | str):
            return self._render() == str(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._render())

    def __len__(self) -> int:
        return len(self._render())

    def __contains__(self, part: str) -> bool:
        return part in self._render()

    def __bool__(self) -> bool:
        return bool(self._render())


#: What a model field holding a sentence accepts: plain text or a `Lazy` one.
Text = str | Lazy


def lazy_gettext(message: str, **params: Any) -> Lazy:
    """`_(message).format(**params)`, rendered when read. Parameters may be `Lazy` themselves."""
    if params:
        return Lazy(lambda: gettext(message).format(**params))
    return Lazy(lambda: gettext(message))


def lazy_ngettext(singular: str, plural: str, n: int, **params: Any) -> Lazy:
    """`ngettext(...).format(n=n, **params)`, rendered when read."""
    return Lazy(lambda: ngettext(singular, plural, n).format(n=n, **params))


_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*")


def parse_language(tag: str | None) -> str | None:
    """The language of a locale or language tag ("nl_NL.UTF-8", "nl-BE", "en") if the app speaks
    it, else None ("C", "POSIX", "de" while there is no German catalog)."""
    if not tag:
        return None
    match = _TAG.match(tag.strip())
    if match is None:
        return None
    code = match.group(1).lower()
    return code if code in LANGUAGES else None


def negotiate(preferred: Iterable[str | None]) -> str | None:
    """The first of `preferred` (locale tags, or an Accept-Language header's entries, best first)
    that the app speaks. An Accept-Language header may be passed whole as one entry."""
    for entry in preferred:
        for tag in _ranked(entry or ""):
            code = parse_language(tag)
            if code is not None:
                return code
    return None


def _ranked(header: str) -> list[str]:
    """An Accept-Language header's tags, best first ("nl-NL,nl;q=0.9,en;q=0.8")."""
    weighted: list[tuple[float, int, str]] = []
    for i, part in enumerate(header.split(",")):
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _eq, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag and tag != "*" and quality > 0:
            weighted.append((-quality, i, tag))
    return [tag for _q, _i, tag in sorted(weighted)]
