"""What every view says first about one account: the same words, score and gut call,
whichever page, list, card or file shows it.

A prospect is headed by the verdict on its newest screen. A client is headed by its
status (from its baseline and its last few check-ins), never by the verdict on one
check-in: a client can have a hell-no check-in and still be on watch, or be let go
after a run of them. The gut call is the account's first impression: the gut of its
first screen, with the rubric's verdict on that same screen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from scoring.models import Assessment, Kind, Result, Rubric, Stage, Verdict
from scoring.status import ClientStatus, Status, client_status, split_history, status_window
from scoring.verdict import evaluate


@dataclass(frozen=True, slots=True)
class Headline:
    stage: Stage
    #: The verdict on the newest assessment (its score is the account's score).
    result: Result
    #: A client's status; None for a prospect (or a client without a baseline screen).
    status: ClientStatus | None
    #: The first screen's gut call and the rubric's verdict on that screen.
    gut: Verdict | None
    gut_verdict: Verdict | None

    @property
    def label(self) -> str:
        return self.status.status.label if self.status is not None else self.result.verdict.label

    @property
    def good(self) -> bool:
        if self.status is not None:
            return self.status.status is Status.HELL_YES
        return self.result.verdict is Verdict.HELL_YES

    @property
    def score(self) -> float:
        """A client's score is its newest check-in's (what its status judged), a prospect's its
        newest screen's."""
        return self.status.latest_score if self.status is not None else self.result.score

    @property
    def reasons(self) -> tuple[str, ...]:
        if self.status is not None:
            return tuple(f.message for f in self.status.findings)
        return tuple(b.message for b in self.result.blockers)

    @property
    def gut_line(self) -> str:
        """One sentence for cards and files: empty when no gut call was recorded."""
        if self.gut is None or self.gut_verdict is None:
            return ""
        agree = "agreed" if self.gut is self.gut_verdict else "disagreed"
        return f"Gut call: {self.gut.label}. The rubric {agree}: {self.gut_verdict.label}."


def headline(
    rubric: Rubric,
    stage: Stage,
    *,
    latest: Assessment,
    first_screen: Assessment | None,
    baseline: Assessment | None,
    recent: Sequence[Assessment],
    today: dt.date,
) -> Headline:
    """The headline from the few assessments it depends on (what lists read for thousands).

    `recent` holds a client's latest check-ins, at least `status_window(rubric)` of them
    when there are that many; `baseline` is its baseline screen (`split_history`).
    """
    status = None
    if stage is Stage.CLIENT and baseline is not None:
        status = client_status(rubric, baseline, recent, today)
    gut = first_screen.gut if first_screen is not None else None
    # With its gut call, as the status judges the baseline and a prospect's latest screen: the
    # verdict does not depend on it, and the same key finds the same judged result.
    gut_verdict = evaluate(rubric, first_screen.answers, gut).verdict if first_screen is not None else None
    return Headline(
        stage=stage,
        result=evaluate(rubric, latest.answers, latest.gut),
        status=status,
        gut=gut,
        gut_verdict=gut_verdict if gut is not None else None,
    )


def headline_of(rubric: Rubric, stage: Stage, history: Sequence[Assessment], today: dt.date) -> Headline:
    """The headline from a whole history (any order); it must hold at least one assessment."""
    ordered = sorted(history, key=lambda a: a.taken_on)
    if not ordered:
        raise ValueError("a headline needs at least one assessment")
    baseline, checkins = split_history(ordered)
    return headline(
        rubric,
        stage,
        latest=ordered[-1],
        first_screen=next((a for a in ordered if a.kind is Kind.SCREEN), None),
        baseline=baseline,
        recent=checkins[-status_window(rubric) :],
        today=today,
    )
