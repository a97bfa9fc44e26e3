"""Scorecards as files: a self-contained HTML page and a PNG thumbnail.

Both render a `scoring.card.Card`, which has already decided what may be shown
(notes are in it only when the owner chose to include them). The renderers add
no data of their own and import no framework: `formats.cards.html.render_html` and
`formats.cards.png.render_png` need only the standard library and Pillow.

This module holds what both renderers share beyond the answer colours (those are in
`formats.palette`, shared with the app's charts): the colour of a card's verdict banner, and
the words both print beside the card's own.

Both render in the current language (`i18n`), every word and every date and score: a caller
that keeps a rendered card (a download cached by the app) keeps one per language.
"""

from __future__ import annotations

from collections.abc import Callable

from i18n import _, format_date, pgettext
from scoring.card import Card
from scoring.models import MAX_POINTS, Answer, Stage
from scoring.status import Status

GREEN = "#15803d"
RED = "#b91c1c"
AMBER = "#d97706"  # a client on watch
SLATE = "#64748b"  # a client nobody checked on for too long
INK = "#1f2937"
MUTED = "#6b7280"
PAPER = "#fffdf9"

# A hell no is drawn as a sliver of a bar, so a zero still reads as a bar and not a gap.
MIN_BAR_POINTS = 0.12


def banner_colour(card: Card) -> str:
    """Green for a hell yes, amber for watch, slate for stale, red for everything else."""
    if card.good:
        return GREEN
    if card.standing is Status.WATCH:
        return AMBER
    if card.standing is Status.STALE:
        return SLATE
    return RED


def bar_fraction(answer: Answer) -> float:
    """How much of a full bar an answer fills, on the 0-4 points scale."""
    return max(answer.points, MIN_BAR_POINTS) / MAX_POINTS


def dimension_label(label: object, knockout: bool) -> str:
    """A dimension's label as the charts show it, a knockout marked as one."""
    if knockout:
        return _("{dimension} (knockout)").format(dimension=label)
    return str(label)


def stage_label(stage: Stage) -> str:
    """ "prospect" or "client", in the reader's words (the value is the stable key)."""
    if stage is Stage.CLIENT:
        return pgettext("stage", "client")
    return pgettext("stage", "prospect")


def as_of(card: Card) -> str:
    """ "as of Mar 1, 2026": the day the card was judged as of."""
    return _("as of {date}").format(date=format_date(card.as_of))


ELLIPSIS = "…"


def cut_at_word(text: str, fits: Callable[[str], bool]) -> str:
    """`text`, or its longest start that ends at a whole word and fits with an ellipsis after it.

    A reason cut to "42.5 poi…" reads as a typo; "42.5…" reads as more to come. Only a
    first word too long to fit on its own is cut inside the word.
    """
    if fits(text):
        return text
    words = text.split()
    for count in range(len(words) - 1, 0, -1):
        candidate = " ".join(words[:count]).rstrip(" ,;:-–—") + ELLIPSIS
        if fits(candidate):
            return candidate
    first = words[0] if words else ""
    low, high = 0, len(first)
    while low < high:  # the largest n for which first[:n] + "…" fits
        middle = (low + high + 1) // 2
        if fits(first[:middle] + ELLIPSIS):
            low = middle
        else:
            high = middle - 1
    return first[:low] + ELLIPSIS


def wrap_words(text: str, fits: Callable[[str], bool], lines: int) -> list[str]:
    """Greedy word wrap into at most `lines` lines; the last line takes whatever is left.

    `fits` says whether a line is short enough (characters for HTML, pixels for the
    PNG); each renderer truncates the last line its own way.
    """
    words = text.split()
    if lines <= 1:
        return [" ".join(words)] if lines == 1 and words else []
    out: list[str] = []
    current = ""
    for index, word in enumerate(words):
        candidate = f"{current} {word}" if current else word
        if fits(candidate) or not current:
            current = candidate
            continue
        out.append(current)
        if len(out) == lines - 1:
            current = " ".join(words[index:])
            break
        current = word
    if current:
        out.append(current)
    return out
