"""Is this client still a hell yes? A status from the history that starts at the screen.

The screen that won the client is the baseline. Each check-in is judged on its
own (the same verdict rules) and against what came before it:

- fire now: the latest check-in hits a knockout;
- let go: the last check-ins were hell no several times in a row, or the score
  sank far below the baseline;
- watch: the score fell sharply since the previous check-in, a dimension sits
  well below its baseline answer, or the latest check-in is a hell no that no
  rule above covers;
- hell yes: the latest check-in is a hell yes;
- stale: no check-in for too long. It replaces hell yes and watch (an old green
  never stays green) but never hides let go or fire now.

When several rules apply the most severe wins. Every rule that applied is kept,
naming the check-in that triggered it, so the status can always explain itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum

from scoring.models import Assessment, Frozen, Kind, Result, Rubric, Verdict, format_score
from scoring.verdict import evaluate


class Status(StrEnum):
    HELL_YES = "hell_yes"
    WATCH = "watch"
    LET_GO = "let_go"
    FIRE_NOW = "fire_now"
    STALE = "stale"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def urgency(self) -> int:
        """Lower is more urgent: fire now, let go, watch, stale, hell yes."""
        return _URGENCY[self]


_STATUS_LABELS = {
    Status.HELL_YES: "Hell yes",
    Status.WATCH: "Watch",
    Status.LET_GO: "Let go",
    Status.FIRE_NOW: "Fire now",
    Status.STALE: "Stale",
}
_URGENCY = {Status.FIRE_NOW: 0, Status.LET_GO: 1, Status.WATCH: 2, Status.STALE: 3, Status.HELL_YES: 4}
# Which status wins when several rules apply (stale is handled apart).
_SEVERITY = {Status.FIRE_NOW: 0, Status.LET_GO: 1, Status.WATCH: 2, Status.HELL_YES: 3}


class Rule(StrEnum):
    KNOCKOUT = "knockout"
    HELL_NO_STREAK = "hell_no_streak"
    FAR_BELOW_BASELINE = "far_below_baseline"
    SCORE_DROP = "score_drop"
    BELOW_BASELINE = "dimension_below_baseline"
    HELL_NO = "hell_no"
    HELL_YES = "hell_yes"
    STALE = "stale"


class Finding(Frozen):
    """One rule that applied: which status it points to, why, and which check-in caused it."""

    status: Status
    rule: Rule
    on: dt.date
    message: str
    dimensions: tuple[str, ...] = ()


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


def _at_least(value: float, limit: float) -> bool:
    """Scores are exact fractions shown as floats; a difference of exactly 15 must count as 15."""
    return value >= limit - 1e-9


def _label(rubric: Rubric, keys: Sequence[str]) -> str:
    return ", ".join(rubric.dimension(k).label for k in keys)


def _responsible(rubric: Rubric, baseline: Assessment, latest: Assessment) -> tuple[str, ...]:
    """Dimensions that dropped most since the baseline; failing that, the lowest answers."""
    order = {d.key: i for i, d in enumerate(rubric.dimensions)}

    def rank(key: str) -> tuple[int, int, float, int]:
        drop = baseline.answers[key].points - latest.answers[key].points
        return (-drop, latest.answers[key].points, -rubric.dimension(key).weight, order[key])

    dropped = [k for k in rubric.keys if latest.answers[k].points < baseline.answers[k].points]
    if dropped:
        return tuple(sorted(dropped, key=rank)[:3])
    low = [k for k in rubric.keys if latest.answers[k].points <= 2]
    return tuple(sorted(low, key=rank)[:3])


def client_status(
    rubric: Rubric,
    baseline: Assessment,
    checkins: Sequence[Assessment],
    today: dt.date,
) -> ClientStatus:
    """The status of a client as of `today`. `checkins` may come in any order."""
    rules = rubric.status
    ordered = sorted(checkins, key=lambda a: a.taken_on)
    base_result = evaluate(rubric, baseline.answers, baseline.gut)
    results: list[Result] = [evaluate(rubric, c.answers) for c in ordered]
    latest = ordered[-1] if ordered else baseline
    latest_result = results[-1] if results else base_result
    previous, previous_result = (ordered[-2], results[-2]) if len(ordered) >= 2 else (baseline, base_result)
    on = latest.taken_on
    what = "the latest check-in" if ordered else "the baseline screen"
    findings: list[Finding] = []

    knockouts = tuple(b.dimension for b in latest_result.blockers if b.rule == "knockout" and b.dimension)
    if knockouts:
        findings.append(
            Finding(
                status=Status.FIRE_NOW,
                rule=Rule.KNOCKOUT,
                on=on,
                dimensions=knockouts,
                message=f"Knockout at {what} ({on:%Y-%m-%d}): {_label(rubric, knockouts)}.",
            )
        )

    streak = rules.let_go_hell_no_streak
    if len(results) >= streak and all(r.verdict is Verdict.HELL_NO for r in results[-streak:]):
        findings.append(
            Finding(
                status=Status.LET_GO,
                rule=Rule.HELL_NO_STREAK,
                on=on,
                message=f"{streak} hell-no check-ins in a row, the latest on {on:%Y-%m-%d}.",
            )
        )

    gap = base_result.score - latest_result.score
    if ordered and _at_least(gap, rules.let_go_below_baseline):
        findings.append(
            Finding(
                status=Status.LET_GO,
                rule=Rule.FAR_BELOW_BASELINE,
                on=on,
                message=(
                    f"The score on {on:%Y-%m-%d} ({format_score(latest_result.score)}) is "
                    f"{format_score(gap)} points below the baseline ({format_score(base_result.score)})."
                ),
            )
        )

    drop = previous_result.score - latest_result.score
    if ordered and _at_least(drop, rules.watch_score_drop):
        findings.append(
            Finding(
                status=Status.WATCH,
                rule=Rule.SCORE_DROP,
                on=on,
                message=(
                    f"The score fell {format_score(drop)} points on {on:%Y-%m-%d}, "
                    f"from {format_score(previous_result.score)} on {previous.taken_on:%Y-%m-%d}."
                ),
            )
        )

    drifted = tuple(
        k
        for k in rubric.keys
        if baseline.answers[k].points - latest.answers[k].points >= rules.watch_steps_below_baseline
    )
    if ordered and drifted:
        findings.append(
            Finding(
                status=Status.WATCH,
                rule=Rule.BELOW_BASELINE,
                on=on,
                dimensions=drifted,
                message=(
                    f"{_label(rubric, drifted)}: {rules.watch_steps_below_baseline} or more steps below "
                    f"the baseline on {on:%Y-%m-%d}."
                ),
            )
        )

    if latest_result.verdict is Verdict.HELL_NO:
        findings.append(
            Finding(
                status=Status.WATCH,
                rule=Rule.HELL_NO,
                on=on,
                message=f"{what.capitalize()} ({on:%Y-%m-%d}) is a hell no.",
            )
        )
    else:
        findings.append(
            Finding(
                status=Status.HELL_YES,
                rule=Rule.HELL_YES,
                on=on,
                message=f"{what.capitalize()} ({on:%Y-%m-%d}) is a hell yes.",
            )
        )

    findings.sort(key=lambda f: _SEVERITY[f.status])
    status = findings[0].status
    days_since = (today - on).days
    if days_since > rules.stale_after_days and status in (Status.HELL_YES, Status.WATCH):
        findings.insert(
            0,
            Finding(
                status=Status.STALE,
                rule=Rule.STALE,
                on=on,
                message=(
                    f"No check-in for {days_since} days (since {on:%Y-%m-%d}); "
                    f"a status older than {rules.stale_after_days} days is not to be trusted."
                ),
            ),
        )
        status = Status.STALE

    responsible: tuple[str, ...] = ()
    if status is Status.FIRE_NOW:
        responsible = knockouts
    elif status in (Status.LET_GO, Status.WATCH) or (
        status is Status.STALE and findings[1].status is Status.WATCH
    ):
        responsible = _responsible(rubric, baseline, latest)
    reason = rubric.dimension(responsible[0]).reason if responsible else None

    return ClientStatus(
        status=status,
        findings=tuple(findings),
        responsible=responsible,
        reason=reason,
        latest_on=on,
        latest_score=latest_result.score,
        baseline_score=base_result.score,
        days_since=days_since,
        next_due=on + dt.timedelta(days=rules.cadence_days),
        due_in_days=(on + dt.timedelta(days=rules.cadence_days) - today).days,
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
