"""Is this client still a hell yes? A status from the history that starts at the screen.

The screen that won the client is the baseline. Each check-in is judged on its
own (the same verdict rules) and against what came before it:

- fire now: the latest check-in hits a knockout;
- let go: the last check-ins were hell no several times in a row, or the score
  sank far below the baseline;
- watch: the score fell sharply since the previous check-in, a dimension sits
  well below its baseline answer, or the latest check-in is a hell no that no
  rule above covers; or the client's own reviews say so (their rating fell
  several reviews in a row, or their latest review contradicts the latest
  check-in): information that raises a hell yes to watch, never more;
- hell yes: the latest check-in is a hell yes;
- stale: no check-in for too long. It replaces hell yes and watch (an old green
  never stays green) but never hides let go or fire now.

When several rules apply the most severe wins. Every rule that applied is kept,
naming the check-in that triggered it, so the status can always explain itself.
Each assessment is judged over the dimensions it was asked (`evaluate_stored`: one taken
before a dimension was added is scored without it), and a rule that compares two of them
dimension by dimension compares only the dimensions both were asked.
The rules are declared in `scoring.rules` (`STATUS_RULES`, `STALE`, `BLAME`), which
`scoring.batch` reads too; this module applies them to one client and explains.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from i18n import Lazy
from scoring.models import EXPLAINED, Assessment, Frozen, Kind, Rubric, Text, Verdict
from scoring.reviews import Review, review_facts, said_points
from scoring.rules import (
    DRIFT_BLAMED,
    KNOCKED_BY,
    NOT_ASKED,
    STALE,
    STATUS_RULES,
    Blame,
    Fact,
    Rule,
    Status,
    Told,
    blame,
    plan,
    steps_apart,
    steps_below,
)
from scoring.verdict import evaluate_stored, judge_stored

__all__ = [
    "ClientStatus",
    "Finding",
    "Judgement",
    "Rule",
    "Standing",
    "Status",
    "client_status",
    "split_history",
    "standing_of",
    "status_window",
]


class Finding(Frozen):
    """One rule that applied: which status it points to, why, and which check-in (for a rule on
    the client's reviews: which review) caused it. The message is `Lazy`: a status is kept by
    caches that every session reads, each in its language."""

    model_config = EXPLAINED

    status: Status
    rule: Rule
    on: dt.date
    message: Text
    dimensions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Standing:
    """A client's status without its explanation: what lists sort, count and colour by.

    `ClientStatus.standing` gives it from a judged status; a list of thousands gets it from
    the batch rules (`services.summaries`), which agree with `client_status` field for field.
    """

    status: Status
    #: The reason key of what the status blames; None when it blames nothing.
    reason: str | None
    latest_on: dt.date
    latest_score: float
    next_due: dt.date
    due_in_days: int

    @property
    def checkin_due(self) -> bool:
        return self.due_in_days <= 0


class ClientStatus(Frozen):
    status: Status
    findings: tuple[Finding, ...]
    # The dimensions most responsible for trouble, worst first, and the reason key they map to.
    responsible: tuple[str, ...]
    reason: str | None
    latest_on: dt.date
    latest_score: float
    baseline_score: float
    days_since: int
    next_due: dt.date

    # Days until the next check-in is due; zero or less means it is due now.
    due_in_days: int

    @property
    def deciding(self) -> Finding:
        return self.findings[0]

    @property
    def checkin_due(self) -> bool:
        return self.due_in_days <= 0

    def standing(self) -> Standing:
        return Standing(
            status=self.status,
            reason=self.reason,
            latest_on=self.latest_on,
            latest_score=self.latest_score,
            next_due=self.next_due,
            due_in_days=self.due_in_days,
        )


def _label(rubric: Rubric, keys: Sequence[str]) -> Lazy:
    """The dimensions' labels, read in the reader's language."""
    texts = tuple(rubric.dimension(k).label_text for k in keys)
    return Lazy(lambda: ", ".join(text.text() for text in texts))


def _points(assessment: Assessment, key: str) -> int:
    """The points of its answer to `key`, or `NOT_ASKED` (it was taken before the dimension was added)."""
    answer = assessment.answers.get(key)
    return NOT_ASKED if answer is None else answer.points


def _blamed(rubric: Rubric, baseline: Assessment, latest: Assessment) -> tuple[str, ...]:
    """The dimensions a drifting client blames (`scoring.rules.blame`), most to blame first."""
    ranks = plan(rubric).tie_ranks
    dropped: list[tuple[int, str]] = []
    low: list[tuple[int, str]] = []
    for key, rank in zip(rubric.keys, ranks, strict=True):
        points = _points(latest, key)
        (first_tier, second_tier), order = blame(
            steps_below(_points(baseline, key), points), points, rank, len(ranks)
        )
        if first_tier:
            dropped.append((order, key))
        elif second_tier:
            low.append((order, key))
    # The second tier counts only when the first is empty, so a dimension in both is never lost.
    return tuple(key for _, key in sorted(dropped or low)[:DRIFT_BLAMED])


def _hell_no_run(verdicts: Sequence[Verdict]) -> int:
    """How many of the last verdicts are hell no in a row."""
    run = 0
    for verdict in reversed(verdicts):
        if verdict is not Verdict.HELL_NO:
            break
        run += 1
    return run


def _apart(rubric: Rubric, review: Review | None, latest: Assessment) -> tuple[int, ...]:
    """Per dimension, the steps between the latest review and the latest assessment."""
    if review is None:
        return (0,) * len(rubric.keys)
    theirs = np.array(said_points(rubric, review))
    ours = np.array([_points(latest, k) for k in rubric.keys])
    return tuple(steps_apart(theirs, ours).tolist())


_DECLARED = {declared.rule: declared for declared in STATUS_RULES}

#: The facts a client's reviews give: a finding of theirs is dated by the latest review.
_FROM_REVIEWS = (Fact.REVIEW_FALLS, Fact.REVIEW_APART)


#: An assessment's score and verdict under a rubric, as `scoring.verdict.judge_stored` gives them.
Judgement = tuple[float, Verdict]


def client_status(
    rubric: Rubric,
    baseline: Assessment,
    checkins: Sequence[Assessment],
    today: dt.date,
    judged: Sequence[Judgement] | None = None,
    reviews: Sequence[Review] = (),
) -> ClientStatus:
    """The status of a client as of `today`. `checkins` may come in any order; `reviews` are the
    client's own reviews, oldest first (`scoring.reviews.reviews_of`).

    `judged`, when the caller has them already (a list's batch rescore, `scoring.batch`): the
    judgement of the baseline, then of each check-in in the order given; those are not judged
    again. They must be what `judge_stored` gives (the batch rescore is held to it bit for bit).
    """
    rules = rubric.status
    if judged is not None and len(judged) != len(checkins) + 1:
        raise ValueError("judged needs the baseline's judgement and one per check-in")
    known: Sequence[Judgement | None] = judged[1:] if judged is not None else [None] * len(checkins)
    pairs = sorted(zip(checkins, known, strict=True), key=lambda pair: pair[0].taken_on)
    ordered = [checkin for checkin, _ in pairs]
    latest = ordered[-1] if ordered else baseline
    # Only the latest is explained (its knockouts name dimensions); of the others the status
    # needs the score and the verdict alone.
    latest_result = evaluate_stored(rubric, latest.answers, None if ordered else baseline.gut)
    if not ordered:
        base_score = latest_result.score
    else:
        base_score = (judged[0] if judged is not None else judge_stored(rubric, baseline.answers))[0]
    earlier = [given or judge_stored(rubric, c.answers) for c, given in pairs[:-1]]
    verdicts = [verdict for _, verdict in earlier] + ([latest_result.verdict] if ordered else [])
    previous = ordered[-2] if len(ordered) >= 2 else baseline
    previous_score = earlier[-1][0] if earlier else base_score
    on = latest.taken_on
    knocked = {b.dimension for b in latest_result.blockers if b.rule is KNOCKED_BY}
    knocks = tuple(1 if k in knocked else 0 for k in rubric.keys) if knocked else (0,) * len(rubric.keys)
    hell_no = latest_result.verdict is Verdict.HELL_NO
    review = review_facts(reviews)
    # The facts of scoring.rules.Fact. Without a check-in the score comparisons have nothing to
    # compare (the rules that need one are skipped).
    facts: dict[Fact, float | tuple[float, ...]] = {
        Fact.KNOCKED: knocks,
        Fact.HELL_NO_RUN: _hell_no_run(verdicts),
        Fact.BELOW_BASELINE: base_score - latest_result.score if ordered else -math.inf,
        Fact.SCORE_DROP: previous_score - latest_result.score if ordered else -math.inf,
        Fact.STEPS_BELOW_BASELINE: tuple(
            steps_below(_points(baseline, k), _points(latest, k)) for k in rubric.keys
        ),
        Fact.HELL_NO: 1 if hell_no else 0,
        Fact.HELL_YES: 0 if hell_no else 1,
        Fact.REVIEW_FALLS: review.falls,
        Fact.REVIEW_APART: _apart(rubric, review.latest, latest),
    }
    days_since = (today - on).days
    review_on = review.latest.on if review.latest is not None else None

    def _told(limit: float, value: float, labels: Lazy | str) -> Told:
        return Told(
            checkin=bool(ordered),
            on=on,
            latest=latest_result.score,
            baseline=base_score,
            previous=previous_score,
            previous_on=previous.taken_on,
            limit=limit,
            value=value,
            labels=labels,
            days=days_since,
            review_on=review_on,
            ratings=review.ratings,
        )

    findings: list[Finding] = []
    for declared, bar in zip(STATUS_RULES, plan(rubric).bars, strict=True):
        if declared.needs_checkin and not ordered:
            continue
        value = facts[declared.fact]
        named: tuple[str, ...] = ()
        if isinstance(value, tuple):
            named = tuple(k for k, v in zip(rubric.keys, value, strict=True) if v >= bar)
            if not named:
                continue
        elif not value >= bar:
            continue
        labels = _label(rubric, named) if named else ""
        told = _told(declared.limit(rules), 0.0 if isinstance(value, tuple) else value, labels)
        findings.append(
            Finding(
                status=declared.status,
                rule=declared.rule,
                on=review_on if declared.fact in _FROM_REVIEWS and review_on is not None else on,
                dimensions=named,
                message=declared.message(told),
            )
        )

    deciding = findings[0]
    # A stale status blames what the status it replaced blames.
    responsible: tuple[str, ...] = ()
    blames = _DECLARED[deciding.rule].blames
    if blames is Blame.NAMED:
        responsible = deciding.dimensions
    elif blames is Blame.DRIFT:
        responsible = _blamed(rubric, baseline, latest)
    reason = rubric.dimension(responsible[0]).reason if responsible else None

    # Staleness and the next check-in's day, as every list dates a status (`standing_of`).
    standing = standing_of(rubric, deciding.status, reason, on, latest_result.score, today)
    if standing.status is not deciding.status:
        message = STALE.message(_told(STALE.limit(rules), days_since, ""))
        findings.insert(0, Finding(status=STALE.status, rule=STALE.rule, on=on, message=message))

    return ClientStatus(
        status=standing.status,
        findings=tuple(findings),
        responsible=responsible,
        reason=reason,
        latest_on=on,
        latest_score=latest_result.score,
        baseline_score=base_score,
        days_since=days_since,
        next_due=standing.next_due,
        due_in_days=standing.due_in_days,
    )


def standing_of(
    rubric: Rubric,
    status: Status,
    reason: str | None,
    latest_on: dt.date,
    latest_score: float,
    today: dt.date,
) -> Standing:
    """The standing as of `today` from a status judged before the staleness rule (the batch rules'
    with no day, `scoring.batch.judge_histories`), as `client_status` would give it."""
    next_due = latest_on + dt.timedelta(days=rubric.status.cadence_days)
    if (today - latest_on).days > STALE.limit(rubric.status) and status in STALE.replaces:
        status = STALE.status
    return Standing(
        status=status,
        reason=reason,
        latest_on=latest_on,
        latest_score=latest_score,
        next_due=next_due,
        due_in_days=(next_due - today).days,
    )


def status_window(rubric: Rubric) -> int:
    """How many of the latest check-ins `client_status` looks at: the hell-no streak, and
    the previous check-in for the score drop. Earlier ones cannot change the status, so
    callers may leave them out (a unit test holds `client_status` to this).
    """
    return max(rubric.status.let_go_hell_no_streak, 2)


def split_history(history: Sequence[Assessment]) -> tuple[Assessment | None, list[Assessment]]:
    """The baseline (the last screen before the first check-in) and the check-ins, by date."""
    ordered = sorted(history, key=lambda a: a.taken_on)
    checkins = [a for a in ordered if a.kind is Kind.CHECKIN]
    first = checkins[0].taken_on if checkins else None
    screens = [a for a in ordered if a.kind is Kind.SCREEN and (first is None or a.taken_on <= first)]
    return (screens[-1] if screens else None), checkins


def turned_red_on(rubric: Rubric, baseline: Assessment, checkins: Sequence[Assessment]) -> dt.date | None:
    """The day of the first check-in of the latest unbroken run whose status, as judged that day on
    the history up to it, was let go or fire now; None when the latest is neither. What the
    invoices' early warning is measured against ("warned 91 days before the check-ins")."""
    ordered = sorted(checkins, key=lambda c: c.taken_on)
    found: dt.date | None = None
    for end in range(len(ordered), 0, -1):
        upto = ordered[:end]
        if client_status(rubric, baseline, upto, upto[-1].taken_on).status not in (
            Status.LET_GO,
            Status.FIRE_NOW,
        ):
            break
        found = upto[-1].taken_on
    return found
