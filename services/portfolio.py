"""The portfolio: every prospect and client with its headline, most urgent first.

Lines are computed from `services.summaries` (one columnar read for thousands of
accounts) and kept per account: after a save only that account's line is computed again.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field

from scoring import Result, Rubric, Stage, Verdict
from scoring.accounts import AccountOverview
from scoring.alerts import Alert, prospect_alerts
from scoring.headline import Headline, headline
from scoring.playbooks import playbooks
from scoring.status import ClientStatus, Status
from services.bulk import bulk
from services.summaries import Summary, summaries
from storage import Repository


@dataclass(frozen=True)
class Line:
    overview: AccountOverview
    #: What every view says first about the account (None: never assessed).
    headline: Headline | None
    alerts: list[Alert]
    trend: list[float] = field(default_factory=list)

    @property
    def result(self) -> Result | None:
        return self.headline.result if self.headline is not None else None

    @property
    def status(self) -> ClientStatus | None:
        return self.headline.status if self.headline is not None else None

    @property
    def is_client(self) -> bool:
        return self.overview.account.stage is Stage.CLIENT

    @property
    def ended(self) -> bool:
        return self.overview.account.ended_on is not None

    @property
    def label(self) -> str:
        """What the list shows in its Status column."""
        if self.ended:
            outcome = self.overview.account.outcome
            return f"ended: {outcome.label.lower()}" if outcome else "ended"
        return self.headline.label if self.headline is not None else "not screened"

    @property
    def urgency(self) -> int:
        """fire now, let go, watch, prospects that need a look, stale, due, healthy, ended."""
        if self.ended:
            return 9
        if self.status is not None:
            order = {Status.FIRE_NOW: 0, Status.LET_GO: 1, Status.WATCH: 2, Status.STALE: 4}
            if self.status.status in order:
                return order[self.status.status]
            return 5 if self.status.checkin_due else 6
        if self.alerts and min(a.severity for a in self.alerts) <= 1:
            return 3
        return 7 if self.result and self.result.verdict is Verdict.HELL_NO else 6


def _line(rubric: Rubric, item: AccountOverview, summary: Summary | None, today: dt.date) -> Line:
    if item.latest is None or summary is None:
        return Line(item, None, [])
    head = headline(
        rubric,
        item.account.stage,
        latest=summary.latest,
        first_screen=summary.first_screen,
        baseline=summary.baseline,
        recent=summary.recent,
        today=today,
    )
    alerts: list[Alert] = []
    if item.account.stage is not Stage.CLIENT:
        alerts = sorted(
            prospect_alerts(rubric, head.result, item.latest.assessment.taken_on, today),
            key=lambda a: a.severity,
        )
    return Line(item, head, alerts, summary.scores)


# What one account's line was computed from. Every write to an account moves its updated_at,
# so an unchanged key means an unchanged line: after a save only that account is recomputed.
LineKey = tuple[str, int, dt.datetime | None, int, int | None, str, int, dt.date]
_lines: dict[LineKey, Line] = {}
_lines_lock = threading.Lock()


def _key(location: str, rubric: Rubric, item: AccountOverview, today: dt.date) -> LineKey:
    latest = item.latest.id if item.latest else None
    return (
        location,
        item.account.id,
        item.account.updated_at,
        item.assessment_count,
        latest,
        rubric.key,
        rubric.version,
        today,
    )


def compute_portfolio(repo: Repository, rubric: Rubric, today: dt.date) -> list[Line]:
    """Every line, most urgent first. Reads the histories only of accounts whose line is not known,
    and of those only what a line shows (`services.summaries`)."""
    global _lines
    location = repo.location
    overview = repo.overview()
    keys = [_key(location, rubric, item, today) for item in overview]
    known = _lines
    missing = [item.account.id for item, key in zip(overview, keys, strict=True) if key not in known]
    with bulk():
        read = summaries(repo, rubric, missing if len(missing) < len(overview) else None) if missing else {}
    fresh: dict[LineKey, Line] = {}
    for item, key in zip(overview, keys, strict=True):
        line = known.get(key)
        if line is None:
            line = _line(rubric, item, read.get(item.account.id), today)
        fresh[key] = line
    with _lines_lock:
        # Keep this database's lines as they are now, and other databases' as they were.
        _lines = {k: v for k, v in _lines.items() if k[0] != location} | fresh
    return sorted(fresh.values(), key=lambda line: (line.urgency, line.overview.account.name.casefold()))


def why(line: Line) -> str:
    if line.status is not None and line.status.status is not Status.HELL_YES:
        return line.status.deciding.message
    if line.alerts:
        return line.alerts[0].message
    return ""


def reason(line: Line) -> str:
    if line.status is None or line.status.reason is None or line.status.status is Status.HELL_YES:
        return ""
    book = playbooks().get(line.status.reason)
    return book.title if book else line.status.reason


def matches(line: Line, needle: str) -> bool:
    """Whether the search text occurs in the account's name or company, in any case."""
    wanted = needle.strip().casefold()
    account = line.overview.account
    return wanted in account.name.casefold() or wanted in account.company.casefold()
