"""The scorecard as a file: a self-contained HTML page and a 1200x630 PNG thumbnail.

Cards are built the way the app builds them, with `scoring.card.build_card` on the
default rubric, from a small history that carries a note and a piece of evidence.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from formats.cards import AMBER, GREEN, PAPER, RED, SLATE
from formats.cards import png as card_png
from formats.cards.html import render_html
from formats.cards.png import BANNER_HEIGHT, HEIGHT, WIDTH, render_png
from formats.palette import ANSWER_COLOURS
from scoring import Answer, Assessment, Kind, Rubric, Stage
from scoring.card import Card, build_card
from scoring.status import Status
from tests import factories

MakeAnswers = Callable[..., dict[str, Answer]]
TODAY = dt.date(2026, 3, 1)
HOSTILE_NAME = "<script>alert(1)</script> **md** </svg>"
NOTE_WORD = "flamingo"
EVIDENCE_WORD = "pelican"
NOTE = f"Skipped the review again; the {NOTE_WORD} budget is gone."
EVIDENCE = f"Invoice paid 40 days late, blamed the {EVIDENCE_WORD} project."
VOID = {"meta", "br", "hr", "img", "input", "link", "source", "wbr", "area", "base", "col", "embed"}


def _screen(rubric: Rubric, on: dt.date, answers: dict[str, Answer], note: str = "") -> Assessment:
    return factories.assessment(on, answers=answers, note=note, rubric=rubric)


def _checkin(rubric: Rubric, on: dt.date, answers: dict[str, Answer], note: str = "") -> Assessment:
    return factories.assessment(on, kind=Kind.CHECKIN, answers=answers, note=note, rubric=rubric)


@pytest.fixture(scope="module")
def prospect_card(rubric: Rubric, make_answers: MakeAnswers) -> Callable[..., Card]:
    """A prospect's card; hell yes by default, a hell no with `answers`."""

    def make(
        name: str = "Rosalind Whitfield",
        company: str = "Whitfield Ceramics",
        answers: dict[str, Answer] | None = None,
        include_notes: bool = False,
    ) -> Card:
        screen = _screen(rubric, TODAY - dt.timedelta(days=3), answers or make_answers(), note=NOTE)
        return build_card(
            rubric,
            name=name,
            company=company,
            stage=Stage.PROSPECT,
            history=[screen],
            today=TODAY,
            evidence=[(TODAY - dt.timedelta(days=1), EVIDENCE)],
            include_notes=include_notes,
        )

    return make


@pytest.fixture(scope="module")
def client_card(rubric: Rubric, make_answers: MakeAnswers) -> Callable[..., Card]:
    """A client screened as a hell yes who slid into hell-no check-ins: a card with a history."""

    def make(name: str = "Rosalind Whitfield", include_notes: bool = False) -> Card:
        start = TODAY - dt.timedelta(days=120)
        history = [
            _screen(rubric, start, make_answers()),
            _checkin(rubric, start + dt.timedelta(days=30), make_answers(Answer.YES)),
            _checkin(rubric, start + dt.timedelta(days=60), make_answers(Answer.NO), note=NOTE),
            _checkin(rubric, start + dt.timedelta(days=90), make_answers(Answer.NO)),
        ]
        return build_card(
            rubric,
            name=name,
            company="Whitfield Ceramics",
            stage=Stage.CLIENT,
            history=history,
            today=TODAY,
            evidence=[(start + dt.timedelta(days=70), EVIDENCE)],
            include_notes=include_notes,
        )

    return make


@pytest.fixture(scope="module")
def hell_no_answers(make_answers: MakeAnswers) -> dict[str, Answer]:
    return make_answers(Answer.YES, price_pushback=Answer.HELL_NO, scope=Answer.NO)


class TagCollector(HTMLParser):
    """Records every tag and attribute, every piece of text, and whether open and close tags pair up."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.mismatched: list[str] = []
        self.tags: Counter[str] = Counter()
        self.attrs: list[tuple[str, str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.attrs.extend((tag, name, value or "") for name, value in attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.attrs.extend((tag, name, value or "") for name, value in attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
        else:
            self.mismatched.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(document: str) -> TagCollector:
    parser = TagCollector()
    parser.feed(document)
    parser.close()
    return parser


def svg_of(document: str, css_class: str) -> str:
    match = re.search(rf'<svg class="chart {css_class}".*?</svg>', document, re.S)
    assert match, f"no {css_class} svg in the page"
    return match.group(0)


# -- HTML ----------------------------------------------------------------------------------------


def test_html_is_a_complete_utf8_document_titled_with_the_name(prospect_card):
    page = render_html(prospect_card())
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert "<title>Rosalind Whitfield · Thin Slice scorecard</title>" in page
    assert page.rstrip().endswith("</html>")


def test_html_parses_with_every_tag_closed_in_order(client_card):
    parser = parse(render_html(client_card(include_notes=True)))
    assert parser.mismatched == []
    assert parser.stack == []
    for tag in ("html", "head", "body", "main", "header", "h1", "style", "svg"):
        assert parser.tags[tag] >= 1, tag


def test_html_loads_nothing_from_outside_and_runs_no_script(client_card):
    page = render_html(client_card(include_notes=True))
    parser = parse(page)
    lowered = page.lower()
    assert "<script" not in lowered
    for outside in ("http://", "https://", "//", "url(", "@import", "@font-face"):
        assert outside not in lowered, outside
    assert [a for a in parser.attrs if a[1] in {"src", "href", "srcset", "action", "xlink:href"}] == []
    assert [a for a in parser.attrs if a[1].startswith("on")] == []
    assert not {"script", "img", "link", "iframe", "object", "a", "form"} & set(parser.tags)


def test_a_hostile_name_and_company_show_up_as_text_not_markup(prospect_card):
    company = '"><img src=x onerror=alert(2)>'
    page = render_html(prospect_card(name=HOSTILE_NAME, company=company))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img" not in page
    parser = parse(page)
    assert parser.mismatched == [] and parser.stack == []
    # The name adds no element: the page has exactly the tags of a card with a plain name.
    assert parser.tags == parse(render_html(prospect_card())).tags
    # The exact characters reach the reader: in the heading, the title and the company line.
    assert sum(HOSTILE_NAME in text for text in parser.text) >= 2
    assert any(company in text for text in parser.text)
    # `</svg>` in a name closes no chart: every opened svg is closed by the page itself.
    assert page.count("</svg>") == page.count("<svg ")


def test_hostile_dimension_labels_and_reasons_are_escaped(prospect_card, hell_no_answers):
    card = prospect_card(answers=hell_no_answers)
    dims = tuple(
        d.model_copy(update={"label": "<b>bold</b> & </svg>"}) if i == 0 else d
        for i, d in enumerate(card.dimensions)
    )
    card = card.model_copy(update={"dimensions": dims, "reasons": ("<i>why</i>",)})
    page = render_html(card)
    assert "<b>bold</b>" not in page and "<i>why</i>" not in page
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;/svg&gt;" in page
    assert "&lt;i&gt;why&lt;/i&gt;" in page
    assert not {"b", "i"} & set(parse(page).tags)


def test_notes_and_evidence_are_in_the_html_only_when_the_card_includes_them(client_card):
    private = render_html(client_card(include_notes=False))
    shared = render_html(client_card(include_notes=True))
    for word in (NOTE_WORD, EVIDENCE_WORD):
        assert word not in private
        assert word in shared
    assert 'class="notes"' not in private
    assert 'class="notes"' in shared
    assert "includes private notes" in shared and "includes private notes" not in private


def test_dimension_chart_draws_ten_bars_sized_and_coloured_by_answer(prospect_card, hell_no_answers):
    card = prospect_card(answers=hell_no_answers)
    chart = svg_of(render_html(card), "dimensions-chart")
    bars = re.findall(r'<rect [^>]*width="([\d.]+)"[^>]*fill="(#[0-9a-f]{6})"', chart)
    assert len(bars) == chart.count("<rect") == 10
    by_answer = {
        d.answer: (float(width), fill) for d, (width, fill) in zip(card.dimensions, bars, strict=True)
    }
    assert {answer: fill for answer, (_, fill) in by_answer.items()} == {
        answer: ANSWER_COLOURS[answer] for answer in by_answer
    }
    widths = [by_answer[a][0] for a in (Answer.HELL_NO, Answer.NO, Answer.YES)]
    assert 0 < widths[0] < widths[1] < widths[2]
    for dim in card.dimensions:
        assert html.escape(dim.label, quote=True) in chart


def test_prospect_page_shows_verdict_score_reasons_and_path_to_hell_yes(prospect_card, hell_no_answers):
    page = render_html(prospect_card(answers=hell_no_answers))
    assert "HELL NO" in page
    assert "banner-red" in page
    assert "What would make it a hell yes" in page
    assert "as of Mar 1, 2026" in page
    assert "history-chart" not in page
    assert "/ 100" in page


def test_client_page_charts_the_score_history_with_the_hell_yes_line(client_card):
    card = client_card()
    chart = svg_of(render_html(card), "history-chart")
    assert chart.count("<circle") >= len(card.history)
    assert "hell yes from 80" in chart
    assert f'stroke="{GREEN}"' in chart and 'stroke-dasharray="6 4"' in chart
    assert card.baseline_score is not None and "baseline" in chart


def test_the_hell_yes_line_sits_at_the_threshold_of_the_cards_rubric(rubric, make_answers):
    strict = rubric.model_copy(update={"verdict": rubric.verdict.model_copy(update={"threshold": 92.5})})
    start = TODAY - dt.timedelta(days=60)
    history = [
        _screen(strict, start, make_answers()),
        _checkin(strict, start + dt.timedelta(days=30), make_answers()),
    ]
    card = build_card(strict, name="Ada", company="", stage=Stage.CLIENT, history=history, today=TODAY)
    assert card.threshold == 92.5
    assert "hell yes from 92.5" in svg_of(render_html(card), "history-chart")


def test_a_client_in_good_standing_keeps_its_status_not_a_verdict(client_card, rubric, make_answers):
    start = TODAY - dt.timedelta(days=40)
    history = [
        _screen(rubric, start, make_answers()),
        _checkin(rubric, start + dt.timedelta(days=30), make_answers()),
    ]
    card = build_card(rubric, name="Ada", company="", stage=Stage.CLIENT, history=history, today=TODAY)
    assert card.standing is Status.HELL_YES and card.good and card.headline == "Hell yes"
    assert client_card().standing is Status.FIRE_NOW and not client_card().good


@pytest.mark.parametrize(
    ("headline", "standing", "css_class"),
    [
        ("Hell yes", Status.HELL_YES, "banner-green"),
        ("Watch", Status.WATCH, "banner-amber"),
        ("Stale", Status.STALE, "banner-slate"),
    ],
)
def test_banner_colour_follows_the_headline(prospect_card, headline, standing, css_class):
    card = prospect_card().model_copy(update={"standing": standing})
    page = render_html(card)
    assert f'class="banner {css_class}"' in page
    assert headline.upper() in page


def test_html_prints_on_a4_with_colours_and_unbroken_sections(prospect_card):
    page = render_html(prospect_card())
    assert "@page { size: A4; margin: 14mm; }" in page
    assert "-webkit-print-color-adjust: exact" in page and " print-color-adjust: exact" in page
    assert "@media print" in page and "break-inside: avoid" in page
    assert "max-width: 182mm" in page


def test_html_is_the_same_for_the_same_card(client_card):
    assert render_html(client_card()) == render_html(client_card())


# -- PNG -----------------------------------------------------------------------------------------


def open_png(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def dominant_colour(image: Image.Image, box: tuple[int, int, int, int]) -> tuple[int, int, int]:
    counts = Counter(image.crop(box).get_flattened_data())
    colour = counts.most_common(1)[0][0]
    assert isinstance(colour, tuple)
    return (colour[0], colour[1], colour[2])


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return (int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16))


def test_png_is_a_1200_by_630_rgb_png(prospect_card):
    data = render_png(prospect_card())
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = open_png(data)
    assert image.format == "PNG"
    assert image.size == (WIDTH, HEIGHT) == (1200, 630)
    assert image.mode == "RGB"


def test_png_banner_is_green_for_a_hell_yes_and_red_for_a_hell_no(prospect_card, hell_no_answers):
    yes, no = prospect_card(), prospect_card(answers=hell_no_answers)
    assert yes.good and not no.good
    box = (0, 0, WIDTH, BANNER_HEIGHT)
    for card, colour in ((yes, GREEN), (no, RED)):
        image = open_png(render_png(card))
        assert dominant_colour(image, box) == rgb(colour)
        # Sampled points of the banner, clear of any text, agree.
        for x, y in ((4, 4), (WIDTH - 5, 4), (WIDTH // 2, BANNER_HEIGHT - 5)):
            assert image.getpixel((x, y)) == rgb(colour)


def test_png_banner_is_amber_for_watch_and_slate_for_stale(prospect_card):
    for standing, colour in ((Status.WATCH, AMBER), (Status.STALE, SLATE)):
        card = prospect_card().model_copy(update={"standing": standing})
        assert dominant_colour(open_png(render_png(card)), (0, 0, WIDTH, BANNER_HEIGHT)) == rgb(colour)


def test_png_is_the_same_for_the_same_card_and_differs_by_name(prospect_card):
    first = render_png(prospect_card(name="Rosalind Whitfield"))
    assert render_png(prospect_card(name="Rosalind Whitfield")) == first
    assert render_png(prospect_card(name="Tobias Marchetti")) != first


def test_png_draws_one_bar_per_dimension_in_the_answer_colour(prospect_card, hell_no_answers):
    card = prospect_card(answers=hell_no_answers)
    image = open_png(render_png(card))
    # Every answer colour used by the card shows up in the chart column.
    chart = Counter(image.crop((WIDTH // 2, BANNER_HEIGHT, WIDTH, HEIGHT)).get_flattened_data())
    for dim in card.dimensions:
        assert chart[rgb(ANSWER_COLOURS[dim.answer])] > 50, dim.key


def test_png_never_shows_notes_even_when_the_card_includes_them(client_card):
    with_notes = client_card(include_notes=True)
    assert with_notes.notes, "the card under test must carry notes"
    assert render_png(with_notes) == render_png(client_card(include_notes=False))


def test_png_keeps_a_very_long_hostile_name_inside_its_column(prospect_card):
    card = prospect_card(name=HOSTILE_NAME + " Bartholomew Featherstonehaugh-Worthington " * 5)
    image = open_png(render_png(card))
    assert image.size == (WIDTH, HEIGHT)
    # The gap between the name column and the chart labels stays empty paper.
    gap = (
        card_png._LEFT_RIGHT + 2,
        BANNER_HEIGHT + 10,
        card_png._LEFT_RIGHT + 40,
        BANNER_HEIGHT + 120,
    )
    assert set(image.crop(gap).get_flattened_data()) == {rgb(PAPER)}


def test_png_renders_with_pillows_font_when_dejavu_is_missing(prospect_card, monkeypatch):
    monkeypatch.setattr(card_png, "FONT_DIR", Path("/nonexistent/fonts"))
    card_png._font.cache_clear()
    try:
        image = open_png(render_png(prospect_card()))
    finally:
        card_png._font.cache_clear()
    assert image.size == (WIDTH, HEIGHT)
    assert image.getpixel((4, 4)) == rgb(GREEN)


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


@pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="tesseract is not installed (apt-get install -y tesseract-ocr); cannot OCR the PNG",
)
def test_png_text_read_back_by_ocr_has_the_name_and_no_note(client_card, tmp_path):
    card = client_card(name="Rosalind Whitfield", include_notes=True)
    assert any(NOTE_WORD in n.text for n in card.notes)
    path = tmp_path / "card.png"
    path.write_bytes(render_png(card))
    result = subprocess.run(
        ["tesseract", str(path), "stdout"], capture_output=True, text=True, timeout=120, check=True
    )
    text = _letters(result.stdout)
    assert "whitfield" in text, result.stdout
    assert "thinslice" in text, result.stdout
    for word in (NOTE_WORD, EVIDENCE_WORD, "budget", "invoice"):
        assert word not in text, result.stdout
