"""Which address Home was asked for when Streamlit runs it in place of a page that does not exist."""

from __future__ import annotations

import pytest

from ui.shell import unknown_path


@pytest.mark.parametrize(
    ("url", "base", "missing"),
    [
        ("http://localhost:8501/nonsense", "", "nonsense"),
        ("http://localhost:8501/nonsense/", "", "nonsense"),
        ("http://localhost:8501/no%20such%20page", "", "no such page"),
        ("http://localhost:8501/a/b", "", "a/b"),
        ("https://team.example/thinslice/nonsense", "thinslice", "nonsense"),
        ("https://team.example/thinslice/nonsense", "/thinslice/", "nonsense"),
    ],
)
def test_an_address_that_names_no_page_is_reported(url: str, base: str, missing: str) -> None:
    assert unknown_path(url, base) == missing


@pytest.mark.parametrize(
    ("url", "base"),
    [
        (None, ""),  # no browser (AppTest, bare mode)
        ("", ""),
        ("http://localhost:8501", ""),
        ("http://localhost:8501/", ""),
        ("https://team.example/thinslice", "thinslice"),
        ("https://team.example/thinslice/", "/thinslice"),
    ],
)
def test_home_itself_is_not_reported(url: str | None, base: str) -> None:
    assert unknown_path(url, base) is None
