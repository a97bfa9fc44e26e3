"""What the card files say in words: cut at a word, no empty boxes, and names a file system keeps."""

from __future__ import annotations

import datetime as dt

import pytest

from formats.cards import cut_at_word
from formats.cards.html import render_html
from formats.cards.png import drawable, drawn_text, render_png
from formats.filenames import download_name, slug
from scoring import Answer, Rubric, Stage, Verdict
from scoring.card import Card, build_card
from tests import factories

TODAY = dt.date(2026, 3, 1)
LONG_REASON = (
    "The score is 42.5 points, well below the 80 points a hell yes needs, and three dimensions "
    "answered no pull it down further than anything else on the card"
)


def _card(rubric: Rubric, name: str = "Rosalind Whitfield", company: str = "Whitfield Ceramics") -> Card:
    screen = factories.assessment(
        TODAY, gut=Verdict.HELL_YES, answer=Answer.YES, overrides={"scope": Answer.NO}, rubric=rubric
    )
    return build_card(rubric, name=name, company=company, stage=Stage.PROSPECT, history=[screen], today=TODAY)


def test_a_cut_ends_at_a_whole_word_with_an_ellipsis() -> None:
    cut = cut_at_word("The score is 42.5 points, below 80", lambda text: len(text) <= 21)
    assert cut == "The score is 42.5…"
    assert cut_at_word("short", lambda text: len(text) <= 21) == "short"


def test_only_a_first_word_too_long_to_fit_is_cut_inside_the_word() -> None:
    assert cut_at_word("Featherstonehaugh-Worthington is long", lambda text: len(text) <= 8) == "Feather…"


def test_the_png_never_cuts_a_reason_in_the_middle_of_a_word(rubric: Rubric) -> None:
    card = _card(rubric).model_copy(update={"reasons": (LONG_REASON, LONG_REASON)})
    words = set(LONG_REASON.replace(",", "").split())
    cut_lines = [t for t in drawn_text(card) if t.endswith("…")]
    assert cut_lines, "the long reason must have been cut"
    for line in cut_lines:
        last = line.removesuffix("…").split()[-1].rstrip(",")
        assert last in words, line


def test_the_html_never_cuts_a_dimension_label_in_the_middle_of_a_word(rubric: Rubric) -> None:
    card = _card(rubric)
    long_label = "Responsiveness to email and meetings and deadlines and everything else besides"
    dims = tuple(d.model_copy(update={"label": long_label}) for d in card.dimensions)
    page = render_html(card.model_copy(update={"dimensions": dims}))
    assert "…" in page
    assert "…</tspan>" in page and " besid…" not in page
    cut = page.split("…</tspan>")[0].rsplit(">", 1)[-1]
    assert cut.split()[-1] in long_label.split(), cut


def test_the_png_leaves_out_an_emoji_it_has_no_glyph_for_instead_of_an_empty_box(rubric: Rubric) -> None:
    assert drawable("Zoë 🥐 Bäckerij 👍🏽") == "Zoë Bäckerij"
    with_emoji = _card(rubric, name="Zoë 🥐 Bäckerij", company="Bakery ☕️ & Co")
    plain = _card(rubric, name="Zoë Bäckerij", company="Bakery ☕ & Co")
    assert "Zoë Bäckerij" in drawn_text(with_emoji)
    assert render_png(with_emoji) == render_png(plain)


def test_the_png_keeps_characters_its_font_draws() -> None:
    assert drawable("Jürgen ★ Øster ✓ Ελένη") == "Jürgen ★ Øster ✓ Ελένη"


def test_the_png_gives_the_gut_call_beside_the_reasons(rubric: Rubric) -> None:
    card = _card(rubric)
    assert card.gut and card.reasons
    drawn = " ".join(drawn_text(card))
    assert card.gut in drawn
    assert card.headline.upper() in drawn_text(card)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Zoë Bäckerij", "zoe-backerij"),
        ("Zoë Bäckerij 🥐", "zoe-backerij"),
        ("Straße & Søn", "strasse-son"),
        ("  --Ørsted   A/S--  ", "orsted-a-s"),
        ("🥐🥐", "account"),
        ("", "account"),
    ],
)
def test_a_download_name_is_the_account_name_transliterated_to_plain_ascii(name: str, expected: str) -> None:
    assert slug(name) == expected
    assert download_name("scorecard", name, TODAY, "png") == f"scorecard-{expected}-2026-03-01.png"


def test_a_long_name_is_cut_to_sixty_characters_without_a_trailing_hyphen() -> None:
    cut = slug("Bartholomew Featherstonehaugh " * 5)
    assert len(cut) <= 60 and not cut.endswith("-") and cut.startswith("bartholomew-featherstonehaugh-")


def test_the_app_names_a_card_download_after_the_account_in_plain_ascii(rubric: Rubric) -> None:
    from ui.card_view import card_file_name

    card = _card(rubric, name="Zoë 🥐 Bäckerij")
    assert card_file_name(card, "png") == "scorecard-zoe-backerij-2026-03-01.png"
    assert card_file_name(card, "html") == "scorecard-zoe-backerij-2026-03-01.html"


def test_a_card_words_each_change_as_the_app_does_at_least_only_below_the_top(rubric: Rubric) -> None:
    """The card and the verdict panel read `Change.target`: "to Hell yes", but "to at least Unsure"."""
    one_no = factories.assessment(
        TODAY, answer=Answer.HELL_YES, overrides={"respect": Answer.HELL_NO}, rubric=rubric
    )
    all_yes = factories.assessment(TODAY, answer=Answer.YES, rubric=rubric)
    knockout = build_card(rubric, name="A", company="", stage=Stage.PROSPECT, history=[one_no], today=TODAY)
    lukewarm = build_card(rubric, name="B", company="", stage=Stage.PROSPECT, history=[all_yes], today=TODAY)
    assert any(line.endswith("from Hell no to at least Unsure") for line in knockout.to_hell_yes), (
        knockout.to_hell_yes
    )
    assert lukewarm.to_hell_yes and all(
        line.endswith("from Yes to Hell yes") for line in lukewarm.to_hell_yes
    )
