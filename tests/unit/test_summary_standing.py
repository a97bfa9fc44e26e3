"""A list's client standings, judged in one batch, agree with each client's status judged alone.

A first look at thousands of accounts sorts, counts and colours clients by a standing the
batch rules give (`services.summaries`), and explains a status only when a page shows it
(`scoring.headline.Headline`). The reference is the headline of each account's whole
history, judged and explained at once (`headline_of`). Random histories (check-ins before
any screen, several screens, a screen after the check-ins, shared days, long hell-no runs)
on the default rubric and on changed ones, as of days before, on and long after the last
row, must agree: the standing field for field, and the explained status when asked for.
"""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import Answer, Kind, Rubric, Stage, Verdict, default_rubric
from scoring.headline import headline_of
from scoring.models import Assessment
from services.summaries import summaries_of
from storage.records import AssessmentColumns
from tests import factories

START = dt.date(2026, 1, 1)


RUBRICS = list(factories.STATUS_RUBRICS.values())

Plan = list[tuple[int, int, bool, list[int]]]


def _table(rubric: Rubric, plan: Plan) -> tuple[AssessmentColumns, dict[int, list[Assessment]]]:
    """The plan's rows as `Repository.assessment_columns` reads them (by account, date, id), and each
    account's history as models."""
    rows = sorted(
        (account, START + dt.timedelta(days=day), row_id, checkin, points)
        for row_id, (account, day, checkin, points) in enumerate(plan)
    )
    histories: dict[int, list[Assessment]] = {}
    for account, day, _, checkin, points in rows:
        histories.setdefault(account, []).append(
            Assessment(
                kind=Kind.CHECKIN if checkin else Kind.SCREEN,
                taken_on=day,
                gut=None if checkin else Verdict.HELL_YES,
                answers={k: Answer.from_points(p) for k, p in zip(rubric.keys, points, strict=True)},
                rubric_key=rubric.key,
                rubric_version=rubric.version,
            )
        )
    table = AssessmentColumns(
        account_id=tuple(row[0] for row in rows),
        id=tuple(row[2] for row in rows),
        kind=tuple((Kind.CHECKIN if row[3] else Kind.SCREEN).value for row in rows),
        taken_on=tuple(row[1] for row in rows),
        gut=tuple(None if row[3] else Verdict.HELL_YES.value for row in rows),
        answers=tuple(
            json.dumps({k: Answer.from_points(p).value for k, p in zip(rubric.keys, row[4], strict=True)})
            for row in rows
        ),
        signals=(None,) * len(rows),
        note=(None,) * len(rows),
        rubric_key=(rubric.key,) * len(rows),
        rubric_version=(rubric.version,) * len(rows),
        suggested=(None,) * len(rows),
        created_at=("2026-01-01T00:00:00+00:00",) * len(rows),
        names={account: f"A{account}" for account in histories},
        stages={account: Stage.CLIENT.value for account in histories},
    )
    return table, histories


@settings(max_examples=200, deadline=None)
@given(
    rubric=st.sampled_from(RUBRICS),
    plan=st.lists(
        st.tuples(
            st.integers(0, 3),  # account
            st.integers(0, 90),  # day
            st.booleans(),  # check-in?
            st.lists(st.integers(0, 4), min_size=10, max_size=10),  # points
        ),
        min_size=1,
        max_size=30,
    ),
    later=st.sampled_from([-30, 0, 10, 46, 120, 400]),
)
def test_batch_standing_agrees_with_judging_alone(rubric: Rubric, plan: Plan, later: int) -> None:
    table, histories = _table(rubric, plan)
    today = START + dt.timedelta(days=90 + later)
    read = summaries_of(rubric, table)
    assert read.keys() == histories.keys()
    for account, history in histories.items():
        listed = read[account].headline(rubric, Stage.CLIENT, today)
        alone = headline_of(rubric, Stage.CLIENT, history, today)
        assert listed.standing == (alone.status.standing() if alone.status is not None else None)
        assert (listed.label, listed.good, listed.score) == (alone.label, alone.good, alone.score)
        assert listed.status == alone.status
        assert listed == alone


def test_a_listed_status_is_explained_once_and_kept() -> None:
    rubric = default_rubric()
    low, high = [1] * 10, [4] * 10
    table, _ = _table(rubric, [(0, 0, False, high), (0, 30, True, low), (0, 60, True, low)])
    head = summaries_of(rubric, table)[0].headline(rubric, Stage.CLIENT, START + dt.timedelta(days=61))
    assert head.standing is not None and head.standing.status.label == head.label
    first = head.status
    assert first is not None and first.status is head.standing.status
    assert head.status is first  # explained once, then kept
