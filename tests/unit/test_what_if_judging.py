"""The same histories judged again under an edited rubric agree with each account judged alone.

The what-if (`services.what_if`) judges every account's history, read once, under each rubric
a person tries (`services.summaries.latest_judged`): each prospect's newest verdict and each
client's status, without a model per assessment. The reference is each account's headline
from its whole history (`scoring.headline.headline_of`, which judges with `evaluate` and
`client_status`). Random histories (check-ins before any screen, several screens, a client
signed and not checked in yet, shared days) under the default rubric and any edited one, as of
days before, on and long after the last row, must agree.
"""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import Answer, Kind, Rubric, Stage, Verdict
from scoring.headline import headline_of
from scoring.models import Assessment
from services.summaries import Outline, latest_judged
from storage.records import AssessmentColumns
from tests.strategies import DEFAULT, rubrics

START = dt.date(2026, 1, 1)

Plan = list[tuple[int, int, bool, list[int]]]


def _table(
    rubric: Rubric, plan: Plan, clients: set[int]
) -> tuple[AssessmentColumns, dict[int, list[Assessment]]]:
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
    size = len(rows)
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
        signals=(None,) * size,
        note=(None,) * size,
        rubric_key=(rubric.key,) * size,
        rubric_version=(rubric.version,) * size,
        suggested=(None,) * size,
        created_at=("2026-01-01T00:00:00+00:00",) * size,
        names={account: f"A{account}" for account in histories},
        stages={
            account: (Stage.CLIENT if account in clients else Stage.PROSPECT).value for account in histories
        },
    )
    return table, histories


@settings(max_examples=200, deadline=None)
@given(
    rubric=rubrics(),
    plan=st.lists(
        st.tuples(
            st.integers(0, 4),  # account
            st.integers(0, 90),  # day
            st.booleans(),  # check-in?
            st.lists(st.sampled_from([0, 1, 2, 3, 3, 4, 4]), min_size=10, max_size=10),  # points
        ),
        min_size=1,
        max_size=30,
    ),
    clients=st.sets(st.integers(0, 4)),
    later=st.sampled_from([-30, 0, 1, 20, 46, 400]),
)
def test_agrees_with_each_account_judged_alone(
    rubric: Rubric, plan: Plan, clients: set[int], later: int
) -> None:
    table, histories = _table(rubric, plan, clients)
    today = START + dt.timedelta(days=90 + later)
    prospects = [a for a in histories if a not in clients]
    verdicts, statuses = latest_judged(
        rubric, Outline.of(table), table.points(rubric), today, prospects, sorted(clients)
    )
    for account, history in histories.items():
        stage = Stage.CLIENT if account in clients else Stage.PROSPECT
        expected = headline_of(rubric, stage, history, today)
        if stage is Stage.PROSPECT:
            assert verdicts[account] == (expected.result.score, expected.result.verdict)
            assert account not in statuses
        else:
            standing = expected.standing
            assert statuses.get(account) == (standing.status if standing is not None else None)
            assert account not in verdicts


def test_a_client_without_a_baseline_or_without_any_assessment_has_no_status() -> None:
    rubric = DEFAULT
    table, _ = _table(rubric, [(0, 5, True, [3] * 10)], {0, 1})  # a check-in and no screen
    verdicts, statuses = latest_judged(rubric, Outline.of(table), table.points(rubric), START, [2], [0, 1])
    assert verdicts == {} and statuses == {}
