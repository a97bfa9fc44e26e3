"""Let-go playbooks (PRODUCT.md, "Why and how to let go"): one per reason, and the exit message."""

from __future__ import annotations

import pytest

from scoring import Rubric
from scoring.playbooks import COLLECT_FIRST, PlaybookError, draft_message, playbook, playbooks, steps_for

PRODUCT_REASONS = (
    "payment",
    "scope_creep",
    "style_mismatch",
    "abusive",
    "hate_the_work",
    "over_capacity",
    "checked_out_champion",
    "going_south",
    "price_fighter",
)


def reasons_in_use(rubric: Rubric) -> set[str]:
    return {d.reason for d in rubric.dimensions if d.reason} | {"over_capacity"}


def test_every_reason_of_the_default_rubric_and_over_capacity_has_a_playbook(rubric: Rubric) -> None:
    reasons = reasons_in_use(rubric)
    assert len(reasons) >= 9
    for reason in reasons:
        book = playbook(reason)
        assert book.key == reason
        assert book.steps and all(step.strip() for step in book.steps)
        assert book.message.en.strip() and book.message.je.strip() and book.message.u.strip()
        assert book.title.strip() and book.why.strip()


def test_the_playbooks_cover_exactly_the_reasons_of_the_product_brief() -> None:
    assert set(playbooks()) == set(PRODUCT_REASONS)


@pytest.mark.parametrize(
    ("reason", "responsible"),
    [
        ("payment", ()),
        ("going_south", ()),
        ("scope_creep", ("scope", "payment")),
        ("checked_out_champion", ("champion", "business_health")),
    ],
)
def test_money_at_stake_puts_collecting_outstanding_invoices_first(
    reason: str, responsible: tuple[str, ...]
) -> None:
    steps = steps_for(reason, responsible)
    assert steps[0] == COLLECT_FIRST
    assert "invoice" in steps[0].lower()
    assert steps[1:] == playbook(reason).steps


@pytest.mark.parametrize(
    ("reason", "responsible"),
    [("style_mismatch", ("style_fit",)), ("scope_creep", ()), ("scope_creep", ("scope",))],
)
def test_without_money_at_stake_the_playbook_steps_come_as_written(
    reason: str, responsible: tuple[str, ...]
) -> None:
    steps = steps_for(reason, responsible)
    assert COLLECT_FIRST not in steps
    assert steps == playbook(reason).steps


def test_the_draft_message_greets_the_client_by_first_name_and_signs_with_yours() -> None:
    text = draft_message("scope_creep", "  Kees ", " Dana ", language="en")
    assert text.startswith("Hi Kees,\n")
    assert text.rstrip().endswith("Dana")
    assert "{" not in text and "}" not in text


def test_a_blank_own_name_becomes_a_placeholder_to_fill_in() -> None:
    text = draft_message("payment", "Acme", "   ")
    assert text.rstrip().endswith("[your name]")
    assert text == draft_message("payment", "Acme")


def test_a_blank_first_name_greets_without_a_name() -> None:
    assert draft_message("payment", " ", "Dana").startswith("Hello,\n")


def test_a_client_name_that_looks_like_a_placeholder_is_kept_literally() -> None:
    text = draft_message("scope_creep", "{me}", "Dana")
    assert text.startswith("Hi {me},")
    assert text.count("Dana") == 1


def test_your_name_that_looks_like_a_placeholder_is_kept_literally() -> None:
    text = draft_message("scope_creep", "Acme", "{client}")
    assert text.startswith("Hi Acme,")
    assert text.rstrip().endswith("{client}")
    assert text.count("Acme") == 1


def test_a_blank_own_name_is_not_substituted_into_a_client_name_placeholder() -> None:
    assert draft_message("scope_creep", "{me}").startswith("Hi {me},")


def test_markdown_in_names_is_kept_as_typed() -> None:
    text = draft_message("abusive", "**Acme** _Ltd_ [x](y)", "<b>Dana</b> $1")
    assert "Hi **Acme** _Ltd_ [x](y)," in text
    assert text.rstrip().endswith("<b>Dana</b> $1")


@pytest.mark.parametrize("reason", PRODUCT_REASONS)
def test_every_message_is_short_and_fully_filled_in(reason: str) -> None:
    text = draft_message(reason, "Acme", "Dana")
    assert len(text) < 900
    assert "{" not in text and "}" not in text
    assert "Acme" in text and "Dana" in text


@pytest.mark.parametrize("reason", ["", "unknown", "Payment", "over capacity"])
def test_an_unknown_reason_has_no_playbook(reason: str) -> None:
    with pytest.raises(PlaybookError, match="no playbook"):
        playbook(reason)
    with pytest.raises(PlaybookError):
        steps_for(reason)
    with pytest.raises(PlaybookError):
        draft_message(reason, "Acme", "Dana")
