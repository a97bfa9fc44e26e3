"""Shared fixtures for the scoring unit tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from scoring import Answer, Rubric, default_rubric

# The stable dimension keys of the default rubric, in order (PRODUCT.md, "The rubric").
DEFAULT_KEYS = (
    "negotiation_tone",
    "price_pushback",
    "champion",
    "responsiveness",
    "payment",
    "scope",
    "style_fit",
    "respect",
    "work_joy",
    "business_health",
)

MakeAnswers = Callable[..., dict[str, Answer]]


@pytest.fixture(scope="session")
def rubric() -> Rubric:
    return default_rubric()


@pytest.fixture(scope="session")
def default_keys() -> tuple[str, ...]:
    return DEFAULT_KEYS


@pytest.fixture(scope="session")
def make_answers() -> MakeAnswers:
    """Answers for every default dimension: `base` everywhere, except the keyword overrides."""

    def make(base: Answer = Answer.HELL_YES, **overrides: Answer) -> dict[str, Answer]:
        unknown = set(overrides) - set(DEFAULT_KEYS)
        assert not unknown, f"typo in test overrides: {unknown}"
        return {key: overrides.get(key, base) for key in DEFAULT_KEYS}

    return make
