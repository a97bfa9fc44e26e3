"""What a list needs of each account's history, read for thousands of accounts at once.

A list line shows every score (the trend), the newest verdict and, for a client, a
status. A status looks at the baseline and the last few check-ins only
(`scoring.status.status_window`), so there is no need for a model of every
assessment: one columnar read (`Repository.assessment_columns`), one batch rescore
for the scores, and models for just the rows a status is computed from. A client's
own reviews (`Repository.reviews`) count in its status too (`scoring.reviews`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt

from scoring import Assessment, Kind, Rubric, Stage, Verdict, batch
from scoring.accounts import StoredAssessment
from scoring.headline import Headline, headline
from scoring.questionnaires import TheirSide
from scoring.reviews import NO_FACTS, NOT_SAID, Review, ReviewFacts, review_facts, reviews_of
from scoring.status import Judgement, Status, client_status, standing_of, status_window
from storage import Repository
from storage.records import AssessmentColumns


@dataclass(frozen=True, slots=True)
class Summary:
    """One account's history as lists need it.

    `scores` holds every assessment's score under the rubric, oldest first; `baseline`
    and `recent` are what `scoring.status.split_history` gives, `recent` cut to the
    check-ins a status looks at; `latest` is the newest assessment.
    """

    scores: list[float]
    #: The first screen: whose gut call is the account's first impression.
    first_screen: Assessment | None
    baseline: Assessment | None
    recent: list[Assessment]
    latest: Assessment
    count: int
    #: `latest` as stored: with its id and when it was stored.
    newest: StoredAssessment
    #: The score and verdict of `baseline`, then of each of `recent`, from the batch rescore;
    #: empty without a baseline.
    judged: list[Judgement]
    #: With a baseline and a check-in: the status of the latest check-in by the batch rules
    #: before staleness, and its reason key (`scoring.status.standing_of` dates it).
    status: tuple[Status, str | None] | None
    #: The client's own reviews, oldest first, which its status reads.
    reviews: tuple[Review, ...] = ()
    #: `scores` as taken: each with the version of the rubric it was taken with; None when that is
    #: `scores` itself (every assessment taken with the rubric in use, or scored alike).
    taken: list[float] | None = None

    def headline(self, rubric: Rubric, stage: Stage, today: dt.date) -> Headline:
        """The account's headline, its status not judging again what the batch judged: a client's
        status is explained only when asked for (`scoring.headline.Headline`)."""
        standing = None
        if self.status is not None and self.recent:
            latest_on, latest_score = self.recent[-1].taken_on, self.judged[-1][0]
            standing = standing_of(rubric, *self.status, latest_on, latest_score, today)
        return headline(
            rubric,
            stage,
            latest=self.latest,
            first_screen=self.first_screen,
            baseline=self.baseline,
            recent=self.recent,
            today=today,
            judged=self.judged or None,
            standing=standing,
            reviews=self.reviews,
        )


def summaries(
    repo: Repository, rubric: Rubric, account_ids: Collection[int] | None = None
) -> dict[int, Summary]:
    """The summary of every account that has assessments (of `account_ids`, when given)."""
    return summaries_of(rubric, repo.assessment_columns(account_ids), repo.reviews(account_ids))


@dataclass(frozen=True, slots=True)
class _Rows:
    """Which of one account's rows a summary reads (`split_history`, cut to the status window)."""

    start: int
    end: int
    first_screen: int | None
    baseline: int | None
    recent: list[int]


def summaries_of(
    rubric: Rubric,
    table: AssessmentColumns,
    sides: Mapping[int, Sequence[TheirSide]] | None = None,
    book: Mapping[int, Rubric] | None = None,
) -> dict[int, Summary]:
    """The summary of every account with rows in `table` (`Repository.assessment_columns`);
    `sides`: what their clients answered, by account (`Repository.reviews`; a fit is left out);
    `book`: every version of the rubric by number, for the scores as taken (`Summary.taken`)."""
    if not len(table):
        return {}
    reviews = {account: found for account, given in (sides or {}).items() if (found := reviews_of(given))}
    points = table.points(rubric)
    rescored = batch.rescore(points, rubric)
    scores = rescored.scores.tolist()
    verdicts = rescored.verdicts()
    taken = scores
    if book:
        then = as_taken(table, rubric, book, rescored)
        if then is not rescored:  # some row was taken with another version
            taken = then.scores.tolist()
    owners = np.array(table.account_id, dtype=np.int64)
    starts = [0, *(np.flatnonzero(owners[1:] != owners[:-1]) + 1).tolist()]
    ends = [*starts[1:], len(table)]
    window = status_window(rubric)
    picked = [_rows(table, start, end, window) for start, end in zip(starts, ends, strict=True)]
    statuses = _statuses(rubric, table, points, picked, reviews)
    made = {}
    for rows in picked:
        account = table.account_id[rows.start]
        found = reviews.get(account, ())
        made[account] = _summary(table, scores, verdicts, rows, statuses.get(rows.start), found)
        if taken is not scores and taken[rows.start : rows.end] != made[account].scores:
            made[account] = replace(made[account], taken=taken[rows.start : rows.end])
    return made


def as_taken(
    table: AssessmentColumns, rubric: Rubric, book: Mapping[int, Rubric], now: batch.Rescored
) -> batch.Rescored:
    """`now` (every row of `table` under `rubric`) with each row scored with the version of the
    rubric it was taken with, where `book` holds it (`scoring.batch.rescore_as_taken`)."""
    return batch.rescore_as_taken(table.points, as_taken_versions(table, rubric), rubric, book, now)


def as_taken_versions(table: AssessmentColumns, rubric: Rubric) -> npt.NDArray[np.int64]:
    """Each row's version of `rubric`; a row taken with a rubric of another key counts as taken
    with `rubric` (nothing else to score it with)."""
    pairs = zip(table.rubric_key, table.rubric_version, strict=True)
    return np.array([v if k == rubric.key else rubric.version for k, v in pairs], dtype=np.int64)


def _rows(table: AssessmentColumns, start: int, end: int, window: int) -> _Rows:
    """Rows start..end-1 are one account's, oldest first (date, then id), as `Repository.assessments`
    orders them."""
    rows = range(start, end)
    checkins = [i for i in rows if table.kind[i] == Kind.CHECKIN]
    first = table.taken_on[checkins[0]] if checkins else None
    screens = [
        i for i in rows if table.kind[i] == Kind.SCREEN and (first is None or table.taken_on[i] <= first)
    ]
    first_screen = next((i for i in rows if table.kind[i] == Kind.SCREEN), None)
    return _Rows(start, end, first_screen, screens[-1] if screens else None, checkins[-window:])


def _statuses(
    rubric: Rubric,
    table: AssessmentColumns,
    points: batch.Points,
    picked: list[_Rows],
    reviews: Mapping[int, tuple[Review, ...]],
) -> dict[int, tuple[Status, str | None]]:
    """By each account's first row: the status of its latest check-in by the batch rules, from its
    baseline, recent check-ins and reviews alone (what `client_status` reads), before staleness."""
    judged = [
        (rows, [rows.baseline, *rows.recent]) for rows in picked if rows.baseline is not None and rows.recent
    ]
    if not judged:
        return {}
    # Each account's rows in order, its baseline first: the batch reads them as one account's file.
    chosen = [i for _, read in judged for i in read]
    sizes = [len(read) for _, read in judged]
    lasts = np.cumsum(sizes) - 1
    owner = np.repeat(np.arange(len(judged), dtype=np.int64), sizes)
    days = np.array([table.taken_on[i].toordinal() for i in chosen], dtype=np.int64)
    checkin = np.ones(len(chosen), dtype=np.bool_)
    checkin[lasts - np.array(sizes) + 1] = False
    said = None
    if reviews:  # what each client's reviews say, on its latest check-in's row
        facts = [NO_FACTS] * len(chosen)
        for (rows, _), last in zip(judged, lasts.tolist(), strict=True):
            given = reviews.get(table.account_id[rows.start])
            if given:
                facts[last] = review_facts(given)
        said = batch.ReviewColumns.of(rubric, facts)
    found = batch.judge_histories(rubric, points[chosen], owner, days, checkin, None, said)
    status, reason = found.status, found.reason
    result: dict[int, tuple[Status, str | None]] = {}
    for (rows, _), last in zip(judged, lasts.tolist(), strict=True):
        decided = status[last]
        if decided is not None:
            result[rows.start] = (decided, reason[last])
    return result


def _summary(
    table: AssessmentColumns,
    scores: list[float],
    verdicts: list[Verdict],
    rows: _Rows,
    status: tuple[Status, str | None] | None,
    reviews: tuple[Review, ...],
) -> Summary:
    start, end, first_screen, baseline, recent = (
        rows.start,
        rows.end,
        rows.first_screen,
        rows.baseline,
        rows.recent,
    )
    wanted = {*([] if baseline is None else [baseline]), *recent, end - 1}
    wanted |= set() if first_screen is None else {first_screen}
    made = {i: table.assessment(i) for i in wanted}
    judged = [(scores[i], verdicts[i]) for i in (baseline, *recent)] if baseline is not None else []
    return Summary(
        scores=scores[start:end],
        first_screen=None if first_screen is None else made[first_screen],
        baseline=made[baseline] if baseline is not None else None,
        recent=[made[i] for i in recent],
        latest=made[end - 1],
        count=end - start,
        newest=table.stored(end - 1, made[end - 1]),
        judged=judged,
        status=status,
        reviews=reviews,
    )


# --- the same histories under another rubric -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outline:
    """Which rows of one read each account's summary reads, whatever the rubric: a rubric's status
    window only cuts the check-ins (`_Rows.recent` holds every one here). Worked out once, it lets
    the same histories be judged again under another rubric at the cost of the judging alone
    (`latest_judged`, for `services.what_if`)."""

    table: AssessmentColumns
    #: By account id, its rows, with every check-in in `recent`.
    rows: Mapping[int, _Rows]
    #: By account id, its client's reviews (oldest first), for those that have any.
    reviews: Mapping[int, tuple[Review, ...]]
    #: What `latest_judged` hands the batch, by status window and accounts: the same for every
    #: rubric with that window.
    _prepared: dict[tuple[int, tuple[int, ...], tuple[int, ...]], _Prepared] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def of(cls, table: AssessmentColumns, sides: Mapping[int, Sequence[TheirSide]] | None = None) -> Outline:
        """`table` and `sides` as `summaries_of` takes them."""
        reviews = {account: found for account, given in (sides or {}).items() if (found := reviews_of(given))}
        if not len(table):
            return cls(table, {}, reviews)
        owners = np.array(table.account_id, dtype=np.int64)
        starts = [0, *(np.flatnonzero(owners[1:] != owners[:-1]) + 1).tolist()]
        ends = [*starts[1:], len(table)]
        rows = {
            table.account_id[start]: _rows(table, start, end, end - start)
            for start, end in zip(starts, ends, strict=True)
        }
        return cls(table, rows, reviews)

    def prepared(self, window: int, prospects: Iterable[int], clients: Iterable[int]) -> _Prepared:
        key = (window, tuple(prospects), tuple(clients))
        found = self._prepared.get(key)
        if found is None:
            found = _Prepared.of(self, *key)
            if len(self._prepared) >= _KEPT_PREPARED:  # a few windows and sets of accounts
                self._prepared.clear()
            self._prepared[key] = found
        return found


_KEPT_PREPARED = 8


@dataclass(frozen=True, slots=True)
class _Prepared:
    """The rows `latest_judged` judges of some prospects and clients, under any rubric with one
    status window: each prospect's newest row; each client's baseline and latest check-ins, in
    the order `scoring.batch.judge_histories` takes one account's file."""

    prospects: tuple[int, ...]
    newest: npt.NDArray[np.int64]
    #: The clients judged in the batch, and per row of it: the table's row, whose it is (an index
    #: into `clients`), its day, whether it is a check-in.
    clients: tuple[int, ...]
    rows: npt.NDArray[np.int64]
    owner: npt.NDArray[np.int64]
    days: npt.NDArray[np.int64]
    checkin: npt.NDArray[np.bool_]
    #: Per client of the batch, where its latest check-in is in `rows`.
    lasts: npt.NDArray[np.int64]
    #: What the reviews of the clients that have any say, on their latest check-in's place.
    reviewed: tuple[tuple[int, ReviewFacts], ...]
    #: Clients signed and not checked in yet, with their baseline: judged one at a time.
    alone: tuple[tuple[int, Assessment], ...]

    @classmethod
    def of(
        cls, outline: Outline, window: int, prospects: tuple[int, ...], clients: tuple[int, ...]
    ) -> _Prepared:
        table = outline.table
        newest = [(account, rows.end - 1) for account in prospects if (rows := outline.rows.get(account))]
        batched: list[tuple[int, list[int]]] = []
        alone: list[tuple[int, Assessment]] = []
        for account in clients:
            rows = outline.rows.get(account)
            if rows is None or rows.baseline is None:
                continue
            if rows.recent:
                batched.append((account, [rows.baseline, *rows.recent[-window:]]))
            else:
                alone.append((account, table.assessment(rows.baseline)))
        chosen = [row for _, read in batched for row in read]
        sizes = np.array([len(read) for _, read in batched], dtype=np.int64)
        lasts = np.cumsum(sizes) - 1
        checkin = np.ones(len(chosen), dtype=np.bool_)
        checkin[lasts - sizes + 1] = False  # each client's baseline
        reviewed = tuple(
            (last, review_facts(found))
            for (account, _), last in zip(batched, lasts.tolist(), strict=True)
            if (found := outline.reviews.get(account))
        )
        return cls(
            prospects=tuple(account for account, _ in newest),
            newest=np.array([row for _, row in newest], dtype=np.int64),
            clients=tuple(account for account, _ in batched),
            rows=np.array(chosen, dtype=np.int64),
            owner=np.repeat(np.arange(len(batched), dtype=np.int64), sizes),
            days=np.array([table.taken_on[row].toordinal() for row in chosen], dtype=np.int64),
            checkin=checkin,
            lasts=lasts,
            reviewed=reviewed,
            alone=tuple(alone),
        )


def latest_judged(
    rubric: Rubric,
    outline: Outline,
    points: batch.Points,
    today: dt.date,
    prospects: Iterable[int],
    clients: Iterable[int],
) -> tuple[dict[int, Judgement], dict[int, Status]]:
    """Under `rubric` as of `today`: the score and verdict of each prospect's newest assessment,
    and each client's status (staleness included), as the headline of its summary gives them
    (`Summary.headline`), by the batch rules without a model of any assessment (but a baseline
    with no check-in after it, judged alone). `points`: `outline.table.points(rubric)`. Accounts
    with no assessment are left out, and so are clients without a baseline screen (they have no
    status)."""
    made = outline.prepared(status_window(rubric), prospects, clients)
    scored = batch.rescore(points[made.newest], rubric)
    verdicts = dict(
        zip(made.prospects, zip(scored.scores.tolist(), scored.verdicts(), strict=True), strict=True)
    )
    statuses: dict[int, Status] = {}
    if made.clients:
        said = None
        if made.reviewed:  # what each client's reviews say, on its latest check-in's row
            places = [place for place, _ in made.reviewed]
            told = batch.ReviewColumns.of(rubric, [facts for _, facts in made.reviewed])
            falls = np.zeros(len(made.rows), dtype=np.int64)
            falls[places] = told.falls
            says = np.full((len(made.rows), len(rubric.keys)), NOT_SAID, dtype=np.int64)
            says[places] = told.said
            said = batch.ReviewColumns(falls=falls, said=says)
        found = batch.judge_histories(
            rubric, points[made.rows], made.owner, made.days, made.checkin, today, said
        ).status
        for account, last in zip(made.clients, made.lasts.tolist(), strict=True):
            decided = found[last]
            assert decided is not None  # a check-in after a baseline always has a status
            statuses[account] = decided
    for account, baseline in made.alone:
        statuses[account] = client_status(
            rubric, baseline, (), today, reviews=outline.reviews.get(account, ())
        ).status
    return verdicts, statuses
