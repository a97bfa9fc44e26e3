"""The portfolio kept between saves is the portfolio read from scratch, whatever was written.

`services.portfolio.compute_portfolio` brings the last portfolio up to date from what changed
since (`Repository.changes_since`) instead of reading and judging every account again. A
few hundred random writes of every kind (screens, clients added, signings, check-ins,
endings, notes, imports, erasures), some through another repository as another server
would: after each, every list, count, alert and the calibration must equal a portfolio
built from nothing. Real SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from scoring import AccountDraft, Answer, Assessment, Kind, Outcome, Stage, Verdict, default_rubric
from scoring.headline import headline_of
from scoring.invoices import Invoice, Payment
from scoring.status import Status
from services import portfolio as service
from services.portfolio import Count, Portfolio, View, build_portfolio, compute_portfolio
from storage import Repository, open_repository
from storage.repository import Incoming
from tests import factories

RUBRIC = default_rubric()
TODAY = dt.date(2026, 11, 23)
START = dt.date(2026, 1, 5)


def _seen(portfolio: Portfolio) -> dict[str, Any]:
    """Everything a page shows of a portfolio, in order."""

    def ids(lines: list[Any]) -> list[int]:
        return [line.overview.account.id for line in lines]

    calibration = portfolio.calibration()
    return {
        "lines": [
            (
                line.overview.account.id,
                line.label,
                line.headline and line.headline.score,
                tuple(line.trend),
                line.overview.account.weekly_hours,
                line.ledger and (line.ledger.totals, line.ledger.slowing),
            )
            for line in portfolio
        ],
        "views": {view: ids(portfolio.view(view)) for view in View},
        "counts": {count: portfolio.count(count) for count in Count},
        "attention": [(a.line.overview.account.id, a.tag, a.message, a.rank) for a in portfolio.attention],
        "calibration": (calibration.screened, calibration.with_gut, calibration.agreed, calibration.judged),
    }


def _invoice(n: int, start: dt.date, late: int | None) -> Invoice:
    """Invoice number n of a monthly series from `start`, paid `late` days after its due date (None: open)."""
    issued = start + dt.timedelta(days=30 * n)
    due = issued + dt.timedelta(days=30)
    paid = (
        () if late is None else (Payment(paid_on=due + dt.timedelta(days=late), amount=Decimal("1000.00")),)
    )
    return Invoice(
        number=f"F-{n}",
        issued_on=issued,
        due_on=due,
        amount=Decimal("1000.00"),
        currency="EUR",
        payments=paid,
    )


def _answers(rng: random.Random) -> dict[str, Answer]:
    # Mostly good answers, so that both verdicts come up.
    choices = [Answer.HELL_NO, Answer.NO, Answer.YES, Answer.HELL_YES]
    return {key: rng.choices(choices, weights=[1, 2, 4, 6])[0] for key in RUBRIC.keys}


def _assessment(rng: random.Random, day: dt.date, kind: Kind = Kind.SCREEN) -> Assessment:
    gut = rng.choice([Verdict.HELL_YES, Verdict.HELL_NO]) if kind is Kind.SCREEN else None
    return factories.assessment(day, kind=kind, gut=gut, answers=_answers(rng), rubric=RUBRIC)


def test_the_kept_portfolio_equals_one_built_from_scratch_after_every_kind_of_write(
    repo: Repository, db_url: str
) -> None:
    rng = random.Random(15)
    other = open_repository(db_url)  # another server writing to the same database
    keys = iter(range(1_000_000))
    made: list[int] = []
    clients: dict[int, dt.date] = {}  # account id: its last check-in or signing day
    service.forget()

    def writer() -> Repository:
        return rng.choice([repo, other])

    def screen() -> None:
        day = START + dt.timedelta(days=rng.randrange(60))
        name = rng.choice(["Ada", "Bram", "Chloé", "Dirk", "Eve", "Fenna"]) + f" {rng.randrange(40)}"
        stored = writer().screen_prospect(AccountDraft(name=name), _assessment(rng, day), f"k{next(keys)}")
        made.append(stored.account_id)

    def add_client() -> None:
        day = START + dt.timedelta(days=rng.randrange(30))
        signed = day + dt.timedelta(days=5)
        draft = AccountDraft(name=f"Client {next(keys)}")
        stored = writer().add_client(draft, _assessment(rng, day), signed, f"k{next(keys)}")
        made.append(stored.account_id)
        clients[stored.account_id] = signed

    def sign() -> None:
        prospects = [a for a in made if a not in clients]
        if prospects:
            chosen = rng.choice(prospects)
            writer().sign(chosen, START + dt.timedelta(days=70))
            clients[chosen] = START + dt.timedelta(days=70)

    def checkin() -> None:
        if clients:
            chosen = rng.choice(list(clients))
            day = clients[chosen] + dt.timedelta(days=rng.randrange(10, 60))
            if day <= TODAY:
                writer().add_checkin(chosen, _assessment(rng, day, Kind.CHECKIN), f"k{next(keys)}")
                clients[chosen] = day

    def end() -> None:
        if clients:
            chosen = rng.choice(list(clients))
            writer().end(chosen, rng.choice(list(Outcome)), clients[chosen] + dt.timedelta(days=1))

    def note() -> None:
        if made:
            writer().add_evidence(rng.choice(made), TODAY, "Paid late again.", f"k{next(keys)}")

    def erase() -> None:
        if len(made) > 3:
            chosen = made.pop(rng.randrange(len(made)))
            clients.pop(chosen, None)
            writer().erase(chosen, wait_s=0)

    def import_rows() -> None:
        rows = [
            Incoming(
                n + 2,
                f"Imported {rng.randrange(6)}",
                Stage.PROSPECT,
                _assessment(rng, START + dt.timedelta(days=rng.randrange(90))),
                f"k{next(keys)}",
            )
            for n in range(rng.randrange(1, 4))
        ]
        writer().import_assessments(rows)
        known = {o.account.id for o in repo.overview()}
        made.extend(sorted(known - set(made)))

    def invoices() -> None:
        if clients:
            chosen = rng.choice(list(clients))
            # Paid later and later now and then: the slowing alert comes and goes with the writes.
            late = sorted(rng.sample(range(40), 5)) if rng.random() < 0.5 else [0] * 5
            writer().replace_invoices(chosen, [_invoice(n, START, days) for n, days in enumerate(late)])

    def payment() -> None:
        if clients:
            chosen = rng.choice(list(clients))
            open_one = _invoice(9, START, None)
            paid = open_one.model_copy(update={"payments": (Payment(paid_on=TODAY, amount=Decimal("500")),)})
            writer().merge_invoices([(chosen, rng.choice([open_one, paid]))])

    def hours() -> None:
        if made:
            writer().set_weekly_hours(rng.choice(made), rng.choice([None, 4.5, 12.0]))

    writes: list[tuple[Callable[[], None], int]] = [
        (screen, 6), (add_client, 2), (sign, 2), (checkin, 6),
        (end, 1), (note, 1), (erase, 1), (import_rows, 1),
        (invoices, 2), (payment, 1), (hours, 1),
    ]  # fmt: skip
    actions, weights = zip(*writes, strict=True)
    checked = 0
    slowed = 0
    for _ in range(120):
        rng.choices(actions, weights=weights)[0]()
        kept = compute_portfolio(repo, RUBRIC, TODAY)
        assert _seen(kept) == _seen(build_portfolio(repo, RUBRIC, TODAY))
        slowed += any(line.ledger is not None and line.ledger.slowing for line in kept)
        checked += 1
    other.close()
    assert checked == 120 and len(made) > 20 and clients  # the walk did build a portfolio
    assert slowed  # and invoices that raise the slowing alert


def test_a_portfolio_kept_for_one_rubric_or_day_is_not_used_for_another(repo: Repository) -> None:
    service.forget()
    stored = repo.screen_prospect(
        AccountDraft(name="Kees"), factories.assessment(TODAY, answer=Answer.HELL_YES), "one"
    )
    today = compute_portfolio(repo, RUBRIC, TODAY)
    tomorrow = compute_portfolio(repo, RUBRIC, TODAY + dt.timedelta(days=400))
    assert today.today == TODAY and tomorrow.today == TODAY + dt.timedelta(days=400)
    [line] = tomorrow
    assert line.overview.account.id == stored.account_id
    assert [a.tag for a in tomorrow.attention] == ["Old screen"]  # judged on the new day
    assert [a.tag for a in today.attention] == []


def test_a_first_look_explains_only_the_statuses_a_page_shows(repo: Repository) -> None:
    """Sorting, counting and colouring thousands of clients reads their standing; a status is
    explained (every finding, in sentences) only for the rows and alerts a page shows."""
    rng = random.Random(3)
    for n in range(40):
        stored = repo.add_client(AccountDraft(name=f"Client {n}"), _assessment(rng, START), START, f"c{n}")
        for month in range(1, 4):
            day = START + dt.timedelta(days=30 * month)
            repo.add_checkin(stored.account_id, _assessment(rng, day, Kind.CHECKIN), f"c{n}/{month}")
    service.forget()
    portfolio = build_portfolio(repo, RUBRIC, TODAY)
    clients = portfolio.view(View.CLIENTS)
    assert len(clients) == 40 and all(line.standing is not None for line in clients)
    # Every list, count and alert is made, and nothing is explained yet.
    assert sum(portfolio.count(count) for count in Count) > 0 and portfolio.attention
    assert not any(line.headline is not None and line.headline.explained for line in clients)
    # Nor is a client's verdict on its newest check-in, or on its first screen: no list shows them.
    assert not any(line.headline is not None and line.headline.judged for line in clients)
    # A page shows the first rows and alerts: the statuses they explain, and only those, are explained.
    shown = clients[:8]
    whys = [service.why(line) for line in shown]
    messages = [item.message for item in portfolio.attention[:3]]
    explained = {line.overview.account.id for line in clients if line.headline and line.headline.explained}
    troubled = [
        line for line in shown if line.standing is not None and line.standing.status is not Status.HELL_YES
    ]
    asked = {line.overview.account.id for line in troubled}
    asked |= {item.line.overview.account.id for item in portfolio.attention[:3]}
    assert troubled and explained == asked
    # What the standing said is what the explanation says.
    for line, why in zip(shown, whys, strict=True):
        assert line.status is not None and line.standing == line.status.standing()
        if line in troubled:
            assert why == line.status.deciding.message
    assert all(messages)
    assert not any(line.headline is not None and line.headline.judged for line in clients)
    # A page about one client asks, and finds what a headline from its whole history says.
    head = shown[0].headline
    assert head is not None and head.result.verdict in Verdict and head.judged
    history = [stored.assessment for stored in repo.assessments(shown[0].overview.account.id)]
    assert head == headline_of(RUBRIC, Stage.CLIENT, history, TODAY)
