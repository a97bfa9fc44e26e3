"""The realistic kind of generated portfolio: what an agency's database looks like after years.

`accounts` accounts hold `accounts × checkins` assessments in all, spread as they are in
use rather than evenly:

- a fifth are prospects by default (the issue asks for 15 % or more), screened one to
  three times, some last week, some two years ago and never signed;
- most clients have a history around the average, a few were signed last month (a
  baseline and a check-in or two), one in thirty-three has a long one (60 to 108
  assessments, years of check-ins), and one in ten was screened twice before signing;
- check-ins come every 20 to 45 days, and now and then after a gap of two to six months;
- contacts and companies come from several languages, diacritics included, and a few
  names occur twice (a second contact of that name, or the same one screened again);
- screen and check-in notes have real lengths (see `bench.generate_words.note`), a
  third of the clients keep an evidence log, and one account in eight has share
  links: live, expired and withdrawn, some with notes, some labelled;
- every client has `INVOICES_PER_CLIENT` monthly invoices up to the end of the relationship
  (or last month), a team's volume (the 1,600 clients of 2,000 accounts: 48,000 invoices),
  even when that reaches back before its signing: most pay on time or a few days
  late, some are sloppy, one in ten pays slower and slower, a few leave invoices open
  and now and then pay in part; nine in ten clients under contract have planned hours
  a week. Money and hours come from a random generator of their own (`money_rng`), so
  the accounts and assessments are the same rows they were before invoices existed.

The first account is always a client under contract with exactly `checkins`
assessments and a live share link that never expires, so a benchmark that opens "the
first client" measures the history size it names, and one that opens a scorecard has
a link: its token is `share_token(seed, 1)`. Tokens are derived from the seed (the
same seed, the same rows, hashes included), so anyone with the seed can open them: a
generated database is for benchmarks, never for a server others can reach. Like the
app, the database keeps only the tokens' SHA-256 hashes (`scoring.sharing.hash_token`).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import math
import random
from dataclasses import dataclass, field

from bench.generate_rows import (
    ENDED_SHARE,
    OUTCOMES,
    STORY_NAMES,
    STORY_WEIGHTS,
    Plan,
    Row,
    assessment_row,
    client_points,
    prospect_points,
    signals,
)
from bench.generate_words import (
    checkin_note,
    company,
    evidence_note,
    outcome_note,
    person,
    pick_language,
    screen_note,
    share_label,
)
from scoring import Kind, Stage, Verdict
from scoring.limits import DEAL_VALUE_MAX
from scoring.sharing import EXPIRY_CHOICES, hash_token

PROSPECT_SHARE = 0.2
PROSPECT_SCREENS = ((1, 2, 3), (65, 25, 10))
NEW_CLIENT_SHARE = 0.05  # signed lately: a baseline and up to two check-ins
LONG_SHARE = 0.03
LONG_HISTORY = (60, 108)
RESCREENED_SHARE = 0.1  # screened twice before signing; the later screen is the baseline
INTERVAL_DAYS = (20, 45)
GAP_SHARE = 0.06
GAP_DAYS = (60, 180)
DUPLICATE_SHARE = 0.03
EVIDENCE_SHARE = 0.3
SHARED_SHARE = 0.12
REVOKED_SHARE = 0.15
#: 1,600 clients x 30 = 48,000 invoices: the volume of a team's 2,000 clients billed for two years.
INVOICES_PER_CLIENT = 30
MONTH = dt.timedelta(days=30)
#: How clients pay: on time, sloppily, slower and slower, or not at all any more (the last
#: invoices left open).
PAYERS = (("prompt", 0.6), ("sloppy", 0.22), ("slowing", 0.1), ("stopped", 0.08))
PAYER_NAMES = [name for name, _ in PAYERS]
PAYER_WEIGHTS = [share for _, share in PAYERS]
PART_SHARE = 0.05  # of the late invoices of a sloppy or slowing payer: paid in part first
TERMS = ((14, 30, 45, 60), (2, 6, 1, 1))
CURRENCIES = (("EUR", "GBP", "USD"), (85, 10, 5))
HOURS_SHARE = 0.9  # of the clients under contract: planned hours a week said


@dataclass
class RealisticPlan(Plan):
    """A `Plan` with money: each account's invoices (rows of the `invoices` table, each with its
    `payments` rows under that key), in the accounts' order; none for a prospect."""

    invoices: list[list[Row]] = field(default_factory=list)


def share_token(seed: int, account: int, link: int = 0) -> str:
    """The token of the `link`-th share link of account number `account` (from 1, in insertion
    order): 43 URL-safe characters, as `scoring.sharing.new_token` makes, but from the seed."""
    digest = hashlib.sha256(f"thinslice-bench:{seed}:{account}:{link}".encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _days(low_high: tuple[int, int], rng: random.Random) -> dt.timedelta:
    return dt.timedelta(days=rng.randint(*low_high))


def _at(rng: random.Random) -> dt.time:
    return dt.time(rng.randint(7, 21), rng.randint(0, 59))


def client_lengths(rng: random.Random, clients: int, budget: int, first: int) -> list[int]:
    """Assessments per client, the first one's `first`, summing to `budget` whenever a client
    can have one or more: a few new, a few long, the rest around the average that is left."""
    if clients == 0:
        return []
    rest = clients - 1
    new = [rng.randint(1, 3) for _ in range(round(rest * NEW_CLIENT_SHARE))]
    long = [rng.randint(*LONG_HISTORY) for _ in range(max(round(rest * LONG_SHARE), 1 if rest >= 2 else 0))]
    regular = rest - len(new) - len(long)
    left = budget - first - sum(new) - sum(long)
    while long and left < 2 * regular:  # too small a budget for long histories
        left += long.pop()
        regular += 1
    mean = left / regular if regular else 0.0
    low = 2 if mean >= 2 else 1
    lengths = [rng.randint(max(low, round(mean * 0.4)), max(low, round(mean * 1.6))) for _ in range(regular)]
    diff = left - sum(lengths)
    while diff != 0 and (diff > 0 or sum(lengths) > low * regular):
        index = rng.randrange(regular)
        if diff > 0:
            lengths[index] += 1
            diff -= 1
        elif lengths[index] > low:
            lengths[index] -= 1
            diff += 1
    rest_lengths = new + long + lengths
    rng.shuffle(rest_lengths)
    return [first, *rest_lengths]


def _checkin_days(rng: random.Random, count: int, last: dt.date) -> list[dt.date]:
    """`count` check-in days ending on `last`, oldest first, irregularly spaced."""
    days = [last]
    for _ in range(count - 1):
        gap = GAP_DAYS if rng.random() < GAP_SHARE else INTERVAL_DAYS
        days.append(days[-1] - _days(gap, rng))
    return days[::-1]


def _client(rng: random.Random, tag: str, length: int, today: dt.date, first: bool) -> tuple[Row, list[Row]]:
    story = rng.choices(STORY_NAMES, weights=STORY_WEIGHTS)[0]
    ended = not first and rng.random() < ENDED_SHARE
    screens = 2 if not first and length >= 3 and rng.random() < RESCREENED_SHARE else 1
    checkins = length - screens
    if ended:
        last = today - _days((30, 400), rng)
    elif story == "stale":
        last = today - _days((60, 240), rng)
    else:
        last = today - _days((0, 25), rng)
    days = _checkin_days(rng, checkins, last) if checkins else []
    baseline_on = days[0] - _days((14, 60), rng) if days else last
    signed_on = baseline_on + dt.timedelta(
        days=rng.randint(0, min(10, ((days[0] if days else today) - baseline_on).days))
    )
    points = client_points(rng, story, 1 + checkins)
    rows: list[Row] = []
    if screens == 2:
        earlier = [max(p - rng.choice((0, 0, 1)), 0) for p in points[0]]
        rows.append(
            assessment_row(
                Kind.SCREEN, baseline_on - _days((7, 90), rng), earlier, f"{tag}:s", _at(rng),
                gut=rng.choice(list(Verdict)).value, note=screen_note(rng),
            )
        )  # fmt: skip
    gut = Verdict.HELL_YES if rng.random() < 0.85 else Verdict.HELL_NO
    rows.append(
        assessment_row(
            Kind.SCREEN, baseline_on, points[0], f"{tag}:0", _at(rng), gut=gut.value, note=screen_note(rng)
        )
    )
    rows += [
        assessment_row(
            Kind.CHECKIN,
            day,
            points[m],
            f"{tag}:{m}",
            _at(rng),
            note=checkin_note(rng),
            **signals(rng, points[m]),
        )
        for m, day in enumerate(days, start=1)
    ]
    ended_on = min(max(last + _days((1, 20), rng), signed_on), today) if ended else None
    account = {
        "stage": Stage.CLIENT.value,
        "signed_on": signed_on,
        "ended_on": ended_on,
        "outcome": rng.choice(OUTCOMES).value if ended else None,
        "outcome_note": outcome_note(rng) if ended else "",
    }
    return account, rows


def _prospect(rng: random.Random, tag: str, screens: int, today: dt.date) -> tuple[Row, list[Row]]:
    day = today - dt.timedelta(days=int(rng.triangular(0, 720, 20)))
    rows = []
    for s in range(screens):
        rows.append(
            assessment_row(
                Kind.SCREEN, day, prospect_points(rng), f"{tag}:{s}", _at(rng),
                gut=rng.choice(list(Verdict)).value, note=screen_note(rng),
            )
        )  # fmt: skip
        day = min(day + _days((7, 90), rng), today)
    account = {"stage": Stage.PROSPECT.value, "signed_on": None, "ended_on": None, "outcome": None}
    return account | {"outcome_note": ""}, rows


def _evidence(rng: random.Random, tag: str, account: Row, checkins: int, today: dt.date) -> list[Row]:
    """The paper trail of a client: dated notes between signing and the end (or today)."""
    start: dt.date = account["signed_on"]
    end: dt.date = account["ended_on"] or today
    span = max((end - start).days, 0)
    days = sorted(
        start + dt.timedelta(days=rng.randint(0, span)) for _ in range(rng.randint(1, 3 + checkins // 8))
    )
    return [
        {
            "noted_on": day,
            "text": evidence_note(rng),
            "idempotency_key": f"{tag}:e{n}",
            "created_at": dt.datetime.combine(day, _at(rng), tzinfo=dt.UTC),
        }
        for n, day in enumerate(days)
    ]


def _shares(rng: random.Random, seed: int, number: int, since: dt.date, today: dt.date) -> list[Row]:
    """One to three links made since `since`, each live, expired or withdrawn as time made it."""
    rows = []
    span = max((today - since).days, 0)
    for link in range(rng.randint(1, 3)):
        made = since + dt.timedelta(days=rng.randint(0, span))
        created = dt.datetime.combine(made, _at(rng), tzinfo=dt.UTC)
        days = rng.choice(list(EXPIRY_CHOICES.values()))
        revoked = None
        if made < today and rng.random() < REVOKED_SHARE:
            revoked_on = min(made + _days((1, 60), rng), today)
            revoked = dt.datetime.combine(revoked_on, _at(rng), tzinfo=dt.UTC)
        rows.append(
            _share_row(seed, number, link, created, days, revoked, rng.random() < 0.3, share_label(rng))
        )
    return rows


def _share_row(
    seed: int,
    number: int,
    link: int,
    created: dt.datetime,
    days: int | None,
    revoked: dt.datetime | None,
    include_notes: bool,
    label: str,
) -> Row:
    """A share_links row as storage.shares.ShareLinks.create_share writes it: the token's hash only."""
    return {
        "token_hash": hash_token(share_token(seed, number, link)),
        "created_at": created,
        "expires_at": None if days is None else created + dt.timedelta(days=days),
        "revoked_at": revoked,
        "include_notes": include_notes,
        "label": label,
    }


def _deal_value(rng: random.Random, stage: str) -> float | None:
    if rng.random() < (0.1 if stage == Stage.PROSPECT.value else 0.03):
        return None
    return float(min(max(round(rng.lognormvariate(9.8, 0.9) / 500) * 500, 500), DEAL_VALUE_MAX))


def plan_realistic(
    rng: random.Random,
    accounts: int,
    checkins: int,
    today: dt.date,
    seed: int,
    *,
    prospect_share: float = PROSPECT_SHARE,
    extra_prospects: int = 0,
) -> Plan:
    """`accounts` accounts with `accounts × checkins` assessments in all (see the module), then
    `extra_prospects` more prospects on top."""
    prospects = min(math.ceil(accounts * prospect_share), max(accounts - 1, 0))
    kinds = [Stage.PROSPECT] * prospects + [Stage.CLIENT] * (accounts - prospects - 1)
    rng.shuffle(kinds)
    kinds = ([Stage.CLIENT] if accounts else []) + kinds + [Stage.PROSPECT] * extra_prospects
    screens = [rng.choices(*PROSPECT_SCREENS)[0] for _ in range(prospects + extra_prospects)]
    budget = accounts * checkins - sum(screens[:prospects])
    lengths = iter(client_lengths(rng, accounts - prospects, budget, checkins))
    screen_counts = iter(screens)
    plan = RealisticPlan()
    named: list[tuple[str, str]] = []
    for number, stage in enumerate(kinds, start=1):
        tag = f"bench:{seed}:{number:05d}"
        if stage is Stage.CLIENT:
            account, rows = _client(rng, tag, next(lengths), today, first=number == 1)
        else:
            account, rows = _prospect(rng, tag, next(screen_counts), today)
        if named and rng.random() < DUPLICATE_SHARE:
            name, firm = rng.choice(named)
            firm = firm if rng.random() < 0.5 else company(rng, pick_language(rng))
        else:
            language = pick_language(rng)
            name, firm = person(rng, language), company(rng, language)
        named.append((name, firm))
        evidence = []
        if stage is Stage.CLIENT and rng.random() < EVIDENCE_SHARE:
            evidence = _evidence(rng, tag, account, len(rows), today)
        shares = []
        if number == 1:
            made = dt.datetime.combine(today - _days((1, 20), rng), _at(rng), tzinfo=dt.UTC)
            shares = [_share_row(seed, number, 0, made, None, None, True, "")]
        elif rng.random() < SHARED_SHARE:
            shares = _shares(rng, seed, number, rows[0]["taken_on"], today)
        updated = rows[-1]["created_at"]
        if account["ended_on"] is not None:
            updated = max(updated, dt.datetime.combine(account["ended_on"], dt.time(17), tzinfo=dt.UTC))
        account |= {
            "name": name,
            "company": firm,
            "deal_value": _deal_value(rng, account["stage"]),
            "created_at": dt.datetime.combine(rows[0]["taken_on"], dt.time(8), tzinfo=dt.UTC),
            "updated_at": updated,
        }
        plan.add(account, rows, evidence, shares)
    money = money_rng(seed)
    for number, account in enumerate(plan.accounts, start=1):
        client = account["stage"] == Stage.CLIENT.value
        plan.invoices.append(_invoices(money, number, account, today) if client else [])
        under_contract = client and account["ended_on"] is None
        hours = round(money.triangular(0.5, 16, 4) * 2) / 2 if money.random() < HOURS_SHARE else None
        account["weekly_hours"] = hours if under_contract else None
    return plan


def money_rng(seed: int) -> random.Random:
    """The generator of invoices and hours: its own, so that adding them changed no other row."""
    return random.Random(f"thinslice-bench-money:{seed}")


def _invoices(rng: random.Random, number: int, account: Row, today: dt.date) -> list[Row]:
    """A client's `INVOICES_PER_CLIENT` monthly invoices up to the end (or last month), paid as its
    kind of payer pays; payments after `today` are not made yet. The volume of a team: a client
    signed since is billed before its signing too."""
    signed: dt.date = account["signed_on"]
    end: dt.date = account["ended_on"] or today
    last = max(end - dt.timedelta(days=rng.randint(0, 29)), signed)
    count = INVOICES_PER_CLIENT
    payer = rng.choices(PAYER_NAMES, weights=PAYER_WEIGHTS)[0]
    terms = dt.timedelta(days=rng.choices(*TERMS)[0])
    currency = rng.choices(*CURRENCIES)[0]
    monthly = max((account["deal_value"] or 12_000.0) / 12, 150.0)
    slide = rng.randint(4, 7)  # a slowing payer's last invoices, each later than the one before
    gone = rng.randint(1, 3)  # a stopped payer's last invoices, left open
    late_by = 0
    rows = []
    for k in range(count):
        issued = last - MONTH * (count - 1 - k)
        due = issued + terms
        amount = round(monthly * rng.uniform(0.8, 1.2) / 10) * 10
        left = count - k
        late: int | None
        if payer == "prompt":
            late = 0 if rng.random() < 0.85 else rng.randint(1, 7)
        elif payer == "sloppy":
            late = rng.randint(0, 20)
        elif payer == "slowing" and left <= slide:
            late_by += rng.randint(4, 12)
            late = late_by
        elif payer == "stopped" and left <= gone:
            late = None
        else:
            late = 0 if rng.random() < 0.7 else rng.randint(1, 10)
        paid: list[tuple[dt.date, int]] = []
        if late is not None and late > 0 and payer in ("sloppy", "slowing") and rng.random() < PART_SHARE:
            part = round(amount * rng.uniform(0.5, 0.9))
            rest = late + rng.randint(10, 40)
            paid = [(due + dt.timedelta(days=late), part), (due + dt.timedelta(days=rest), amount - part)]
        elif late is not None:
            paid = [(due + dt.timedelta(days=late), amount)]
        rows.append(
            {
                "number": f"B{number:05d}-{k + 1:02d}",
                "issued_on": issued,
                "due_on": due,
                "amount_e4": amount * 10_000,
                "currency": currency,
                "created_at": dt.datetime.combine(issued, dt.time(9), tzinfo=dt.UTC),
                "payments": [
                    {"paid_on": day, "amount_e4": value * 10_000} for day, value in paid if day <= today
                ],
            }
        )
    return rows
