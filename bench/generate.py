"""A portfolio the size issue 7 asks about, fast and the same every time, for the benchmarks.

    python bench/generate.py URL [--accounts N] [--checkins K] [--prospects P] [--seed S]

The issue sizes the app at 2,000 accounts with 24 monthly check-ins each: 48,000
assessments and 480,000 answers. Only a signed client can have check-ins, so those
totals only add up when every one of the 2,000 accounts is a client (with 40 %
prospects of one or two screens each, the clients would need 39 assessments each
to reach 48,000). That is the split by default: each account is a client with a
baseline screen and K - 1 = 23 monthly check-ins, 24 assessments a month apart, two
years of history. The mix the home page has to sort lives among the clients
instead: most stay healthy, some degrade over time, some hit a knockout, some were
not checked on for months (stale), a few are rocky, and about one in twelve has
ended with an outcome. `--prospects P` adds P prospects with one or two screens
each on top, for a run where the mix matters more than the totals (the benchmarks
leave it at 0).

It is deterministic: the same seed and the same `today` give the same rows. Dates
count back from `today` (by default the real one), so the statuses the app computes
when it runs now (due, stale) look like those of a portfolio in use.

It is fast because it skips the repository's one-transaction-per-write path, which
is right for a person clicking and far too slow for 48,000 rows: the schema is
migrated as `storage.open_repository` migrates it, then every row goes in with
SQLAlchemy core `executemany` in one write transaction, in the value shapes of
`storage.repository._assessment_values` (answers as a JSON object of answer words,
signals and suggestions as JSON or NULL, a unique idempotency key per row), and the
data version token replaced as every repository write replaces it. It refuses a
database that already holds accounts, so keys can never collide.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select

from scoring import Answer, Kind, Outcome, Signals, Stage, Verdict, default_rubric
from storage import make_engine, upgrade
from storage.engine import WRITE
from storage.schema import accounts as accounts_table
from storage.schema import assessments as assessments_table
from storage.schema import data_version

DEFAULT_SEED = 7
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
NOTES = ("", "", "", "", "Met at a conference.", "Referral from an old client.", "Second call went well.")


@dataclass(frozen=True)
class Counts:
    accounts: int
    clients: int
    prospects: int
    assessments: int
    answers: int


def _company(rng: random.Random) -> str:
    return " ".join(rng.choice(words) for words in COMPANY_WORDS)


def _client_points(rng: random.Random, story: str, months: int) -> list[list[int]]:
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


def _signals(rng: random.Random, points: list[int]) -> dict[str, Any]:
    """Facts of the period for a fifth of the check-ins: how late the invoice was, matching payment."""
    if rng.random() > 0.2:
        return {}
    payment = points[KEYS.index("payment")]
    late = {4: 0, 3: rng.randint(1, 14), 2: rng.randint(15, 29), 1: rng.randint(30, 59), 0: 60}[payment]
    signals = Signals(invoice_days_late=late).model_dump(mode="json")
    return {"signals": signals, "suggested": {"payment": Answer.from_points(payment).value}}


def _row(kind: Kind, day: dt.date, points: list[int], key: str, **extra: Any) -> dict[str, Any]:
    """One assessments row (account_id added later), shaped as storage.repository._assessment_values."""
    return {
        "kind": kind.value,
        "taken_on": day,
        "gut": None,
        "answers": {k: Answer.from_points(p).value for k, p in zip(KEYS, points, strict=True)},
        "note": "",
        "rubric_key": RUBRIC.key,
        "rubric_version": RUBRIC.version,
        "idempotency_key": key,
        "created_at": dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC),
        "signals": None,
        "suggested": None,
    } | extra


def _client(
    rng: random.Random, tag: str, checkins: int, today: dt.date
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    story = rng.choices(STORY_NAMES, weights=STORY_WEIGHTS)[0]
    last = today - dt.timedelta(days=rng.randint(60, 240) if story == "stale" else rng.randint(0, 25))
    days = [last - dt.timedelta(days=MONTH_DAYS * (checkins - 1 - m)) for m in range(checkins)]
    points = _client_points(rng, story, checkins)
    gut = Verdict.HELL_YES if rng.random() < 0.85 else Verdict.HELL_NO
    rows = [_row(Kind.SCREEN, days[0], points[0], f"{tag}:0", gut=gut.value)]
    rows += [
        _row(Kind.CHECKIN, days[m], points[m], f"{tag}:{m}", **_signals(rng, points[m]))
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


def _prospect(rng: random.Random, tag: str, today: dt.date) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    first = today - dt.timedelta(days=rng.randint(14, 120))
    rows = [
        _row(
            Kind.SCREEN,
            first + dt.timedelta(days=14 * s),
            [rng.choices((0, 1, 2, 3, 4), weights=(1, 2, 3, 4, 4))[0] for _ in KEYS],
            f"{tag}:{s}",
            gut=rng.choice(list(Verdict)).value,
            note=rng.choice(NOTES),
        )
        for s in range(rng.randint(1, 2))
    ]
    return {"stage": Stage.PROSPECT.value, "signed_on": None, "ended_on": None, "outcome": None}, rows


def _plan(
    rng: random.Random, clients: int, checkins: int, prospects: int, today: dt.date, seed: int
) -> tuple[list[dict[str, Any]], list[list[dict[str, Any]]]]:
    """Account rows, and for each the rows of its assessments."""
    account_rows: list[dict[str, Any]] = []
    histories: list[list[dict[str, Any]]] = []
    for number in range(1, clients + prospects + 1):
        tag = f"bench:{seed}:{number:05d}"
        if number <= clients:
            account, rows = _client(rng, tag, checkins, today)
        else:
            account, rows = _prospect(rng, tag, today)
        account_rows.append(
            account
            | {
                "name": f"Account {number:04d}",
                "company": _company(rng),
                "deal_value": float(rng.randrange(2_000, 120_000, 500)),
                "created_at": dt.datetime.combine(rows[0]["taken_on"], dt.time(9), tzinfo=dt.UTC),
                "updated_at": rows[-1]["created_at"],
                "outcome_note": "",
            }
        )
        histories.append(rows)
    return account_rows, histories


def generate(
    url: str,
    accounts: int = 2000,
    checkins: int = 24,
    seed: int = DEFAULT_SEED,
    *,
    prospects: int = 0,
    today: dt.date | None = None,
) -> Counts:
    """Fill the empty database at `url`: `accounts` clients with `checkins` assessments each
    (a baseline screen and `checkins - 1` check-ins), then `prospects` prospects."""
    if checkins < 2:
        raise ValueError("a client needs a baseline and at least one check-in: checkins >= 2")
    rng = random.Random(seed)
    account_rows, histories = _plan(rng, accounts, checkins, prospects, today or dt.date.today(), seed)
    engine = make_engine(url)
    try:
        upgrade(engine)  # what storage.open_repository does before the app touches a database
        with engine.execution_options(**{WRITE: True}).begin() as conn:
            if conn.execute(select(func.count()).select_from(accounts_table)).scalar_one():
                raise ValueError("the database already holds accounts; generate into an empty one")
            ids = conn.execute(
                accounts_table.insert().returning(accounts_table.c.id, sort_by_parameter_order=True),
                account_rows,
            ).scalars()
            rows = [r | {"account_id": i} for i, history in zip(ids, histories, strict=True) for r in history]
            conn.execute(assessments_table.insert(), rows)
            # As the repository's every write does: a server that cached the empty database sees the rows.
            conn.execute(data_version.update().values(token=uuid.uuid4().hex))
    finally:
        engine.dispose()
    return Counts(
        accounts=len(account_rows),
        clients=accounts,
        prospects=prospects,
        assessments=len(rows),
        answers=len(rows) * len(KEYS),
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "url", help="SQLAlchemy URL of an empty database (sqlite:///… or postgresql+psycopg://…)"
    )
    parser.add_argument("--accounts", type=int, default=2000, help="clients (default 2000)")
    parser.add_argument("--checkins", type=int, default=24, help="assessments per client (default 24)")
    parser.add_argument(
        "--prospects", type=int, default=0, help="extra prospects, 1-2 screens each (default 0)"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        counts = generate(args.url, args.accounts, args.checkins, args.seed, prospects=args.prospects)
    except ValueError as exc:
        parser.exit(2, f"generate: {exc}\n")
    print(
        f"{counts.accounts} accounts ({counts.clients} clients, {counts.prospects} prospects), "
        f"{counts.assessments} assessments, {counts.answers} answers in {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
