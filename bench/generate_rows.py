"""The row shapes and score stories both kinds of generated portfolio share, and the totals kind.

Rows are dicts in the shapes the repository writes (`storage.convert.assessment_values`:
answers as a JSON object of answer words, signals and suggestions as JSON or NULL, a
unique idempotency key per row); `bench.generate` adds the account ids and inserts them.

The totals kind is issue 7's portfolio as it always was: every account a client with a
baseline and K - 1 check-ins exactly a month apart, named "Account 0001" onwards, no
notes; kept unchanged so its figures stay comparable with earlier runs.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from scoring import Answer, Kind, Outcome, Signals, Stage, Verdict, default_rubric

Row = dict[str, Any]
RUBRIC = default_rubric()
KEYS = RUBRIC.keys
MONTH_DAYS = 30
# Client stories and how often each occurs; the rest of the portfolio is "steady".
STORIES = (("degrading", 0.20), ("knockout", 0.05), ("stale", 0.12), ("rocky", 0.08))
STORY_NAMES = [name for name, _ in STORIES] + ["steady"]
STORY_WEIGHTS = [share for _, share in STORIES] + [1 - sum(share for _, share in STORIES)]
ENDED_SHARE = 0.08
OUTCOMES = (Outcome.COMPLETED, Outcome.COMPLETED, Outcome.LET_GO, Outcome.THEY_LEFT, Outcome.WENT_BUST)
COMPANY_WORDS = (
    ("North", "Blue", "Bright", "Oak", "Silver", "Harbour", "Iron", "Meadow", "Summit", "Copper"),
    ("Field", "Stone", "Water", "Line", "Works", "Labs", "Forge", "Point", "Bridge", "Gate"),
    ("BV", "Ltd", "GmbH", "& Co", "Studio", "Group", "Partners", "Inc"),
)
# Answer words by points, looked up for 48,000 rows (an enum's .value costs more than a tuple index).
ANSWER_WORDS = tuple(Answer.from_points(points).value for points in range(5))
NOTES = ("", "", "", "", "Met at a conference.", "Referral from an old client.", "Second call went well.")


@dataclass
class Plan:
    """Every row to insert, per account in insertion order (account ids are added on insert)."""

    accounts: list[Row] = field(default_factory=list)
    assessments: list[list[Row]] = field(default_factory=list)
    evidence: list[list[Row]] = field(default_factory=list)
    shares: list[list[Row]] = field(default_factory=list)
    clients: int = 0
    prospects: int = 0

    def add(self, account: Row, assessments: list[Row], evidence: list[Row], shares: list[Row]) -> None:
        self.accounts.append(account)
        self.assessments.append(assessments)
        self.evidence.append(evidence)
        self.shares.append(shares)
        if account["stage"] == Stage.CLIENT.value:
            self.clients += 1
        else:
            self.prospects += 1


def client_points(rng: random.Random, story: str, months: int) -> list[list[int]]:
    """Points per dimension for the baseline and each check-in, as the story goes.

    The baseline is mostly yes and hell yes (the client was signed). A month's answer is
    the baseline's, now and then a step lower or higher for that month only, so a steady
    client stays near where it started instead of wandering off. Degrading clients lose a
    step on one to three dimensions every third month from some month on, for good; rocky
    ones wobble more and now and then hit the floor; respect falls to a knockout only in
    the knockout story, in its last one or two check-ins.
    """
    respect = KEYS.index("respect")
    baseline = [rng.choices((2, 3, 4), weights=(1, 4, 5))[0] for _ in KEYS]
    falling = rng.sample(range(len(KEYS)), k=rng.randint(1, 3))
    falls_from = rng.randint(3, max(months - 3, 3))
    knocked_from = months - rng.randint(1, 2)
    down, up = (0.25, 0.15) if story == "rocky" else (0.06, 0.04)
    lost = [0] * len(KEYS)
    history = [baseline]
    for month in range(1, months):
        if story == "degrading" and month >= falls_from and (month - falls_from) % 3 == 0:
            for index in falling:
                lost[index] += 1
        current = []
        for index, points in enumerate(baseline):
            roll = rng.random()
            wobble = -1 if roll < down else 1 if roll > 1 - up else 0
            current.append(min(max(points - lost[index] + wobble, 0), 4))
        if story == "rocky" and rng.random() < 0.1:
            current[rng.choice([i for i in range(len(KEYS)) if i != respect])] = 0
        if story == "knockout" and month >= knocked_from:
            current[respect] = rng.choice((0, 1))
        else:
            current[respect] = max(current[respect], 2)
        history.append(current)
    return history


def prospect_points(rng: random.Random) -> list[int]:
    return [rng.choices((0, 1, 2, 3, 4), weights=(1, 2, 3, 4, 4))[0] for _ in KEYS]


def signals(rng: random.Random, points: list[int]) -> dict[str, Any]:
    """Facts of the period for a fifth of the check-ins: how late the invoice was, matching payment."""
    if rng.random() > 0.2:
        return {}
    payment = points[KEYS.index("payment")]
    late = {4: 0, 3: rng.randint(1, 14), 2: rng.randint(15, 29), 1: rng.randint(30, 59), 0: 60}[payment]
    found = Signals(invoice_days_late=late).model_dump(mode="json")
    return {"signals": found, "suggested": {"payment": Answer.from_points(payment).value}}


def assessment_row(
    kind: Kind, day: dt.date, points: list[int], key: str, at: dt.time = dt.time(12), **extra: Any
) -> Row:
    """One assessments row (account_id added later), shaped as storage.convert.assessment_values."""
    return {
        "kind": kind.value,
        "taken_on": day,
        "gut": None,
        "answers": {k: ANSWER_WORDS[p] for k, p in zip(KEYS, points, strict=True)},
        "note": "",
        "rubric_key": RUBRIC.key,
        "rubric_version": RUBRIC.version,
        "idempotency_key": key,
        "created_at": dt.datetime.combine(day, at, tzinfo=dt.UTC),
        "signals": None,
        "suggested": None,
    } | extra


# --- the totals kind ------------------------------------------------------------------------------


def _totals_client(rng: random.Random, tag: str, checkins: int, today: dt.date) -> tuple[Row, list[Row]]:
    story = rng.choices(STORY_NAMES, weights=STORY_WEIGHTS)[0]
    last = today - dt.timedelta(days=rng.randint(60, 240) if story == "stale" else rng.randint(0, 25))
    days = [last - dt.timedelta(days=MONTH_DAYS * (checkins - 1 - m)) for m in range(checkins)]
    points = client_points(rng, story, checkins)
    gut = Verdict.HELL_YES if rng.random() < 0.85 else Verdict.HELL_NO
    rows = [assessment_row(Kind.SCREEN, days[0], points[0], f"{tag}:0", gut=gut.value)]
    rows += [
        assessment_row(Kind.CHECKIN, days[m], points[m], f"{tag}:{m}", **signals(rng, points[m]))
        for m in range(1, checkins)
    ]
    ended = rng.random() < ENDED_SHARE
    account = {
        "stage": Stage.CLIENT.value,
        "signed_on": days[0] + dt.timedelta(days=rng.randint(1, 10)),
        "ended_on": days[-1] + dt.timedelta(days=rng.randint(1, 20)) if ended else None,
        "outcome": rng.choice(OUTCOMES).value if ended else None,
    }
    return account, rows


def _totals_prospect(rng: random.Random, tag: str, today: dt.date) -> tuple[Row, list[Row]]:
    first = today - dt.timedelta(days=rng.randint(14, 120))
    rows = [
        assessment_row(
            Kind.SCREEN,
            first + dt.timedelta(days=14 * s),
            prospect_points(rng),
            f"{tag}:{s}",
            gut=rng.choice(list(Verdict)).value,
            note=rng.choice(NOTES),
        )
        for s in range(rng.randint(1, 2))
    ]
    return {"stage": Stage.PROSPECT.value, "signed_on": None, "ended_on": None, "outcome": None}, rows


def plan_totals(
    rng: random.Random, clients: int, checkins: int, prospects: int, today: dt.date, seed: int
) -> Plan:
    """`clients` clients of `checkins` assessments each, a month apart, then `prospects` prospects."""
    plan = Plan()
    for number in range(1, clients + prospects + 1):
        tag = f"bench:{seed}:{number:05d}"
        if number <= clients:
            account, rows = _totals_client(rng, tag, checkins, today)
        else:
            account, rows = _totals_prospect(rng, tag, today)
        account |= {
            "name": f"Account {number:04d}",
            "company": " ".join(rng.choice(words) for words in COMPANY_WORDS),
            "deal_value": float(rng.randrange(2_000, 120_000, 500)),
            "created_at": dt.datetime.combine(rows[0]["taken_on"], dt.time(9), tzinfo=dt.UTC),
            "updated_at": rows[-1]["created_at"],
            "outcome_note": "",
        }
        plan.add(account, rows, [], [])
    return plan
