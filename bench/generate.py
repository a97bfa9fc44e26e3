"""A portfolio the size issue 7 asks about, as real as issue 15 asks, fast and the same every time.

    python bench/generate.py URL [--kind realistic|totals] [--accounts N] [--checkins K]
                                 [--prospects P] [--seed S]

Two kinds, both `accounts × checkins` assessments (48,000 and 480,000 answers at the
issue's 2,000 accounts and 24 check-ins):

- realistic (the default, and what `generate(url, accounts, checkins)` and so
  bench/run.py get): an agency's database after years of use. A fifth of the accounts
  are prospects; clients' histories run from a baseline alone to 108 assessments, with
  check-ins 20 to 45 days apart and now and then months apart; contacts and companies
  in a dozen languages with their diacritics, a few names twice; notes mostly empty,
  often one sentence, sometimes paragraphs; evidence logs on a third of the clients;
  share links live, expired and withdrawn; monthly invoices from each client's signing,
  up to 24 (about 35,000 at 2,000 accounts), paid on time, late, slower and slower, in
  part or not at all, and planned hours a week for most clients under contract. The
  first account is a client under contract
  with exactly `checkins` assessments and a live share link whose token is
  `share_token(seed, 1)`. See bench/generate_realistic.py and bench/generate_words.py.
- totals (`realistic=False`, `--kind totals`): issue 7's portfolio as first measured,
  every account a client with exactly `checkins` assessments a month apart, "Account
  0001" onwards, no notes, no evidence, no links (bench/generate_rows.py); kept so
  earlier figures can be reproduced.

In both, the clients' answers follow stories: most stay healthy, some degrade over
time, some hit a knockout, some were not checked on for months (stale), a few are
rocky, and about one in twelve has ended with an outcome. `--prospects P` adds P
prospects on top of the accounts (one to three screens each; one or two in totals).

It is deterministic: the same seed and the same `today` give the same rows (share
tokens too: they are derived from the seed). Dates count back from `today` (by
default the real one), so the statuses the app computes when it runs now (due,
stale) look like those of a portfolio in use.

It is fast because it skips the repository's one-transaction-per-write path, which
is right for a person clicking and far too slow for 48,000 rows: the schema is
migrated as `storage.open_repository` migrates it, then every row goes in with
SQLAlchemy core `executemany` in one write transaction, in the value shapes the
repository writes (`storage.convert.assessment_values`, `ShareLinks.create_share`:
the token's hash, never the token; amounts as `storage.invoices.to_e4` stores them), and
the data version token replaced as every
repository write replaces it. It refuses a database that already holds accounts, so
keys can never collide.
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Connection, func, select

from bench.generate_realistic import PROSPECT_SHARE, RealisticPlan, plan_realistic, share_token
from bench.generate_rows import KEYS, Plan, Row, plan_totals
from scoring.names import name_key
from storage import make_engine, upgrade
from storage.engine import WRITE
from storage.schema import accounts as accounts_table
from storage.schema import assessments as assessments_table
from storage.schema import data_version
from storage.schema import evidence as evidence_table
from storage.schema import invoices as invoices_table
from storage.schema import payments as payments_table
from storage.schema import share_links as share_links_table

__all__ = ["DEFAULT_SEED", "Counts", "generate", "share_token"]

DEFAULT_SEED = 7


@dataclass(frozen=True)
class Counts:
    accounts: int
    clients: int
    prospects: int
    assessments: int
    answers: int
    evidence: int = 0
    share_links: int = 0
    #: The most assessments one account has.
    longest: int = 0
    invoices: int = 0
    payments: int = 0
    #: Clients under contract with planned hours a week.
    with_hours: int = 0


def generate(
    url: str,
    accounts: int = 2000,
    checkins: int = 24,
    seed: int = DEFAULT_SEED,
    *,
    prospects: int = 0,
    today: dt.date | None = None,
    realistic: bool = True,
    prospect_share: float = PROSPECT_SHARE,
) -> Counts:
    """Fill the empty database at `url` with `accounts` accounts holding `accounts × checkins`
    assessments, then `prospects` more prospects.

    Realistic (see the module): `prospect_share` of the accounts are prospects and the
    histories vary. Totals (`realistic=False`): `accounts` clients of `checkins` assessments each
    (a baseline screen and `checkins - 1` check-ins).
    """
    if checkins < 2:
        raise ValueError("a client needs a baseline and at least one check-in: checkins >= 2")
    rng = random.Random(seed)
    day = today or dt.date.today()
    if realistic:
        plan = plan_realistic(
            rng, accounts, checkins, day, seed, prospect_share=prospect_share, extra_prospects=prospects
        )
    else:
        plan = plan_totals(rng, accounts, checkins, prospects, day, seed)
    _insert(url, plan)
    assessments = sum(len(rows) for rows in plan.assessments)
    billed = plan.invoices if isinstance(plan, RealisticPlan) else []
    return Counts(
        accounts=len(plan.accounts),
        clients=plan.clients,
        prospects=plan.prospects,
        assessments=assessments,
        answers=assessments * len(KEYS),
        evidence=sum(len(rows) for rows in plan.evidence),
        share_links=sum(len(rows) for rows in plan.shares),
        longest=max((len(rows) for rows in plan.assessments), default=0),
        invoices=sum(len(rows) for rows in billed),
        payments=sum(len(row["payments"]) for rows in billed for row in rows),
        with_hours=sum(1 for account in plan.accounts if account.get("weekly_hours") is not None),
    )


def _insert(url: str, plan: Plan) -> None:
    engine = make_engine(url)
    try:
        upgrade(engine)  # what storage.open_repository does before the app touches a database
        with engine.execution_options(**{WRITE: True}).begin() as conn:
            if conn.execute(select(func.count()).select_from(accounts_table)).scalar_one():
                raise ValueError("the database already holds accounts; generate into an empty one")
            inserted = accounts_table.insert().returning(accounts_table.c.id, sort_by_parameter_order=True)
            # Each name's key, as the repository stores it: the same-name question finds them.
            named = [account | {"name_key": name_key(account["name"])} for account in plan.accounts]
            ids = list(conn.execute(inserted, named).scalars())
            for table, per_account in (
                (assessments_table, plan.assessments),
                (evidence_table, plan.evidence),
                (share_links_table, plan.shares),
            ):
                rows = [
                    r | {"account_id": i} for i, owned in zip(ids, per_account, strict=True) for r in owned
                ]
                if rows:
                    conn.execute(table.insert(), rows)
            if isinstance(plan, RealisticPlan):
                _insert_invoices(conn, ids, plan.invoices)
            # As the repository's every write does: a server that cached the empty database sees the rows.
            conn.execute(data_version.update().values(token=uuid.uuid4().hex, epoch=uuid.uuid4().hex))
    finally:
        engine.dispose()


def _insert_invoices(conn: Connection, ids: list[int], per_account: list[list[Row]]) -> None:
    """Invoices in one executemany that gives back their ids in order, then their payments in one."""
    rows = [
        {key: value for key, value in invoice.items() if key != "payments"} | {"account_id": account_id}
        for account_id, owned in zip(ids, per_account, strict=True)
        for invoice in owned
    ]
    if not rows:
        return
    inserted = invoices_table.insert().returning(invoices_table.c.id, sort_by_parameter_order=True)
    invoice_ids = list(conn.execute(inserted, rows).scalars())
    paid = [
        payment | {"invoice_id": invoice_id}
        for invoice_id, invoice in zip(invoice_ids, (i for owned in per_account for i in owned), strict=True)
        for payment in invoice["payments"]
    ]
    if paid:
        conn.execute(payments_table.insert(), paid)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "url", help="SQLAlchemy URL of an empty database (sqlite:///… or postgresql+psycopg://…)"
    )
    parser.add_argument(
        "--kind",
        choices=("realistic", "totals"),
        default="realistic",
        help="realistic: varied histories, prospects, notes, links (default); "
        "totals: every account a client with exactly K assessments a month apart (issue 7)",
    )
    parser.add_argument("--accounts", type=int, default=2000, help="accounts (default 2000)")
    parser.add_argument(
        "--checkins", type=int, default=24, help="assessments per account, on average (default 24)"
    )
    parser.add_argument(
        "--prospects", type=int, default=0, help="extra prospects on top, 1-3 screens each (default 0)"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        counts = generate(
            args.url,
            args.accounts,
            args.checkins,
            args.seed,
            prospects=args.prospects,
            realistic=args.kind == "realistic",
        )
    except ValueError as exc:
        parser.exit(2, f"generate: {exc}\n")
    print(
        f"{counts.accounts} accounts ({counts.clients} clients, {counts.prospects} prospects), "
        f"{counts.assessments} assessments (longest history {counts.longest}), {counts.answers} answers, "
        f"{counts.evidence} evidence notes, {counts.share_links} share links, "
        f"{counts.invoices} invoices with {counts.payments} payments, {counts.with_hours} clients with hours "
        f"in {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
