"""Signals suggest answers by the table in scoring.signals' docstring, at every boundary."""

from __future__ import annotations

import pydantic
import pytest

from scoring import Answer, Signals
from scoring.signals import SIGNAL_KEYS, suggest

HY, Y, U, N, HN = Answer.HELL_YES, Answer.YES, Answer.UNSURE, Answer.NO, Answer.HELL_NO

# (signal, dimension, value, suggested answer): the documented table, edge by edge.
TABLE = [
    ("invoice_days_late", "payment", 0, HY),
    ("invoice_days_late", "payment", 1, Y),
    ("invoice_days_late", "payment", 14, Y),
    ("invoice_days_late", "payment", 15, U),
    ("invoice_days_late", "payment", 29, U),
    ("invoice_days_late", "payment", 30, N),
    ("invoice_days_late", "payment", 59, N),
    ("invoice_days_late", "payment", 60, HN),
    ("invoice_days_late", "payment", 365, HN),
    ("out_of_scope_requests", "scope", 0, HY),
    ("out_of_scope_requests", "scope", 1, Y),
    ("out_of_scope_requests", "scope", 2, U),
    ("out_of_scope_requests", "scope", 3, N),
    ("out_of_scope_requests", "scope", 4, N),
    ("out_of_scope_requests", "scope", 5, HN),
    ("out_of_scope_requests", "scope", 40, HN),
    ("missed_meetings", "champion", 0, HY),
    ("missed_meetings", "champion", 1, U),
    ("missed_meetings", "champion", 2, N),
    ("missed_meetings", "champion", 3, HN),
    ("missed_meetings", "champion", 10, HN),
    ("after_hours_demands", "respect", 0, HY),
    ("after_hours_demands", "respect", 1, Y),
    ("after_hours_demands", "respect", 2, U),
    ("after_hours_demands", "respect", 3, U),
    ("after_hours_demands", "respect", 4, N),
    ("after_hours_demands", "respect", 50, N),
]


@pytest.mark.parametrize(("signal", "dimension", "value", "answer"), TABLE)
def test_a_signal_suggests_the_documented_answer(
    signal: str, dimension: str, value: int, answer: Answer
) -> None:
    found = suggest(Signals(**{signal: value}))
    assert set(found) == {dimension}
    assert found[dimension].dimension == dimension
    assert found[dimension].answer is answer


@pytest.mark.parametrize(("signal", "dimension", "value", "answer"), TABLE)
def test_every_suggestion_says_why_with_the_number(
    signal: str, dimension: str, value: int, answer: Answer
) -> None:
    because = suggest(Signals(**{signal: value}))[dimension].because
    assert because.strip()
    if value:
        assert str(value) in because.split()


def test_one_of_a_kind_is_singular_and_more_are_plural() -> None:
    assert "1 out-of-scope request " in suggest(Signals(out_of_scope_requests=1))["scope"].because
    assert "2 out-of-scope requests " in suggest(Signals(out_of_scope_requests=2))["scope"].because


def test_a_leadership_change_suggests_unsure_business_health() -> None:
    found = suggest(Signals(leadership_change=True))
    assert set(found) == {"business_health"}
    assert found["business_health"].answer is U
    assert "leadership" in found["business_health"].because


@pytest.mark.parametrize("value", [False, None])
def test_no_leadership_change_suggests_nothing(value: bool | None) -> None:
    assert suggest(Signals(leadership_change=value)) == {}


def test_blank_signals_suggest_nothing() -> None:
    assert Signals().is_empty()
    assert suggest(Signals()) == {}


def test_each_signal_only_touches_its_own_dimension() -> None:
    found = suggest(
        Signals(
            invoice_days_late=30,
            out_of_scope_requests=2,
            missed_meetings=3,
            after_hours_demands=1,
            leadership_change=True,
        )
    )
    assert {k: s.answer for k, s in found.items()} == {
        "payment": N,
        "scope": U,
        "champion": HN,
        "respect": Y,
        "business_health": U,
    }


@pytest.mark.parametrize("signal", [k for k in SIGNAL_KEYS if k != "leadership_change"])
def test_a_negative_count_is_rejected(signal: str) -> None:
    with pytest.raises(pydantic.ValidationError, match=signal):
        Signals(**{signal: -1})


def test_a_negative_invoice_delay_is_rejected() -> None:
    with pytest.raises(pydantic.ValidationError):
        Signals(invoice_days_late=-1)
