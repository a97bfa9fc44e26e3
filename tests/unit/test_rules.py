"""The rule declarations both ways of judging read (scoring.rules) hold together."""

from __future__ import annotations

from scoring import default_rubric
from scoring.models import BlockerRule
from scoring.rules import BLAME, DIMENSION_RULES, KNOCKED_BY, STALE, STATUS_RULES, Fact, Rule, Status, plan


def test_the_first_status_rule_that_applies_is_the_most_urgent_one():
    urgencies = [r.status.urgency for r in STATUS_RULES]

    assert urgencies == sorted(urgencies)


def test_every_status_rule_has_its_own_name_and_every_status_blames_something_or_nothing():
    names = [r.rule for r in STATUS_RULES] + [STALE.rule]

    assert sorted(names) == sorted(Rule)
    assert {r.status for r in STATUS_RULES} == set(BLAME)
    assert set(STALE.replaces) <= set(BLAME)


def test_a_hell_no_or_a_hell_yes_rule_always_applies_so_every_client_gets_a_status():
    facts = {r.fact for r in STATUS_RULES if not r.needs_checkin}

    assert {Fact.HELL_NO, Fact.HELL_YES} <= facts


def test_knockouts_are_named_by_a_declared_verdict_rule():
    assert KNOCKED_BY in [r.rule for r in DIMENSION_RULES]
    assert {r.rule for r in DIMENSION_RULES} | {BlockerRule.THRESHOLD} == set(BlockerRule)


def test_the_plan_reads_the_limits_from_the_rubric():
    rubric = default_rubric()
    prepared = plan(rubric)

    # Knockout dimensions block at "no" and below, every other at the floor ("hell no").
    knockout = [d.knockout for d in rubric.dimensions]
    assert prepared.lowest == tuple(2 if k else 1 for k in knockout)
    assert prepared.threshold == 80
    streak = next(
        bar for r, bar in zip(STATUS_RULES, prepared.bars, strict=True) if r.fact is Fact.HELL_NO_RUN
    )
    assert 1 < streak <= rubric.status.let_go_hell_no_streak
    assert Status.STALE not in BLAME
