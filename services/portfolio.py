"""The portfolio: every prospect and client with its headline, most urgent first.

Lines are computed from `services.summaries` (one columnar read for thousands of
accounts) and kept per account: after a save only that account's line is computed again.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from enum import StrEnum

from scoring import Result, Rubric, Stage, Verdict
from scoring.accounts import AccountOverview
from scoring.alerts import Alert, Severity, prospect_alerts
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
    #: Why a hell-no prospect is a hell no, as a reason key (see `screen_reason`); None otherwise.
    screen_reason: str | None = None

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
            return "ended"  # how it ended is the Reason: a phone's Status column holds one word
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
    blamed = screen_reason(rubric, head.result) if item.account.stage is not Stage.CLIENT else None
    return Line(item, head, alerts, summary.scores, blamed)


def screen_reason(rubric: Rubric, result: Result) -> str | None:
    """The reason key a hell-no screen is blamed on: the first dimension its blockers name, else its
    weakest answer (what the CSV's `reason` column says for a screen, `scoring.batch`)."""
    if result.verdict is Verdict.HELL_YES:
        return None
    named = [b.dimension for b in result.blockers if b.dimension is not None]
    blamed = named[0] if named else (result.weakest[0] if result.weakest else None)
    return rubric.dimension(blamed).reason if blamed is not None else None


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
    """The playbook title of why the account is in trouble: a client's status reason, or why a
    prospect's screen is a hell no; for an ended relationship, how it ended. Empty for an
    account that is fine."""
    if line.ended:
        outcome = line.overview.account.outcome
        return outcome.label if outcome is not None else ""
    if line.status is not None:
        key = line.status.reason if line.status.status is not Status.HELL_YES else None
    else:
        key = line.screen_reason
    if key is None:
        return ""
    book = playbooks().get(key)
    return book.title if book else key


class Tone(StrEnum):
    """How bad an account's standing is, for the colour it is shown in."""

    GOOD = "good"
    WARN = "warn"
    BAD = "bad"
    QUIET = "quiet"


def tone(line: Line) -> Tone:
    """Green for hell yes, red for hell no, let go and fire now, amber for watch, grey for stale,
    ended or never screened."""
    if line.ended or line.headline is None:
        return Tone.QUIET
    if line.status is not None:
        return {
            Status.HELL_YES: Tone.GOOD,
            Status.WATCH: Tone.WARN,
            Status.STALE: Tone.QUIET,
        }.get(line.status.status, Tone.BAD)
    return Tone.GOOD if line.headline.good else Tone.BAD


@dataclass(frozen=True)
class Attention:
    """One thing on Home that needs the person: the account, a short tag and what is wrong."""

    line: Line
    tone: Tone
    tag: str
    message: str
    rank: int


def attention(lines: list[Line]) -> list[Attention]:
    """What needs the person first: one item per account (its most severe), most severe first.

    Rank 0-2 and 4 are a client's status (fire now, let go, watch, stale), 3 a prospect's
    knockout or gut call the rubric contradicts, 5 a check-in that is due, 6 an old screen.
    """
    found: list[Attention] = []
    for line in lines:
        if line.ended:
            continue
        items: list[Attention] = []
        status = line.status
        if status is not None and status.status is not Status.HELL_YES:
            book = playbooks().get(status.reason or "")
            tag = status.status.label + (f" ({book.title.lower()})" if book else "")
            bad = Tone.BAD if status.status in (Status.FIRE_NOW, Status.LET_GO) else Tone.WARN
            items.append(Attention(line, bad, tag, status.deciding.message, line.urgency))
        elif status is not None and status.checkin_due:
            items.append(Attention(line, Tone.QUIET, "Check-in due", f"since {status.next_due:%Y-%m-%d}.", 5))
        for alert in line.alerts:
            bad = Tone.BAD if alert.severity is Severity.KNOCKOUT else Tone.WARN
            items.append(Attention(line, bad, _ALERT_TAGS[alert.severity], alert.message, _alert_rank(alert)))
        if items:
            found.append(min(items, key=_severity))
    return sorted(found, key=_severity)


_ALERT_TAGS = {
    Severity.KNOCKOUT: "Knockout",
    Severity.GUT_SAID_YES: "Gut said yes",
    Severity.GUT_SAID_NO: "Gut said no",
    Severity.OLD_SCREEN: "Old screen",
}


def _alert_rank(alert: Alert) -> int:
    return 3 if alert.severity <= Severity.GUT_SAID_YES else 6


def _severity(item: Attention) -> tuple[int, bool]:
    return (item.rank, item.tone is not Tone.BAD)


def matches(line: Line, needle: str) -> bool:
    """Whether the search text occurs in the account's name or company, in any case."""
    wanted = needle.strip().casefold()
    account = line.overview.account
    return wanted in account.name.casefold() or wanted in account.company.casefold()
