"""A date in a finding is shown as a badge (which never wraps), and nothing else changes."""

from __future__ import annotations

from ui.text import keep_dates_whole, md_escape


def test_every_iso_date_becomes_a_badge() -> None:
    text = md_escape("2 hell-no check-ins in a row, the first on 2026-10-11, the latest on 2026-11-10.")
    assert keep_dates_whole(text) == (
        r"2 hell\-no check\-ins in a row, the first on :gray-badge[2026\-10\-11], "
        r"the latest on :gray-badge[2026\-11\-10]\."
    )


def test_numbers_that_are_not_dates_are_left_alone() -> None:
    text = md_escape("Score fell 15-20 points; invoice 20261-11-10 is 2026-1-5 late.")
    assert keep_dates_whole(text) == text
