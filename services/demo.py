"""Example prospects and clients for `python cli.py demo`, so a new install has something to look at.

An empty app explains nothing. Twelve prospect screens fill every list with realistic
cases: five clear hell yeses, and hell noes for different reasons (a price fighter,
a hardball negotiator, a checked-out champion, a knockout on respect, a business
going south, a scope creeper). Two sit on the edge of the threshold, one at exactly
80 (hell yes) and one at 77.5 (hell no), and four gut calls disagree with the rubric,
so the gut-versus-rubric view has something to show.

Thirteen signed clients then give the "over time" views a history of one to two
years: a baseline screen, the signing a few days later, a check-in about every
month with the signals of that period, and dated evidence notes for the ones that
went wrong. Each tells one story: a company going south, a champion who checked
out, a scope creeper, a late payer, an abusive client, work you came to hate, a
style that stopped fitting, three clients who stay a hell yes, one that is a hell
yes nobody has checked on for two months, one that went bust and one that ended
well.

The examples are data, not code: module-level tuples of small frozen dataclasses.
A check-in lists only what happened that period (its signals) and what the person
decided differently (`judged`); its answers are the previous answers, then the
suggestions of the signals (`scoring.signals.suggest`), then the judgement, so a
story reads as a list of events, not as ten answers a month.

Loading is idempotent. Every row is stored under a fixed key (`demo:<slug>:screen:1`
for a screen or a client's baseline, `demo:<slug>:checkin:<n>` and
`demo:<slug>:evidence:<n>` for a client's history), so running the demo twice, or
two people running it at once, finds the rows already stored instead of adding
them again. Dates are relative to the day of loading, so the demo always looks recent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from scoring import (
    AccountDraft,
    Answer,
    Assessment,
    Kind,
    Outcome,
    Rubric,
    Signals,
    Verdict,
    check_answers,
    default_rubric,
)
from scoring.signals import suggest
from storage import Repository, open_repository

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


# -- signed clients and their history ------------------------------------------------------------

Answers = tuple[tuple[str, Answer], ...]


@dataclass(frozen=True, slots=True)
class DemoCheckin:
    """One check-in: the facts of the period, and the answers the person chose by judgement.

    `judged` holds answers that differ from what the period would otherwise give: a
    change in a dimension no signal covers (work you want, style fit), or a human
    override of a signal's suggestion. Every other answer carries over from the
    previous check-in, or follows the signals.
    """

    days_ago: int
    signals: Signals
    judged: Answers = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class DemoNote:
    """A dated evidence note for the paper trail."""

    days_ago: int
    text: str


@dataclass(frozen=True, slots=True)
class DemoEnding:
    """How and when a relationship ended."""

    days_ago: int
    outcome: Outcome
    note: str


@dataclass(frozen=True, slots=True)
class DemoClient:
    """A client signed `signed_after` days after its baseline screen, `started_days_ago` before today."""

    slug: str
    name: str
    company: str
    deal_value: float
    story: str
    started_days_ago: int
    note: str
    answers: Answers
    checkins: tuple[DemoCheckin, ...]
    evidence: tuple[DemoNote, ...] = ()
    ending: DemoEnding | None = None
    gut: Verdict = Verdict.HELL_YES
    signed_after: int = 6

    @property
    def key(self) -> str:
        return f"demo:{self.slug}:screen:1"

    def checkin_key(self, number: int) -> str:
        return f"demo:{self.slug}:checkin:{number}"

    def evidence_key(self, number: int) -> str:
        return f"demo:{self.slug}:evidence:{number}"

    @property
    def signed_days_ago(self) -> int:
        return self.started_days_ago - self.signed_after

    def draft(self) -> AccountDraft:
        return AccountDraft(name=self.name, company=self.company, deal_value=self.deal_value)

    def answer_map(self) -> dict[str, Answer]:
        return dict(self.answers)

    def history(self) -> list[tuple[DemoCheckin, dict[str, Answer], dict[str, Answer]]]:
        """Each check-in, oldest first, with its final answers and the answers its signals suggested."""
        previous = self.answer_map()
        result = []
        for checkin in self.checkins:
            suggested = {key: s.answer for key, s in suggest(checkin.signals).items()}
            answers = {**previous, **suggested, **dict(checkin.judged)}
            result.append((checkin, answers, suggested))
            previous = answers
        return result


def _checkin(
    days_ago: int,
    note: str = "",
    *,
    late: int | None = 0,
    extras: int | None = 0,
    missed: int | None = 0,
    after_hours: int | None = 0,
    new_leader: bool | None = False,
    **judged: Answer,
) -> DemoCheckin:
    """A check-in in story terms: days the invoice is late, out-of-scope extras, meetings the
    decision maker missed, after-hours demands, a leadership change; then any answer by judgement."""
    return DemoCheckin(
        days_ago=days_ago,
        signals=Signals(
            invoice_days_late=late,
            out_of_scope_requests=extras,
            missed_meetings=missed,
            after_hours_demands=after_hours,
            leadership_change=new_leader,
        ),
        judged=tuple(judged.items()),
        note=note,
    )


def _steady(
    days_ago: Iterable[int],
    *,
    late: tuple[int | None, ...] = (0,),
    extras: tuple[int | None, ...] = (0,),
    after_hours: tuple[int, ...] = (0,),
) -> tuple[DemoCheckin, ...]:
    """Routine months: the small ups and downs of a working relationship, repeated in turn."""
    return tuple(
        _checkin(
            day,
            late=late[i % len(late)],
            extras=extras[i % len(extras)],
            after_hours=after_hours[i % len(after_hours)],
        )
        for i, day in enumerate(days_ago)
    )


# Oldest start first. Statuses are as of the day of loading (see tests/storage/test_demo.py).
DEMO_CLIENTS: tuple[DemoClient, ...] = (
    # Going south: a new owner, a new managing director who stops coming to reviews, invoices
    # paid later and later, and a bank that freezes the credit line. Let go, business going south.
    DemoClient(
        slug="visser-tuinmeubelen",
        name="Annelies de Graaf",
        company="Visser Tuinmeubelen B.V.",
        deal_value=36_000.0,
        story="A family firm sold to an investor; the new director stops turning up and payments slow down.",
        started_days_ago=610,
        signed_after=7,
        note="Marketing lead of a family firm with forty years of history. The founder sat in on the pitch.",
        answers=_answers(
            negotiation_tone=Y,
            price_pushback=Y,
            champion=HY,
            responsiveness=Y,
            payment=HY,
            scope=Y,
            style_fit=HY,
            respect=HY,
            work_joy=Y,
            business_health=HY,
        ),
        checkins=(
            *_steady(range(573, 230, -30), late=(0, 0, 5, 0, 3), extras=(0, 1, 0)),
            _checkin(
                213,
                "The founder sold a majority stake; a managing director from the investor starts next month.",
                new_leader=True,
            ),
            _checkin(182, "New director skipped the kickoff of the autumn range.", late=9, missed=1),
            _checkin(
                152,
                "They lost their biggest garden-centre chain as a customer.",
                late=22,
                missed=1,
                responsiveness=U,
                business_health=N,
            ),
            _checkin(
                121,
                "Finance manager left too. Worse than 'unsure': I mark the business a no.",
                late=38,
                missed=2,
                new_leader=True,
                responsiveness=N,
                business_health=N,
            ),
            _checkin(90, late=44, missed=2, price_pushback=U),
            _checkin(59, "Credit line frozen, says their warehouse.", late=51, missed=2, business_health=HN),
            _checkin(28, late=57, missed=2),
        ),
        evidence=(
            DemoNote(
                213,
                "Founder announced the sale of a majority stake; a new managing director starts next month.",
            ),
            DemoNote(
                121,
                "Spring catalogue invoice paid 38 days late, after two reminders. "
                "Their finance manager has left.",
            ),
            DemoNote(
                90,
                "The new director missed the quarterly review for the second time "
                "and sent an intern instead.",
            ),
            DemoNote(
                59,
                "Their warehouse manager told me the bank has frozen the credit line. "
                "Asked for both open invoices to be paid before we start on the autumn range.",
            ),
        ),
    ),
    # Checked out: the founder who hired us went part-time to start something new, and nobody
    # else can approve anything. Watch, checked-out champion.
    DemoClient(
        slug="brightwater",
        name="Ryan Gallagher",
        company="Brightwater Apps Ltd",
        deal_value=28_000.0,
        story="The founder who hired us now works here two days a week; mails and deadlines go unanswered.",
        started_days_ago=430,
        signed_after=4,
        note="Founder and CEO, hands-on and quick. Signed the proposal within two days.",
        answers=_answers(
            negotiation_tone=HY,
            price_pushback=Y,
            champion=HY,
            responsiveness=HY,
            payment=Y,
            scope=Y,
            style_fit=HY,
            respect=HY,
            work_joy=HY,
            business_health=Y,
        ),
        checkins=(
            *_steady(range(396, 100, -30), late=(0, 7, 0, 2), extras=(0, 0, 1)),
            _checkin(96, "Ryan missed the roadmap meeting; sent apologies an hour later.", missed=1),
            _checkin(66, missed=1, responsiveness=U),
            _checkin(37, "Ryan now spends two days a week here.", missed=2, responsiveness=N),
            _checkin(8, "Release slipped two weeks waiting for his sign-off.", missed=3),
        ),
        evidence=(
            DemoNote(66, "Sent the launch plan on the 3rd and a reminder on the 10th; no reply to either."),
            DemoNote(
                37,
                "Ryan told me he now works on Brightwater two days a week; his new start-up takes the rest. "
                "Nobody else can approve designs.",
            ),
            DemoNote(
                8, "Third sprint review in a row without Ryan. The release slipped two weeks waiting for him."
            ),
        ),
    ),
    # Scope creep: one more proof, one more colour, a whole product line "while you're at it".
    # The scope talk helped for a month. Let go, scope creep.
    DemoClient(
        slug="bursztyn",
        name="Małgorzata Kowalczyk",
        company="Bursztyn Cosmetics Sp. z o.o.",
        deal_value=22_000.0,
        story="Each reply brings another proof or colour; a scope talk holds for a month, then it resumes.",
        started_days_ago=500,
        note="Packaging for an amber skincare line. Two proof rounds agreed in the contract.",
        answers=_answers(
            negotiation_tone=HY,
            price_pushback=Y,
            champion=Y,
            responsiveness=HY,
            payment=HY,
            scope=Y,
            style_fit=Y,
            respect=HY,
            work_joy=Y,
            business_health=Y,
        ),
        checkins=(
            *_steady(range(464, 180, -30), late=(0, 3, 0), extras=(0, 1, 0, 0, 1)),
            _checkin(164, "Wanted the lipstick label in three more colours, 'just to compare'.", extras=2),
            _checkin(134, extras=3),
            _checkin(
                104,
                "After the scope talk they paid for two of the extras, so better than the signal says.",
                extras=4,
                scope=U,
            ),
            _checkin(74, extras=5, work_joy=U),
            _checkin(44, extras=6),
            _checkin(14, "A second product line 'while you're at it', at no extra cost.", extras=7),
        ),
        evidence=(
            DemoNote(134, "Fourth round on the spring catalogue cover; the contract covers two."),
            DemoNote(104, "Scope call: agreed that every round beyond two is billed at the day rate."),
            DemoNote(
                44,
                "Six out-of-scope requests this month, each called 'a small tweak'. "
                "None approved as paid extras.",
            ),
            DemoNote(14, "Asked for packaging for a whole second product line at no extra cost."),
        ),
    ),
    # Late payer: net 30 on paper, later every quarter, then part payments. Let go, payment.
    DemoClient(
        slug="mulder-bouw",
        name="Kees Mulder",
        company="Mulder Bouwgroep B.V.",
        deal_value=40_000.0,
        story="Net 30 on paper; invoices slide from a week late to more than two months, then part payments.",
        started_days_ago=545,
        signed_after=5,
        note="Construction group wanting a new site and brochures. Agreed to net 30 without fuss.",
        answers=_answers(
            negotiation_tone=Y,
            price_pushback=Y,
            champion=HY,
            responsiveness=Y,
            payment=Y,
            scope=HY,
            style_fit=Y,
            respect=HY,
            work_joy=HY,
            business_health=Y,
        ),
        checkins=(
            *_steady(range(510, 230, -30), late=(0, 6, 12, 4, 9), extras=(0, 0, 1)),
            _checkin(200, late=18),
            _checkin(170, "Second reminder needed again.", late=26),
            _checkin(140, "Paid the day after I rang, so I call it unsure, not no.", late=33, payment=U),
            _checkin(110, "Part payment without a word of explanation.", late=41, price_pushback=U),
            _checkin(80, late=47),
            _checkin(50, "Work stopped until the open invoices are paid.", late=64),
            _checkin(20, late=78),
        ),
        evidence=(
            DemoNote(140, "Invoice 17 paid 33 days late, and only after a phone call."),
            DemoNote(110, "Paid €2,400 of a €3,000 invoice. No reply to my question about the rest."),
            DemoNote(
                50,
                "Stopped work on the site extension until both open invoices are paid, "
                "as the contract allows.",
            ),
            DemoNote(
                20, "Sent a statement of every invoice date and payment since the start; still no payment."
            ),
        ),
    ),
    # Abusive: weekend emergencies, a request to fake reviews, shouting at the team. Fire now, abusive.
    DemoClient(
        slug="thornton-motors",
        name="Derek Thornton",
        company="Thornton Prestige Motors",
        deal_value=48_000.0,
        story="Weekend emergencies grow into a request to fake reviews and shouting at our designer.",
        started_days_ago=410,
        signed_after=5,
        note="Car dealership group, big budget, decisive owner. A bit brusque on the phone.",
        answers=_answers(
            negotiation_tone=Y,
            price_pushback=HY,
            champion=HY,
            responsiveness=HY,
            payment=HY,
            scope=Y,
            style_fit=Y,
            respect=Y,
            work_joy=Y,
            business_health=HY,
        ),
        checkins=(
            *_steady(range(375, 160, -30), extras=(0, 1), after_hours=(0, 0, 1, 0)),
            _checkin(135, "Two calls on a Sunday about a typo.", after_hours=2),
            _checkin(105, after_hours=1),
            _checkin(75, after_hours=3),
            _checkin(45, "Asked us to fake reviews. Declined.", after_hours=3, work_joy=U),
            _checkin(
                15, "Saturday-afternoon redesign demand, then shouting on Monday's call.", after_hours=5
            ),
        ),
        evidence=(
            DemoNote(135, "Rang twice on a Sunday about a typo in a banner we did not make."),
            DemoNote(
                45,
                "Asked us to write five-star reviews of the showroom under made-up names. "
                "Declined in writing.",
            ),
            DemoNote(
                17,
                "Asked for a full redesign of the used-car pages at 16:00 on Saturday, due Monday at nine.",
            ),
            DemoNote(
                15,
                "Shouted at our designer on the Monday call and called the work rubbish "
                "in front of his team.",
            ),
        ),
    ),
    # Work you hate: a lovely client, paid on time, and the same compliance leaflet every quarter.
    # Still a hell yes on the score, but work you want is three steps down. Watch, hate the work.
    DemoClient(
        slug="carter-finch",
        name="Helen Carter",
        company="Carter & Finch Insurance",
        deal_value=30_000.0,
        story="A kind client who pays on time, and work we dread: the same leaflet every quarter.",
        started_days_ago=455,
        signed_after=5,
        note="Rebrand of a family insurance broker, with a new website to follow. Great people.",
        answers=_answers(
            negotiation_tone=HY,
            price_pushback=HY,
            champion=Y,
            responsiveness=Y,
            payment=HY,
            scope=Y,
            style_fit=Y,
            respect=HY,
            work_joy=HY,
            business_health=HY,
        ),
        checkins=(
            *_steady(range(420, 140, -30), late=(0, 2, 0, 0), extras=(0, 0, 1)),
            _checkin(120, "The rebrand is done; now it is quarterly compliance leaflets.", work_joy=Y),
            _checkin(90),
            _checkin(60, "Dreading the renewal pack again.", work_joy=U),
            _checkin(31, late=3),
            _checkin(3, "Time to talk about handing this over.", work_joy=N),
        ),
        evidence=(
            DemoNote(60, "Put off the renewal pack for a week; it is last quarter's leaflet with new dates."),
            DemoNote(
                3,
                "Turned down a project we would love, to make room for their forms. "
                "Time to talk about a hand-over.",
            ),
        ),
    ),
    # Style mismatch: a new brand director wants a loud, trend-chasing look we do not do.
    # Watch, style mismatch.
    DemoClient(
        slug="tanaka-home",
        name="Yuki Tanaka",
        company="Tanaka Home & Living",
        deal_value=26_000.0,
        story="A new brand director wants neon gradients; our calm, minimal style no longer fits.",
        started_days_ago=395,
        signed_after=5,
        note="Homeware brand that came to us for our quiet, minimal look. Clear brief, fair budget.",
        answers=_answers(
            negotiation_tone=HY,
            price_pushback=Y,
            champion=HY,
            responsiveness=Y,
            payment=HY,
            scope=Y,
            style_fit=HY,
            respect=HY,
            work_joy=HY,
            business_health=Y,
        ),
        checkins=(
            *_steady(range(358, 130, -30), late=(0, 4, 0), extras=(1, 0, 0)),
            _checkin(
                118,
                "A new brand director started. Only marketing changed; sales are up, "
                "so the business is fine.",
                new_leader=True,
                business_health=Y,
            ),
            _checkin(88, "Mood board of neon gradients.", extras=2, style_fit=Y),
            _checkin(58, extras=2, style_fit=U),
            _checkin(28, "Third concept rejected as 'too much like you'.", extras=1, style_fit=N, work_joy=U),
        ),
        evidence=(
            DemoNote(
                88,
                "The new brand director rejected the calm palette the brand was built on "
                "and sent a mood board of neon gradients.",
            ),
            DemoNote(
                28,
                "Third concept in their new direction rejected as 'too much like you'. "
                "We are not the studio for this look.",
            ),
        ),
    ),
    # Healthy for almost two years: pays early, one skipped month in the summer. Hell yes.
    DemoClient(
        slug="gruenwald",
        name="Emma Schneider",
        company="Grünwald Outdoor GmbH",
        deal_value=52_000.0,
        story="Outdoor gear maker; two years of catalogues and campaigns, paid early, a joy to work for.",
        started_days_ago=700,
        signed_after=6,
        note="Head of brand at an outdoor gear maker. Clear brief, fair budget, loves the product.",
        answers=_answers(
            negotiation_tone=HY,
            price_pushback=Y,
            champion=HY,
            responsiveness=HY,
            payment=HY,
            scope=Y,
            style_fit=HY,
            respect=HY,
            work_joy=HY,
            business_health=HY,
        ),
        checkins=(
            *_steady(range(664, 400, -30), late=(0, 0, 3, 0, 0, 11), extras=(0, 1, 0, 2, 0)),
            _checkin(394, "Three days late over a bank holiday; they warned us ahead.", late=3, payment=HY),
            *_steady(range(364, 230, -30), late=(0, 2, 0), extras=(1, 0)),
            # A skipped month: half the team on holiday, no check-in.
            *_steady(range(184, 0, -30), late=(0, 0, 5), extras=(0, 1, 0)),
        ),
    ),
    # Healthy for a year: a Dutch sailing school, quiet winters and busy summers. Hell yes.
    DemoClient(
        slug="noordzee-zeilschool",
        name="Pieter de Boer",
        company="Noordzee Zeilschool",
        deal_value=14_000.0,
        story="A sailing school; bookings site and brochures, seasonal but steady.",
        started_days_ago=385,
        signed_after=5,
        note="Owner of a sailing school. Knew exactly what he wanted and asked what we needed from him.",
        answers=_answers(
            negotiation_tone=HY,
            price_pushback=HY,
            champion=Y,
            responsiveness=Y,
            payment=Y,
            scope=HY,
            style_fit=HY,
            respect=HY,
            work_joy=HY,
            business_health=Y,
        ),
        checkins=_steady(range(350, 0, -30), late=(0, 0, 12, 8, 0), extras=(0, 0, 1, 0)),
    ),
    # Healthy for a year and a half: a boutique hotel group, no invoice in the quiet months. Hell yes.
    DemoClient(
        slug="olivar-hotels",
        name="Lucía Fernández",
        company="Olivar Boutique Hotels S.L.",
        deal_value=33_000.0,
        story="Three boutique hotels in Andalusia; seasonal campaigns, steady payment, open to ideas.",
        started_days_ago=560,
        signed_after=7,
        note="Marketing director, came through a referral. Keen on our style and flexible on dates.",
        answers=_answers(
            negotiation_tone=HY,
            price_pushback=Y,
            champion=HY,
            responsiveness=Y,
            payment=HY,
            scope=Y,
            style_fit=HY,
            respect=HY,
            work_joy=HY,
            business_health=Y,
        ),
        checkins=(
            *_steady(range(523, 300, -30), late=(0, None, 4, 0), extras=(0, 1)),
            _checkin(
                283, "Lucía is on leave; her deputy ran the meeting and did fine.", missed=1, champion=Y
            ),
            *_steady(range(253, 0, -30), late=(0, 2, None, 0), extras=(1, 0, 0)),
        ),
    ),
    # Stale: a happy client nobody has checked on for two months. An old green is not trusted.
    DemoClient(
        slug="onda-azul",
        name="Rafael Oliveira",
        company="Onda Azul Surf Co.",
        deal_value=11_000.0,
        story="A surf school that was a hell yes every month, until the check-ins stopped two months ago.",
        started_days_ago=520,
        signed_after=6,
        note="Founder of a surf school and shop. Relaxed, quick to decide, pays on time.",
        answers=_answers(
            negotiation_tone=HY,
            price_pushback=HY,
            champion=HY,
            responsiveness=Y,
            payment=HY,
            scope=Y,
            style_fit=HY,
            respect=HY,
            work_joy=HY,
            business_health=Y,
        ),
        checkins=_steady(range(480, 59, -30), late=(0, 0, 6), extras=(0, 1, 0)),
    ),
    # Went bust: a solar installer hit by a subsidy cut. The check-ins saw it coming; it ended in
    # insolvency with two invoices unpaid.
    DemoClient(
        slug="brandt-solar",
        name="Oliver Brandt",
        company="Brandt Solartechnik GmbH",
        deal_value=38_000.0,
        story="A solar installer hit by a subsidy cut: slow payments, a new manager, then insolvency.",
        started_days_ago=700,
        signed_after=8,
        note="Fast-growing solar installer. Owner-led, enthusiastic, a full order book.",
        answers=_answers(
            negotiation_tone=HY,
            price_pushback=Y,
            champion=HY,
            responsiveness=HY,
            payment=Y,
            scope=Y,
            style_fit=HY,
            respect=HY,
            work_joy=HY,
            business_health=HY,
        ),
        checkins=(
            *_steady(range(662, 340, -30), late=(0, 3, 0, 8), extras=(0, 1, 0)),
            _checkin(
                332,
                "The feed-in subsidy was cut; orders for next quarter have halved.",
                late=10,
                business_health=U,
            ),
            _checkin(302, late=24, business_health=N),
            _checkin(
                272,
                "A restructuring manager replaced Oliver as managing director. Worse than unsure.",
                late=40,
                new_leader=True,
                business_health=HN,
            ),
            _checkin(242, late=66, missed=2),
        ),
        evidence=(
            DemoNote(
                332, "The government cut the feed-in subsidy; Oliver says next quarter's orders have halved."
            ),
            DemoNote(
                242, "A restructuring manager now signs every payment. Our latest invoice is 66 days overdue."
            ),
        ),
        ending=DemoEnding(
            days_ago=228,
            outcome=Outcome.WENT_BUST,
            note="Filed for insolvency. Two invoices, €7,800 in all, are with the administrator.",
        ),
    ),
    # Completed: a twelve-book cover series, delivered, every check-in a hell yes.
    DemoClient(
        slug="lantern-books",
        name="Grace Lee",
        company="Lantern Books Pte Ltd",
        deal_value=27_000.0,
        story="Twelve covers for a book series, delivered on time; ended with a thank-you and a referral.",
        started_days_ago=620,
        signed_after=6,
        note="Publisher with a clear twelve-book plan, fixed fee per cover, two rounds each.",
        answers=_answers(
            negotiation_tone=HY,
            price_pushback=HY,
            champion=HY,
            responsiveness=Y,
            payment=HY,
            scope=HY,
            style_fit=HY,
            respect=HY,
            work_joy=HY,
            business_health=Y,
        ),
        checkins=_steady(range(584, 200, -30), late=(0, 0, 4), extras=(0, 0, 1)),
        ending=DemoEnding(
            days_ago=205,
            outcome=Outcome.COMPLETED,
            note="All twelve covers delivered. They want us for the next series and referred a friend.",
        ),
    ),
)


def _screen(
    rubric: Rubric, taken_on: dt.date, gut: Verdict, answers: dict[str, Answer], note: str
) -> Assessment:
    return Assessment(
        kind=Kind.SCREEN,
        taken_on=taken_on,
        gut=gut,
        answers=check_answers(rubric, answers),
        note=note,
        rubric_key=rubric.key,
        rubric_version=rubric.version,
    )


def _load_client(repo: Repository, rubric: Rubric, client: DemoClient, today: dt.date) -> None:
    """Store a client's baseline, check-ins, evidence and ending; each part once, by its key."""

    def on(days_ago: int) -> dt.date:
        return today - dt.timedelta(days=days_ago)

    baseline = _screen(rubric, on(client.started_days_ago), client.gut, client.answer_map(), client.note)
    account_id = repo.add_client(client.draft(), baseline, on(client.signed_days_ago), client.key).account_id
    for number, (checkin, answers, suggested) in enumerate(client.history(), start=1):
        assessment = Assessment(
            kind=Kind.CHECKIN,
            taken_on=on(checkin.days_ago),
            answers=check_answers(rubric, answers),
            note=checkin.note,
            rubric_key=rubric.key,
            rubric_version=rubric.version,
            signals=checkin.signals,
            suggested=suggested,
        )
        repo.add_checkin(account_id, assessment, client.checkin_key(number))
    for number, evidence in enumerate(client.evidence, start=1):
        repo.add_evidence(account_id, on(evidence.days_ago), evidence.text, client.evidence_key(number))
    if client.ending is not None:
        repo.end(account_id, client.ending.outcome, on(client.ending.days_ago), client.ending.note)


def load_demo(url: str | None = None, today: dt.date | None = None) -> int:
    """Store every example prospect and client not stored yet; return how many accounts were added.

    Dates are relative to `today` (default: the real today), so the demo always
    looks recent. Anything already loaded is found by its key and left as is, so a
    second run, even on a later day, adds nothing.
    """
    today = today or dt.date.today()
    rubric = default_rubric()
    repo = open_repository(url)
    before = repo.count_accounts()
    for prospect in DEMO_PROSPECTS:
        screen = _screen(
            rubric,
            today - dt.timedelta(days=prospect.days_ago),
            prospect.gut,
            prospect.answer_map(),
            prospect.note,
        )
        repo.screen_prospect(prospect.draft(), screen, prospect.key)
    for client in DEMO_CLIENTS:
        _load_client(repo, rubric, client, today)
    return max(0, repo.count_accounts() - before)
