"""A scorecard as a 1200x630 PNG, the size chat apps and link previews show whole.

The image is the public face of a card: the verdict banner, the name, the
company, the score and the ten dimensions as bars. It never shows notes or
evidence, even when the card was built with them (`include_notes=True`): an
image gets forwarded and previewed far beyond the person it was meant for, and
text in pixels cannot be redacted afterwards. Share the HTML page for notes.

Text is drawn with Pillow, so whatever a name contains is painted as those
characters and never interpreted. Fonts are DejaVu Sans from
/usr/share/fonts/truetype/dejavu (Debian's fonts-dejavu-core) when present, else
Pillow's built-in scalable font. The same card gives the same bytes on the same
machine: no timestamp, no randomness.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from formats.cards import (
    ANSWER_COLOURS,
    INK,
    MUTED,
    PAPER,
    banner_colour,
    bar_fraction,
    dimension_label,
    wrap_words,
)
from scoring.card import Card
from scoring.models import format_score

WIDTH, HEIGHT = 1200, 630
BANNER_HEIGHT = 150
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
ELLIPSIS = "…"

_MARGIN = 56
_LEFT_RIGHT = 540  # the left column (name, company, reasons) ends here
_CHART_LEFT = 590
_CHART_RIGHT = WIDTH - _MARGIN
_CHART_TOP = BANNER_HEIGHT + 34
_CHART_BOTTOM = HEIGHT - 40
_TRACK = "#ece8e1"
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
    """The longest start of `text` that fits in `width` pixels, ending in an ellipsis if cut."""
    if _fits(text, font, width):
        return text
    low, high = 0, len(text)
    while low < high:  # the largest n for which text[:n] + "…" fits
        middle = (low + high + 1) // 2
        if _fits(text[:middle].rstrip() + ELLIPSIS, font, width):
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ELLIPSIS if low else ELLIPSIS


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


def _banner(draw: ImageDraw.ImageDraw, card: Card) -> None:
    draw.rectangle((0, 0, WIDTH - 1, BANNER_HEIGHT - 1), fill=banner_colour(card))
    baseline_y = BANNER_HEIGHT // 2 + 30
    out_of = " / 100"
    small = _font(34, bold=True)
    score_font = _font(88, bold=True)
    right = WIDTH - _MARGIN
    draw.text((right, baseline_y), out_of, font=small, fill=_WHITE, anchor="rs")
    score_right = right - small.getlength(out_of)
    draw.text((score_right, baseline_y), card.score_text, font=score_font, fill=_WHITE, anchor="rs")
    score_left = score_right - score_font.getlength(card.score_text)
    headline, font = _fit(card.headline.upper(), score_left - _MARGIN - 40, range(88, 39, -4), bold=True)
    draw.text((_MARGIN, baseline_y), headline, font=font, fill=_WHITE, anchor="ls")


def _who(draw: ImageDraw.ImageDraw, card: Card) -> None:
    width = _LEFT_RIGHT - _MARGIN
    name, font = _fit(card.name, width, range(54, 31, -2), bold=True)
    y = BANNER_HEIGHT + 40 + font.size
    draw.text((_MARGIN, y), name, font=font, fill=INK, anchor="ls")
    y += 42
    if card.company:
        company, font = _fit(card.company, width, range(28, 21, -2))
        draw.text((_MARGIN, y), company, font=font, fill=INK, anchor="ls")
        y += 38
    facts = [card.stage.value, f"as of {card.as_of:%Y-%m-%d}"]
    if card.baseline_score is not None:
        facts.append(f"baseline {format_score(card.baseline_score)}")
    small = _font(20)
    draw.text((_MARGIN, y), _truncate(" · ".join(facts), small, width), font=small, fill=MUTED, anchor="ls")
    y += 48
    # The first reasons, as far as three lines go. Reasons are rubric text, never notes.
    bullet = "•  "
    indent = small.getlength(bullet)
    room = 3
    for reason in card.reasons:
        if room <= 0:
            break
        lines = _wrap(reason, small, width - indent, room)
        draw.text((_MARGIN, y), bullet, font=small, fill=MUTED, anchor="ls")
        for line in lines:
            draw.text((_MARGIN + indent, y), line, font=small, fill=INK, anchor="ls")
            y += 28
        room -= len(lines)
    if not card.reasons and card.gut:
        for line in _wrap(card.gut, small, width, 2):
            draw.text((_MARGIN, y), line, font=small, fill=MUTED, anchor="ls")
            y += 28
    draw.text((_MARGIN, HEIGHT - 34), "Thin Slice", font=_font(20, bold=True), fill=MUTED, anchor="ls")


def _chart(draw: ImageDraw.ImageDraw, card: Card) -> None:
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
        draw.text((_CHART_LEFT + label_width, middle), text, font=font, fill=INK, anchor="rm")
        top, bottom = round(middle - bar_height / 2), round(middle + bar_height / 2)
        draw.rounded_rectangle((bar_left, top, _CHART_RIGHT, bottom), radius=4, fill=_TRACK)
        right = bar_left + round(bar_width * bar_fraction(dim.answer))
        draw.rounded_rectangle((bar_left, top, right, bottom), radius=4, fill=ANSWER_COLOURS[dim.answer])


def render_image(card: Card) -> Image.Image:
    """The scorecard thumbnail as a Pillow image (RGB, 1200x630). Never shows notes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    _banner(draw, card)
    _who(draw, card)
    _chart(draw, card)
    return image


def render_png(card: Card) -> bytes:
    """The scorecard thumbnail as PNG bytes (RGB, 1200x630). Never shows notes."""
    buffer = io.BytesIO()
    render_image(card).save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
