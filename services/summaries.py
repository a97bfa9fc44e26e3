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
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from scoring import Assessment, Kind, Rubric, Stage, Verdict, batch
from scoring.accounts import StoredAssessment
from scoring.headline import Headline, headline
from scoring.questionnaires import TheirSide
from scoring.reviews import NO_FACTS, Review, review_facts, reviews_of
from scoring.status import Judgement, Status, standing_of, status_window
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
    rubric: Rubric, table: AssessmentColumns, sides: Mapping[int, Sequence[TheirSide]] | None = None
) -> dict[int, Summary]:
    """The summary of every account with rows in `table` (`Repository.assessment_columns`);
    `sides`: what their clients answered, by account (`Repository.reviews`; a fit is left out)."""
    if not len(table):
        return {}
    reviews = {account: found for account, given in (sides or {}).items() if (found := reviews_of(given))}
    points = table.points(rubric)
    rescored = batch.rescore(points, rubric)
    scores = rescored.scores.tolist()
    verdicts = rescored.verdicts()
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
    return made


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
