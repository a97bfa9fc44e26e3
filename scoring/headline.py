"""What every view says first about one account: the same words, score and gut call,
whichever page, list, card or file shows it.

A prospect is headed by the verdict on its newest screen. A client is headed by its
status (from its baseline and its last few check-ins), never by the verdict on one
check-in: a client can have a hell-no check-in and still be on watch, or be let go
after a run of them. Its own reviews count too (`scoring.reviews`): they may raise a
hell yes to watch, never more. The gut call is the account's first impression: the gut of its
first screen, with the rubric's verdict on that same screen. Every assessment is judged
over the dimensions it was asked (`scoring.verdict.evaluate_stored`): the rubric may have
gained or retired one since.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import partial

from i18n import _
from scoring.models import Assessment, Kind, Result, Rubric, Stage, Verdict
from scoring.reviews import Review
from scoring.status import (
    ClientStatus,
    Judgement,
    Standing,
    Status,
    client_status,
    split_history,
    status_window,
)
from scoring.verdict import evaluate_stored


class Headline:
    """What every view says first about one account.

    A client's status is explained (every finding and its message) when first asked for,
    then kept: a list of thousands sorts, counts and colours by `standing`, and explains only
    the lines it shows. So are a client's verdicts on its newest assessment and on its first
    screen, which no list of clients shows. A page about one account gets them at once.
    """

    __slots__ = ("_explain", "_gut_verdict", "_judge", "_result", "_status", "gut", "stage", "standing")

    def __init__(
        self,
        stage: Stage,
        result: Result | None,
        gut: Verdict | None,
        gut_verdict: Verdict | None,
        status: ClientStatus | None = None,
        standing: Standing | None = None,
        explain: Callable[[], ClientStatus] | None = None,
        judge: Callable[[], tuple[Result, Verdict | None]] | None = None,
    ) -> None:
        if (result is None) == (judge is None):
            raise ValueError("a headline takes its result, or what judges it when asked: one of the two")
        self.stage = stage
        #: A client's status without its explanation; None for a prospect (or a client without
        #: a baseline screen).
        self.standing = standing if standing is not None or status is None else status.standing()
        #: The first screen's gut call (its verdict is `gut_verdict`).
        self.gut = gut
        self._result = result
        self._gut_verdict = gut_verdict
        self._judge = judge
        self._status = status
        self._explain = explain

    @property
    def result(self) -> Result:
        """The verdict on the newest assessment (its score is a prospect's score)."""
        if self._judge is not None:
            self._judged()
        assert self._result is not None  # set with the headline, or by `_judged`
        return self._result

    @property
    def gut_verdict(self) -> Verdict | None:
        """The rubric's verdict on the first screen, when that screen has a gut call."""
        if self._judge is not None:
            self._judged()
        return self._gut_verdict

    def _judged(self) -> None:
        judge = self._judge
        if judge is None:
            return
        # As with the status: both set before the judge is dropped, so nobody reads them unset.
        self._result, self._gut_verdict = judge()
        self._judge = None

    @property
    def status(self) -> ClientStatus | None:
        """A client's status, explained; None for a prospect (or a client without a baseline)."""
        explain = self._explain
        if explain is not None:
            # Two sessions asking at once both explain it, alike; the status is set before the
            # explanation is dropped, so nobody reads it unset.
            self._status = explain()
            self._explain = None
        return self._status

    @property
    def explained(self) -> bool:
        """Whether the status is explained already (or there is none): what a list asked of it."""
        return self._explain is None

    @property
    def judged(self) -> bool:
        """Whether the verdicts on the newest assessment and the first screen are judged already."""
        return self._judge is None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Headline):
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]

    def _fields(self) -> tuple[object, ...]:
        return (self.stage, self.result, self.standing, self.status, self.gut, self.gut_verdict)

    def __repr__(self) -> str:
        return f"Headline(stage={self.stage!r}, result={self.result!r}, standing={self.standing!r})"

    @property
    def label(self) -> str:
        return self.standing.status.label if self.standing is not None else self.result.verdict.label

    @property
    def good(self) -> bool:
        if self.standing is not None:
            return self.standing.status is Status.HELL_YES
        return self.result.verdict is Verdict.HELL_YES

    @property
    def score(self) -> float:
        """A client's score is its newest check-in's (what its status judged), a prospect's its
        newest screen's."""
        return self.standing.latest_score if self.standing is not None else self.result.score

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why, in the current language (the kept findings and blockers are `Lazy`)."""
        if self.status is not None:
            return tuple(str(f.message) for f in self.status.findings)
        return tuple(str(b.message) for b in self.result.blockers)

    @property
    def gut_line(self) -> str:
        """One sentence for cards and files: empty when no gut call was recorded."""
        if self.gut is None or self.gut_verdict is None:
            return ""
        if self.gut is self.gut_verdict:
            line = _("Gut call: {gut}. The rubric agreed: {verdict}.")
        else:
            line = _("Gut call: {gut}. The rubric disagreed: {verdict}.")
        return line.format(gut=self.gut.label, verdict=self.gut_verdict.label)


def headline(
    rubric: Rubric,
    stage: Stage,
    *,
    latest: Assessment,
    first_screen: Assessment | None,
    baseline: Assessment | None,
    recent: Sequence[Assessment],
    today: dt.date,
    judged: Sequence[Judgement] | None = None,
    standing: Standing | None = None,
    reviews: Sequence[Review] = (),
) -> Headline:
    """The headline from the few assessments it depends on (what lists read for thousands).

    `recent` holds a client's latest check-ins, at least `status_window(rubric)` of them
    when there are that many; `baseline` is its baseline screen (`split_history`).
    `judged`: the baseline's and `recent`'s scores and verdicts when the caller has them
    (`scoring.status.client_status`). `standing`: a client's, when the caller judged it with the
    batch rules; its status is then explained only when asked for. `reviews`: a client's own
    reviews, oldest first (`scoring.reviews.reviews_of`), which its status reads too.
    """
    status = None
    explain = None
    if stage is not Stage.CLIENT or baseline is None:
        standing = None
    elif standing is not None:
        explain = partial(client_status, rubric, baseline, tuple(recent), today, judged, tuple(reviews))
    else:
        status = client_status(rubric, baseline, recent, today, judged, reviews)
    gut = first_screen.gut if first_screen is not None else None
    judge = partial(_judge, rubric, latest, first_screen)
    if explain is not None:  # a client judged in a batch: its verdicts too when asked for
        return Headline(stage, None, gut, None, standing=standing, explain=explain, judge=judge)
    result, gut_verdict = judge()
    return Headline(stage, result, gut, gut_verdict, status=status, standing=standing)


def _judge(
    rubric: Rubric, latest: Assessment, first_screen: Assessment | None
) -> tuple[Result, Verdict | None]:
    """The verdict on the newest assessment, and the rubric's on the first screen when it has a
    gut call."""
    gut_verdict = None
    if first_screen is not None and first_screen.gut is not None:
        # With its gut call, as the status judges the baseline and a prospect's latest screen:
        # the verdict does not depend on it, and the same key finds the same judged result.
        gut_verdict = evaluate_stored(rubric, first_screen.answers, first_screen.gut).verdict
    return evaluate_stored(rubric, latest.answers, latest.gut), gut_verdict


def headline_of(
    rubric: Rubric,
    stage: Stage,
    history: Sequence[Assessment],
    today: dt.date,
    reviews: Sequence[Review] = (),
) -> Headline:
    """The headline from a whole history (any order); it must hold at least one assessment.
    `reviews`: the client's own, oldest first (`scoring.reviews.reviews_of`)."""
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
        reviews=reviews,
    )
