"""The demo's story file: a mistake in it is refused with the place it sits, never loaded half-right."""

from __future__ import annotations

import pytest

from services.demo import DEMO_CLIENTS, STORY_PATH, DemoStoryError, parse_story

STORY = STORY_PATH.read_text(encoding="utf-8")


def _broken(old: str, new: str) -> str:
    assert STORY.count(old) == 1, old
    return STORY.replace(old, new)


def test_the_story_file_reads_as_the_demo_it_loads() -> None:
    prospects, clients = parse_story(STORY)
    assert len(prospects) == 12
    assert clients == DEMO_CLIENTS


def test_routine_months_repeat_their_signals_in_turn() -> None:
    olivar = {client.slug: client for client in DEMO_CLIENTS}["olivar-hotels"]
    first_four = olivar.checkins[:4]
    assert [c.days_ago for c in first_four] == [523, 493, 463, 433]
    assert [c.signals.invoice_days_late for c in first_four] == [0, None, 4, 0]
    assert [c.signals.out_of_scope_requests for c in first_four] == [0, 1, 0, 1]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "{ days_ago = 182, late = 9,",
            "{ days_ago = 182, lat = 9,",
            "clients[0] (visser-tuinmeubelen).checkins[5].lat: Extra inputs are not permitted",
        ),
        (
            'answers.price_pushback = "hell_no"\nanswers.champion = "yes"\nanswers.responsiveness = "yes"\n'
            'answers.payment = "unsure"',
            'answers.price_pushback = "maybe"\nanswers.champion = "yes"\nanswers.responsiveness = "yes"\n'
            'answers.payment = "unsure"',
            "prospects[0] (van-leeuwen).answers.price_pushback: Input should be",
        ),
        (
            "first = 573, last = 333",
            "first = 573, last = 330",
            "clients[0] (visser-tuinmeubelen).checkins[0].routine: Value error, first must be",
        ),
        (
            'judged = { price_pushback = "unsure" } },',
            'judged = { price = "unsure" } },',
            "checkins[8].judged: Value error, price is not a dimension of the default rubric",
        ),
    ],
)
def test_a_mistake_names_the_account_and_the_field(old: str, new: str, message: str) -> None:
    with pytest.raises(DemoStoryError, match=r"^<demo story>: ") as caught:
        parse_story(_broken(old, new))
    assert message in str(caught.value)


def test_an_unanswered_dimension_is_refused() -> None:
    story = STORY.replace('answers.scope = "hell_no"\n', "", 1)
    with pytest.raises(DemoStoryError, match=r"prospects\[8\] \(tulpenveld\)\.answers: .*scope"):
        parse_story(story)


def test_a_file_that_is_not_toml_is_refused_as_such() -> None:
    with pytest.raises(DemoStoryError, match="not valid TOML"):
        parse_story(STORY + "\n[[", "story.toml")
