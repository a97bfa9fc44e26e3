"""Client status over time (PRODUCT.md, "Over time (signed clients)"), at its boundaries.

The default rubric has ten dimensions of equal weight, each answered 0-4 points, so
one answer step on one dimension moves the score by exactly 2.5 points. Every
scenario below is built from whole steps so the scores are exact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import Answer, Assessment, Kind, Rubric, Verdict, default_rubric, parse_rubric
from scoring.rubric import DEFAULT_RUBRIC_PATH
from scoring.status import ClientStatus, Finding, Rule, Status, client_status, split_history
from tests import factories

MakeAnswers = Callable[..., dict[str, Answer]]
DEFAULT_KEYS = default_rubric().keys
TODAY = dt.date(2024, 6, 1)
HY, Y, U, N, HN = Answer.HELL_YES, Answer.YES, Answer.UNSURE, Answer.NO, Answer.HELL_NO
SEVERITY = {Status.FIRE_NOW: 0, Status.LET_GO: 1, Status.WATCH: 2, Status.HELL_YES: 3}


def all_(answer: Answer, **overrides: Answer) -> dict[str, Answer]:
    return {key: overrides.get(key, answer) for key in DEFAULT_KEYS}


def steps_down(n: int, base: Answer = HY) -> dict[str, Answer]:
    """`base` everywhere, with the first `n` dimensions one step lower (n * 2.5 points less)."""
    lower = Answer.from_points(base.points - 1)
    return {key: lower if i < n else base for i, key in enumerate(DEFAULT_KEYS)}


def screen(days_ago: int, answers: dict[str, Answer], gut: Verdict = Verdict.HELL_YES) -> Assessment:
    return factories.assessment(TODAY - dt.timedelta(days=days_ago), gut=gut, answers=answers)


def checkin(days_ago: int, answers: dict[str, Answer]) -> Assessment:
    return factories.assessment(TODAY - dt.timedelta(days=days_ago), kind=Kind.CHECKIN, answers=answers)


def rules_of(result: ClientStatus) -> set[Rule]:
    return {f.rule for f in result.findings}


def finding(result: ClientStatus, rule: Rule) -> Finding:
    matches = [f for f in result.findings if f.rule is rule]
    assert len(matches) == 1, f"expected one {rule} finding in {result.findings}"
    return matches[0]


PERFECT_BASELINE = screen(120, all_(HY))  # score 100


def test_each_answer_step_on_one_dimension_is_worth_2_5_points(rubric: Rubric) -> None:
    # The premise of every exact score below.
    for n in range(11):
        result = client_status(rubric, PERFECT_BASELINE, [checkin(5, steps_down(n))], TODAY)
        assert result.latest_score == 100 - 2.5 * n


# --- score drop since the previous check-in ------------------------------------------------


def test_score_exactly_15_points_down_since_previous_checkin_is_watch(rubric: Rubric) -> None:
    result = client_status(
        rubric, PERFECT_BASELINE, [checkin(40, all_(HY)), checkin(5, steps_down(6))], TODAY
    )
    assert result.latest_score == 85
    assert result.status is Status.WATCH
    assert rules_of(result) == {Rule.SCORE_DROP, Rule.HELL_YES}
    assert finding(result, Rule.SCORE_DROP).status is Status.WATCH


def test_score_12_5_points_down_since_previous_checkin_is_not_watch(rubric: Rubric) -> None:
    result = client_status(
        rubric, PERFECT_BASELINE, [checkin(40, all_(HY)), checkin(5, steps_down(5))], TODAY
    )
    assert result.latest_score == 87.5
    assert Rule.SCORE_DROP not in rules_of(result)
    assert result.status is Status.HELL_YES


def test_score_drop_is_measured_from_the_previous_checkin_not_the_baseline(rubric: Rubric) -> None:
    # 15 below the baseline but level with the previous check-in: no drop.
    checkins = [checkin(40, steps_down(6)), checkin(5, steps_down(6))]
    result = client_status(rubric, PERFECT_BASELINE, checkins, TODAY)
    assert Rule.SCORE_DROP not in rules_of(result)
    assert result.status is Status.HELL_YES


def test_with_one_checkin_the_score_drop_is_measured_from_the_baseline(rubric: Rubric) -> None:
    result = client_status(rubric, PERFECT_BASELINE, [checkin(5, steps_down(6))], TODAY)
    assert result.status is Status.WATCH
    drop = finding(result, Rule.SCORE_DROP)
    assert PERFECT_BASELINE.taken_on.isoformat() in drop.message
    assert "from 100" in drop.message


# --- a dimension below its baseline ---------------------------------------------------------


def test_a_dimension_exactly_two_steps_below_its_baseline_is_watch(rubric: Rubric) -> None:
    result = client_status(rubric, PERFECT_BASELINE, [checkin(5, all_(HY, scope=U))], TODAY)
    assert result.latest_score == 95
    assert result.status is Status.WATCH
    assert rules_of(result) == {Rule.BELOW_BASELINE, Rule.HELL_YES}
    assert finding(result, Rule.BELOW_BASELINE).dimensions == ("scope",)


def test_two_steps_below_a_baseline_that_was_not_perfect_is_watch(rubric: Rubric) -> None:
    baseline = screen(120, all_(HY, style_fit=Y))
    result = client_status(rubric, baseline, [checkin(5, all_(HY, style_fit=N))], TODAY)
    assert finding(result, Rule.BELOW_BASELINE).dimensions == ("style_fit",)
    assert result.status is Status.WATCH


def test_a_dimension_one_step_below_its_baseline_is_not_watch(rubric: Rubric) -> None:
    result = client_status(rubric, PERFECT_BASELINE, [checkin(5, all_(HY, scope=Y))], TODAY)
    assert Rule.BELOW_BASELINE not in rules_of(result)
    assert result.status is Status.HELL_YES


# --- far below the baseline -------------------------------------------------------------------


def test_exactly_25_points_below_baseline_is_let_go(rubric: Rubric) -> None:
    result = client_status(rubric, PERFECT_BASELINE, [checkin(5, steps_down(10))], TODAY)
    assert result.latest_score == 75
    assert result.baseline_score == 100
    assert result.status is Status.LET_GO
    assert finding(result, Rule.FAR_BELOW_BASELINE).status is Status.LET_GO


def test_22_5_points_below_baseline_is_not_let_go(rubric: Rubric) -> None:
    result = client_status(rubric, PERFECT_BASELINE, [checkin(5, steps_down(9))], TODAY)
    assert result.latest_score == 77.5
    assert Rule.FAR_BELOW_BASELINE not in rules_of(result)
    assert result.status is not Status.LET_GO


# --- hell-no check-ins ------------------------------------------------------------------------

# Score 80, a hell yes: eight yes and two hell yes.
HELL_YES_80 = steps_down(8)
# Score 75, a hell no by the threshold alone: yes everywhere (one step below HELL_YES_80 on two
# dimensions, five points below it in all, so no other rule fires).
HELL_NO_75 = all_(Y)
LOW_BASELINE = screen(200, HELL_YES_80)


def test_two_hell_no_checkins_in_a_row_is_let_go(rubric: Rubric) -> None:
    result = client_status(rubric, LOW_BASELINE, [checkin(40, HELL_NO_75), checkin(5, HELL_NO_75)], TODAY)
    assert result.status is Status.LET_GO
    assert rules_of(result) == {Rule.HELL_NO_STREAK, Rule.HELL_NO}
    assert result.findings[0].rule is Rule.HELL_NO_STREAK


def test_hell_no_then_hell_yes_then_hell_no_is_not_a_streak_but_watch(rubric: Rubric) -> None:
    checkins = [checkin(70, HELL_NO_75), checkin(40, HELL_YES_80), checkin(5, HELL_NO_75)]
    result = client_status(rubric, LOW_BASELINE, checkins, TODAY)
    assert Rule.HELL_NO_STREAK not in rules_of(result)
    assert result.status is Status.WATCH
    assert result.findings[0].rule is Rule.HELL_NO


def test_a_single_hell_no_checkin_that_meets_no_let_go_rule_is_watch(rubric: Rubric) -> None:
    result = client_status(rubric, LOW_BASELINE, [checkin(5, HELL_NO_75)], TODAY)
    assert result.status is Status.WATCH
    assert rules_of(result) == {Rule.HELL_NO}
    assert result.deciding.status is Status.WATCH


# --- knockouts and severity -------------------------------------------------------------------


def test_a_knockout_in_an_otherwise_perfect_checkin_is_fire_now_for_abuse(rubric: Rubric) -> None:
    result = client_status(rubric, PERFECT_BASELINE, [checkin(5, all_(HY, respect=N))], TODAY)
    assert result.latest_score == 92.5
    assert result.status is Status.FIRE_NOW
    assert result.deciding.rule is Rule.KNOCKOUT
    assert result.deciding.dimensions == ("respect",)
    assert result.responsible == ("respect",)
    assert result.reason == "abusive"


def test_most_severe_wins_when_a_knockout_is_also_far_below_baseline(rubric: Rubric) -> None:
    # respect three steps down, seven more dimensions one step down: 25 points below baseline.
    answers = all_(HY, respect=N)
    for key in DEFAULT_KEYS[:7]:
        answers[key] = Y
    result = client_status(rubric, PERFECT_BASELINE, [checkin(5, answers)], TODAY)
    assert result.latest_score == 75
    assert result.status is Status.FIRE_NOW
    statuses = [f.status for f in result.findings]
    assert statuses[0] is Status.FIRE_NOW
    assert statuses == sorted(statuses, key=SEVERITY.__getitem__)
    assert {Rule.KNOCKOUT, Rule.FAR_BELOW_BASELINE} <= rules_of(result)
    assert finding(result, Rule.FAR_BELOW_BASELINE).status is Status.LET_GO
    assert result.reason == "abusive"


# --- stale -------------------------------------------------------------------------------------


def test_exactly_45_days_since_the_latest_checkin_is_not_stale(rubric: Rubric) -> None:
    result = client_status(rubric, PERFECT_BASELINE, [checkin(45, all_(HY))], TODAY)
    assert result.days_since == 45
    assert result.status is Status.HELL_YES


def test_46_days_since_the_latest_checkin_is_stale(rubric: Rubric) -> None:
    result = client_status(rubric, PERFECT_BASELINE, [checkin(46, all_(HY))], TODAY)
    assert result.days_since == 46
    assert result.status is Status.STALE
    assert result.deciding.rule is Rule.STALE
    assert "46 days" in result.deciding.message


def test_stale_replaces_hell_yes(rubric: Rubric) -> None:
    result = client_status(rubric, PERFECT_BASELINE, [checkin(60, all_(HY))], TODAY)
    assert result.status is Status.STALE
    assert [f.status for f in result.findings] == [Status.STALE, Status.HELL_YES]
    assert result.reason is None


def test_stale_replaces_watch_and_keeps_the_watch_reason(rubric: Rubric) -> None:
    result = client_status(rubric, PERFECT_BASELINE, [checkin(60, all_(HY, scope=N))], TODAY)
    assert result.status is Status.STALE
    assert [f.status for f in result.findings][:2] == [Status.STALE, Status.WATCH]
    assert result.reason == "scope_creep"


def test_stale_never_hides_let_go(rubric: Rubric) -> None:
    result = client_status(rubric, PERFECT_BASELINE, [checkin(60, steps_down(10))], TODAY)
    assert result.status is Status.LET_GO
    assert Rule.STALE not in rules_of(result)


def test_stale_never_hides_fire_now(rubric: Rubric) -> None:
    result = client_status(rubric, PERFECT_BASELINE, [checkin(60, all_(HY, respect=HN))], TODAY)
    assert result.status is Status.FIRE_NOW
    assert Rule.STALE not in rules_of(result)


# --- no check-ins yet: the baseline is judged ------------------------------------------------


def test_a_recent_hell_yes_baseline_without_checkins_is_hell_yes(rubric: Rubric) -> None:
    baseline = screen(10, all_(HY))
    result = client_status(rubric, baseline, [], TODAY)
    assert result.status is Status.HELL_YES
    assert result.latest_on == baseline.taken_on
    assert "baseline" in result.deciding.message


def test_an_old_hell_yes_baseline_without_checkins_is_stale(rubric: Rubric) -> None:
    result = client_status(rubric, screen(46, all_(HY)), [], TODAY)
    assert result.status is Status.STALE


# --- explanations and due dates -------------------------------------------------------------


def test_every_finding_names_the_checkin_that_caused_it(rubric: Rubric) -> None:
    latest = checkin(50, all_(Y, respect=N))
    checkins = [checkin(80, steps_down(10)), latest]
    result = client_status(rubric, PERFECT_BASELINE, checkins, TODAY)
    assert len(result.findings) >= 4
    for f in result.findings:
        assert f.on == latest.taken_on
        assert latest.taken_on.isoformat() in f.message


def test_stale_finding_names_the_latest_checkin_date(rubric: Rubric) -> None:
    latest = checkin(60, all_(HY))
    result = client_status(rubric, PERFECT_BASELINE, [latest], TODAY)
    for f in result.findings:
        assert f.on == latest.taken_on
        assert latest.taken_on.isoformat() in f.message


@pytest.mark.parametrize(
    ("days_ago", "due_in", "due"),
    [(10, 20, False), (29, 1, False), (30, 0, True), (31, -1, True), (60, -30, True)],
)
def test_next_checkin_is_due_30_days_after_the_latest(
    rubric: Rubric, days_ago: int, due_in: int, due: bool
) -> None:
    latest = checkin(days_ago, all_(HY))
    result = client_status(rubric, PERFECT_BASELINE, [checkin(days_ago + 30, all_(HY)), latest], TODAY)
    assert result.next_due == latest.taken_on + dt.timedelta(days=30)
    assert result.due_in_days == due_in
    assert result.checkin_due is due


# --- reasons ----------------------------------------------------------------------------------


def test_payment_sliding_from_hell_yes_to_hell_no_gives_reason_payment(rubric: Rubric) -> None:
    checkins = [
        checkin(90, all_(HY, payment=Y)),
        checkin(60, all_(HY, payment=U)),
        checkin(30, all_(HY, payment=HN)),
    ]
    result = client_status(rubric, PERFECT_BASELINE, checkins, TODAY)
    assert result.status is Status.WATCH
    assert result.responsible[0] == "payment"
    assert result.reason == "payment"


@pytest.mark.parametrize(
    ("dimension", "reason"),
    [
        ("scope", "scope_creep"),
        ("champion", "checked_out_champion"),
        ("business_health", "going_south"),
        ("payment", "payment"),
        ("style_fit", "style_mismatch"),
    ],
)
def test_the_dimension_that_drifted_most_decides_the_reason(
    rubric: Rubric, make_answers: MakeAnswers, dimension: str, reason: str
) -> None:
    # The responsible dimension drops three steps; another drops just one.
    other = "work_joy"
    answers = make_answers(HY, **{dimension: N, other: Y})
    result = client_status(rubric, PERFECT_BASELINE, [checkin(5, answers)], TODAY)
    assert result.status is Status.WATCH
    assert result.responsible[:2] == (dimension, other)
    assert result.reason == reason


def test_a_hell_yes_status_has_no_reason(rubric: Rubric) -> None:
    result = client_status(rubric, PERFECT_BASELINE, [checkin(5, all_(HY, scope=Y))], TODAY)
    assert result.status is Status.HELL_YES
    assert result.responsible == ()
    assert result.reason is None


def test_checkins_passed_out_of_order_are_sorted_by_date(rubric: Rubric) -> None:
    early_bad = checkin(40, HELL_NO_75)
    late_good = checkin(5, all_(HY))
    result = client_status(rubric, PERFECT_BASELINE, [late_good, early_bad], TODAY)
    assert result.latest_on == late_good.taken_on
    assert result.latest_score == 100
    assert result.status is Status.HELL_YES
    # And the other way round: the late hell no follows an early hell yes.
    result = client_status(rubric, PERFECT_BASELINE, [checkin(5, HELL_NO_75), checkin(40, all_(HY))], TODAY)
    assert result.latest_on == TODAY - dt.timedelta(days=5)
    assert result.status is Status.LET_GO


# --- thresholds come from the rubric file ---------------------------------------------------


def rubric_with(old: str, new: str) -> Rubric:
    text = Path(DEFAULT_RUBRIC_PATH).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    return parse_rubric(text.replace(old, new))


def test_stale_after_days_comes_from_the_rubric(rubric: Rubric) -> None:
    strict = rubric_with("stale_after_days = 45", "stale_after_days = 10")
    checkins = [checkin(11, all_(HY))]
    assert client_status(rubric, PERFECT_BASELINE, checkins, TODAY).status is Status.HELL_YES
    assert client_status(strict, PERFECT_BASELINE, checkins, TODAY).status is Status.STALE
    at_limit = [checkin(10, all_(HY))]
    assert client_status(strict, PERFECT_BASELINE, at_limit, TODAY).status is Status.HELL_YES


def test_watch_score_drop_comes_from_the_rubric(rubric: Rubric) -> None:
    touchy = rubric_with("watch_score_drop = 15", "watch_score_drop = 5")
    checkins = [checkin(5, steps_down(2))]  # 5 points down, one step per dimension
    assert client_status(rubric, PERFECT_BASELINE, checkins, TODAY).status is Status.HELL_YES
    result = client_status(touchy, PERFECT_BASELINE, checkins, TODAY)
    assert result.status is Status.WATCH
    assert Rule.SCORE_DROP in rules_of(result)
    one_step = [checkin(5, steps_down(1))]  # 2.5 points: below the new limit
    assert client_status(touchy, PERFECT_BASELINE, one_step, TODAY).status is Status.HELL_YES


def test_watch_steps_below_baseline_comes_from_the_rubric(rubric: Rubric) -> None:
    touchy = rubric_with("watch_steps_below_baseline = 2", "watch_steps_below_baseline = 1")
    checkins = [checkin(5, all_(HY, scope=Y))]
    assert client_status(rubric, PERFECT_BASELINE, checkins, TODAY).status is Status.HELL_YES
    assert client_status(touchy, PERFECT_BASELINE, checkins, TODAY).status is Status.WATCH


def test_let_go_hell_no_streak_comes_from_the_rubric(rubric: Rubric) -> None:
    patient = rubric_with("let_go_hell_no_streak = 2", "let_go_hell_no_streak = 3")
    two = [checkin(40, HELL_NO_75), checkin(5, HELL_NO_75)]
    assert client_status(rubric, LOW_BASELINE, two, TODAY).status is Status.LET_GO
    assert client_status(patient, LOW_BASELINE, two, TODAY).status is Status.WATCH
    three = [checkin(70, HELL_NO_75), *two]
    assert client_status(patient, LOW_BASELINE, three, TODAY).status is Status.LET_GO


def test_let_go_below_baseline_comes_from_the_rubric(rubric: Rubric) -> None:
    strict = rubric_with("let_go_below_baseline = 25", "let_go_below_baseline = 10")
    checkins = [checkin(40, steps_down(2)), checkin(5, steps_down(4))]  # 10 below baseline, 5 per step
    assert client_status(rubric, PERFECT_BASELINE, checkins, TODAY).status is Status.HELL_YES
    assert client_status(strict, PERFECT_BASELINE, checkins, TODAY).status is Status.LET_GO


def test_cadence_days_comes_from_the_rubric() -> None:
    weekly = rubric_with("cadence_days = 30", "cadence_days = 7")
    latest = checkin(5, all_(HY))
    result = client_status(weekly, PERFECT_BASELINE, [latest], TODAY)
    assert result.next_due == latest.taken_on + dt.timedelta(days=7)
    assert result.due_in_days == 2


# --- split_history ----------------------------------------------------------------------------


def test_the_baseline_is_the_last_screen_on_or_before_the_first_checkin() -> None:
    old_screen = screen(200, all_(Y))
    same_day_screen = screen(100, all_(HY))
    first = checkin(100, all_(HY))
    second = checkin(50, all_(HY))
    rescreen = screen(70, all_(U))
    baseline, checkins = split_history([second, rescreen, first, same_day_screen, old_screen])
    assert baseline is same_day_screen
    assert checkins == [first, second]


def test_a_rescreen_after_the_first_checkin_is_not_the_baseline() -> None:
    original = screen(200, all_(HY))
    rescreen = screen(70, all_(Y))
    baseline, checkins = split_history([rescreen, checkin(100, all_(HY)), original])
    assert baseline is original
    assert [c.kind for c in checkins] == [Kind.CHECKIN]


def test_without_checkins_the_baseline_is_the_latest_screen() -> None:
    first, latest = screen(200, all_(Y)), screen(20, all_(HY))
    assert split_history([latest, first]) == (latest, [])


def test_without_a_screen_there_is_no_baseline() -> None:
    c1, c2 = checkin(50, all_(HY)), checkin(10, all_(HY))
    assert split_history([c2, c1]) == (None, [c1, c2])
    assert split_history([]) == (None, [])


# --- properties ---------------------------------------------------------------------------------

RUBRIC = default_rubric()
LADDER = [HN, N, U, Y, HY]


@st.composite
def answer_sets(draw: st.DrawFn) -> dict[str, Answer]:
    choices = draw(st.sampled_from([LADDER, LADDER[1:], LADDER[3:]]))
    return {key: draw(st.sampled_from(choices)) for key in DEFAULT_KEYS}


@st.composite
def histories(draw: st.DrawFn) -> tuple[Assessment, list[Assessment], dt.date]:
    offsets = draw(st.lists(st.integers(1, 400), min_size=0, max_size=6, unique=True))
    baseline = screen(
        401 + draw(st.integers(0, 100)), draw(answer_sets()), draw(st.sampled_from(list(Verdict)))
    )
    checkins = [checkin(days, draw(answer_sets())) for days in offsets]
    today = TODAY + dt.timedelta(days=draw(st.integers(0, 120)))
    return baseline, checkins, today


@settings(deadline=None, max_examples=300)
@given(histories())
def test_any_history_has_one_of_five_statuses_that_its_first_finding_decides(
    history: tuple[Assessment, list[Assessment], dt.date],
) -> None:
    baseline, checkins, today = history
    result = client_status(RUBRIC, baseline, checkins, today)
    assert result.status in set(Status)
    assert result.findings
    assert result.findings[0].status is result.status
    latest = max(checkins, key=lambda a: a.taken_on) if checkins else baseline
    assert (result.status is Status.FIRE_NOW) == (latest.answers["respect"].points <= N.points)
