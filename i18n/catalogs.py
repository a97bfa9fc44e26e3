"""Keep the catalogs in step with the code: extract, update, compile, check (Babel's API).

`python scripts/i18n.py` runs `update` then `compile`; the tests call `extract` and `problems`
to fail when a sentence of the app has no translation. A developer tool: the app itself only
reads the compiled `.mo` files (`i18n._catalog`).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from i18n._catalog import DEFAULT, DOMAIN, LOCALE_DIR

ROOT = LOCALE_DIR.parent.parent
#: The code a person reads text from. Tests, benchmarks and tools speak to developers only.
SOURCES = (
    *("app.py", "home.py", "cli.py", "pages", "ui", "services", "scoring", "formats", "commands"),
    *("filesafe", "i18n"),
)
#: The functions that mark a message (Babel's keyword specs: which arguments are messages).
KEYWORDS: dict[str, tuple[int | tuple[int, str], ...] | None] = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
}
# Fixed, so a catalog changes only when a message does (Babel would stamp the hour of each run).
_STAMP = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
_FIELD = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)(?:[!:][^{}]*)?\}(?!\})")


#: A marked message as Babel finds it: file, line, message (or singular and plural), comments, context.
_Found = tuple[str, int, str | tuple[str, ...], list[str], str | None]


def _code_directory(path: str) -> bool:
    """Every folder of code, private ones (`formats/_csv`) included: Babel's default skips those."""
    name = Path(path).name
    return not name.startswith(".") and name != "__pycache__"


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract() -> Catalog:
    """A fresh template of every message the code marks, with where each one stands."""
    template = _new_catalog(None)
    for source in SOURCES:
        path = ROOT / source
        if path.is_file():
            found: Iterator[tuple[str, int, str | tuple[str, ...], list[str], str | None]] = _extract_file(
                path
            )
        else:
            found = (
                (f"{source}/{name}", line, message, comments, context)
                for name, line, message, comments, context in extract_from_dir(
                    path,
                    method_map=[("**.py", "python")],
                    keywords=KEYWORDS,
                    strip_comment_tags=True,
                    comment_tags=("Translators:",),
                    directory_filter=_code_directory,
                )
            )
        for filename, line, message, comments, context in found:
            template.add(message, None, [(filename, line)], auto_comments=comments, context=context)
    return template


def _extract_file(path: Path) -> Iterator[_Found]:
    from babel.messages.extract import extract as extract_stream

    with path.open("rb") as handle:
        for line, message, comments, context in extract_stream(
            "python", handle, keywords=KEYWORDS, comment_tags=("Translators:",), strip_comment_tags=True
        ):
            yield path.name, line, message, comments, context


def _new_catalog(language: str | None) -> Catalog:
    return Catalog(
        locale=language,
        project="Thin Slice",
        version="",
        copyright_holder="Thin Slice",
        msgid_bugs_address="",
        last_translator="Thin Slice",
        language_team=f"{language} (Thin Slice)" if language else "",
        creation_date=_STAMP,
        revision_date=_STAMP,
        charset="utf-8",
        fuzzy=False,
        header_comment="# Thin Slice: the app's sentences. Update with `python scripts/i18n.py`.",
    )


def fill(language: str, translations: dict[str, str | list[str]]) -> int:
    """Write translations into a language's catalog (message id -> text, or a list for a plural).
    Returns how many were written; ids the catalog does not have are reported by `problems` later."""
    catalog = read(language)
    written = 0
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        if message.context:
            key = f"{message.context}\x04{key}"
        if key in translations:
            given = translations[key]
            message.string = tuple(given) if isinstance(given, list) else given
            message.flags.discard("fuzzy")
            written += 1
    with po_path(language).open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=False, include_previous=False)
    return written


def load_fill(path: Path) -> dict[str, str | list[str]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected an object of message id -> translation")
    return data


def read(language: str) -> Catalog:
    with po_path(language).open("rb") as handle:
        return read_po(handle, locale=language)


def update(language: str) -> Catalog:
    """Bring a language's catalog in line with the code: new messages in, gone ones out."""
    path = po_path(language)
    if path.exists():
        catalog = read(language)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        catalog = _new_catalog(language)
    catalog.update(extract(), no_fuzzy_matching=True)
    catalog.obsolete.clear()
    catalog.revision_date = _STAMP
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=False, include_previous=False)
    return catalog


def compile_catalog(language: str) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, read(language), use_fuzzy=False)
    return buffer.getvalue()


def compile_all() -> list[Path]:
    written = []
    for path in sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        language = path.parent.parent.name
        mo = path.with_suffix(".mo")
        data = compile_catalog(language)
        if not mo.exists() or mo.read_bytes() != data:
            mo.write_bytes(data)
            written.append(mo)
    return written


def languages() -> list[str]:
    return sorted(
        p.parent.parent.name
        for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")
        if p.parent.parent.name != DEFAULT
    )


@dataclass(frozen=True)
class Problem:
    language: str
    message: str
    where: str
    problem: str

    def __str__(self) -> str:
        return f"{self.language}: {self.where}: {self.problem}: {self.message!r}"


def fields(text: str) -> set[str]:
    """The `{name}` placeholders of a message (doubled braces are literal)."""
    return set(_FIELD.findall(text))


def _where(message: Message) -> str:
    return ", ".join(f"{name}:{line}" for name, line in message.locations[:2]) or "?"


def problems(language: str, template: Catalog | None = None, catalog: Catalog | None = None) -> list[Problem]:
    """Everything that keeps a catalog from being complete and safe: a message of the code that is
    missing, untranslated or fuzzy, and a translation whose placeholders differ from the English."""
    template = template or extract()
    catalog = catalog or read(language)
    found: list[Problem] = []
    for wanted in template:
        if not wanted.id:
            continue
        have = catalog.get(wanted.id, context=wanted.context)
        key = wanted.id if isinstance(wanted.id, str) else wanted.id[0]
        if have is None:
            found.append(Problem(language, key, _where(wanted), "missing from the catalog"))
            continue
        given = have.string
        strings = tuple(given) if isinstance(given, tuple | list) else (given or "",)
        if not all(strings):
            found.append(Problem(language, key, _where(wanted), "not translated"))
        elif have.fuzzy:
            found.append(Problem(language, key, _where(wanted), "fuzzy"))
        ids = tuple(wanted.id) if isinstance(wanted.id, tuple | list) else (wanted.id,)
        expected = set().union(*(fields(i) for i in ids))
        for string in strings:
            if string and fields(string) - expected:
                found.append(Problem(language, key, _where(wanted), f"unknown placeholder in {string!r}"))
            elif string and isinstance(wanted.id, str) and fields(string) != expected:
                found.append(Problem(language, key, _where(wanted), f"placeholders differ in {string!r}"))
    return found
