"""What the outcomes teach (`scoring.learning`), on small cases worked out by hand."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from i18n import use_language
from scoring import Answer, Outcome, Rubric, Verdict
from scoring.learning import (
    MIN_BAD,
    MIN_GOOD,
    MIN_TOTAL,
    Case,
    Evidence,
    Reading,
    Strength,
    SuggestionKind,
    auc,
    learn,
    needed_sentence,
    worth,
)
from scoring.rules import Status

A = Answer


def _case(
    rubric: Rubric,
    good: bool,
    *,
    gut: Verdict | None = None,
    verdict: Verdict | None = None,
    ended: bool = True,
    base: Answer = A.YES,
    **answers: Answer,
) -> Case:
    chosen: Mapping[str, Answer] = {key: answers.get(key, base) for key in rubric.keys}
    return Case(answers=chosen, gut=gut, verdict=verdict, good=good, ended=ended)


def _counts(*points: int) -> list[int]:
    counts = [0] * 5
    for p in points:
        counts[p] += 1
    return counts


# -- the figures ---------------------------------------------------------------------------------


def test_auc_counts_a_tie_as_half_a_win() -> None:
    # good 4, 3, 2 against bad 2, 1: of the 6 pairs good wins 5 and ties 1 (2 against 2).
    assert auc(_counts(4, 3, 2), _counts(2, 1)) == pytest.approx(5.5 / 6)


def test_auc_is_a_coin_toss_when_every_answer_ties_and_unknown_without_both_sides() -> None:
    assert auc(_counts(3, 3), _counts(3, 3, 3)) == 0.5
    assert auc(_counts(4, 3), _counts()) is None
    assert auc(_counts(1, 0), _counts(4, 4)) == 0.0  # backwards: every bad one answered higher


def test_each_dimension_gets_its_means_difference_auc_and_cut(rubric: Rubric) -> None:
    cases = [
        _case(rubric, True, champion=A.HELL_YES),
        _case(rubric, True, champion=A.YES),
        _case(rubric, True, champion=A.UNSURE),
        _case(rubric, False, champion=A.UNSURE),
        _case(rubric, False, champion=A.NO),
    ]
    champion = learn(rubric, cases).dimensions[rubric.keys.index("champion")]
    assert (champion.n_good, champion.n_bad) == (3, 2)
    assert champion.mean_good == pytest.approx(3.0)  # (4 + 3 + 2) / 3
    assert champion.mean_bad == pytest.approx(1.5)  # (2 + 1) / 2
    assert champion.difference == pytest.approx(1.5)
    assert champion.auc == pytest.approx(5.5 / 6)
    # At Unsure or lower: every bad one (2 of 2) and 1 of 3 good; at No or lower 1 of 2 bad and no
    # good one. Unsure flags the larger share of bad over good (1 - 1/3 against 1/2 - 0).
    assert champion.cut is A.UNSURE
    assert (champion.bad_at_or_below_cut, champion.good_at_or_below_cut) == (2, 1)
    assert champion.reading is Reading.TOO_FEW  # 5 outcomes: below the minimum


def test_a_dimension_the_screen_did_not_ask_counts_only_the_screens_that_did(rubric: Rubric) -> None:
    older = Case(
        answers={k: A.YES for k in rubric.keys if k != "work_joy"}, gut=None, verdict=None, good=False
    )
    found = learn(rubric, [older, _case(rubric, True), _case(rubric, False)])
    work_joy = found.dimensions[rubric.keys.index("work_joy")]
    champion = found.dimensions[rubric.keys.index("champion")]
    assert (work_joy.n_good, work_joy.n_bad) == (1, 1)
    assert (champion.n_good, champion.n_bad) == (1, 2)
    assert found.evidence == Evidence(1, 2)


# -- what counts as good and bad ----------------------------------------------------------------


def test_outcomes_and_troubled_clients_decide_worth() -> None:
    assert worth(Outcome.COMPLETED, True, None) is True
    assert worth(Outcome.LET_GO, True, None) is False
    assert worth(Outcome.WENT_BUST, True, None) is False
    assert worth(Outcome.THEY_LEFT, True, None) is None
    assert worth(None, False, Status.LET_GO) is False
    assert worth(None, False, Status.FIRE_NOW) is False
    assert worth(None, False, Status.WATCH) is None
    assert worth(None, False, None) is None


# -- enough evidence ------------------------------------------------------------------------------


def test_the_minimum_is_three_good_three_bad_and_eight_in_all() -> None:
    assert (MIN_GOOD, MIN_BAD, MIN_TOTAL) == (3, 3, 8)
    assert Evidence(3, 5).enough
    assert not Evidence(3, 4).enough
    assert not Evidence(2, 9).enough


def test_what_is_missing_is_counted_good_bad_and_either() -> None:
    two_good = Evidence(2, 3)
    assert (two_good.more_good, two_good.more_bad, two_good.more_either) == (1, 0, 2)
    none_yet = Evidence(0, 0)
    assert (none_yet.more_good, none_yet.more_bad, none_yet.more_either) == (3, 3, 2)
    many_good = Evidence(9, 1)
    assert (many_good.more_good, many_good.more_bad, many_good.more_either) == (0, 2, 0)
    with use_language("en"):
        assert str(needed_sentence(two_good)) == (
            "Before it suggests a change, this needs 1 more good outcome and 2 more of either kind."
        )
        assert (
            str(needed_sentence(many_good)) == "Before it suggests a change, this needs 2 more bad outcomes."
        )
    assert needed_sentence(Evidence(4, 4)) is None


def _split(rubric: Rubric, good: int, bad: int) -> list[Case]:
    """Good outcomes that answered champion Hell yes, bad ones that answered No."""
    return [_case(rubric, True, champion=A.HELL_YES) for _ in range(good)] + [
        _case(rubric, False, champion=A.NO) for _ in range(bad)
    ]


def test_no_suggestion_below_the_minimum_however_clear_the_split(rubric: Rubric) -> None:
    found = learn(rubric, _split(rubric, 2, 6))
    assert found.suggestions == ()
    assert found.dimensions[rubric.keys.index("champion")].reading is Reading.TOO_FEW
    assert found.needed is not None


def test_above_the_minimum_a_clear_split_suggests_a_heavier_weight_and_a_knockout(rubric: Rubric) -> None:
    found = learn(rubric, _split(rubric, 4, 4))
    champion = found.dimensions[rubric.keys.index("champion")]
    assert champion.auc == 1.0
    assert champion.reading is Reading.SEPARATES
    assert champion.strength is not None and champion.strength >= Strength.SOME
    kinds = {(s.dimension, s.kind) for s in found.suggestions}
    assert kinds == {("champion", SuggestionKind.RAISE_WEIGHT), ("champion", SuggestionKind.MAKE_KNOCKOUT)}
    raised = next(s for s in found.suggestions if s.kind is SuggestionKind.RAISE_WEIGHT)
    with use_language("en"):
        assert str(raised.sentence) == (
            "A screen that answered Champion buy-in No or lower came before 4 of 4 bad outcomes "
            "and 0 of 4 good ones. Raise its weight from 1 to 2."
        )


def _differences(before: Rubric, after: Rubric) -> dict[str, object]:
    """Every field of every dimension (and of the rubric) that differs, as "key.field": new value."""
    old, new = before.model_dump(), after.model_dump()
    changed: dict[str, object] = {
        name: new[name] for name in old if name != "dimensions" and old[name] != new[name]
    }
    for was, now in zip(old["dimensions"], new["dimensions"], strict=True):
        changed |= {f"{now['key']}.{field}": now[field] for field in was if was[field] != now[field]}
    return changed


def test_each_suggested_rubric_differs_only_where_its_sentence_says(rubric: Rubric) -> None:
    found = learn(rubric, _split(rubric, 4, 4))
    by_kind = {s.kind: s.rubric for s in found.suggestions}
    assert _differences(rubric, by_kind[SuggestionKind.RAISE_WEIGHT]) == {"champion.weight": 2.0}
    assert _differences(rubric, by_kind[SuggestionKind.MAKE_KNOCKOUT]) == {"champion.knockout": True}
    assert all(s.rubric.version == rubric.version for s in found.suggestions)  # the editor numbers it


def test_no_knockout_when_good_outcomes_answered_that_low_too(rubric: Rubric) -> None:
    # Bad ones answered No, and so did 2 of 6 good ones: the split holds, a knockout would cost them.
    cases = (
        [_case(rubric, True, champion=A.HELL_YES) for _ in range(4)]
        + [_case(rubric, True, champion=A.NO) for _ in range(2)]
        + [_case(rubric, False, champion=A.NO) for _ in range(6)]
    )
    kinds = {s.kind for s in learn(rubric, cases).suggestions}
    assert kinds == {SuggestionKind.RAISE_WEIGHT}


def _coin_toss(rubric: Rubric, each: int) -> list[Case]:
    """`each` good and `each` bad outcomes, half of either answering work joy Yes and half No."""
    half = each // 2
    return [
        _case(rubric, good, work_joy=answer)
        for good in (True, False)
        for answer in (A.YES, A.NO)
        for _ in range(half)
    ]


def test_a_heavy_dimension_that_tells_nothing_is_suggested_a_lighter_weight(rubric: Rubric) -> None:
    found = learn(rubric, _coin_toss(rubric, 20))
    work_joy = found.dimensions[rubric.keys.index("work_joy")]
    assert work_joy.auc == 0.5
    assert work_joy.reading is Reading.NOTHING
    [suggestion] = found.suggestions  # every other dimension was answered the same by all: no sign
    assert (suggestion.dimension, suggestion.kind) == ("work_joy", SuggestionKind.LOWER_WEIGHT)
    assert _differences(rubric, suggestion.rubric) == {"work_joy.weight": 0.5}
    with use_language("en"):
        assert str(suggestion.sentence) == (
            "How you answered Work you want at the screen told good outcomes from bad no better than "
            "a coin toss (50%, from 20 good and 20 bad). Lower its weight from 1 to 0.5."
        )


def test_a_light_dimension_that_tells_nothing_is_left_alone(rubric: Rubric) -> None:
    light = rubric.model_copy(
        update={
            "dimensions": tuple(
                d.model_copy(update={"weight": 0.5}) if d.key == "work_joy" else d for d in rubric.dimensions
            )
        }
    )
    found = learn(light, _coin_toss(light, 20))
    assert found.dimensions[light.keys.index("work_joy")].reading is Reading.NOTHING
    assert found.suggestions == ()


def test_a_few_coin_tosses_are_no_evidence_of_telling_nothing(rubric: Rubric) -> None:
    found = learn(rubric, _coin_toss(rubric, 4))
    assert found.dimensions[rubric.keys.index("work_joy")].reading is Reading.UNCLEAR
    assert found.suggestions == ()


# -- the gut's record -----------------------------------------------------------------------------


def test_the_record_counts_gut_and_rubric_right_over_every_case(rubric: Rubric) -> None:
    cases = [
        _case(rubric, True, gut=Verdict.HELL_YES, verdict=Verdict.HELL_NO),
        _case(rubric, False, gut=Verdict.HELL_NO, verdict=Verdict.HELL_NO, ended=False),
        _case(rubric, False, gut=None, verdict=Verdict.HELL_YES),
        _case(rubric, False, gut=Verdict.HELL_YES, verdict=None),
    ]
    found = learn(rubric, cases)
    assert (found.record.with_gut, found.record.gut_right) == (3, 2)
    assert (found.record.judged, found.record.rubric_right) == (3, 1)
    assert found.troubled == 1
