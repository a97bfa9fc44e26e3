"""A scorecard as a 1200x630 PNG, the size chat apps and link previews show whole.

The image is the public face of a card: the verdict banner, the name, the
company, the score and the ten dimensions as bars. It never shows notes or
evidence, even when the card was built with them (`include_notes=True`): an
image gets forwarded and previewed far beyond the person it was meant for, and
text in pixels cannot be redacted afterwards. Share the HTML page for notes.

Text is drawn with Pillow, so whatever a name contains is painted as those
characters and never interpreted. Fonts are DejaVu Sans from
/usr/share/fonts/truetype/dejavu (Debian's fonts-dejavu-core) when present, else
Pillow's built-in scalable font. A character the font has no glyph for (an emoji
in a name, say) is left out rather than drawn as an empty box. The same card gives
the same bytes on the same machine: no timestamp, no randomness.

`drawn_text` returns every piece of text the image paints, in drawing order, so a
test can read what the picture says without reading pixels.

The image is in the current language (`i18n`): its words, its date and its scores.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from formats.cards import (
    ELLIPSIS,
    INK,
    MUTED,
    PAPER,
    as_of,
    banner_colour,
    bar_fraction,
    cut_at_word,
    dimension_label,
    stage_label,
    wrap_words,
)
from formats.palette import ANSWER_COLOURS
from i18n import _, format_score
from scoring.card import Card

WIDTH, HEIGHT = 1200, 630
BANNER_HEIGHT = 150
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
__all__ = ["ELLIPSIS", "HEIGHT", "WIDTH", "drawn_text", "render_image", "render_png"]

_MARGIN = 56
_LEFT_RIGHT = 540  # the left column (name, company, reasons) ends here
_CHART_LEFT = 590
_CHART_RIGHT = WIDTH - _MARGIN
_CHART_TOP = BANNER_HEIGHT + 34
_CHART_BOTTOM = HEIGHT - 40
_TRACK = "#f4f2ee"
_WHITE = "#ffffff"

Font = ImageFont.FreeTypeFont


@cache
def _font(size: int, bold: bool = False) -> Font:
    path = FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if path.is_file():
        return ImageFont.truetype(str(path), size)
    font = ImageFont.load_default(size=size)
    if not isinstance(font, ImageFont.FreeTypeFont):  # a Pillow built without FreeType
        raise RuntimeError("rendering a scorecard PNG needs Pillow with FreeType support")
    return font


def _fits(text: str, font: Font, width: float) -> bool:
    return font.getlength(text) <= width


def _truncate(text: str, font: Font, width: float) -> str:
    """`text`, or its longest start that ends at a word and fits in `width` pixels with an ellipsis."""
    return cut_at_word(text, lambda cut: _fits(cut, font, width))


# Invisible joiners and emoji presentation selectors: nothing to draw once their emoji is gone.
_INVISIBLE = re.compile("[\u200d\ufe0e\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]")


@cache
def _has_glyph(char: str, font: Font) -> bool:
    """Whether `font` draws `char` as itself, not as its empty "missing glyph" box."""
    if unicodedata.category(char).startswith(("Z", "C")):
        return True
    missing = font.getmask("\U0010fffd")  # a private-use character: no font draws it
    drawn = font.getmask(char)
    return drawn.size != missing.size or bytes(drawn) != bytes(missing)


def drawable(text: str) -> str:
    """`text` without the characters the font cannot draw (emoji, mostly), spaces tidied up."""
    font = _font(40)
    kept = "".join(c for c in _INVISIBLE.sub("", text) if _has_glyph(c, font))
    return re.sub(r"\s{2,}", " ", kept).strip()


def _fit(text: str, width: float, sizes: range, bold: bool = False) -> tuple[str, Font]:
    """The largest of `sizes` at which `text` fits, else the smallest with the text truncated."""
    for size in sizes:
        font = _font(size, bold)
        if _fits(text, font, width):
            return text, font
    font = _font(sizes[-1], bold)
    return _truncate(text, font, width), font


def _wrap(text: str, font: Font, width: float, lines: int) -> list[str]:
    """Word wrap into at most `lines` lines that fit `width`; the last is truncated if text is left."""
    out = wrap_words(text, lambda line: _fits(line, font, width), lines)
    return [_truncate(line, font, width) for line in out]


@dataclass
class _Canvas:
    """The image being drawn, and every text painted on it (for `drawn_text`)."""

    draw: ImageDraw.ImageDraw
    texts: list[str] = field(default_factory=list)

    def text(self, xy: tuple[float, float], text: str, font: Font, fill: str, anchor: str) -> None:
        self.draw.text(xy, text, font=font, fill=fill, anchor=anchor)
        self.texts.append(text)


def _banner(canvas: _Canvas, card: Card) -> None:
    canvas.draw.rectangle((0, 0, WIDTH - 1, BANNER_HEIGHT - 1), fill=banner_colour(card))
    baseline_y = BANNER_HEIGHT // 2 + 30
    out_of = " / 100"
    small = _font(34, bold=True)
    score_font = _font(88, bold=True)
    right = WIDTH - _MARGIN
    canvas.text((right, baseline_y), out_of, font=small, fill=_WHITE, anchor="rs")
    score_right = right - small.getlength(out_of)
    score = format_score(card.score)
    canvas.text((score_right, baseline_y), score, font=score_font, fill=_WHITE, anchor="rs")
    score_left = score_right - score_font.getlength(score)
    headline, font = _fit(str(card.headline).upper(), score_left - _MARGIN - 40, range(88, 39, -4), bold=True)
    canvas.text((_MARGIN, baseline_y), headline, font=font, fill=_WHITE, anchor="ls")


def _who(canvas: _Canvas, card: Card) -> None:
    width = _LEFT_RIGHT - _MARGIN
    name, font = _fit(drawable(card.name) or card.name, width, range(54, 31, -2), bold=True)
    y = BANNER_HEIGHT + 40 + font.size
    canvas.text((_MARGIN, y), name, font=font, fill=INK, anchor="ls")
    y += 42
    company_text = drawable(card.company)
    if company_text:
        company, font = _fit(company_text, width, range(28, 21, -2))
        canvas.text((_MARGIN, y), company, font=font, fill=INK, anchor="ls")
        y += 38
    facts = [stage_label(card.stage), as_of(card)]
    if card.baseline_score is not None:
        facts.append(_("baseline {score}").format(score=format_score(card.baseline_score)))
    small = _font(20)
    canvas.text((_MARGIN, y), _truncate(" · ".join(facts), small, width), font=small, fill=MUTED, anchor="ls")
    y += 40
    # The gut call, as every other view of the account gives it, then the first reasons,
    # as far as five lines go. Reasons are rubric text, never notes.
    for line in _wrap(str(card.gut), small, width, 2):
        canvas.text((_MARGIN, y), line, font=small, fill=MUTED, anchor="ls")
        y += 28
    y += 8
    bullet = "•  "
    indent = small.getlength(bullet)
    room = 5
    for reason in card.reasons:
        if room <= 0:
            break
        lines = _wrap(str(reason), small, width - indent, room)
        canvas.text((_MARGIN, y), bullet, font=small, fill=MUTED, anchor="ls")
        for line in lines:
            canvas.text((_MARGIN + indent, y), line, font=small, fill=INK, anchor="ls")
            y += 28
        room -= len(lines)
    canvas.text((_MARGIN, HEIGHT - 34), "Thin Slice", font=_font(20, bold=True), fill=MUTED, anchor="ls")


def _chart(canvas: _Canvas, card: Card) -> None:
    rows = len(card.dimensions)
    if not rows:
        return
    row = (_CHART_BOTTOM - _CHART_TOP) / rows
    bar_height = min(22.0, row * 0.6)
    labels = [dimension_label(d.label, d.knockout) for d in card.dimensions]
    label_width = 250
    # One size for every label, the largest at which all fit; long ones are truncated at the smallest.
    size = next(
        (s for s in range(18, 13, -1) if all(_fits(t, _font(s), label_width) for t in labels)),
        14,
    )
    font = _font(size)
    bar_left = _CHART_LEFT + label_width + 12
    bar_width = _CHART_RIGHT - bar_left
    for index, (dim, label) in enumerate(zip(card.dimensions, labels, strict=True)):
        middle = _CHART_TOP + row * index + row / 2
        text = _truncate(label, font, label_width)
        canvas.text((_CHART_LEFT + label_width, middle), text, font=font, fill=INK, anchor="rm")
        top, bottom = round(middle - bar_height / 2), round(middle + bar_height / 2)
        canvas.draw.rounded_rectangle((bar_left, top, _CHART_RIGHT, bottom), radius=4, fill=_TRACK)
        right = bar_left + round(bar_width * bar_fraction(dim.answer))
        canvas.draw.rounded_rectangle(
            (bar_left, top, right, bottom), radius=4, fill=ANSWER_COLOURS[dim.answer]
        )


def _paint(card: Card) -> tuple[Image.Image, _Canvas]:
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    canvas = _Canvas(ImageDraw.Draw(image))
    _banner(canvas, card)
    _who(canvas, card)
    _chart(canvas, card)
    return image, canvas


def render_image(card: Card) -> Image.Image:
    """The scorecard thumbnail as a Pillow image (RGB, 1200x630), in the current language. Never
    shows notes."""
    return _paint(card)[0]


def drawn_text(card: Card) -> tuple[str, ...]:
    """Every text the thumbnail paints, in the order it paints them."""
    return tuple(_paint(card)[1].texts)


def render_png(card: Card) -> bytes:
    """The scorecard thumbnail as PNG bytes (RGB, 1200x630). Never shows notes."""
    buffer = io.BytesIO()
    render_image(card).save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
