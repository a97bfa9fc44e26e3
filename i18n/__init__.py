"""The language layer: which language a person reads, its words (gettext catalogs) and its formats.

Every sentence a person reads goes through `_` (or `ngettext`, `pgettext`) with an English
message id; `i18n/locale/<lang>/LC_MESSAGES/messages.po` holds the translation, compiled to a
`.mo` beside it (`python scripts/i18n.py`). English is the source language, so it needs no
catalog; a language whose catalog is missing reads English.

The language is a context variable: a page run sets it once (`ui.language`), the command line
sets it from `--lang` or `LANG`, and everything below reads it when it renders a sentence.
Text that is built once and kept (a verdict's reasons, which are cached and shared between
sessions) is a `Lazy` text: it renders in the language of whoever reads it, not of whoever
happened to build it.

Keys stay English and stable in every language: CSV columns, answer words, reason keys and URLs
never go through a catalog.
"""

from __future__ import annotations

from i18n._catalog import (
    DEFAULT,
    LANGUAGES,
    Lazy,
    Text,
    _,
    current_language,
    gettext,
    language_name,
    lazy_gettext,
    lazy_ngettext,
    negotiate,
    ngettext,
    parse_language,
    pgettext,
    set_language,
    set_language_source,
    use_language,
)
from i18n.formats import (
    currency_digits,
    decimal_symbol,
    format_amount,
    format_date,
    format_days_ago,
    format_decimal,
    format_due,
    format_integer,
    format_list,
    format_money,
    format_percent,
    format_score,
    is_currency,
)

__all__ = [
    "DEFAULT",
    "LANGUAGES",
    "Lazy",
    "Text",
    "_",
    "currency_digits",
    "current_language",
    "decimal_symbol",
    "format_amount",
    "format_date",
    "format_days_ago",
    "format_decimal",
    "format_due",
    "format_integer",
    "format_list",
    "format_money",
    "format_percent",
    "format_score",
    "gettext",
    "is_currency",
    "language_name",
    "lazy_gettext",
    "lazy_ngettext",
    "negotiate",
    "ngettext",
    "parse_language",
    "pgettext",
    "set_language",
    "set_language_source",
    "use_language",
]
