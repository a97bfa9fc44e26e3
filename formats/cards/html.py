"""A scorecard as one self-contained HTML page, to save, mail or print to PDF.

The page needs nothing from outside: the CSS is inline, the charts are inline
SVG, there is no script, no link, no image file and no web font, so it opens the
same offline, in a mail client's preview or years later. Every piece of text
that a person typed (name, company, notes) and every label that comes from a
rubric file is escaped, so a name such as ``<script>`` shows up as those
characters and never as markup.

Print: A4 with 14 mm margins, the colours kept, and no section split across pages.

The page is in the current language (`i18n`), `<html lang>` included; dates and scores are
written as that language writes them, `<time datetime>` stays ISO.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Sequence

from formats.cards import (
    AMBER,
    GREEN,
    INK,
    MUTED,
    PAPER,
    RED,
    SLATE,
    as_of,
    banner_colour,
    bar_fraction,
    cut_at_word,
    dimension_label,
    stage_label,
    wrap_words,
)
from formats.html_page import document
from formats.palette import ANSWER_COLOURS, ANSWER_INK
from i18n import _, format_date, format_score
from scoring.card import Card, CardDimension, CardNote, CardPoint
from scoring.models import Answer, Stage


def _e(text: object) -> str:
    """Escape for text and for attribute values alike."""
    return html.escape(str(text), quote=True)


def _num(value: float) -> str:
    """A coordinate with at most one decimal, written the same way every time."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


# -- the ten dimensions ---------------------------------------------------------------------------

_DIM_WIDTH = 680
_DIM_LABEL_RIGHT = 222  # labels end here (right-aligned)
_DIM_BAR_LEFT = 232
_DIM_BAR_WIDTH = 352  # 88 per answer step
_DIM_ANSWER_LEFT = _DIM_BAR_LEFT + _DIM_BAR_WIDTH + 10
_DIM_ROW = 32
_DIM_BAR = 18
_DIM_TOP = 6
_DIM_AXIS = 26
# DejaVu Sans, the widest of the usual sans fonts, averages about 0.6 em a character.
_LABEL_FONT = 13
_LABEL_CHARS = int((_DIM_LABEL_RIGHT - 4) / (_LABEL_FONT * 0.6))


def _wrap(text: str, width: int, lines: int) -> list[str]:
    """Word wrap to at most `lines` lines of `width` characters, cut with an ellipsis."""
    out = wrap_words(text, lambda line: len(line) <= width, lines)
    return [cut_at_word(line, lambda cut: len(cut) <= width) for line in out]


def _dimension_row(index: int, dim: CardDimension) -> str:
    label = dimension_label(dim.label, dim.knockout)
    middle = _DIM_TOP + index * _DIM_ROW + _DIM_ROW / 2
    lines = _wrap(label, _LABEL_CHARS, 2)
    if len(lines) == 1:
        text = (
            f'<text x="{_DIM_LABEL_RIGHT}" y="{_num(middle)}" class="dim-label" '
            f'text-anchor="end" dominant-baseline="central">{_e(lines[0])}</text>'
        )
    else:
        spans = "".join(
            f'<tspan x="{_DIM_LABEL_RIGHT}" y="{_num(middle + offset)}">{_e(line)}</tspan>'
            for line, offset in zip(lines, (-7.5, 7.5), strict=False)
        )
        text = f'<text class="dim-label dim-label-2" text-anchor="end">{spans}</text>'

    width = _DIM_BAR_WIDTH * bar_fraction(dim.answer)
    colour = ANSWER_COLOURS[dim.answer]
    bar = (
        f'<rect x="{_DIM_BAR_LEFT}" y="{_num(middle - _DIM_BAR / 2)}" width="{_num(width)}" '
        f'height="{_DIM_BAR}" rx="3" fill="{colour}">'
        f"<title>{_e(label)}: {_e(dim.answer.label)}</title></rect>"
    )
    answer = (
        f'<text x="{_DIM_ANSWER_LEFT}" y="{_num(middle)}" class="dim-answer" '
        f'dominant-baseline="central" fill="{ANSWER_INK[dim.answer]}">{_e(dim.answer.label)}</text>'
    )
    return f'<g class="dimension">{text}{bar}{answer}</g>'


def dimensions_svg(dimensions: Sequence[CardDimension]) -> str:
    """One horizontal bar per dimension on the 0-4 answer scale: the only `<rect>`s of the page."""
    plot_bottom = _DIM_TOP + len(dimensions) * _DIM_ROW
    height = plot_bottom + _DIM_AXIS
    step = _DIM_BAR_WIDTH / 4
    grid = "".join(
        f'<line x1="{_num(_DIM_BAR_LEFT + i * step)}" y1="{_DIM_TOP}" '
        f'x2="{_num(_DIM_BAR_LEFT + i * step)}" y2="{plot_bottom}" class="grid"/>'
        for i in range(5)
    )
    ticks = "".join(
        f'<text x="{_num(_DIM_BAR_LEFT + answer.points * step)}" y="{plot_bottom + 17}" '
        f'class="tick" text-anchor="middle">{_e(answer.label)}</text>'
        for answer in Answer
    )
    rows = "".join(_dimension_row(i, d) for i, d in enumerate(dimensions))
    summary = "; ".join(f"{dimension_label(d.label, d.knockout)}: {d.answer.label}" for d in dimensions)
    label = _("The ten dimensions. {summary}").format(summary=summary)
    return (
        f'<svg class="chart dimensions-chart" viewBox="0 0 {_DIM_WIDTH} {height}" role="img" '
        f'aria-label="{_e(label)}">'
        f"{grid}{rows}{ticks}</svg>"
    )


# -- score history -------------------------------------------------------------------------------

_HIST_WIDTH = 680
_HIST_HEIGHT = 250
_HIST_LEFT = 40
_HIST_RIGHT = 664
_HIST_TOP = 14
_HIST_BOTTOM = 214


def _y(score: float) -> float:
    score = min(max(score, 0.0), 100.0)
    return _HIST_BOTTOM - (_HIST_BOTTOM - _HIST_TOP) * score / 100


def _x(on: dt.date, first: dt.date, last: dt.date) -> float:
    span = (last - first).days
    if span <= 0:
        return (_HIST_LEFT + _HIST_RIGHT) / 2
    return _HIST_LEFT + (_HIST_RIGHT - _HIST_LEFT) * (on - first).days / span


def _history_legend(threshold: float, baseline: float | None, y: float) -> str:
    """Dots and lines explained in one centred row under the chart, where no data can cover them."""
    dash = '<line x1="0" y1="-4" x2="16" y2="-4" stroke="{}" stroke-width="1.5" stroke-dasharray="{}"/>'
    items = [
        (f'<circle cx="4" cy="-4" r="4" fill="{GREEN}"/>', 12, _("hell yes")),
        (f'<circle cx="4" cy="-4" r="4" fill="{RED}"/>', 12, _("hell no")),
        (dash.format(GREEN, "6 4"), 22, _("hell yes from {score}").format(score=format_score(threshold))),
    ]
    if baseline is not None:
        items.append((dash.format(SLATE, "2 4"), 22, _baseline(baseline)))
    # Text widths are estimates, about 6.5 px a character at 11 px; the row is centred on them.
    widths = [offset + 6.5 * len(label) for _, offset, label in items]
    gap = 18
    x = (_HIST_LEFT + _HIST_RIGHT) / 2 - (sum(widths) + gap * (len(items) - 1)) / 2
    out: list[str] = []
    for (mark, offset, label), width in zip(items, widths, strict=True):
        out.append(
            f'<g transform="translate({_num(x)} {_num(y)})">{mark}'
            f'<text x="{offset}" y="0" class="tick">{_e(label)}</text></g>'
        )
        x += width + gap
    return '<g class="legend">' + "".join(out) + "</g>"


def history_svg(points: Sequence[CardPoint], baseline: float | None, threshold: float) -> str:
    """The score of every assessment over time on a 0-100 axis, with the hell-yes line drawn in."""
    first, last = points[0].on, points[-1].on
    parts: list[str] = []
    for value in range(0, 101, 20):
        y = _num(_y(value))
        parts.append(f'<line x1="{_HIST_LEFT}" y1="{y}" x2="{_HIST_RIGHT}" y2="{y}" class="grid"/>')
        parts.append(
            f'<text x="{_HIST_LEFT - 6}" y="{y}" class="tick" text-anchor="end" '
            f'dominant-baseline="central">{value}</text>'
        )
    y = _num(_y(threshold))
    parts.append(
        f'<line x1="{_HIST_LEFT}" y1="{y}" x2="{_HIST_RIGHT}" y2="{y}" stroke="{GREEN}" '
        f'stroke-width="1.5" stroke-dasharray="6 4"/>'
    )
    if baseline is not None:
        y = _num(_y(baseline))
        parts.append(
            f'<line x1="{_HIST_LEFT}" y1="{y}" x2="{_HIST_RIGHT}" y2="{y}" stroke="{SLATE}" '
            f'stroke-width="1.5" stroke-dasharray="2 4"/>'
        )
    coords = [(_x(p.on, first, last), _y(p.score)) for p in points]
    if len(coords) > 1:
        path = " ".join(f"{_num(x)},{_num(y)}" for x, y in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#475569" stroke-width="2"/>')
    for point, (x, y_) in zip(points, coords, strict=True):
        colour = GREEN if point.hell_yes else RED
        parts.append(
            f'<circle cx="{_num(x)}" cy="{_num(y_)}" r="4.5" fill="{colour}" stroke="#ffffff" '
            f'stroke-width="1"><title>{_e(format_date(point.on))} {_e(point.kind.label)}: '
            f"{_e(format_score(point.score))}</title></circle>"
        )
    date_y = _HIST_BOTTOM + 20
    if first == last:
        parts.append(
            f'<text x="{_num(coords[0][0])}" y="{date_y}" class="tick" text-anchor="middle">'
            f"{_e(format_date(first))}</text>"
        )
    else:
        parts.append(f'<text x="{_HIST_LEFT}" y="{date_y}" class="tick">{_e(format_date(first))}</text>')
        parts.append(
            f'<text x="{_HIST_RIGHT}" y="{date_y}" class="tick" text-anchor="end">'
            f"{_e(format_date(last))}</text>"
        )
    parts.append(_history_legend(threshold, baseline, _HIST_BOTTOM + 20))
    scores = "; ".join(f"{format_date(p.on)} {format_score(p.score)}" for p in points)
    label = _("Score over time: {scores}").format(scores=scores)
    return (
        f'<svg class="chart history-chart" viewBox="0 0 {_HIST_WIDTH} {_HIST_HEIGHT}" role="img" '
        f'aria-label="{_e(label)}">{"".join(parts)}</svg>'
    )


# -- the page ------------------------------------------------------------------------------------

_CSS = f"""
@page {{ size: A4; margin: 14mm; }}
* {{ box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
html {{ background: {PAPER}; }}
body {{
  margin: 0; padding: 24px 16px; color: {INK}; background: {PAPER};
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Roboto, "Helvetica Neue",
    Arial, sans-serif;
}}
main {{ max-width: 182mm; margin: 0 auto; }}
.brand {{ margin: 0; font-size: 12px; letter-spacing: .08em; text-transform: uppercase; color: {MUTED}; }}
h1 {{ margin: 4px 0 2px; font-size: 30px; line-height: 1.2; overflow-wrap: anywhere; }}
h2 {{ margin: 0 0 8px; font-size: 17px; break-after: avoid; page-break-after: avoid; }}
.meta {{ margin: 0; color: {MUTED}; font-size: 14px; overflow-wrap: anywhere; }}
.banner {{
  display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 8px 24px;
  margin: 16px 0 20px; padding: 16px 22px; border-radius: 10px; color: #ffffff;
}}
.banner-green {{ background: {GREEN}; }}
.banner-red {{ background: {RED}; }}
.banner-amber {{ background: {AMBER}; }}
.banner-slate {{ background: {SLATE}; }}
.headline {{ margin: 0; font-size: 40px; font-weight: 800; letter-spacing: .04em; line-height: 1.1; }}
.score {{ margin: 0; text-align: right; line-height: 1.2; }}
.score strong {{ font-size: 40px; font-weight: 800; }}
.score .out-of {{ font-size: 18px; opacity: .9; }}
.score .baseline {{ display: block; font-size: 14px; opacity: .9; }}
section {{ margin: 0 0 18px; break-inside: avoid; page-break-inside: avoid; }}
section.notes {{ break-inside: auto; page-break-inside: auto; }}
ul {{ margin: 0; padding-left: 20px; }}
li {{ margin: 2px 0; overflow-wrap: anywhere; }}
p {{ overflow-wrap: anywhere; }}
.gut p {{ margin: 0; }}
.chart {{ display: block; width: 100%; height: auto; }}
.chart text {{ font-family: inherit; }}
.grid {{ stroke: #e5e7eb; stroke-width: 1; }}
.dim-label {{ font-size: {_LABEL_FONT}px; fill: {INK}; dominant-baseline: central; }}
.dim-label-2 {{ font-size: 12px; }}
.dim-answer {{ font-size: 12px; font-weight: 600; }}
.tick {{ font-size: 11px; fill: {MUTED}; }}
.notes ul {{ list-style: none; padding: 0; }}
.notes li {{ margin: 0 0 8px; white-space: pre-wrap; break-inside: avoid; page-break-inside: avoid; }}
.notes time {{ display: block; font-size: 12px; color: {MUTED}; }}
.private {{ display: inline-block; margin-left: 8px; padding: 0 6px; border-radius: 4px; font-size: 11px;
  font-weight: 600; color: {RED}; border: 1px solid {RED}; vertical-align: middle; }}
footer {{
  margin-top: 24px; padding-top: 8px; border-top: 1px solid #e5e7eb; font-size: 12px; color: {MUTED};
}}
@media print {{
  html, body {{ background: #ffffff; }}
  body {{ padding: 0; font-size: 11pt; }}
  main {{ max-width: none; }}
  header, .banner, section:not(.notes), svg, li {{ break-inside: avoid; page-break-inside: avoid; }}
}}
"""

_BANNER_CLASS = {GREEN: "banner-green", RED: "banner-red", AMBER: "banner-amber", SLATE: "banner-slate"}


def _list(items: Iterable[object]) -> str:
    return "<ul>" + "".join(f"<li>{_e(item)}</li>" for item in items) + "</ul>"


def _note(note: CardNote) -> str:
    return f'<li><time datetime="{note.on:%Y-%m-%d}">{_e(format_date(note.on))}</time>{_e(note.text)}</li>'


def _h2(heading: str) -> str:
    return f"<h2>{_e(heading)}</h2>"


def _baseline(score: float) -> str:
    return _("baseline {score}").format(score=format_score(score))


def _why_heading(card: Card) -> str:
    headline = str(card.headline).lower()
    if card.stage is Stage.CLIENT and card.history:
        return _("Why the status is {status}").format(status=headline)
    return _("Why it is a {verdict}").format(verdict=headline)


def render_html(card: Card) -> str:
    """The whole scorecard as a standalone HTML5 document (UTF-8, no script, no outside resource),
    in the current language.

    The history chart draws its hell-yes line at the card's `threshold`, the rubric's.
    """
    meta = [card.company] if card.company else []
    meta += [stage_label(card.stage), as_of(card)]
    meta_html = " · ".join(_e(m) for m in meta)
    if card.notes:
        meta_html += '<span class="private">' + _e(_("includes private notes")) + "</span>"
    baseline = (
        f'<span class="baseline">{_e(_baseline(card.baseline_score))}</span>'
        if card.baseline_score is not None
        else ""
    )
    body: list[str] = [
        '<header class="who">',
        '<p class="brand">' + _e(_("Thin Slice scorecard")) + "</p>",
        f"<h1>{_e(card.name)}</h1>",
        f'<p class="meta">{meta_html}</p>',
        "</header>",
        f'<section class="banner {_BANNER_CLASS[banner_colour(card)]}">',
        f'<p class="headline">{_e(str(card.headline).upper())}</p>',
        f'<p class="score"><strong>{_e(format_score(card.score))}</strong>'
        f'<span class="out-of"> / 100</span>{baseline}</p>',
        "</section>",
        '<section class="dimensions">',
        _h2(_("The ten dimensions")),
        dimensions_svg(card.dimensions),
        "</section>",
    ]
    if card.reasons:
        body += ['<section class="reasons">', _h2(_why_heading(card)), _list(card.reasons)]
        body.append("</section>")
    if card.to_hell_yes:
        body += ['<section class="to-hell-yes">', _h2(_("What would make it a hell yes"))]
        body += [_list(card.to_hell_yes), "</section>"]
    if card.gut:
        body += ['<section class="gut">', _h2(_("Gut vs. rubric")), f"<p>{_e(card.gut)}</p>"]
        body.append("</section>")
    if card.stage is Stage.CLIENT and card.history:
        body += ['<section class="history">', _h2(_("Score over time"))]
        body += [history_svg(card.history, card.baseline_score, card.threshold), "</section>"]
    if card.notes:
        body += ['<section class="notes">', _h2(_("Notes"))]
        body += ["<ul>" + "".join(_note(n) for n in card.notes) + "</ul>", "</section>"]
    footer = _("Thin Slice · scorecard as of {date}").format(date=format_date(card.as_of))
    body.append(f"<footer>{_e(footer)}</footer>")
    title = _("{name} · Thin Slice scorecard").format(name=card.name)
    return document(title, _CSS, body)
