"""The entry points (app.py, home.py, pages/, cli.py) are not packages, so import-linter cannot see them:
this test holds them to the same direction. They lay out pages and parse arguments; they
reach data only through services, never through storage or a database library."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENTRY_POINTS = sorted([ROOT / "app.py", ROOT / "home.py", ROOT / "cli.py", *(ROOT / "pages").glob("*.py")])
FORBIDDEN = {"storage", "sqlalchemy", "alembic", "psycopg", "sqlite3"}


def _imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("path", ENTRY_POINTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_an_entry_point_never_reaches_past_the_services(path: Path) -> None:
    assert not _imported_roots(path) & FORBIDDEN


def test_the_check_sees_an_import_of_storage(tmp_path: Path) -> None:
    page = tmp_path / "page.py"
    page.write_text("import streamlit as st\nfrom storage.engine import make_engine\n", encoding="utf-8")
    assert _imported_roots(page) & FORBIDDEN == {"storage"}
