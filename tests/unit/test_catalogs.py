"""Every sentence of the app is in every catalog, with the same placeholders, and compiled."""

from __future__ import annotations

import io

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from i18n import LANGUAGES, catalogs


@pytest.fixture(scope="module")
def template() -> Catalog:
    return catalogs.extract()


def test_the_app_speaks_dutch() -> None:
    assert LANGUAGES[0] == "en"
    assert "nl" in LANGUAGES


def test_extraction_finds_the_apps_messages(template: Catalog) -> None:
    ids = {m.id for m in template if m.id}
    # One from the language layer itself, so an extraction that finds nothing fails here, and one
    # from a private package (Babel's own walk skips folders starting with "_").
    assert "yesterday" in ids
    assert "the file is empty" in ids


@pytest.mark.parametrize("language", catalogs.languages())
def test_every_message_of_the_app_is_translated(language: str, template: Catalog) -> None:
    found = catalogs.problems(language, template)
    assert not found, "\n".join(map(str, found[:40])) + f"\n({len(found)} problems; run scripts/i18n.py)"


@pytest.mark.parametrize("language", catalogs.languages())
def test_the_compiled_catalog_is_current(language: str) -> None:
    mo = catalogs.po_path(language).with_suffix(".mo")
    assert mo.read_bytes() == catalogs.compile_catalog(language), "run scripts/i18n.py to compile"


def _catalog(po: str) -> Catalog:
    return read_po(io.BytesIO(po.encode("utf-8")), locale="nl")


def test_a_missing_untranslated_or_fuzzy_message_is_reported() -> None:
    template = Catalog()
    for message in ("One", "Two", "Three", "Four"):
        template.add(message, locations=[("x.py", 1)])
    catalog = _catalog(
        'msgid "One"\nmsgstr "Een"\n\nmsgid "Two"\nmsgstr ""\n\n#, fuzzy\nmsgid "Three"\nmsgstr "Drie"\n'
    )
    found = {(p.message, p.problem) for p in catalogs.problems("nl", template, catalog)}
    assert found == {("Two", "not translated"), ("Three", "fuzzy"), ("Four", "missing from the catalog")}


def test_a_placeholder_that_differs_is_reported() -> None:
    template = Catalog()
    template.add("Saved {name} on {day}.", locations=[("x.py", 1)])
    template.add(("{n} day", "{n} days"), locations=[("x.py", 2)])
    template.add("Keep {{braces}} literal.", locations=[("x.py", 3)])
    catalog = _catalog(
        'msgid "Saved {name} on {day}."\nmsgstr "{naam} opgeslagen op {day}."\n\n'
        'msgid "{n} day"\nmsgid_plural "{n} days"\nmsgstr[0] "{n} dag"\nmsgstr[1] "{m} dagen"\n\n'
        'msgid "Keep {{braces}} literal."\nmsgstr "Houd {{accolades}} letterlijk."\n'
    )
    found = [(p.message, p.problem.split(" in ")[0]) for p in catalogs.problems("nl", template, catalog)]
    assert found == [("Saved {name} on {day}.", "unknown placeholder"), ("{n} day", "unknown placeholder")]


def test_a_dropped_placeholder_is_reported() -> None:
    template = Catalog()
    template.add("{count} clients need a check-in.", locations=[("x.py", 1)])
    catalog = _catalog(
        'msgid "{count} clients need a check-in."\nmsgstr "Klanten hebben een check-in nodig."\n'
    )
    [problem] = catalogs.problems("nl", template, catalog)
    assert problem.problem.startswith("placeholders differ")
