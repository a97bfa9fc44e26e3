"""A stored assessment is scored over the dimensions it was asked.

A rubric gains dimensions and retires others; assessments taken before keep their answers.
Scoring one under today's rubric leaves out what it was not asked (the weights renormalised
over the rest, the floor and the knockouts among the rest) and ignores answers to retired
dimensions; a client's status compares two assessments only on what both were asked. New
answers stay strict: every dimension, nothing else. The batch path (`scoring.batch`, cells
`NOT_ASKED`) agrees with the one-at-a-time path (`evaluate_stored`, `client_status`) bit for
bit, on random holes in random histories under any rubric the editor could make.
"""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from formats.csvcodec import Row, judge_rows, read_rows, write_rows
from scoring import (
    Answer,
    AnswerError,
    Assessment,
    Dimension,
    Kind,
    Rubric,
    Stage,
    Verdict,
    check_answers,
    default_rubric,
    evaluate,
)
from scoring.batch import ReviewColumns, judge_histories, points_matrix, rescore
from scoring.headline import headline_of
from scoring.models import BlockerRule
from scoring.reviews import NO_FACTS, Review, review_facts
from scoring.rules import NOT_ASKED, Rule, Status
from scoring.status import client_status, split_history
from scoring.verdict import NONE_ASKED, evaluate_stored, judge_stored
from services.summaries import summaries_of
from storage.records import AssessmentColumns
from tests import factories
from tests.strategies import rubrics

RUBRIC = default_rubric()
KEYS = RUBRIC.keys
START = dt.date(2026, 1, 1)
TODAY = dt.date(2026, 11, 24)


def _dimension(key: str, weight: float = 1.0, *, knockout: bool = False) -> Dimension:
    return Dimension.model_validate(
        {
            "key": key,
            "label": key.title(),
            "prospect": "?",
            "client": "?",
            "weight": weight,
            "knockout": knockout,
        }
    )


def _rubric(*dims: Dimension, retired: tuple[Dimension, ...] = ()) -> Rubric:
    return Rubric.model_validate(
        {"key": "small", "version": 1, "name": "Small", "dimensions": dims, "retired": retired}
    )


def _answers(rubric: Rubric, points: list[int], **extra: Answer) -> dict[str, Answer]:
    """The answers of `points` in rubric order, a dimension at `NOT_ASKED` left out, plus `extra`."""
    given_ = {k: Answer.from_points(p) for k, p in zip(rubric.keys, points, strict=True) if p != NOT_ASKED}
    return given_ | extra


def _agree(rubric: Rubric, sets: list[dict[str, Answer]]) -> list[tuple[str, Verdict]]:
    """Each set's (score as hex, verdict), checked to be the same one at a time and in a batch."""
    alone = [evaluate_stored(rubric, answers) for answers in sets]
    judged = [judge_stored(rubric, answers) for answers in sets]
    batch = rescore(points_matrix(rubric, sets, stored=True), rubric)
    expected = [(r.score.hex(), r.verdict) for r in alone]
    assert [(s.hex(), v) for s, v in judged] == expected
    assert list(zip([s.hex() for s in batch.scores.tolist()], batch.verdicts(), strict=True)) == expected
    return expected


# --- one assessment ---------------------------------------------------------------------------


def test_a_dimension_not_asked_leaves_the_mean_of_the_others() -> None:
    rubric = _rubric(_dimension("a"), _dimension("b"), _dimension("c", 2.0))
    answers = {"a": Answer.HELL_YES, "b": Answer.UNSURE}  # c, the heavy one, came later

    result = evaluate_stored(rubric, answers)

    assert result.score == 75.0  # (4 + 2) / 2 of 4: c's weight does not count
    assert _agree(rubric, [answers]) == [((75.0).hex(), Verdict.HELL_NO)]
    assert result.blockers[-1].rule is BlockerRule.THRESHOLD
    assert all(change.dimension != "c" for change in result.to_hell_yes)
    # Asked all three, the heavy one weighs twice.
    assert evaluate_stored(rubric, answers | {"c": Answer.HELL_NO}).score == 37.5


def test_a_knockout_not_asked_cannot_knock_out() -> None:
    rubric = _rubric(_dimension("a"), _dimension("b"), _dimension("gate", knockout=True))
    before = {"a": Answer.HELL_YES, "b": Answer.HELL_YES}

    assert evaluate_stored(rubric, before).verdict is Verdict.HELL_YES
    knocked = evaluate_stored(rubric, before | {"gate": Answer.NO})
    assert knocked.verdict is Verdict.HELL_NO
    assert knocked.blockers[0].rule is BlockerRule.KNOCKOUT
    _agree(rubric, [before, before | {"gate": Answer.NO}])


def test_the_floor_looks_only_at_what_was_asked() -> None:
    rubric = _rubric(_dimension("a"), _dimension("b"), _dimension("c"), _dimension("d"), _dimension("e"))
    assert _agree(rubric, [dict.fromkeys(("a", "b", "c", "d"), Answer.HELL_YES)])[0][1] is Verdict.HELL_YES
    assert _agree(rubric, [{"a": Answer.HELL_NO, "b": Answer.HELL_YES}])[0][1] is Verdict.HELL_NO


def test_an_answer_to_a_retired_dimension_is_ignored() -> None:
    rubric = _rubric(_dimension("a"), _dimension("b"), retired=(_dimension("old"),))
    answers = {"a": Answer.YES, "b": Answer.HELL_YES}

    with_old = evaluate_stored(rubric, answers | {"old": Answer.HELL_NO})

    assert with_old == evaluate_stored(rubric, answers) == evaluate(rubric, answers)
    assert with_old.verdict is Verdict.HELL_YES  # the old hell no is no floor any more
    _agree(rubric, [answers | {"old": Answer.HELL_NO}, answers])
    # New answers may not answer it.
    with pytest.raises(AnswerError) as caught:
        evaluate(rubric, answers | {"old": Answer.HELL_NO})
    assert caught.value.field == "old"


@pytest.mark.parametrize("answers", [{}, {"old": Answer.HELL_YES}], ids=["nothing", "only retired"])
def test_an_assessment_that_answered_none_of_the_questions_is_a_hell_no_of_zero(
    answers: dict[str, Answer],
) -> None:
    rubric = _rubric(_dimension("a"), _dimension("b"), retired=(_dimension("old"),))

    result = evaluate_stored(rubric, answers, Verdict.HELL_YES)

    assert (result.score, result.verdict, result.gut) == (0.0, Verdict.HELL_NO, Verdict.HELL_YES)
    [blocker] = result.blockers
    assert blocker.message is NONE_ASKED and "None of this rubric's questions" in str(blocker.message)
    assert result.weakest == () and result.to_hell_yes == ()
    assert _agree(rubric, [answers]) == [((0.0).hex(), Verdict.HELL_NO)]


def test_every_dimension_answered_is_the_strict_verdict_itself() -> None:
    answers = dict.fromkeys(KEYS, Answer.YES)
    assert evaluate_stored(RUBRIC, answers, Verdict.HELL_NO) is evaluate(RUBRIC, answers, Verdict.HELL_NO)


def test_new_answers_stay_strict() -> None:
    partial = dict.fromkeys(KEYS[1:], Answer.YES)
    for check in (check_answers, evaluate):
        with pytest.raises(AnswerError) as caught:
            check(RUBRIC, partial)
        assert caught.value.field == KEYS[0]
    with pytest.raises(AnswerError):
        points_matrix(RUBRIC, [partial])
    assert points_matrix(RUBRIC, [partial], stored=True).tolist() == [[NOT_ASKED] + [3] * (len(KEYS) - 1)]


def test_a_stored_word_that_is_no_answer_is_still_refused() -> None:
    with pytest.raises(AnswerError) as caught:
        points_matrix(RUBRIC, [{KEYS[0]: "maybe"}], stored=True)
    assert caught.value.field == KEYS[0]


def test_the_rubric_asked_is_kept_and_ignores_keys_it_does_not_ask() -> None:
    asked = RUBRIC.asked([KEYS[2], "gone", KEYS[0]])
    assert asked is not None and asked.keys == (KEYS[0], KEYS[2])
    assert RUBRIC.asked([KEYS[0], KEYS[2]]) is asked
    assert (asked.key, asked.version, asked.verdict) == (RUBRIC.key, RUBRIC.version, RUBRIC.verdict)
    assert RUBRIC.asked(KEYS) is RUBRIC
    assert RUBRIC.asked(["gone"]) is None and RUBRIC.asked([]) is None
    assert RUBRIC.keys == KEYS and hash(asked) != hash(RUBRIC)


@settings(max_examples=300, deadline=None)
@given(
    rubric=rubrics(),
    rows=st.lists(st.lists(st.integers(NOT_ASKED, 4), min_size=10, max_size=10), max_size=30),
    retired=st.booleans(),
)
def test_a_batch_with_holes_agrees_with_one_at_a_time(
    rubric: Rubric, rows: list[list[int]], retired: bool
) -> None:
    extra = {"retired_one": Answer.HELL_NO} if retired else {}
    _agree(rubric, [_answers(rubric, row, **extra) for row in rows])


# --- histories ------------------------------------------------------------------------------


def _reference(rubric: Rubric, rows: list[Row], today: dt.date) -> list[tuple[object, ...] | None]:
    """(score, verdict, status, reason) per row, or None for a rejected check-in, one at a time
    (the definition `test_batch_histories` holds the batch to, with stored assessments)."""
    accounts: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        accounts.setdefault(row.account, []).append(index)
    out: list[tuple[object, ...] | None] = [None] * len(rows)
    for indexes in accounts.values():
        ordered = sorted(indexes, key=lambda i: (rows[i].taken_on, rows[i].kind is Kind.CHECKIN, i))
        history: list[Assessment] = []
        for position, index in enumerate(ordered):
            row = rows[index]
            result = evaluate_stored(rubric, row.answers, row.gut)
            assessment = factories.assessment(
                row.taken_on, kind=row.kind, gut=row.gut, answers=row.answers, rubric=rubric
            )
            if row.kind is Kind.SCREEN:
                history.append(assessment)
                blocking = [b.dimension for b in result.blockers if b.dimension]
                culprits = blocking or list(result.weakest)
                reason = rubric.dimension(culprits[0]).reason if culprits else None
                out[index] = (
                    result.score,
                    result.verdict,
                    None,
                    None if result.verdict is Verdict.HELL_YES else reason,
                )
                continue
            baseline, checkins = split_history([*history, assessment])
            if baseline is None:
                continue
            history.append(assessment)
            as_of = today if position == len(ordered) - 1 else row.taken_on
            status = client_status(rubric, baseline, checkins, as_of)
            out[index] = (result.score, result.verdict, status.status, status.reason)
    return out


def _batch(rubric: Rubric, rows: list[Row], today: dt.date) -> list[tuple[object, ...] | None]:
    return [entry[1:] if entry[0] else None for entry in judge_rows(rows, rubric, today).rows()]


#: A cell of a random history: mostly answered, sometimes not asked.
CELLS = st.sampled_from([NOT_ASKED, 0, 1, 2, 3, 4, 4, 3, NOT_ASKED])
Plan = list[tuple[int, int, bool, list[int]]]
PLANS = st.lists(
    st.tuples(
        st.integers(0, 2),  # account
        st.integers(0, 70),  # day
        st.booleans(),  # check-in?
        st.lists(CELLS, min_size=10, max_size=10),  # points
    ),
    min_size=1,
    max_size=25,
)


def _rows(rubric: Rubric, plan: Plan) -> list[Row]:
    return [
        Row(
            account=f"A{account}",
            taken_on=START + dt.timedelta(days=day),
            kind=Kind.CHECKIN if checkin else Kind.SCREEN,
            gut=None if checkin else Verdict.HELL_YES,
            answers=_answers(rubric, points),
        )
        for account, day, checkin, points in plan
    ]


@settings(max_examples=200, deadline=None)
@given(plan=PLANS, later=st.integers(0, 120), rubric=rubrics())
def test_histories_with_holes_agree_with_judging_each_check_in_alone(
    plan: Plan, later: int, rubric: Rubric
) -> None:
    rows = _rows(rubric, plan)
    today = START + dt.timedelta(days=70 + later)
    assert _batch(rubric, rows, today) == _reference(rubric, rows, today)


def _table(rubric: Rubric, plan: Plan) -> tuple[AssessmentColumns, dict[int, list[Assessment]]]:
    """The plan's rows as `Repository.assessment_columns` reads them, and each account's history."""
    rows = sorted(
        (account, START + dt.timedelta(days=day), row_id, checkin, points)
        for row_id, (account, day, checkin, points) in enumerate(plan)
    )
    histories: dict[int, list[Assessment]] = {}
    stored: list[str] = []
    for account, day, _, checkin, points in rows:
        # Each also answers a dimension the rubric no longer asks.
        answers = _answers(rubric, points, retired_one=Answer.HELL_NO)
        histories.setdefault(account, []).append(
            factories.assessment(
                day, kind=Kind.CHECKIN if checkin else Kind.SCREEN, answers=answers, rubric=rubric
            )
        )
        stored.append(json.dumps({k: a.value for k, a in answers.items()}))
    table = AssessmentColumns(
        account_id=tuple(row[0] for row in rows),
        id=tuple(row[2] for row in rows),
        kind=tuple((Kind.CHECKIN if row[3] else Kind.SCREEN).value for row in rows),
        taken_on=tuple(row[1] for row in rows),
        gut=tuple(None if row[3] else Verdict.HELL_YES.value for row in rows),
        answers=tuple(stored),
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
@given(plan=PLANS, later=st.sampled_from([-30, 0, 10, 46, 120]), rubric=rubrics())
def test_a_listed_standing_with_holes_agrees_with_judging_alone(
    plan: Plan, later: int, rubric: Rubric
) -> None:
    table, histories = _table(rubric, plan)
    today = START + dt.timedelta(days=70 + later)
    read = summaries_of(rubric, table)
    assert read.keys() == histories.keys()
    for account, history in histories.items():
        listed = read[account].headline(rubric, Stage.CLIENT, today)
        alone = headline_of(rubric, Stage.CLIENT, history, today)
        assert listed.standing == (alone.status.standing() if alone.status is not None else None)
        assert listed == alone


@settings(max_examples=200, deadline=None)
@given(
    baseline=st.lists(CELLS, min_size=10, max_size=10),
    latest=st.lists(CELLS, min_size=10, max_size=10),
    said=st.lists(st.integers(-1, 4), min_size=10, max_size=10),
    rubric=rubrics(),
)
def test_a_review_contradicts_only_what_the_latest_check_in_was_asked(
    baseline: list[int], latest: list[int], said: list[int], rubric: Rubric
) -> None:
    day = START + dt.timedelta(days=30)
    review = Review(on=day, rating=None, says=_answers(rubric, said))
    first = factories.assessment(START, answers=_answers(rubric, baseline), rubric=rubric)
    visit = factories.assessment(day, kind=Kind.CHECKIN, answers=_answers(rubric, latest), rubric=rubric)
    # As of the check-in's day: the batch below judges before staleness.
    alone = client_status(rubric, first, [visit], day, reviews=[review])
    found = judge_histories(
        rubric,
        points_matrix(rubric, [first.answers, visit.answers], stored=True),
        np.zeros(2, dtype=np.int64),
        np.array([first.taken_on.toordinal(), visit.taken_on.toordinal()], dtype=np.int64),
        np.array([False, True]),
        None,
        ReviewColumns.of(rubric, [NO_FACTS, review_facts([review])]),
    )
    assert (found.status[1], found.reason[1]) == (alone.status, alone.reason)
    apart = next((f for f in alone.findings if f.rule is Rule.REVIEW_CONTRADICTS), None)
    if apart is not None:
        assert all(key in visit.answers for key in apart.dimensions)


# --- a rubric that grew -------------------------------------------------------------------------


def _grown(rubric: Rubric, key: str = "punctuality", *, knockout: bool = False) -> Rubric:
    """`rubric`, one version on, with a dimension added at the end."""
    data = rubric.model_dump(mode="json")
    data["version"] += 1
    data["dimensions"].append(_dimension(key, knockout=knockout).model_dump(mode="json"))
    return Rubric.model_validate(data)


def test_a_client_screened_before_a_dimension_was_added_is_judged_on_what_both_were_asked() -> None:
    grown = _grown(RUBRIC, knockout=True)
    baseline = factories.assessment(START, answer=Answer.HELL_YES)  # the old rubric's questions
    # The check-in answers the new question badly and keeps the others: nothing dropped.
    visit = factories.assessment(
        START + dt.timedelta(days=30),
        kind=Kind.CHECKIN,
        answers=dict.fromkeys(grown.keys, Answer.HELL_YES) | {"punctuality": Answer.HELL_NO},
        rubric=grown,
    )

    status = client_status(grown, baseline, [visit], START + dt.timedelta(days=31))

    assert status.baseline_score == 100.0  # over the ten it was asked
    assert status.status is Status.FIRE_NOW and status.responsible == ("punctuality",)
    steps = next((f for f in status.findings if f.rule is Rule.BELOW_BASELINE), None)
    assert steps is None  # the new question has no baseline answer to fall from
    rows = [
        Row(account="A", taken_on=START, kind=Kind.SCREEN, gut=Verdict.HELL_YES, answers=baseline.answers),
        Row(account="A", taken_on=visit.taken_on, kind=Kind.CHECKIN, answers=visit.answers),
    ]
    assert _batch(grown, rows, START + dt.timedelta(days=31)) == _reference(
        grown, rows, START + dt.timedelta(days=31)
    )


def test_a_client_is_not_blamed_on_a_question_its_latest_check_in_was_not_asked() -> None:
    grown = _grown(RUBRIC)
    # The new question answered worst at the screen; then a check-in on the old questions
    # (an older rubric version), unsure throughout: nothing dropped, so the low answers are blamed.
    screen = dict.fromkeys(grown.keys, Answer.UNSURE) | {"punctuality": Answer.NO}
    baseline = factories.assessment(START, answers=screen, rubric=grown)
    visit = factories.assessment(START + dt.timedelta(days=30), kind=Kind.CHECKIN, answer=Answer.UNSURE)
    today = START + dt.timedelta(days=31)

    status = client_status(grown, baseline, [visit], today)

    assert status.status is Status.WATCH and status.deciding.rule is Rule.HELL_NO
    assert len(status.responsible) == 3 and "punctuality" not in status.responsible
    rows = [
        Row(account="A", taken_on=START, kind=Kind.SCREEN, gut=Verdict.HELL_YES, answers=screen),
        Row(account="A", taken_on=visit.taken_on, kind=Kind.CHECKIN, answers=visit.answers),
    ]
    assert _batch(grown, rows, today) == _reference(grown, rows, today)


def test_an_old_row_exports_an_empty_cell_at_the_end_and_reads_back_as_not_asked() -> None:
    grown = _grown(RUBRIC)
    old = Row(
        account="A",
        taken_on=START,
        kind=Kind.SCREEN,
        gut=Verdict.HELL_YES,
        answers=dict.fromkeys(KEYS, Answer.YES),
    )

    text = write_rows([(old, evaluate_stored(grown, old.answers, old.gut))], grown)

    header, line = text.splitlines()
    cells = dict(zip(header.split(","), line.split(","), strict=True))
    assert cells["punctuality"] == "" and cells[KEYS[0]] == "yes"
    assert cells["score"] == "75" and cells["verdict"] == "hell_no"
    rows, errors = read_rows(text, grown)
    # The added dimension's column comes last, after the computed ones: no column moved.
    assert header.split(",")[-1] == "punctuality"
    assert errors == [] and rows == [old]
    # A dimension of the built-in rubric stays required: blank is no answer.
    names = header.split(",")
    emptied = [("" if name == KEYS[0] else cell) for name, cell in zip(names, line.split(","), strict=True)]
    blank = "\r\n".join((header, ",".join(emptied))) + "\r\n"
    rows, errors = read_rows(blank, grown)
    assert rows == [] and [(e.line, e.column) for e in errors] == [(2, KEYS[0])]
