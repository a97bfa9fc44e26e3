"""Every page in Dutch, with no English sentence of the app left on it.

Each page is opened through AppTest on the demo data with the session's language set to
Dutch, every text the page sends to the browser is collected (every string field of every
element: labels, help, options, placeholders, tables' headers, markdown, HTML), and no
message of the app's catalog whose Dutch differs from its English may appear in English.
The same pages open in English first, so a page that shows none of the catalog's messages at
all cannot pass by accident.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator

import pytest
from google.protobuf.message import Message  # type: ignore[import-untyped]
from streamlit.testing.v1 import AppTest

from i18n import catalogs, use_language
from scoring import Kind, default_rubric
from services.demo import load_demo
from services.invoices import save_capacity
from storage import Repository
from tests.app.conftest import APP, TIMEOUT

# Fields that name things for the browser, never text a person reads.
_NOT_TEXT = {"id", "form_id", "key", "page_script_hash", "page", "url_path", "icon", "material_icon", "type",
             "theme", "help_url"}  # fmt: skip
_WORD = re.compile(r"[A-Za-z]")


def _strings(message: Message) -> Iterator[str]:
    for field, value in message.ListFields():
        if field.name in _NOT_TEXT or field.name == "column_order":  # a table's column keys
            continue
        if field.name == "columns" and isinstance(value, str):
            # A table's column configuration: keyed by the stable column keys, its labels read.
            for config in json.loads(value).values():
                yield from (str(config[k]) for k in ("label", "help") if config.get(k))
            continue
        values = value if field.is_repeated else [value]
        for item in values:
            if isinstance(item, Message):
                yield from _strings(item)
            elif isinstance(item, str) and not item.lstrip().startswith(("<style", "<script")):
                yield item  # (a style sheet or a script is code: its comments are for developers)


def page_text(at: AppTest) -> str:
    """Every string the run sent to the browser, in one text."""
    texts: list[str] = []

    def walk(node: object) -> None:
        proto = getattr(node, "proto", None)
        if isinstance(proto, Message):
            texts.extend(_strings(proto))
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)

    walk(at._tree)
    return "\n".join(texts)


def _english_left() -> list[tuple[str, re.Pattern[str]]]:
    """The English of every message whose Dutch differs, as a pattern for its fixed words: the
    longest run of text between placeholders, when it is at least two words. (Single words
    would also match the stable English keys in addresses and scripts: `account=7`, `options`.)"""
    dutch = catalogs.read("nl")
    found = []
    for message in catalogs.extract():
        if not message.id:
            continue
        english = message.id if isinstance(message.id, str) else message.id[0]
        have = dutch.get(message.id, context=message.context)
        translated = have.string if have is not None else ""
        first = translated[0] if isinstance(translated, tuple | list) else translated
        if first == english:
            continue
        parts = [p.strip() for p in re.split(r"\{[^{}]*\}|\*\*|`|\n", english)]
        longest = max(parts, key=len)
        if len(longest.split()) >= 2 and _WORD.search(longest):
            found.append((english, re.compile(r"(?<![\w])" + re.escape(longest) + r"(?![\w])")))
    rubric = default_rubric()

    def texts() -> list[str]:
        return [
            t
            for d in rubric.dimensions
            for t in (d.label, d.hint, d.question(Kind.SCREEN), d.question(Kind.CHECKIN))
        ]

    with use_language("en"):
        english_rubric = texts()
    with use_language("nl"):
        dutch_rubric = texts()
    for en, nl in zip(english_rubric, dutch_rubric, strict=True):
        if en != nl and len(en.split()) >= 2:
            found.append((en, re.compile(re.escape(en))))
    return found


@pytest.fixture(scope="module")
def english_messages() -> list[tuple[str, re.Pattern[str]]]:
    return _english_left()


PAGES = [
    ("home.py", {}),
    ("pages/screen.py", {}),
    ("pages/prospects.py", {}),
    ("pages/clients.py", {}),
    ("pages/calibration.py", {}),
    ("pages/data.py", {}),
    ("pages/settings.py", {}),
    ("pages/capacity.py", {}),
    *[
        ("pages/client.py", {"tab": tab})
        for tab in ("History", "Check-in", "Invoices", "Evidence", "Let go", "Share")
    ],
    ("pages/scorecard.py", {}),
]


def _open(db_url: str, page: str, params: dict[str, str], language: str, repo: Repository) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["ts_language"] = language
    if page != "home.py":
        at.switch_page(page)
    if page == "pages/capacity.py":
        save_capacity(repo, 40)  # the demo plans a little more: the ranked list, the playbook
    if page in ("pages/client.py", "pages/scorecard.py"):
        # On the Invoices tab the demo's early warning: a hell yes whose invoices are paid later
        # each month (its warning, its chart, its statement).
        wanted = "Pieter de Boer" if params.get("tab") == "Invoices" else None
        clients = [o for o in repo.overview() if o.account.stage.value == "client"]
        client = next(o for o in clients if wanted in (None, o.account.name))
        at.query_params["account"] = str(client.account.id)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize(
    ("page", "params"), PAGES, ids=[f"{p}{'-' + q['tab'] if q else ''}" for p, q in PAGES]
)
def test_the_page_reads_dutch_with_no_english_sentence_left(
    page: str,
    params: dict[str, str],
    db_url: str,
    repo: Repository,
    english_messages: list[tuple[str, re.Pattern[str]]],
) -> None:
    load_demo(db_url, today=dt.date.today())
    english = page_text(_open(db_url, page, params, "en", repo))
    shown = [msg for msg, pattern in english_messages if pattern.search(english)]
    assert shown, f"{page} in English shows none of the catalog's messages: the check would be vacuous"

    dutch = page_text(_open(db_url, page, params, "nl", repo))
    left = [msg for msg, pattern in english_messages if pattern.search(dutch)]
    assert not left, f"{page} in Dutch still shows English: {left}"
