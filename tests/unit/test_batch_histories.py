"""All of a file's statuses at once agree with judging each check-in on its own.

`scoring.batch.judge_histories` computes every computed column of an export in a
few array operations. The reference here is the definition it must keep: each
account's rows in date order (screens first on a day, then file order), each
screen judged by `evaluate`, each check-in by `client_status` over the rows up to
it, the account's last row as of today. Random files (several accounts, shared
days, check-ins before any screen, several screens, long hell-no runs) on the
default rubric and on changed ones (and, drawn by hypothesis, on any the editor could
make: `tests.strategies`) must agree row for row: kept, score, verdict, status and reason.
"""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from formats.csvcodec import NO_BASELINE, Row, judge_rows, score_rows
from scoring import Answer, Assessment, Kind, Result, Rubric, Verdict, default_rubric, evaluate
from scoring.batch import judge_histories, points_matrix
from scoring.status import Status, client_status, split_history
from tests import factories
from tests.strategies import random_edited_rubric, rubrics

TODAY = dt.date(2026, 11, 24)


# The default rubric, two with changed status and verdict rules, and three edits as the rubric
# editor could make them (weights, knockouts, every rule).
RUBRICS = factories.STATUS_RUBRICS | {
    f"edited {n}": random_edited_rubric(random.Random(f"edited {n}")) for n in range(3)
}


def _reference(rubric: Rubric, rows: list[Row], today: dt.date) -> list[tuple[object, ...] | None]:
    """(score, verdict, status, reason) per row, or None for a rejected check-in, one row at a time."""
    accounts: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        accounts.setdefault(row.account, []).append(index)
    out: list[tuple[object, ...] | None] = [None] * len(rows)
    for indexes in accounts.values():
        ordered = sorted(indexes, key=lambda i: (rows[i].taken_on, rows[i].kind is Kind.CHECKIN, i))
        history: list[Assessment] = []
        for position, index in enumerate(ordered):
            row = rows[index]
            result = evaluate(rubric, row.answers, row.gut)
            assessment = factories.assessment(
                row.taken_on, kind=row.kind, gut=row.gut, answers=row.answers, rubric=rubric
            )
            if row.kind is Kind.SCREEN:
                history.append(assessment)
                out[index] = (result.score, result.verdict, None, _screen_reason(rubric, result))
                continue
            baseline, checkins = split_history([*history, assessment])
            if baseline is None:
                continue
            history.append(assessment)
            as_of = today if position == len(ordered) - 1 else row.taken_on
            status = client_status(rubric, baseline, checkins, as_of)
            out[index] = (result.score, result.verdict, status.status, status.reason)
    return out


def _screen_reason(rubric: Rubric, result: Result) -> str | None:
    if result.verdict is Verdict.HELL_YES:
        return None
    blocking = [b.dimension for b in result.blockers if b.dimension]
    culprits = blocking or list(result.weakest)
    return rubric.dimension(culprits[0]).reason if culprits else None


def _batch(rubric: Rubric, rows: list[Row], today: dt.date) -> list[tuple[object, ...] | None]:
    return [entry[1:] if entry[0] else None for entry in judge_rows(rows, rubric, today).rows()]


def _random_file(rubric: Rubric, rng: random.Random, size: int) -> list[Row]:
    names = [f"Account {i}" for i in range(rng.randint(1, 6))]
    start = TODAY - dt.timedelta(days=rng.randint(0, 400))
    # Each account drifts: its answers lean high, then (for some) sink over time.
    lean = {name: rng.choice([(1, 1, 3, 8, 9), (1, 2, 4, 5, 3), (3, 4, 3, 2, 1)]) for name in names}
    rows = []
    for _ in range(size):
        name = rng.choice(names)
        day = start + dt.timedelta(days=rng.choice([0, 0, 1, 5, 20, 30, 31, 60, 90, 200]))
        kind = Kind.SCREEN if rng.random() < 0.25 else Kind.CHECKIN
        answers = {k: rng.choices(list(Answer), weights=lean[name])[0] for k in rubric.keys}
        gut = rng.choice(list(Verdict)) if kind is Kind.SCREEN else None
        rows.append(Row(account=name, taken_on=day, kind=kind, gut=gut, answers=answers))
    return rows


@pytest.mark.parametrize("name", list(RUBRICS))
@pytest.mark.parametrize("seed", range(40))
def test_agrees_with_judging_each_check_in_alone(name: str, seed: int) -> None:
    rubric = RUBRICS[name]
    rng = random.Random(f"{name}/{seed}")
    rows = _random_file(rubric, rng, rng.randint(1, 60))
    today = TODAY + dt.timedelta(days=rng.choice([0, 10, 46, 400]))
    assert _batch(rubric, rows, today) == _reference(rubric, rows, today)


@settings(max_examples=150, deadline=None)
@given(
    plan=st.lists(
        st.tuples(
            st.integers(0, 2),  # account
            st.integers(0, 70),  # day
            st.booleans(),  # check-in?
            st.lists(st.integers(0, 4), min_size=10, max_size=10),  # points
        ),
        min_size=1,
        max_size=25,
    ),
    later=st.integers(0, 120),
    rubric=rubrics(),
)
def test_agrees_on_any_small_file(
    plan: list[tuple[int, int, bool, list[int]]], later: int, rubric: Rubric
) -> None:
    start = dt.date(2026, 1, 1)
    rows = [
        Row(
            account=f"A{account}",
            taken_on=start + dt.timedelta(days=day),
            kind=Kind.CHECKIN if checkin else Kind.SCREEN,
            gut=None if checkin else Verdict.HELL_YES,
            answers={k: Answer.from_points(p) for k, p in zip(rubric.keys, points, strict=True)},
        )
        for account, day, checkin, points in plan
    ]
    today = start + dt.timedelta(days=70 + later)
    assert _batch(rubric, rows, today) == _reference(rubric, rows, today)


def test_a_long_client_history_in_one_account() -> None:
    """Hundreds of monthly check-ins: streaks, drops and the stale last row, all as the reference says."""
    rubric = default_rubric()
    rng = random.Random(7)
    start = dt.date(2000, 1, 1)
    rows = [
        Row(account="Long", taken_on=start, kind=Kind.SCREEN, gut=Verdict.HELL_YES, answers=_high(rubric))
    ]
    for month in range(1, 300):
        answers = {k: rng.choices(list(Answer), weights=(1, 1, 2, 5, 6))[0] for k in rubric.keys}
        rows.append(
            Row(
                account="Long",
                taken_on=start + dt.timedelta(days=30 * month),
                kind=Kind.CHECKIN,
                answers=answers,
            )
        )
    batch = _batch(rubric, rows, TODAY)
    assert batch == _reference(rubric, rows, TODAY)
    statuses = {entry[2] for entry in batch if entry is not None}
    assert {Status.LET_GO, Status.WATCH, Status.HELL_YES, Status.FIRE_NOW} <= statuses
    # Its last check-in is decades old: whatever it says, it is not a hell yes today.
    assert batch[-1] is not None and batch[-1][2] is not Status.HELL_YES


def _high(rubric: Rubric) -> dict[str, Answer]:
    return dict.fromkeys(rubric.keys, Answer.HELL_YES)


def test_check_ins_before_any_screen_are_errors_and_count_for_nothing() -> None:
    rubric = default_rubric()
    day = dt.date(2026, 3, 1)
    low = dict.fromkeys(rubric.keys, Answer.NO)
    rows = [
        (2, Row(account="A", taken_on=day, kind=Kind.CHECKIN, answers=low)),
        (
            3,
            Row(
                account="A",
                taken_on=day + dt.timedelta(days=1),
                kind=Kind.SCREEN,
                gut=Verdict.HELL_YES,
                answers=_high(rubric),
            ),
        ),
        (4, Row(account="A", taken_on=day + dt.timedelta(days=2), kind=Kind.CHECKIN, answers=_high(rubric))),
    ]
    scored, errors = score_rows(rows, rubric, day + dt.timedelta(days=3))
    assert [(e.line, e.column, e.message) for e in errors] == [(2, "kind", str(NO_BASELINE))]
    assert [s.row.kind for s in scored] == [Kind.SCREEN, Kind.CHECKIN]
    # The rejected low check-in is not the previous one: no drop, no streak.
    assert scored[1].status is Status.HELL_YES


def test_an_empty_file_judges_nothing() -> None:
    rubric = default_rubric()
    judged = judge_histories(
        rubric,
        points_matrix(rubric, []),
        np.array([], dtype=np.int64),
        np.array([], dtype=np.int64),
        np.array([], dtype=np.bool_),
        TODAY,
    )
    assert judged.kept.tolist() == [] and judged.status == [] and judged.reason == []


def test_columns_of_different_lengths_are_refused() -> None:
    rubric = default_rubric()
    with pytest.raises(ValueError, match="one entry per row"):
        judge_histories(
            rubric,
            points_matrix(rubric, [_high(rubric)]),
            np.array([0, 1], dtype=np.int64),
            np.array([1], dtype=np.int64),
            np.array([False]),
            TODAY,
        )


@pytest.mark.parametrize(("days_after", "stale"), [(45, False), (46, True)])
def test_only_the_last_row_goes_stale_and_only_past_the_limit(days_after: int, stale: bool) -> None:
    rubric = default_rubric()
    assert rubric.status.stale_after_days == 45
    day = dt.date(2026, 1, 1)
    rows = [
        Row(account="A", taken_on=day, kind=Kind.SCREEN, gut=Verdict.HELL_YES, answers=_high(rubric)),
        Row(account="A", taken_on=day + dt.timedelta(days=200), kind=Kind.CHECKIN, answers=_high(rubric)),
        Row(account="A", taken_on=day + dt.timedelta(days=300), kind=Kind.CHECKIN, answers=_high(rubric)),
    ]
    today = day + dt.timedelta(days=300 + days_after)
    judged = _batch(rubric, rows, today)
    assert judged == _reference(rubric, rows, today)
    # 100 days passed between the check-ins, but only the last is judged as of today.
    assert [entry[2] for entry in judged if entry] == [
        None,
        Status.HELL_YES,
        Status.STALE if stale else Status.HELL_YES,
    ]
