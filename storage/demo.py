"""Example prospects for `python cli.py demo`, so a new install has something to look at.

An empty app explains nothing. These twelve screens fill every list with realistic
cases: five clear hell yeses, and hell noes for different reasons (a price fighter,
a hardball negotiator, a checked-out champion, a knockout on respect, a business
going south, a scope creeper). Two sit on the edge of the threshold, one at exactly
80 (hell yes) and one at 77.5 (hell no), and four gut calls disagree with the rubric,
so the gut-versus-rubric view has something to show.

The examples are data, not code: a module-level tuple of small frozen dataclasses.
A later issue can add signed clients with check-in history as another tuple beside
this one, without touching the loader of these.

Loading is idempotent. Each screen is stored under a fixed key
(`demo:<slug>:screen:1`), so running the demo twice, or two people running it at
once, finds the rows already stored instead of adding them again. Check-ins of a
later demo client fit the same scheme (`demo:<slug>:checkin:<n>`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from scoring import AccountDraft, Answer, Assessment, Kind, Verdict, check_answers, default_rubric
from storage import open_repository

HN, N, U, Y, HY = Answer.HELL_NO, Answer.NO, Answer.UNSURE, Answer.YES, Answer.HELL_YES


def _answers(
    *,
    negotiation_tone: Answer,
    price_pushback: Answer,
    champion: Answer,
    responsiveness: Answer,
    payment: Answer,
    scope: Answer,
    style_fit: Answer,
    respect: Answer,
    work_joy: Answer,
    business_health: Answer,
) -> tuple[tuple[str, Answer], ...]:
    """One answer per dimension of the default rubric, by name, so none can be left out."""
    return tuple(
        {
            "negotiation_tone": negotiation_tone,
            "price_pushback": price_pushback,
            "champion": champion,
            "responsiveness": responsiveness,
            "payment": payment,
            "scope": scope,
            "style_fit": style_fit,
            "respect": respect,
            "work_joy": work_joy,
            "business_health": business_health,
        }.items()
    )


@dataclass(frozen=True, slots=True)
class DemoProspect:
    """One example prospect and its screen. `days_ago` places the screen before `today`."""

    slug: str
    name: str
    company: str
    deal_value: float
    gut: Verdict
    days_ago: int
    note: str
    answers: tuple[tuple[str, Answer], ...]

    @property
    def key(self) -> str:
        return f"demo:{self.slug}:screen:1"

    def draft(self) -> AccountDraft:
        return AccountDraft(name=self.name, company=self.company, deal_value=self.deal_value)

    def answer_map(self) -> dict[str, Answer]:
        return dict(self.answers)


# Oldest screen first. Scores on the default rubric are in the comments (each step is 2.5 points).
DEMO_PROSPECTS: tuple[DemoProspect, ...] = (
    # Price fighter: price respect on the floor. 62.5, hell no.
    DemoProspect(
        slug="van-leeuwen",
        name="Dirk van Leeuwen",
        company="Van Leeuwen Installatietechniek",
        deal_value=6_000.0,
        gut=Verdict.HELL_NO,
        days_ago=88,
        note=(
            "Asked for a 30% discount in the first call and wanted every hour itemised before "
            "agreeing to anything."
        ),
        answers=_answers(
            negotiation_tone=Y,
            price_pushback=HN,
            champion=Y,
            responsiveness=Y,
            payment=U,
            scope=Y,
            style_fit=Y,
            respect=Y,
            work_joy=U,
            business_health=Y,
        ),
    ),
    # Clear hell yes. 90.
    DemoProspect(
        slug="lindeboom",
        name="Sanne de Vries",
        company="Lindeboom Bakkerijen",
        deal_value=18_500.0,
        gut=Verdict.HELL_YES,
        days_ago=83,
        note=(
            "The founder came to the first meeting herself and signed off the brief on the spot. "
            "Net 30, no haggling."
        ),
        answers=_answers(
            negotiation_tone=HY,
            price_pushback=HY,
            champion=HY,
            responsiveness=Y,
            payment=HY,
            scope=Y,
            style_fit=HY,
            respect=HY,
            work_joy=Y,
            business_health=Y,
        ),
    ),
    # Hardball negotiator: adversarial before the table. 57.5, hell no.
    DemoProspect(
        slug="bellini",
        name="Marco Bellini",
        company="Bellini Logistica S.r.l.",
        deal_value=55_000.0,
        gut=Verdict.HELL_NO,
        days_ago=76,
        note=(
            "Sent a redlined contract full of penalty clauses before we had even met, and insisted on net 90."
        ),
        answers=_answers(
            negotiation_tone=HN,
            price_pushback=N,
            champion=HY,
            responsiveness=Y,
            payment=N,
            scope=Y,
            style_fit=Y,
            respect=U,
            work_joy=Y,
            business_health=Y,
        ),
    ),
    # Clear hell yes. 87.5.
    DemoProspect(
        slug="weiss-soehne",
        name="Jürgen Weiß",
        company="Weiß & Söhne Maschinenbau",
        deal_value=42_000.0,
        gut=Verdict.HELL_YES,
        days_ago=69,
        note=(
            "Third-generation family firm. The owner joined the call and proposed net 30 before I "
            "raised payment."
        ),
        answers=_answers(
            negotiation_tone=Y,
            price_pushback=Y,
            champion=HY,
            responsiveness=HY,
            payment=HY,
            scope=Y,
            style_fit=Y,
            respect=HY,
            work_joy=Y,
            business_health=HY,
        ),
    ),
    # Checked-out champion: a part-time CEO and nobody else who decides. 62.5, hell no.
    DemoProspect(
        slug="fjordbyte",
        name="Lars Eriksson",
        company="Fjordbyte AB",
        deal_value=21_000.0,
        gut=Verdict.HELL_NO,
        days_ago=61,
        note=(
            "The CEO works on this part-time and skipped our kickoff. Two emails about the brief "
            "sat unanswered for a week."
        ),
        answers=_answers(
            negotiation_tone=Y,
            price_pushback=Y,
            champion=N,
            responsiveness=N,
            payment=U,
            scope=Y,
            style_fit=Y,
            respect=Y,
            work_joy=HY,
            business_health=U,
        ),
    ),
    # Clear hell yes. 85.
    DemoProspect(
        slug="monsoon",
        name="Priya Raman",
        company="Monsoon Analytics Ltd",
        deal_value=24_000.0,
        gut=Verdict.HELL_YES,
        days_ago=54,
        note=(
            "Tight brief with two revision rounds already written in. Wants exactly the "
            "dashboards we do best."
        ),
        answers=_answers(
            negotiation_tone=HY,
            price_pushback=Y,
            champion=Y,
            responsiveness=Y,
            payment=Y,
            scope=HY,
            style_fit=HY,
            respect=HY,
            work_joy=Y,
            business_health=Y,
        ),
    ),
    # Knockout: otherwise excellent (90), but respect is a no. Gut said yes. Hell no.
    DemoProspect(
        slug="ashford-crane",
        name="Victoria Ashford",
        company="Ashford & Crane Capital",
        deal_value=65_000.0,
        gut=Verdict.HELL_YES,
        days_ago=46,
        note=(
            "Big budget and a fun brief, but asked us to post fake customer reviews, then rang at 4 pm "
            "on a Saturday wanting it live by Monday."
        ),
        answers=_answers(
            negotiation_tone=HY,
            price_pushback=HY,
            champion=HY,
            responsiveness=HY,
            payment=HY,
            scope=Y,
            style_fit=HY,
            respect=N,
            work_joy=HY,
            business_health=HY,
        ),
    ),
    # Going south: leadership gone, industry shock. Gut loved the growth story. 62.5, hell no.
    DemoProspect(
        slug="voltaic",
        name="Tomás Ribeiro",
        company="Voltaic Mobility",
        deal_value=30_000.0,
        gut=Verdict.HELL_YES,
        days_ago=39,
        note=(
            "Looked like a rocket ship last year. Since then the founder has left, their market lost its "
            "subsidy and the previous agency is still chasing an unpaid invoice."
        ),
        answers=_answers(
            negotiation_tone=Y,
            price_pushback=Y,
            champion=U,
            responsiveness=N,
            payment=U,
            scope=Y,
            style_fit=HY,
            respect=Y,
            work_joy=HY,
            business_health=HN,
        ),
    ),
    # Scope creeper: no limit on rounds or extras. 67.5, hell no.
    DemoProspect(
        slug="tulpenveld",
        name="Zoë Bakker",
        company="Tulpenveld Events",
        deal_value=8_000.0,
        gut=Verdict.HELL_NO,
        days_ago=30,
        note=(
            "Wants unlimited revisions and “a few quick extras” in every reply, and would not agree "
            "to a fixed number of proof rounds."
        ),
        answers=_answers(
            negotiation_tone=HY,
            price_pushback=Y,
            champion=Y,
            responsiveness=Y,
            payment=Y,
            scope=HN,
            style_fit=Y,
            respect=Y,
            work_joy=U,
            business_health=Y,
        ),
    ),
    # Borderline: nothing wrong, not enough right. 77.5 just misses. Gut said yes. Hell no.
    DemoProspect(
        slug="atelier-moreau",
        name="Camille Moreau",
        company="Atelier Moreau",
        deal_value=15_000.0,
        gut=Verdict.HELL_YES,
        days_ago=21,
        note=(
            "Friendly and keen, but they want a look we rarely do and the budget is not signed off yet. "
            "Nothing wrong, nothing great."
        ),
        answers=_answers(
            negotiation_tone=Y,
            price_pushback=Y,
            champion=HY,
            responsiveness=Y,
            payment=Y,
            scope=Y,
            style_fit=U,
            respect=Y,
            work_joy=Y,
            business_health=HY,
        ),
    ),
    # Clear hell yes. 97.5.
    DemoProspect(
        slug="harbour-lane",
        name="Thomas Okafor",
        company="Harbour Lane Architects",
        deal_value=9_500.0,
        gut=Verdict.HELL_YES,
        days_ago=12,
        note="Referred by a happy client. Accepted the quote as sent and asked when we could start.",
        answers=_answers(
            negotiation_tone=HY,
            price_pushback=HY,
            champion=HY,
            responsiveness=HY,
            payment=HY,
            scope=Y,
            style_fit=HY,
            respect=HY,
            work_joy=HY,
            business_health=HY,
        ),
    ),
    # Exactly on the threshold: 80 is a hell yes. Gut said no.
    DemoProspect(
        slug="polderpost",
        name="Marieke Jansen",
        company="Polderpost Media",
        deal_value=12_000.0,
        gut=Verdict.HELL_NO,
        days_ago=4,
        note=(
            "Quiet and hard to read on the first call, so my gut said no. Yet every question came back "
            "within a day and the terms were agreed without fuss."
        ),
        answers=_answers(
            negotiation_tone=Y,
            price_pushback=Y,
            champion=Y,
            responsiveness=HY,
            payment=Y,
            scope=Y,
            style_fit=Y,
            respect=HY,
            work_joy=Y,
            business_health=Y,
        ),
    ),
)


def load_demo(url: str | None = None, today: dt.date | None = None) -> int:
    """Store every example prospect that is not stored yet; return how many accounts were added.

    Screens are dated relative to `today` (default: the real today), so the demo
    always looks recent. A prospect already loaded is found by its key and left as is.
    """
    today = today or dt.date.today()
    rubric = default_rubric()
    repo = open_repository(url)
    before = repo.count_accounts()
    for prospect in DEMO_PROSPECTS:
        assessment = Assessment(
            kind=Kind.SCREEN,
            taken_on=today - dt.timedelta(days=prospect.days_ago),
            gut=prospect.gut,
            answers=check_answers(rubric, prospect.answer_map()),
            note=prospect.note,
            rubric_key=rubric.key,
            rubric_version=rubric.version,
        )
        repo.screen_prospect(prospect.draft(), assessment, prospect.key)
    return max(0, repo.count_accounts() - before)
