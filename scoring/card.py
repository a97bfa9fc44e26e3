"""What a scorecard shows, decided once for every way it is shown.

The in-app page, a shared link, the HTML file, the PNG image and the plain-text
copy all render the same `Card`. Privacy is applied here, when the card is
built: notes and evidence are left out unless the owner chose to include them,
so no renderer can leak them by mistake.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from i18n import _, format_score
from scoring.headline import headline_of
from scoring.models import Answer, Assessment, Frozen, Kind, Rubric, Stage, Verdict
from scoring.reviews import Review
from scoring.status import Status
from scoring.verdict import evaluate_stored


class CardDimension(Frozen):
    key: str
    label: str
    answer: Answer
    knockout: bool = False


class CardPoint(Frozen):
    on: dt.date
    score: float
    kind: Kind
    hell_yes: bool


class CardNote(Frozen):
    on: dt.date
    text: str


class Card(Frozen):
    """`standing` is the verdict on a prospect's latest assessment, or a client's status;
    `threshold` the score a hell yes needs on the rubric the card was built with.

    A card is built for one reader and worded in the current language (labels, reasons);
    the standing's headline is read in the language of whoever renders it."""

    name: str
    company: str = ""
    stage: Stage
    standing: Verdict | Status
    threshold: float
    score: float
    baseline_score: float | None = None
    as_of: dt.date
    dimensions: tuple[CardDimension, ...]
    reasons: tuple[str, ...]
    to_hell_yes: tuple[str, ...] = ()
    gut: str = ""
    history: tuple[CardPoint, ...] = ()
    notes: tuple[CardNote, ...] = ()

    @property
    def headline(self) -> str:
        """The standing in words: "Hell yes", "Hell no", or a client status such as "Let go"."""
        return self.standing.label

    @property
    def good(self) -> bool:
        """Whether the standing is a hell yes."""
        return self.standing is Verdict.HELL_YES or self.standing is Status.HELL_YES

    @property
    def score_text(self) -> str:
        return format_score(self.score)


def _point(rubric: Rubric, assessment: Assessment) -> CardPoint:
    result = evaluate_stored(rubric, assessment.answers)
    return CardPoint(
        on=assessment.taken_on,
        score=result.score,
        kind=assessment.kind,
        hell_yes=result.verdict is Verdict.HELL_YES,
    )


def build_card(
    rubric: Rubric,
    *,
    name: str,
    company: str,
    stage: Stage,
    history: Sequence[Assessment],
    today: dt.date,
    evidence: Sequence[tuple[dt.date, str]] = (),
    include_notes: bool = False,
    reviews: Sequence[Review] = (),
) -> Card:
    """The scorecard of one account as of `today`; `history` is every assessment of it.
    Its standing, score, reasons and gut call are the account's headline (`scoring.headline`),
    as every other view shows them, a client's own reviews (`reviews`) included."""
    ordered = sorted(history, key=lambda a: a.taken_on)
    if not ordered:
        raise ValueError("a scorecard needs at least one assessment")
    latest = ordered[-1]
    head = headline_of(rubric, stage, ordered, today, reviews)
    status = head.status
    standing: Verdict | Status = status.status if status is not None else head.result.verdict
    notes: list[CardNote] = []
    if include_notes:
        notes.extend(CardNote(on=a.taken_on, text=a.note) for a in ordered if a.note.strip())
        notes.extend(CardNote(on=on, text=text) for on, text in evidence if text.strip())
        notes.sort(key=lambda n: n.on, reverse=True)
    return Card(
        name=name,
        company=company,
        stage=stage,
        standing=standing,
        threshold=rubric.verdict.threshold,
        score=head.score,
        baseline_score=status.baseline_score if status is not None else None,
        as_of=today,
        dimensions=tuple(
            CardDimension(key=d.key, label=d.label, answer=latest.answers[d.key], knockout=d.knockout)
            for d in rubric.dimensions
            if d.key in latest.answers  # a dimension added since was not asked
        ),
        reasons=head.reasons,
        to_hell_yes=tuple(
            _("{label}: from {current} to {target}").format(
                label=c.label, current=c.current.label, target=c.target
            )
            for c in head.result.to_hell_yes
        )
        if status is None
        else (),
        gut=head.gut_line,
        history=tuple(_point(rubric, a) for a in ordered) if stage is Stage.CLIENT else (),
        notes=tuple(notes),
    )


def card_text(card: Card) -> str:
    """The scorecard as plain text, to paste into an e-mail."""
    if card.company:
        title = _("Thin Slice scorecard: {name} ({company})").format(name=card.name, company=card.company)
    else:
        title = _("Thin Slice scorecard: {name}").format(name=card.name)
    lines = [title]
    lines.append(
        # Translators: the card's first line under its title: "HELL NO · score 62.5/100 · as of 2026-11-09".
        _("{headline} · score {score}/100 · as of {day}").format(
            headline=card.headline.upper(), score=card.score_text, day=card.as_of.isoformat()
        )
    )
    if card.baseline_score is not None:
        lines.append(_("Baseline score: {score}").format(score=format_score(card.baseline_score)))
    if card.gut:
        lines.append(card.gut)
    lines.append("")
    lines.append(_("The ten dimensions:"))
    width = max(len(d.label) for d in card.dimensions)
    lines.extend(f"  {d.label.ljust(width)}  {d.answer.label}" for d in card.dimensions)
    if card.reasons:
        lines.append("")
        lines.append(_("Why:"))
        lines.extend(f"  - {r}" for r in card.reasons)
    if card.to_hell_yes:
        lines.append("")
        lines.append(_("What would make it a hell yes:"))
        lines.extend(f"  - {c}" for c in card.to_hell_yes)
    if card.history:
        lines.append("")
        lines.append(_("Score history:"))
        lines.extend(f"  {p.on:%Y-%m-%d}  {format_score(p.score)}" for p in card.history[-12:])
    if card.notes:
        lines.append("")
        lines.append(_("Notes:"))
        lines.extend(f"  {n.on:%Y-%m-%d}  {n.text}" for n in card.notes)
    return "\n".join(lines) + "\n"
