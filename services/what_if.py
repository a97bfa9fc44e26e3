"""What changes if the rubric changes: the prospects whose verdict flips and the clients whose
status changes, before the person saves an edit.

"Before" is what the app shows now: the portfolio of the rubric in use
(`services.portfolio.compute_portfolio`, kept up to date and shared by every session). "After"
is the same histories judged by the edited rubric as of the same day, the way a portfolio
would judge them (`services.summaries.latest_judged`: each prospect's newest verdict, each
client's status, in one batch). The edited rubric never makes a portfolio: that would replace the one
every session shares.

The editor asks again on every edit, so the histories are read once per data version
(`Repository.changes_since`) and kept with what does not depend on the rubric (which rows
each account's headline reads, the answers as points for a set of dimensions): a second
edit costs the judging alone.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

from scoring import Rubric, Verdict, batch
from scoring.status import Status
from services.bulk import bulk
from services.portfolio import Portfolio, compute_portfolio
from services.summaries import Outline, latest_judged
from storage import Repository

__all__ = ["ProspectFlip", "StatusChange", "WhatIf", "forget", "what_if"]


@dataclass(frozen=True, slots=True)
class ProspectFlip:
    """A prospect whose newest screen gets the other verdict under the edited rubric."""

    account_id: int
    name: str
    score_before: float
    score_after: float
    verdict_before: Verdict
    verdict_after: Verdict

    @property
    def lost(self) -> bool:
        """Whether it was a hell yes and no longer is."""
        return self.verdict_before is Verdict.HELL_YES


@dataclass(frozen=True, slots=True)
class StatusChange:
    """A client under contract whose status is another under the edited rubric."""

    account_id: int
    name: str
    status_before: Status
    status_after: Status

    @property
    def worse(self) -> bool:
        """Whether the new status is more urgent than the old."""
        return self.status_after.urgency < self.status_before.urgency


@dataclass(frozen=True, slots=True)
class WhatIf:
    """What an edited rubric would change, most serious first, then by name.

    Prospects that lose their hell yes come before those that gain one; a client's change ranks
    by the more urgent of its two statuses (a client that would be fired now, or no longer
    would, first), one that gets worse before one that gets better.
    """

    prospects: tuple[ProspectFlip, ...]
    clients: tuple[StatusChange, ...]
    #: The prospects with a screen, whose newest verdict was compared.
    prospects_judged: int
    #: The clients under contract with a status (a baseline screen), whose status was compared.
    clients_judged: int

    @property
    def changes_nothing(self) -> bool:
        return not self.prospects and not self.clients


def what_if(repo: Repository, current: Rubric, edited: Rubric, today: dt.date) -> WhatIf:
    """What `edited` would change of what `current` (the rubric in use) shows as of `today`."""
    shown, read = _consistent(repo, current, today)
    before = read.shown(shown)
    with bulk():  # thousands judged: no collector pass over everything the server holds meanwhile
        verdicts, statuses = latest_judged(
            edited, read.outline, read.points(edited), today, before.prospect_ids, before.client_ids
        )
    flips = [
        ProspectFlip(account, name, score, after[0], verdict, after[1])
        for account, name, score, verdict in before.prospects
        if (after := verdicts.get(account)) is not None and after[1] is not verdict
    ]
    changes = [
        StatusChange(account, name, status, now)
        for account, name, status in before.clients
        if (now := statuses.get(account)) is not None and now is not status
    ]
    return WhatIf(
        prospects=tuple(sorted(flips, key=_flip_order)),
        clients=tuple(sorted(changes, key=_change_order)),
        prospects_judged=len(before.prospects),
        clients_judged=len(before.clients),
    )


@dataclass(frozen=True, slots=True)
class _Shown:
    """What one portfolio shows of each prospect (its newest score and verdict) and of each client
    under contract (its status): the "before" of every what-if until the next write."""

    #: Which portfolio: its data version, rubric and day (each call of `compute_portfolio` makes a
    #: new one, alike while nothing was written).
    key: tuple[str, int, Rubric, dt.date]
    prospects: tuple[tuple[int, str, float, Verdict], ...]
    clients: tuple[tuple[int, str, Status], ...]
    prospect_ids: tuple[int, ...]
    client_ids: tuple[int, ...]

    @classmethod
    def of(cls, portfolio: Portfolio) -> _Shown:
        prospects = tuple(
            (
                line.overview.account.id,
                line.overview.account.name,
                line.headline.result.score,
                line.headline.result.verdict,
            )
            for line in portfolio.prospects
            if line.headline is not None
        )
        clients = tuple(
            (line.overview.account.id, line.overview.account.name, line.standing.status)
            for line in portfolio.clients
            if line.standing is not None
        )
        ids = tuple(p[0] for p in prospects), tuple(c[0] for c in clients)
        return cls(_key(portfolio), prospects, clients, *ids)


def _key(portfolio: Portfolio) -> tuple[str, int, Rubric, dt.date]:
    return (portfolio.epoch, portfolio.seq, portfolio.rubric, portfolio.today)


def _flip_order(flip: ProspectFlip) -> tuple[bool, str, int]:
    return (not flip.lost, flip.name.casefold(), flip.account_id)


def _change_order(change: StatusChange) -> tuple[int, bool, str, int]:
    urgent = min(change.status_before.urgency, change.status_after.urgency)
    return (urgent, not change.worse, change.name.casefold(), change.account_id)


# --- the histories, read once per data version ---------------------------------------------------


@dataclass
class _Read:
    """Every account's history as of one data version, and what is worked out of it once."""

    epoch: str
    seq: int
    outline: Outline
    #: The answers as points, by the dimensions (in order) they were read for: an edit of weights
    #: or rules keeps the dimensions, so the answers are parsed once.
    _points: dict[tuple[str, ...], batch.Points] = field(default_factory=dict)
    _shown: _Shown | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def shown(self, portfolio: Portfolio) -> _Shown:
        """What `portfolio` shows, kept while it is the portfolio shown (until the next write)."""
        with self._lock:
            if self._shown is None or self._shown.key != _key(portfolio):
                self._shown = _Shown.of(portfolio)
            return self._shown

    def points(self, rubric: Rubric) -> batch.Points:
        keys = rubric.keys
        with self._lock:  # sessions editing at once share one read
            found = self._points.get(keys)
            if found is None:
                found = self.outline.table.points(rubric)
                found.setflags(write=False)
                if len(self._points) >= _KEPT_POINTS:  # a few sets of dimensions; the oldest goes
                    del self._points[next(iter(self._points))]
                self._points[keys] = found
            return found


#: How many sets of dimensions a read keeps the answers' points for.
_KEPT_POINTS = 4
#: How often the portfolio and a fresh read may miss each other (a write between the two) before
#: the comparison goes ahead with what it has.
_TRIES = 3


def _consistent(repo: Repository, current: Rubric, today: dt.date) -> tuple[Portfolio, _Read]:
    """The portfolio shown now and the histories read at the same data version."""
    shown = compute_portfolio(repo, current, today)
    read = _histories(repo, shown.epoch, shown.seq)
    for _ in range(_TRIES - 1):
        if (read.epoch, read.seq) == (shown.epoch, shown.seq):
            break
        # A write came in between: bring the portfolio up to it (what changed only), then look again.
        shown = compute_portfolio(repo, current, today)
        if (read.epoch, read.seq) != (shown.epoch, shown.seq):
            read = _histories(repo, shown.epoch, shown.seq)
    return shown, read


def _histories(repo: Repository, epoch: str, seq: int) -> _Read:
    """The histories as of `epoch`/`seq` when kept, else read now (at whatever version that is)."""
    location = repo.location
    with _lock(location):
        known = _kept.get(location)
        if known is not None and (known.epoch, known.seq) == (epoch, seq):
            return known
        with bulk():  # every account's history, read once
            changes = repo.changes_since(None, 0)
            read = _Read(changes.epoch, changes.seq, Outline.of(changes.histories, changes.reviews))
        _kept[location] = read
        return read


def forget(locations: Iterable[str] | None = None) -> None:
    """Drop the histories kept (of these databases; all when None): the next what-if reads again."""
    with _locks_lock:
        for location in list(_kept) if locations is None else locations:
            _kept.pop(location, None)


_kept: dict[str, _Read] = {}
_locks: dict[str, threading.Lock] = {}
_locks_lock = threading.Lock()


def _lock(location: str) -> threading.Lock:
    """One session reads a database's histories at a time: the others wait, then find them kept."""
    with _locks_lock:
        return _locks.setdefault(location, threading.Lock())
