"""What a list needs of each account's history, read for thousands of accounts at once.

A list line shows every score (the trend), the newest verdict and, for a client, a
status. A status looks at the baseline and the last few check-ins only
(`scoring.status.status_window`), so there is no need for a model of every
assessment: one columnar read (`Repository.assessment_columns`), one batch rescore
for the scores, and models for just the rows a status is computed from.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from scoring import Assessment, Kind, Rubric, batch
from scoring.accounts import StoredAssessment
from scoring.status import status_window
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


def summaries(
    repo: Repository, rubric: Rubric, account_ids: Collection[int] | None = None
) -> dict[int, Summary]:
    """The summary of every account that has assessments (of `account_ids`, when given)."""
    return summaries_of(rubric, repo.assessment_columns(account_ids))


def summaries_of(rubric: Rubric, table: AssessmentColumns) -> dict[int, Summary]:
    """The summary of every account with rows in `table` (`Repository.assessment_columns`)."""
    if not len(table):
        return {}
    scores = batch.rescore(table.points(rubric), rubric).scores.tolist()
    owners = np.array(table.account_id, dtype=np.int64)
    starts = [0, *(np.flatnonzero(owners[1:] != owners[:-1]) + 1).tolist()]
    ends = [*starts[1:], len(table)]
    window = status_window(rubric)
    return {
        table.account_id[start]: _summary(table, scores, start, end, window)
        for start, end in zip(starts, ends, strict=True)
    }


def _summary(table: AssessmentColumns, scores: list[float], start: int, end: int, window: int) -> Summary:
    """Rows start..end-1 are one account's, oldest first (date, then id), as `Repository.assessments`
    orders them."""
    rows = range(start, end)
    checkins = [i for i in rows if table.kind[i] == Kind.CHECKIN]
    first = table.taken_on[checkins[0]] if checkins else None
    screens = [
        i for i in rows if table.kind[i] == Kind.SCREEN and (first is None or table.taken_on[i] <= first)
    ]
    first_screen = next((i for i in rows if table.kind[i] == Kind.SCREEN), None)
    wanted = {*screens[-1:], *checkins[-window:], end - 1, *([] if first_screen is None else [first_screen])}
    made = {i: table.assessment(i) for i in wanted}
    return Summary(
        scores=scores[start:end],
        first_screen=None if first_screen is None else made[first_screen],
        baseline=made[screens[-1]] if screens else None,
        recent=[made[i] for i in checkins[-window:]],
        latest=made[end - 1],
        count=end - start,
        newest=table.stored(end - 1, made[end - 1]),
    )
