"""The portfolio: every prospect and client with its headline, most urgent first.

Lines are computed from `services.summaries` (one columnar read for thousands of
accounts) and kept per account: after a save only that account's line is computed again.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, KeysView, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import overload

from i18n import Lazy, Text, _, format_date, lazy_gettext
from scoring import Assessment, Result, Rubric, Stage, Verdict
from scoring.accounts import AccountOverview, AccountRecord
from scoring.alerts import Alert, Severity, payment_alerts, prospect_alerts
from scoring.calibration import Calibration, Case, Judged, calibrate
from scoring.headline import Headline
from scoring.invoices import Ledger, Owed, ledger
from scoring.playbooks import Playbook, playbooks, playbooks_for
from scoring.status import ClientStatus, Standing, Status
from scoring.verdict import evaluate_stored
from services.bulk import bulk
from services.ordered import Key, Ordered
from services.rubrics import book
from services.summaries import Summary, summaries_of
from storage import Repository
from storage.records import Changes


@dataclass(frozen=True)
class Line:
    overview: AccountOverview
    #: What every view says first about the account (None: never assessed).
    headline: Headline | None
    alerts: list[Alert]
    trend: list[float] = field(default_factory=list)
    #: Why a hell-no prospect is a hell no, as a reason key (see `screen_reason`); None otherwise.
    screen_reason: str | None = None
    #: The account's first screen: the first impression calibration judges.
    first_screen: Assessment | None = None
    #: `trend` re-scored on the rubric in use; None when that is `trend` itself. `trend` holds the
    #: scores as taken, each with the version of the rubric it was taken with.
    trend_now: list[float] | None = None
    #: Every reason's playbook when the rubric has reasons of its own (`Rubric.reasons`), else None:
    #: the built-in ones (`scoring.playbooks.playbooks`).
    books: Mapping[str, Playbook] | None = None
    #: What a client's invoices say (None: a prospect, or no invoices): the slowing alert, the rate.
    ledger: Ledger | None = None

    @property
    def result(self) -> Result | None:
        return self.headline.result if self.headline is not None else None

    @property
    def status(self) -> ClientStatus | None:
        """A client's status, explained (when first asked for: `scoring.headline.Headline`)."""
        return self.headline.status if self.headline is not None else None

    @property
    def standing(self) -> Standing | None:
        """A client's status without its explanation: what a list sorts, counts and colours by."""
        return self.headline.standing if self.headline is not None else None

    @property
    def slowing(self) -> bool:
        """Whether the client's invoices raise the slowing-payment alert."""
        return self.ledger is not None and self.ledger.slowing is not None and not self.ended

    @property
    def is_client(self) -> bool:
        return self.overview.account.stage is Stage.CLIENT

    @property
    def ended(self) -> bool:
        return self.overview.account.ended_on is not None

    @property
    def label(self) -> str:
        """What the list shows in its Status column, in the current language."""
        if self.ended:
            # Translators: a client's status once the relationship ended; one word, for a phone's column.
            return _("ended")  # how it ended is the Reason
        return str(self.headline.label) if self.headline is not None else _("not screened")

    @property
    def urgency(self) -> int:
        """fire now, let go, watch, prospects that need a look, stale, due, healthy, ended."""
        if self.ended:
            return 9
        if self.standing is not None:
            order = {Status.FIRE_NOW: 0, Status.LET_GO: 1, Status.WATCH: 2, Status.STALE: 4}
            if self.standing.status in order:
                return order[self.standing.status]
            if self.slowing:  # a hell yes whose invoices are paid later and later: as a watch
                return 2
            return 5 if self.standing.checkin_due else 6
        if self.alerts and min(a.severity for a in self.alerts) <= 1:
            return 3
        return 7 if self.result and self.result.verdict is Verdict.HELL_NO else 6


def _line(
    rubric: Rubric,
    account: AccountRecord,
    summary: Summary | None,
    today: dt.date,
    invoices: Sequence[Owed] = (),
) -> Line:
    owed = ledger(invoices, today, rubric.status) if invoices else None
    if summary is None:
        return Line(AccountOverview(account, None, 0), None, [], ledger=owed)
    item = AccountOverview(account, summary.newest, summary.count)
    head = summary.headline(rubric, item.account.stage, today)
    alerts: list[Alert] = []
    if item.account.stage is not Stage.CLIENT:
        alerts = sorted(
            prospect_alerts(rubric, head.result, summary.latest.taken_on, today),
            key=lambda a: a.severity,
        )
    elif item.account.ended_on is None:
        alerts = payment_alerts(owed)
    blamed = screen_reason(rubric, head.result) if item.account.stage is not Stage.CLIENT else None
    books = playbooks_for(rubric) if rubric.reasons else None
    if summary.taken is None:
        return Line(item, head, alerts, summary.scores, blamed, summary.first_screen, None, books, owed)
    return Line(item, head, alerts, summary.taken, blamed, summary.first_screen, summary.scores, books, owed)


def screen_reason(rubric: Rubric, result: Result) -> str | None:
    """The reason key a hell-no screen is blamed on: the first dimension its blockers name, else its
    weakest answer (what the CSV's `reason` column says for a screen, `scoring.batch`)."""
    if result.verdict is Verdict.HELL_YES:
        return None
    named = [b.dimension for b in result.blockers if b.dimension is not None]
    blamed = named[0] if named else (result.weakest[0] if result.weakest else None)
    return rubric.dimension(blamed).reason if blamed is not None else None


#: The lists a portfolio keeps in order, and which lines each holds.
class View(StrEnum):
    ALL = "all"
    PROSPECTS = "prospects"
    CLIENTS = "clients"  # under contract
    ENDED = "ended"  # clients whose relationship ended


def _views(line: Line) -> tuple[View, ...]:
    if not line.is_client:
        return (View.ALL, View.PROSPECTS)
    return (View.ALL, View.ENDED if line.ended else View.CLIENTS)


def _order(line: Line) -> Key:
    """Most urgent first, then by name; the id keeps two of the same name apart."""
    account = line.overview.account
    return (line.urgency, account.name.casefold(), account.id)


class Count(StrEnum):
    """What Home counts."""

    PROSPECTS_HELL_YES = "prospects at hell yes"
    CLIENTS_HEALTHY = "clients still a hell yes"
    CLIENTS_IN_TROUBLE = "clients in trouble"
    CHECKINS_DUE = "check-ins due"


def _counts(line: Line) -> Iterator[Count]:
    if not line.is_client:
        if line.result is not None and line.result.verdict is Verdict.HELL_YES:
            yield Count.PROSPECTS_HELL_YES
        return
    standing = line.standing
    if line.ended or standing is None:
        return
    if standing.status is Status.HELL_YES:
        yield Count.CLIENTS_HEALTHY
    if standing.status in (Status.FIRE_NOW, Status.LET_GO, Status.WATCH):
        yield Count.CLIENTS_IN_TROUBLE
    if standing.checkin_due:
        yield Count.CHECKINS_DUE


class Portfolio(Sequence[Line]):
    """One database's portfolio as of one write: every line most urgent first (it is a sequence of
    them), the lists and counts each page shows, and the calibration, all kept in order line by
    line, so that bringing it up to date after a save costs what changed, not what there is.

    Shared between sessions: nobody changes one; `updated` makes the next.
    """

    def __init__(
        self,
        rubric: Rubric,
        today: dt.date,
        epoch: str,
        seq: int,
        by_id: dict[int, Line],
        views: dict[View, Ordered[Line]],
        alerts: Ordered[Attention],
        counts: Counter[Count],
        calibrated: _Calibrated | None,
    ) -> None:
        self.rubric = rubric
        self.today = today
        self.epoch = epoch
        self.seq = seq
        self._by_id = by_id
        self._views = views
        self._alerts = alerts
        self._counts = counts
        self._calibrated = calibrated
        self._lists: dict[View, list[Line]] = {}
        self._lock = threading.Lock()

    @classmethod
    def build(cls, rubric: Rubric, today: dt.date, epoch: str, seq: int, lines: list[Line]) -> Portfolio:
        placed = [(_order(line), _views(line), line) for line in lines]
        views: dict[View, Ordered[Line]] = {
            view: Ordered((key, line) for key, shown_in, line in placed if view in shown_in) for view in View
        }
        found = (attention_of(line) for line in lines)
        alerts = Ordered((_alert_order(item), item) for item in found if item is not None)
        counts = Counter(count for line in lines for count in _counts(line))
        by_id = {line.overview.account.id: line for line in lines}
        return cls(rubric, today, epoch, seq, by_id, views, alerts, counts, None)

    def fits(self, rubric: Rubric, today: dt.date) -> bool:
        """Whether this portfolio's lines were judged by this rubric on this day."""
        return (self.rubric.key, self.rubric.version) == (rubric.key, rubric.version) and self.today == today

    def updated(self, epoch: str, seq: int, lines: list[Line]) -> Portfolio:
        """The next portfolio: these lines new or in place of the ones of their accounts."""
        if not lines:  # a write that changed no account's line (a note, a share link)
            same = (self._by_id, self._views, self._alerts, self._counts, self._calibrated)
            return Portfolio(self.rubric, self.today, epoch, seq, *same)
        by_id = dict(self._by_id)
        views = {view: ordered.copy() for view, ordered in self._views.items()}
        alerts = self._alerts.copy()
        counts = self._counts.copy()
        calibrated = self._calibrated.copy() if self._calibrated is not None else None
        for line in lines:
            account_id = line.overview.account.id
            old = by_id.get(account_id)
            if old is not None:
                for view in _views(old):
                    views[view].remove(_order(old))
                item = attention_of(old)
                if item is not None:
                    alerts.remove(_alert_order(item))
                counts.subtract(_counts(old))
            for view in _views(line):
                views[view].add(_order(line), line)
            item = attention_of(line)
            if item is not None:
                alerts.add(_alert_order(item), item)
            counts.update(_counts(line))
            if calibrated is not None:
                calibrated.replace(self.rubric, old, line)
            by_id[account_id] = line
        return Portfolio(self.rubric, self.today, epoch, seq, by_id, views, alerts, counts, calibrated)

    # -- what pages show ------------------------------------------------------------------------

    def view(self, view: View) -> list[Line]:
        """The lines of one list, most urgent first. Callers must not change it."""
        found = self._lists.get(view)
        if found is None:
            found = self._lists[view] = self._views[view].items()
        return found

    @property
    def prospects(self) -> list[Line]:
        return self.view(View.PROSPECTS)

    @property
    def clients(self) -> list[Line]:
        """Clients under contract."""
        return self.view(View.CLIENTS)

    @property
    def ended(self) -> list[Line]:
        return self.view(View.ENDED)

    @property
    def attention(self) -> list[Attention]:
        """What needs the person first (see `attention`)."""
        return self._alerts.items()

    def count(self, what: Count) -> int:
        return self._counts[what]

    def line(self, account_id: int) -> Line | None:
        return self._by_id.get(account_id)

    def ids(self) -> KeysView[int]:
        return self._by_id.keys()

    def calibration(self) -> Calibration:
        """Gut call and rubric on every account's first screen, against how relationships ended.

        Worked out on first use, then kept up to date with the portfolio."""
        with self._lock:
            if self._calibrated is None:
                self._calibrated = _Calibrated.of(self.rubric, self)
            return self._calibrated.result()

    # -- a sequence of every line ---------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._by_id)

    @overload
    def __getitem__(self, index: int) -> Line: ...
    @overload
    def __getitem__(self, index: slice) -> list[Line]: ...
    def __getitem__(self, index: int | slice) -> Line | list[Line]:
        return self.view(View.ALL)[index]

    def __iter__(self) -> Iterator[Line]:
        return iter(self.view(View.ALL))


def _case(rubric: Rubric, line: Line) -> Case | None:
    first = line.first_screen
    if first is None:
        return None
    account = line.overview.account
    verdict = evaluate_stored(rubric, first.answers).verdict  # taken before a change, maybe
    return Case(name=account.name, gut=first.gut, verdict=verdict, outcome=account.outcome)


def _judged_order(line: Line) -> Key:
    """Most recently ended first."""
    account = line.overview.account
    ended = account.ended_on.toordinal() if account.ended_on is not None else 0
    return (-ended, account.name.casefold(), account.id)


class _Calibrated:
    """The calibration's sums, and its judged relationships in order, kept per account."""

    def __init__(self, cases: dict[int, Calibration], judged: Ordered[Judged], sums: Counter[str]) -> None:
        self._cases = cases
        self._judged = judged
        self._sums = sums

    @classmethod
    def of(cls, rubric: Rubric, lines: Iterable[Line]) -> _Calibrated:
        made = cls({}, Ordered(), Counter())
        for line in lines:
            made.replace(rubric, None, line)
        return made

    def copy(self) -> _Calibrated:
        return _Calibrated(dict(self._cases), self._judged.copy(), self._sums.copy())

    def replace(self, rubric: Rubric, old: Line | None, new: Line) -> None:
        """Take out what `old` counted, and count `new` (the same account's line, or a new one)."""
        if old is not None:
            was = self._cases.pop(old.overview.account.id, None)
            if was is not None:
                self._sums.subtract(_sums(was))
                if was.judged:
                    self._judged.remove(_judged_order(old))
        case = _case(rubric, new)
        if case is None:
            return
        one = calibrate([case])  # the one rule for what a case counts, applied to one case
        self._cases[new.overview.account.id] = one
        self._sums.update(_sums(one))
        if one.judged:
            self._judged.add(_judged_order(new), one.judged[0])

    def result(self) -> Calibration:
        return Calibration(
            screened=self._sums["screened"],
            with_gut=self._sums["with_gut"],
            agreed=self._sums["agreed"],
            judged=tuple(self._judged.items()),
        )


def _sums(one: Calibration) -> dict[str, int]:
    return {"screened": one.screened, "with_gut": one.with_gut, "agreed": one.agreed}


def compute_portfolio(repo: Repository, rubric: Rubric, today: dt.date) -> Portfolio:
    """Every line, most urgent first, as the database holds it now.

    The portfolio last computed for this database is kept, and brought up to date from what
    changed since (`Repository.changes_since`): after one save, one account is read and judged
    again and put in its place in each list, whatever the size of the portfolio. Everything is
    read again only on a first look, for another rubric or another day, and after an erasure
    or a restore.
    """
    location = repo.location
    with _lock(location):
        known = _latest.get(location)
        if known is not None and not known.fits(rubric, today):
            known = None
        with bulk():  # a first look reads every account
            changes = repo.changes_since(*((known.epoch, known.seq) if known is not None else (None, 0)))
        if known is None or changes.complete:
            result = _whole(repo, rubric, today, changes, book(repo, rubric))
        else:
            fresh = {account.id for account in changes.accounts}
            if changes.count == len(known) + len(fresh - known.ids()):
                lines = _lines(rubric, changes, today, book(repo, rubric))
                result = known.updated(changes.epoch, changes.seq, lines)
            else:  # some account was erased: its line must go from every list
                result = build_portfolio(repo, rubric, today)
        _latest[location] = result
        return result


def build_portfolio(repo: Repository, rubric: Rubric, today: dt.date) -> Portfolio:
    """The whole portfolio read and judged from scratch, nothing kept (what a first look costs)."""
    with bulk():  # every account read
        changes = repo.changes_since(None, 0)
    return _whole(repo, rubric, today, changes, book(repo, rubric))


def _whole(
    repo: Repository, rubric: Rubric, today: dt.date, changes: Changes, versions: Mapping[int, Rubric]
) -> Portfolio:
    with bulk():  # thousands of lines made at once: no collector passes over them meanwhile
        lines = _lines(rubric, changes, today, versions)
        return Portfolio.build(rubric, today, changes.epoch, changes.seq, lines)


def _lines(
    rubric: Rubric, changes: Changes, today: dt.date, versions: Mapping[int, Rubric] | None = None
) -> list[Line]:
    """The lines of the changed accounts, from their histories read with them."""
    if not changes.accounts:
        return []
    with bulk():
        read = summaries_of(rubric, changes.histories, changes.reviews, versions)
    owed = changes.ledgers
    return [
        _line(rubric, account, read.get(account.id), today, owed.get(account.id, ()))
        for account in changes.accounts
    ]


def kept(location: str) -> bool:
    """Whether a portfolio of this database is kept, so the next one costs what changed; False
    on a first look after a start (or `forget`), which reads and judges every account."""
    return location in _latest


def forget() -> None:
    """Drop every portfolio kept between calls: the next one is read whole (a benchmark's cold run)."""
    with _locks_lock:
        _latest.clear()


_latest: dict[str, Portfolio] = {}
_locks: dict[str, threading.Lock] = {}
_locks_lock = threading.Lock()


def _lock(location: str) -> threading.Lock:
    """One database's portfolio is brought up to date by one session at a time: the others wait,
    then find it done."""
    with _locks_lock:
        return _locks.setdefault(location, threading.Lock())


def why(line: Line) -> str:
    if line.standing is not None and line.standing.status is not Status.HELL_YES:
        return _deciding(line)
    if line.alerts:
        return str(line.alerts[0].message)
    return ""


def reason(line: Line) -> str:
    """The playbook title of why the account is in trouble: a client's status reason, or why a
    prospect's screen is a hell no; for an ended relationship, how it ended. Empty for an
    account that is fine."""
    if line.ended:
        outcome = line.overview.account.outcome
        return str(outcome.label) if outcome is not None else ""
    if line.standing is not None:
        key = line.standing.reason if line.standing.status is not Status.HELL_YES else None
        if key is None and line.slowing:
            return str(_ALERT_TAGS[Severity.SLOWING_PAYMENT])
    else:
        key = line.screen_reason
    if key is None:
        return ""
    book = (line.books or playbooks()).get(key)
    return str(book.title) if book else key


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
    if line.standing is not None:
        return {
            Status.HELL_YES: Tone.GOOD,
            Status.WATCH: Tone.WARN,
            Status.STALE: Tone.QUIET,
        }.get(line.standing.status, Tone.BAD)
    return Tone.GOOD if line.headline.good else Tone.BAD


class Step(StrEnum):
    """What the person does about an item on Home, so its link can open the account there."""

    LOOK = "look"
    CHECK_IN = "check in"
    LET_GO = "let go"
    INVOICES = "invoices"


@dataclass(frozen=True)
class Attention:
    """One thing on Home that needs the person: the account, a short tag and what is wrong.

    `note` says what is wrong; None for a client's status, whose deciding finding says it, read
    when shown (a status is explained only when asked for). A portfolio keeps its items for every
    session, so `label` and `note` are kept as text that picks its language when read (`tag` and
    `message` read them).
    """

    line: Line
    tone: Tone
    label: Text
    note: Text | None
    rank: int
    step: Step = Step.LOOK

    @property
    def tag(self) -> str:
        """The short tag, in the current language."""
        return str(self.label)

    @property
    def message(self) -> str:
        return str(self.note) if self.note is not None else _deciding(self.line)


def _deciding(line: Line) -> str:
    """What decided a client's status, in a sentence."""
    status = line.status
    return str(status.deciding.message) if status is not None else ""


def attention_of(line: Line) -> Attention | None:
    """The most severe thing about one account that needs the person, if anything does.

    Rank 0-2 and 4 are a client's status (fire now, let go, watch, stale; 2 also a client's
    slowing payments), 3 a prospect's
    knockout or gut call the rubric contradicts, 5 a check-in that is due, 6 an old screen.
    """
    if line.ended:
        return None
    items: list[Attention] = []
    status = line.standing
    if status is not None and status.status is not Status.HELL_YES:
        book = (line.books or playbooks()).get(status.reason or "")
        # Read when shown: the portfolio is kept for every session, whatever its language.
        word = status.status
        tag: Text = Lazy(lambda: word.label)
        if book is not None:
            tag = lazy_gettext("{status} ({playbook})", status=tag, playbook=Lazy(lambda: book.title.lower()))
        bad = Tone.BAD if status.status in (Status.FIRE_NOW, Status.LET_GO) else Tone.WARN
        step = Step.LET_GO if status.status in (Status.FIRE_NOW, Status.LET_GO) else Step.LOOK
        items.append(Attention(line, bad, tag, None, line.urgency, step))
    elif status is not None and status.checkin_due:
        next_due = status.next_due
        due = lazy_gettext("since {date}.", date=Lazy(lambda: format_date(next_due)))
        items.append(Attention(line, Tone.QUIET, lazy_gettext("Check-in due"), due, 5, Step.CHECK_IN))
    for alert in line.alerts:
        bad = Tone.BAD if alert.severity is Severity.KNOCKOUT else Tone.WARN
        step = Step.INVOICES if alert.severity is Severity.SLOWING_PAYMENT else Step.LOOK
        tag = _ALERT_TAGS[alert.severity]
        items.append(Attention(line, bad, tag, alert.message, _alert_rank(alert), step))
    return min(items, key=_severity) if items else None


def attention(lines: Iterable[Line]) -> list[Attention]:
    """What needs the person first: one item per account (its most severe), most severe first,
    then in the order of the lines."""
    found = (attention_of(line) for line in lines)
    return sorted((item for item in found if item is not None), key=_alert_order)


def _alert_order(item: Attention) -> Key:
    return (*_severity(item), *_order(item.line))


_ALERT_TAGS = {
    Severity.KNOCKOUT: lazy_gettext("Knockout"),
    Severity.GUT_SAID_YES: lazy_gettext("Gut said yes"),
    Severity.GUT_SAID_NO: lazy_gettext("Gut said no"),
    Severity.OLD_SCREEN: lazy_gettext("Old screen"),
    Severity.SLOWING_PAYMENT: lazy_gettext("Slowing payments"),
}


def _alert_rank(alert: Alert) -> int:
    if alert.severity is Severity.SLOWING_PAYMENT:
        return 2  # money first: as a watch
    return 3 if alert.severity <= Severity.GUT_SAID_YES else 6


def _severity(item: Attention) -> tuple[int, bool]:
    return (item.rank, item.tone is not Tone.BAD)


def matches(line: Line, needle: str) -> bool:
    """Whether the search text occurs in the account's name or company, in any case."""
    wanted = needle.strip().casefold()
    account = line.overview.account
    return wanted in account.name.casefold() or wanted in account.company.casefold()
