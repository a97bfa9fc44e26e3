"""What an edited rubric would change is what judging every account again, one at a time, says.

`services.what_if` compares what the app shows now (the kept portfolio of the rubric in use)
with every history judged again by the edited rubric in one batch, from histories it reads
once per data version. The reference here recounts from scratch through the one-account
paths: each prospect's newest screen by `evaluate`, each client's whole history by
`client_status` (with its reviews), under both rubrics. Random portfolios (re-screens,
clients signed and not checked in yet, stale and ended ones, a client's own reviews) and
random edits as the editor could make them. Real SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

import pytest

from scoring import AccountDraft, Answer, Assessment, Kind, Outcome, Rubric, Stage, Verdict, evaluate
from scoring.questionnaires import QuestionnaireKind
from scoring.reviews import reviews_of
from scoring.status import client_status, split_history
from services import portfolio
from services import what_if as service
from services.what_if import ProspectFlip, StatusChange, WhatIf, what_if
from storage import Repository, open_repository
from tests import factories
from tests.strategies import DEFAULT, edited, random_edited_rubric

TODAY = dt.date(2026, 11, 23)
START = dt.date(2026, 3, 2)
YES = Answer.YES
HY = Answer.HELL_YES


@pytest.fixture(autouse=True)
def _nothing_kept() -> None:
    """Each test starts with no portfolio and no histories kept from another database."""
    portfolio.forget()
    service.forget()


def _screen(day: dt.date, answers: dict[str, Answer], kind: Kind = Kind.SCREEN) -> Assessment:
    return factories.assessment(day, kind=kind, answers=answers, rubric=DEFAULT)


def _answers(rng: random.Random) -> dict[str, Answer]:
    # Mostly good answers, near the threshold, so that edits flip verdicts and statuses.
    return {key: rng.choices(list(Answer), weights=[1, 2, 3, 8, 6])[0] for key in DEFAULT.keys}


def _random_portfolio(repo: Repository, rng: random.Random) -> None:
    keys = iter(range(1_000_000))
    for n in range(25):
        day = START + dt.timedelta(days=rng.randrange(200))
        stored = repo.screen_prospect(
            AccountDraft(name=f"Prospect {n}"), _screen(day, _answers(rng)), f"p{n}"
        )
        if rng.random() < 0.3:  # screened again later: the newest screen counts
            later = day + dt.timedelta(days=rng.randrange(1, 60))
            repo.add_assessment(stored.account_id, _screen(later, _answers(rng)), f"k{next(keys)}")
    for n in range(30):
        day = START + dt.timedelta(days=rng.randrange(60))
        signed = day + dt.timedelta(days=3)
        stored = repo.add_client(
            AccountDraft(name=f"Client {n}"), _screen(day, _answers(rng)), signed, f"c{n}"
        )
        last = signed
        for _ in range(rng.choice([0, 1, 2, 3, 5, 8])):
            last += dt.timedelta(days=rng.randrange(15, 50))
            if last <= TODAY:
                visit = _screen(last, _answers(rng), Kind.CHECKIN)
                repo.add_checkin(stored.account_id, visit, f"k{next(keys)}")
        if rng.random() < 0.15:
            repo.end(stored.account_id, rng.choice(list(Outcome)), min(last + dt.timedelta(days=1), TODAY))
        elif rng.random() < 0.4:  # what the client says of us
            _reviews(repo, stored.account_id, rng)
    # Signed lately, not checked in yet (judged from the baseline alone), some with reviews.
    for n in range(4):
        baseline = _screen(TODAY - dt.timedelta(days=rng.randrange(30)), _answers(rng))
        stored = repo.add_client(AccountDraft(name=f"New client {n}"), baseline, baseline.taken_on, f"n{n}")
        if n % 2 == 0:
            _reviews(repo, stored.account_id, rng)


def _reviews(repo: Repository, account_id: int, rng: random.Random) -> None:
    """One to four reviews, their ratings often falling, sometimes contradicting our answers."""
    for score in sorted(rng.sample(range(11), rng.randint(1, 4)), reverse=rng.random() < 0.7):
        token, _ = repo.create_questionnaire(account_id, QuestionnaireKind.REVIEW, 30, "Jan")
        answers: dict[str, str | int] = {
            "clarity": "very_clear",
            "communication": rng.choice(["very_well", "badly"]),
            "value": "very_good",
            "recommend": score,
        }
        repo.submit_answers(token, 1, answers, "en")


def _recount(repo: Repository, current: Rubric, changed: Rubric, today: dt.date) -> WhatIf:
    """Every account judged again from its whole history, one at a time, under both rubrics."""
    flips, changes = [], []
    prospects = clients = 0
    for account in repo.accounts():
        history = [stored.assessment for stored in repo.assessments(account.id)]
        if not history:
            continue
        if account.stage is not Stage.CLIENT:
            prospects += 1
            newest = history[-1].answers
            was, now = evaluate(current, newest), evaluate(changed, newest)
            if was.verdict is not now.verdict:
                flips.append(
                    ProspectFlip(account.id, account.name, was.score, now.score, was.verdict, now.verdict)
                )
            continue
        baseline, checkins = split_history(history)
        if account.ended_on is not None or baseline is None:
            continue
        clients += 1
        reviews = reviews_of(repo.their_answers(account.id))
        before = client_status(current, baseline, checkins, today, reviews=reviews).status
        after = client_status(changed, baseline, checkins, today, reviews=reviews).status
        if before is not after:
            changes.append(StatusChange(account.id, account.name, before, after))
    return WhatIf(tuple(flips), tuple(changes), prospects, clients)


def _same_changes(found: WhatIf, expected: WhatIf) -> None:
    assert set(found.prospects) == set(expected.prospects)
    assert set(found.clients) == set(expected.clients)
    assert len(found.prospects) == len(expected.prospects) and len(found.clients) == len(expected.clients)
    assert (found.prospects_judged, found.clients_judged) == (
        expected.prospects_judged,
        expected.clients_judged,
    )


def _most_serious_first(found: WhatIf) -> None:
    losses = [flip.lost for flip in found.prospects]
    assert losses == sorted(losses, reverse=True)  # hell yeses lost before hell yeses won
    urgent = [min(c.status_before.urgency, c.status_after.urgency) for c in found.clients]
    assert urgent == sorted(urgent)


def test_the_what_if_is_every_account_judged_again_one_at_a_time(repo: Repository) -> None:
    rng = random.Random(18)
    _random_portfolio(repo, rng)
    edits = [random_edited_rubric(random.Random(f"edit {n}")) for n in range(8)]
    edits += [
        edited(DEFAULT, verdict={"threshold": 70}),
        edited(DEFAULT, status={"let_go_hell_no_streak": 1, "stale_after_days": 20}),
        edited(DEFAULT, weights=[3, 1, 1, 1, 2, 1, 1, 0.5, 1, 1], knockouts=[False] * 10),
    ]
    flipped = changed = 0
    for change in edits:
        for today in (TODAY, TODAY + dt.timedelta(days=60)):
            found = what_if(repo, DEFAULT, change, today)
            _same_changes(found, _recount(repo, DEFAULT, change, today))
            _most_serious_first(found)
            flipped += len(found.prospects)
            changed += len(found.clients)
    # The walk did compare something: verdicts flipped and statuses changed, some both ways.
    assert flipped > 10 and changed > 10


def test_an_edit_that_changes_no_verdict_and_no_status_changes_nothing(repo: Repository) -> None:
    _random_portfolio(repo, random.Random(4))
    for same in (DEFAULT, edited(DEFAULT), edited(DEFAULT, status={"cadence_days": 7})):
        found = what_if(repo, DEFAULT, same, TODAY)
        assert found.changes_nothing and found.prospects == () and found.clients == ()
        assert found.prospects_judged == 25 and found.clients_judged > 15


def test_an_empty_database_has_nothing_to_change(repo: Repository) -> None:
    found = what_if(repo, DEFAULT, edited(DEFAULT, verdict={"threshold": 50}), TODAY)
    assert found == WhatIf((), (), 0, 0)


def _prospects(repo: Repository) -> dict[str, int]:
    """Prospects whose scores sit around the default threshold of 80 (every weight is 1)."""
    rest = dict.fromkeys(DEFAULT.keys, YES)

    def hell_yes(n: int) -> dict[str, Answer]:  # each hell yes adds 2.5 to the 75 of all yes
        return rest | dict.fromkeys(DEFAULT.keys[:n], HY)

    day = START
    screens: dict[str, list[dict[str, Answer]]] = {
        "All yes": [rest],  # 75
        "One hell yes": [hell_yes(1)],  # 77.5
        "Two hell yes": [hell_yes(2)],  # 80
        "Four hell yes": [hell_yes(4)],  # 85
        "Two late hell yes": [rest | dict.fromkeys(DEFAULT.keys[-2:], HY)],  # 80
        "Unsure once": [rest | {"champion": Answer.UNSURE}],  # 72.5
        "Knocked out": [dict.fromkeys(DEFAULT.keys, HY) | {"respect": Answer.NO}],  # 92.5, a knockout
        "On the floor": [dict.fromkeys(DEFAULT.keys, HY) | {"payment": Answer.HELL_NO}],  # 90, the floor
        "Better since": [rest, dict.fromkeys(DEFAULT.keys, HY)],  # 75, then 100
        "Worse since": [dict.fromkeys(DEFAULT.keys, HY), rest],  # 100, then 75
    }
    made = {}
    for name, answers in screens.items():
        stored = repo.screen_prospect(AccountDraft(name=name), _screen(day, answers[0]), name)
        for n, later in enumerate(answers[1:], start=1):
            repo.add_assessment(stored.account_id, _screen(day + dt.timedelta(days=n), later), f"{name}/{n}")
        made[name] = stored.account_id
    return made


def test_a_lower_threshold_wins_exactly_the_prospects_between_the_two(repo: Repository) -> None:
    made = _prospects(repo)
    found = what_if(repo, DEFAULT, edited(DEFAULT, verdict={"threshold": 75}), TODAY)
    assert [(flip.name, flip.verdict_before, flip.verdict_after) for flip in found.prospects] == [
        ("All yes", Verdict.HELL_NO, Verdict.HELL_YES),
        ("One hell yes", Verdict.HELL_NO, Verdict.HELL_YES),
        ("Worse since", Verdict.HELL_NO, Verdict.HELL_YES),
    ]
    assert [flip.account_id for flip in found.prospects] == [
        made["All yes"],
        made["One hell yes"],
        made["Worse since"],
    ]
    # Only the verdict moved: the weights did not, so neither did a score.
    assert [(flip.score_before, flip.score_after) for flip in found.prospects] == [
        (75, 75),
        (77.5, 77.5),
        (75, 75),
    ]
    assert found.clients == () and found.prospects_judged == len(made)


def test_a_higher_threshold_loses_exactly_the_prospects_between_the_two(repo: Repository) -> None:
    _prospects(repo)
    found = what_if(repo, DEFAULT, edited(DEFAULT, verdict={"threshold": 82.5}), TODAY)
    assert [(flip.name, flip.lost) for flip in found.prospects] == [
        ("Two hell yes", True),
        ("Two late hell yes", True),
    ]


def test_hell_yeses_lost_come_before_hell_yeses_won(repo: Repository) -> None:
    _prospects(repo)
    # The first dimension weighs 3 (of 12): a hell yes there adds 6.25, one elsewhere 2.08.
    weights = [3, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    found = what_if(repo, DEFAULT, edited(DEFAULT, weights=weights), TODAY)
    assert [(flip.name, flip.lost, round(flip.score_after, 2)) for flip in found.prospects] == [
        ("Two late hell yes", True, 79.17),
        ("One hell yes", False, 81.25),
    ]


def test_a_second_edit_reads_nothing_again_and_a_save_in_between_is_seen(
    repo: Repository, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = _prospects(repo)
    lower = edited(DEFAULT, verdict={"threshold": 75})
    assert len(what_if(repo, DEFAULT, lower, TODAY).prospects) == 3
    asked: list[tuple[Any, ...]] = []
    real: Callable[..., Any] = repo.changes_since

    def spy(*args: Any) -> Any:
        asked.append(args)
        return real(*args)

    monkeypatch.setattr(repo, "changes_since", spy)
    for threshold in (74, 76, 77.5, 90):
        what_if(repo, DEFAULT, edited(DEFAULT, verdict={"threshold": threshold}), TODAY)
    # Only the portfolio's look at what changed since (nothing): no history read again.
    assert asked and all(args[0] is not None for args in asked)

    # Someone else screens a prospect at 75: the next edit counts it.
    other = open_repository(db_url)
    try:
        other.screen_prospect(
            AccountDraft(name="Also all yes"), _screen(TODAY, dict.fromkeys(DEFAULT.keys, YES)), "new"
        )
    finally:
        other.close()
    found = what_if(repo, DEFAULT, lower, TODAY)
    assert [flip.name for flip in found.prospects] == [
        "All yes",
        "Also all yes",
        "One hell yes",
        "Worse since",
    ]
    assert found.prospects_judged == len(made) + 1
    assert any(args == (None, 0) for args in asked)  # read whole once more
