"""Dates, numbers, money and spans of days as the reader's language writes them (Babel).

Text only: files and URLs keep ISO dates and plain numbers in every language.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Iterable
from decimal import Decimal

from i18n._catalog import current_language, gettext


def _locale(language: str | None) -> str:
    return language or current_language()


def format_date(day: dt.date, style: str = "medium", language: str | None = None) -> str:
    """ "Nov 9, 2026" / "9 nov 2026"; `style` "long" spells the month out, "short" is numeric."""
    from babel.dates import format_date as babel_date

    return str(babel_date(day, style, locale=_locale(language)))


def format_integer(number: int, language: str | None = None) -> str:
    """ "40,000" / "40.000"."""
    from babel.numbers import format_decimal as babel_decimal

    return str(babel_decimal(number, locale=_locale(language)))


def format_decimal(number: float, digits: int = 1, language: str | None = None) -> str:
    """At most `digits` decimals, no trailing zeros: "92.5" / "92,5", "80" / "80"."""
    from babel.numbers import format_decimal as babel_decimal

    pattern = "#,##0" + ("." + "#" * digits if digits > 0 else "")
    return str(babel_decimal(number, format=pattern, locale=_locale(language)))


def format_score(score: float, language: str | None = None) -> str:
    """A 0-100 score as the reader writes numbers. Truncated to one decimal, never rounded up,
    so 79.96 never reads as the 80 that a hell yes needs (as `scoring.format_score` in files)."""
    truncated = math.floor(score * 10) / 10
    return format_decimal(truncated, 1, language)


def format_percent(share: float, language: str | None = None) -> str:
    """0.8 as "80%" / "80%"."""
    from babel.numbers import format_percent as babel_percent

    return str(babel_percent(share, locale=_locale(language)))


def format_money(amount: float | Decimal, currency: str = "EUR", language: str | None = None) -> str:
    """ "€4,500" / "€ 4.500"; cents only when there are any."""
    from babel.numbers import format_currency

    whole = float(amount).is_integer()
    return str(
        format_currency(
            amount,
            currency,
            locale=_locale(language),
            currency_digits=not whole,
            format=None if not whole else _whole_money_pattern(_locale(language)),
        )
    )


def format_amount(amount: float | Decimal, currency: str = "EUR", language: str | None = None) -> str:
    """ "€48.00" / "€ 48,00": every decimal the currency has, as a statement's columns want."""
    from babel.numbers import format_currency

    return str(format_currency(amount, currency, locale=_locale(language)))


def _whole_money_pattern(language: str) -> str:
    from babel import Locale

    pattern = str(Locale.parse(language).currency_formats["standard"].pattern)
    # The locale's own currency pattern with its decimals dropped ("¤ #,##0.00" -> "¤ #,##0").
    return pattern.split(";")[0].replace(".00", "")


def format_days_ago(days: int, language: str | None = None) -> str:
    """How long ago, in days: "today", "yesterday", "12 days ago" / "vandaag", "12 dagen geleden"."""
    from babel.dates import format_timedelta

    code = _locale(language)
    if days == 0:
        return gettext("today")
    if days == 1:
        return gettext("yesterday")
    return str(
        format_timedelta(
            dt.timedelta(days=-days), granularity="day", threshold=10_000, add_direction=True, locale=code
        )
    )


def format_due(days: int, language: str | None = None) -> str:
    """When something falls due: "in 10 days", "today", "3 days ago" / "over 10 dagen"."""
    from babel.dates import format_timedelta

    code = _locale(language)
    if days == 0:
        return gettext("today")
    if days == 1:
        return gettext("tomorrow")
    if days == -1:
        return gettext("yesterday")
    return str(
        format_timedelta(
            dt.timedelta(days=days), granularity="day", threshold=10_000, add_direction=True, locale=code
        )
    )


def format_list(items: Iterable[object], language: str | None = None) -> str:
    """ "a, b and c" / "a, b en c"."""
    from babel.lists import format_list as babel_list

    return str(babel_list([str(item) for item in items], locale=_locale(language)))


def decimal_symbol(language: str | None = None) -> str:
    """The mark the language writes before a number's fraction: "." in English, "," in Dutch."""
    from babel.numbers import get_decimal_symbol

    return str(get_decimal_symbol(_locale(language)))


@functools.cache
def is_currency(code: str) -> bool:
    """True for an ISO 4217 code Babel knows ("EUR", "USD"): the currencies an invoice may be in."""
    from babel.numbers import list_currencies

    return code in list_currencies()


@functools.cache
def currency_digits(code: str) -> int:
    """How many decimals the currency's amounts have: 2 for EUR, 0 for JPY, 3 for KWD."""
    from babel.numbers import get_currency_precision

    return int(get_currency_precision(code))
