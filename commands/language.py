"""Which language the command line speaks: `--lang`, else the locale of the environment.

The environment is read the POSIX way: the first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is
set decides, and "C", "POSIX" or a language the app does not speak mean English. `--lang` wins
over all of them. The language is set before the parser is built, so `--help` and argparse's
own complaints ("invalid choice") read in it too.

This module imports nothing of ours but `i18n` (the standard library and its catalogs), so
`cli.py` can use it before it knows the rest of the dependencies are there.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping, Sequence

from i18n import DEFAULT, LANGUAGES, Lazy, _, lazy_gettext, ngettext, parse_language, set_language

__all__ = ["LANG_OPTION", "add_language_option", "choose", "from_environment", "translate_argparse"]

#: Where POSIX looks for the language of messages, in order: the first one set decides.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
LANG_OPTION = "--lang"


def from_environment(environ: Mapping[str, str]) -> str:
    """The language the locale variables ask for; English for "C", "POSIX", unset or unknown."""
    for name in LOCALE_VARIABLES:
        value = environ.get(name, "")
        if value:
            return parse_language(value) or DEFAULT
    return DEFAULT


def requested(argv: Sequence[str]) -> str | None:
    """The value of `--lang` among the arguments (the last one given), read before argparse does."""
    found: str | None = None
    args = iter(argv)
    for arg in args:
        if arg == "--":
            break
        if arg == LANG_OPTION:
            found = next(args, None)
        elif arg.startswith(LANG_OPTION + "="):
            found = arg.partition("=")[2]
    return found


def choose(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """Set and return the language of this run: a valid `--lang`, else the environment's.

    An unknown `--lang` leaves the environment's language, in which argparse then refuses it.
    """
    wanted = requested(argv)
    code = parse_language(wanted) if wanted else None
    if code is None or code != (wanted or "").strip().lower():
        code = from_environment(environ)
    return set_language(code)


def _language(text: str) -> str:
    """An argument type: one of the languages the app speaks, by its code."""
    code = text.strip().lower()
    if code not in LANGUAGES:
        raise argparse.ArgumentTypeError(
            _("{value} is not a language this app speaks; use one of: {choices}").format(
                value=repr(text), choices=", ".join(LANGUAGES)
            )
        )
    return code


def add_language_option(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """`--lang` on the main parser and on each command's (so it may follow the command too)."""
    parser.add_argument(
        LANG_OPTION,
        type=_language,
        metavar="{" + ",".join(LANGUAGES) + "}",
        # A command's own --lang must not overwrite the one given before the command.
        default=None if top else argparse.SUPPRESS,
        help=_("the language to speak (default: from LC_ALL, LC_MESSAGES or LANG)"),
    )


# argparse words its usage, headings and errors with the standard library's gettext, which does
# not know our catalogs. The ones a person can meet are listed here (so they are extracted), and
# `translate_argparse` points argparse at them.
_ARGPARSE: dict[str, Lazy] = {
    "usage: ": lazy_gettext("usage: "),
    "positional arguments": lazy_gettext("positional arguments"),
    "options": lazy_gettext("options"),
    "show this help message and exit": lazy_gettext("show this help message and exit"),
    "argument %(argument_name)s: %(message)s": lazy_gettext("argument %(argument_name)s: %(message)s"),
    "%(prog)s: error: %(message)s\n": lazy_gettext("%(prog)s: error: %(message)s\n"),
    "unrecognized arguments: %s": lazy_gettext("unrecognized arguments: %s"),
    "not allowed with argument %s": lazy_gettext("not allowed with argument %s"),
    "ignored explicit argument %r": lazy_gettext("ignored explicit argument %r"),
    "the following arguments are required: %s": lazy_gettext("the following arguments are required: %s"),
    "one of the arguments %s is required": lazy_gettext("one of the arguments %s is required"),
    "expected one argument": lazy_gettext("expected one argument"),
    "expected at most one argument": lazy_gettext("expected at most one argument"),
    "expected at least one argument": lazy_gettext("expected at least one argument"),
    "ambiguous option: %(option)s could match %(matches)s": lazy_gettext(
        "ambiguous option: %(option)s could match %(matches)s"
    ),
    "unexpected option string: %s": lazy_gettext("unexpected option string: %s"),
    "invalid %(type)s value: %(value)r": lazy_gettext("invalid %(type)s value: %(value)r"),
    "invalid choice: %(value)r (choose from %(choices)s)": lazy_gettext(
        "invalid choice: %(value)r (choose from %(choices)s)"
    ),
    "unknown parser %(parser_name)r (choices: %(choices)s)": lazy_gettext(
        "unknown parser %(parser_name)r (choices: %(choices)s)"
    ),
}


def _gettext(message: str) -> str:
    found = _ARGPARSE.get(message) if isinstance(message, str) else None
    return str(found) if found is not None else message


def _ngettext(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return ngettext("expected %s argument", "expected %s arguments", n)
    return singular if n == 1 else plural


def translate_argparse() -> None:
    """Let argparse's own words (usage, headings, errors) follow the current language."""
    translators: dict[str, Callable[..., str]] = {"_": _gettext, "ngettext": _ngettext}
    vars(argparse).update(translators)
