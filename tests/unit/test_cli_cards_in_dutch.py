"""The scorecard files in Dutch: the HTML page and the PNG render in the current language.

A card is the same data in every language; the renderers word it, date it and write its
scores the way the reader's language does. (Dutch words need the compiled `nl` catalog.)
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pytest
from PIL import Image

from formats.cards.html import render_html
from formats.cards.png import drawn_text, render_png
from i18n import use_language
from scoring import Answer, Kind, Rubric, Stage
from scoring.card import Card, build_card
from tests import factories

MakeAnswers = Callable[..., dict[str, Answer]]
TODAY = dt.date(2026, 3, 1)


@pytest.fixture(scope="module")
def client_card(rubric: Rubric, make_answers: MakeAnswers) -> Card:
    """A client screened as a hell yes who slid in later check-ins: a card with a baseline and a history."""
    start = TODAY - dt.timedelta(days=120)
    history = [
        factories.assessment(start, answers=make_answers(), rubric=rubric),
        factories.assessment(
            start + dt.timedelta(days=60),
            kind=Kind.CHECKIN,
            answers=make_answers(Answer.YES, scope=Answer.UNSURE),
            note="Lastig gesprek.",
            rubric=rubric,
        ),
    ]
    return build_card(
        rubric,
        name="Anouk de Vries",
        company="De Vries Keramiek",
        stage=Stage.CLIENT,
        history=history,
        today=TODAY,
        include_notes=True,
    )


@pytest.fixture(scope="module")
def prospect_card(rubric: Rubric, make_answers: MakeAnswers) -> Card:
    answers = make_answers(Answer.YES, price_pushback=Answer.HELL_NO)
    screen = factories.assessment(TODAY - dt.timedelta(days=3), answers=answers, rubric=rubric)
    return build_card(
        rubric, name="Bram Jansen", company="", stage=Stage.PROSPECT, history=[screen], today=TODAY
    )


def test_the_html_card_in_dutch_says_lang_nl_and_has_dutch_headings(client_card: Card) -> None:
    with use_language("nl"):
        page = render_html(client_card)

    assert '<html lang="nl">' in page
    assert "<h2>De tien criteria</h2>" in page
    assert "<h2>Scoreverloop</h2>" in page
    assert "<h2>Notities</h2>" in page
    assert "Thin Slice-scorekaart" in page
    assert "klant · per 1 mrt 2026" in page
    assert "met privénotities" in page
    for english in ("The ten dimensions", "Score over time", "as of", "baseline 100", "Notes</h2>"):
        assert english not in page


def test_the_html_card_writes_dates_and_scores_as_dutch_does(client_card: Card) -> None:
    with use_language("nl"):
        page = render_html(client_card)

    assert client_card.baseline_score is not None
    assert "nulmeting 100" in page
    assert "Thin Slice · scorekaart per 1 mrt 2026" in page
    # The note's date is Dutch to read, ISO for machines.
    note_day = client_card.notes[0].on
    assert f'<time datetime="{note_day:%Y-%m-%d}">' in page
    assert f"{note_day.day} " in page


def test_a_prospect_card_in_dutch_explains_the_hell_no_in_dutch(prospect_card: Card) -> None:
    with use_language("nl"):
        page = render_html(prospect_card)

    assert "prospect · per 1 mrt 2026" in page
    assert "Waarom het een hell no is" in page
    assert "Wat er nodig is voor een hell yes" in page
    assert "(knock-out)" in page


def test_the_same_card_renders_in_whichever_language_is_current(client_card: Card) -> None:
    with use_language("nl"):
        dutch = render_html(client_card)
    english = render_html(client_card)

    assert dutch != english
    assert '<html lang="en">' in english
    assert "<h2>The ten dimensions</h2>" in english
    assert "as of Mar 1, 2026" in english


def test_the_png_card_in_dutch_paints_dutch_words(client_card: Card) -> None:
    with use_language("nl"):
        texts = drawn_text(client_card)
        data = render_png(client_card)

    facts = next(text for text in texts if "per 1 mrt 2026" in text)
    assert facts.startswith("klant · per 1 mrt 2026 · nulmeting")
    assert not any("as of" in text for text in texts)
    image = Image.open(io.BytesIO(data))
    assert image.size == (1200, 630)
    assert data != render_png(client_card)  # the English one differs


def test_a_decimal_score_is_written_with_a_comma_in_dutch(client_card: Card) -> None:
    card = client_card.model_copy(update={"score": 92.5, "baseline_score": 87.25})
    with use_language("nl"):
        page = render_html(card)
        texts = drawn_text(card)

    assert "<strong>92,5</strong>" in page
    assert "nulmeting 87,2" in page
    assert "92,5" in texts
    assert "<strong>92.5</strong>" in render_html(card)
