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

Clients are billed monthly (`invoices`: when, how much, on what terms, and for each
invoice how many days late it was paid, or that it is still open) and have planned
hours a week (`hours`, a little over 40 in all, so a capacity of 40 shows the Capacity
view at work). The company going south pays later and later, so its slowing-payment
alert fires months before its check-ins reach let go; the late payer leaves part of an
invoice unpaid; the others pay on time or a few days late now and then.

The examples are data, not code: they live in `demo_story.toml` beside this module,
which is read once and validated into the frozen models below, so a mistake in the
file is refused with the place it sits. A check-in lists only what happened that
period (its signals) and what the person decided differently (`judged`); its answers
are the previous answers, then the suggestions of the signals
(`scoring.signals.suggest`), then the judgement, so a story reads as a list of events,
not as ten answers a month.

Loading is idempotent. Every row is stored under a fixed key (`demo:<slug>:screen:1`
for a screen or a client's baseline, `demo:<slug>:checkin:<n>` and
`demo:<slug>:evidence:<n>` for a client's history), so running the demo twice, or
two people running it at once, finds the rows already stored instead of adding
them again. Invoices are merged by their numbers (`Repository.merge_invoices`), which
never changes a stored invoice, so a second run adds none either; planned hours are set
only on an account that has none. Dates are relative to the day of loading, so the demo
always looks recent.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    ValidationError,
    field_validator,
    model_validator,
)

from scoring import (
    NAME_MAX,
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
from scoring.invoices import Invoice, Payment, make_invoice
from scoring.limits import AMOUNT_MAX, WEEKLY_HOURS_MAX
from scoring.models import Count, Frozen
from scoring.questionnaires import QuestionnaireKind, TheirSide, check_their_answers, questionnaire
from scoring.signals import suggest
from storage import Repository, open_repository

STORY_PATH = Path(__file__).with_name("demo_story.toml")
ROUTINE_DAYS = 30  # routine months in the story file are this many days apart

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=40)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=NAME_MAX)]
Text = Annotated[str, StringConstraints(min_length=1)]
Days = Annotated[int, Field(ge=0, le=3650)]


class DemoStoryError(ValueError):
    """The story file cannot be read, or says something the demo cannot load."""


class DemoTheirSide(Frozen):
    """What the other side answered on a questionnaire link, `days_ago` days before `today`."""

    kind: QuestionnaireKind
    days_ago: Days
    answers: dict[str, str | int]

    @model_validator(mode="after")
    def _answers_fit_the_questionnaire(self) -> DemoTheirSide:
        _kept, problems = check_their_answers(questionnaire(self.kind), self.answers)
        unknown = set(self.answers) - {q.key for q in questionnaire(self.kind).questions}
        if problems or unknown:
            raise ValueError(
                f"answers that do not fit the {self.kind.value} questionnaire: "
                f"{sorted(set(problems) | unknown)}"
            )
        return self

    def side(self, today: dt.date) -> TheirSide:
        moment = dt.datetime.combine(today - dt.timedelta(days=self.days_ago), dt.time(10, 0), dt.UTC)
        version = questionnaire(self.kind).version
        return TheirSide(
            id=0,
            account_id=0,
            link_id=None,
            kind=self.kind,
            version=version,
            submitted_at=moment,
            language="en",
            answers=dict(self.answers),
        )


class _Account(Frozen):
    """What a prospect and a client share: who they are and the answers of their (baseline) screen."""

    slug: Slug
    name: Name
    company: Name
    deal_value: Annotated[float, Field(gt=0)]
    gut: Verdict
    note: Text
    answers: dict[str, Answer]
    #: Their own answers on questionnaire links, oldest first.
    their_answers: tuple[DemoTheirSide, ...] = ()

    @field_validator("answers")
    @classmethod
    def _every_dimension_answered(cls, answers: dict[str, Answer]) -> dict[str, Answer]:
        check_answers(default_rubric(), answers)
        return answers

    @property
    def key(self) -> str:
        return f"demo:{self.slug}:screen:1"

    def draft(self) -> AccountDraft:
        return AccountDraft(name=self.name, company=self.company, deal_value=self.deal_value)

    def answer_map(self) -> dict[str, Answer]:
        return dict(self.answers)


class DemoProspect(_Account):
    """One example prospect and its screen. `days_ago` places the screen before `today`."""

    days_ago: Days


class DemoCheckin(Frozen):
    """One check-in: the facts of the period, and the answers the person chose by judgement.

    `judged` holds answers that differ from what the period would otherwise give: a
    change in a dimension no signal covers (work you want, style fit), or a human
    override of a signal's suggestion. Every other answer carries over from the
    previous check-in, or follows the signals.
    """

    days_ago: Days
    signals: Signals
    judged: dict[str, Answer] = Field(default_factory=dict)
    note: str = ""


class DemoNote(Frozen):
    """A dated evidence note for the paper trail."""

    days_ago: Days
    text: Text


class DemoEnding(Frozen):
    """How and when a relationship ended."""

    days_ago: Days
    outcome: Outcome
    note: Text


class DemoPart(Frozen):
    """An invoice paid in part: `part` paid `late` days after the due date, and the rest `rest`
    days after it (None: the rest is still open)."""

    late: Days
    part: Annotated[Decimal, Field(gt=0, allow_inf_nan=False)]
    rest: Days | None = None

    @model_validator(mode="after")
    def _rest_after_part(self) -> DemoPart:
        if self.rest is not None and self.rest < self.late:
            raise ValueError("the rest cannot be paid before the part")
        return self


# Error locations name these tags; `_place` leaves them out.
_DAYS_LATE, _WORD, _PART = "days late", "open or none", "part paid"


def _paid_kind(entry: Any) -> str:
    if isinstance(entry, dict):
        return _PART
    return _WORD if isinstance(entry, str) else _DAYS_LATE


#: How one month's invoice was paid: days after its due date (0: on time), "open" (nothing paid
#: yet), "none" (no invoice that month), or in part (`DemoPart`).
Paid = Annotated[
    Annotated[Days, Tag(_DAYS_LATE)]
    | Annotated[Literal["open", "none"], Tag(_WORD)]
    | Annotated[DemoPart, Tag(_PART)],
    Discriminator(_paid_kind),
]
#: Any day will do to check invoices whose dates count back from the day of loading.
_CHECK_DAY = dt.date(2000, 1, 1)


class DemoInvoices(Frozen):
    """A client's monthly invoices: one every 30 days from `first` to `last` days before the day of
    loading, each of `amount` in `currency`, due `terms` days after it is issued, and paid as the
    entries of `paid` say, taken in turn; a payment that would fall after the day of loading is not
    made yet. Numbered `<prefix>-001` onwards, skipping no number for a month without an invoice."""

    prefix: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,5}$")]
    first: Days
    last: Days
    amount: Annotated[Decimal, Field(gt=0, le=AMOUNT_MAX, allow_inf_nan=False)]
    currency: str = "EUR"
    terms: Annotated[int, Field(ge=0, le=365)] = 30
    paid: Annotated[tuple[Paid, ...], Field(min_length=1)]

    @model_validator(mode="after")
    def _whole_months_of_invoices(self) -> DemoInvoices:
        if self.first < self.last or (self.first - self.last) % ROUTINE_DAYS:
            raise ValueError(f"first must be the older day, a multiple of {ROUTINE_DAYS} days before last")
        self.invoices(_CHECK_DAY)  # the amounts fit the currency, the parts the amount
        return self

    def _months(self) -> list[tuple[str, int, Paid]]:
        """(number, days before the day of loading it is issued, how it was paid) of each invoice."""
        found: list[tuple[str, int, Paid]] = []
        days = range(self.first, self.last - 1, -ROUTINE_DAYS)
        for i, issued_ago in enumerate(days):
            paid = self.paid[i % len(self.paid)]
            if paid != "none":
                found.append((f"{self.prefix}-{len(found) + 1:03d}", issued_ago, paid))
        return found

    def invoices(self, today: dt.date) -> list[Invoice]:
        """The invoices as of `today`, oldest first; a ValueError names one that is not an invoice."""
        made = []
        for number, issued_ago, paid in self._months():
            issued = today - dt.timedelta(days=issued_ago)
            due = issued + dt.timedelta(days=self.terms)
            # A payment the story dates after `today` is not made yet.
            payments = [
                Payment(paid_on=due + dt.timedelta(days=late), amount=amount)
                for late, amount in _payments(paid, self.amount)
                if due + dt.timedelta(days=late) <= today
            ]
            invoice = make_invoice(number, issued, due, self.amount, self.currency, payments)
            if not isinstance(invoice, Invoice):
                raise ValueError(f"{number}: " + "; ".join(problem.message for problem in invoice))
            made.append(invoice)
        return made


def _payments(paid: Paid, amount: Decimal) -> list[tuple[int, Decimal]]:
    """(days after the due date, amount) of each payment of an invoice of `amount`."""
    if isinstance(paid, DemoPart):
        rest = amount - paid.part
        return [(paid.late, paid.part)] + ([(paid.rest, rest)] if paid.rest is not None and rest > 0 else [])
    if isinstance(paid, int):
        return [(paid, amount)]
    return []


class _ClientFacts(_Account):
    story: Text
    started_days_ago: Days
    signed_after: Annotated[int, Field(ge=1)]
    evidence: tuple[DemoNote, ...] = ()
    ending: DemoEnding | None = None
    invoices: DemoInvoices | None = None
    #: Planned hours a week (what the Capacity view adds up); None: not said.
    hours: Annotated[float, Field(gt=0, le=WEEKLY_HOURS_MAX)] | None = None


class DemoClient(_ClientFacts):
    """A client signed `signed_after` days after its baseline screen, `started_days_ago` before today."""

    checkins: tuple[DemoCheckin, ...]

    def checkin_key(self, number: int) -> str:
        return f"demo:{self.slug}:checkin:{number}"

    def evidence_key(self, number: int) -> str:
        return f"demo:{self.slug}:evidence:{number}"

    @property
    def signed_days_ago(self) -> int:
        return self.started_days_ago - self.signed_after

    def history(self) -> list[tuple[DemoCheckin, dict[str, Answer], dict[str, Answer]]]:
        """Each check-in, oldest first, with its final answers and the answers its signals suggested."""
        previous = self.answer_map()
        result = []
        for checkin in self.checkins:
            suggested = {key: s.answer for key, s in suggest(checkin.signals).items()}
            answers = {**previous, **suggested, **checkin.judged}
            result.append((checkin, answers, suggested))
            previous = answers
        return result


# -- the story file: check-ins in story terms -----------------------------------------------------


def _none_is_nothing_to_record(value: object) -> object:
    """TOML has no null: the story file writes "none" for a signal with nothing to record."""
    return None if value == "none" else value


Recorded = Annotated[Count | None, BeforeValidator(_none_is_nothing_to_record)]
InTurn = Annotated[tuple[Recorded, ...], Field(min_length=1)]


class _Event(Frozen):
    """One check-in as the story file tells it: the period's facts, each 0 unless given."""

    days_ago: Days
    late: Recorded = 0
    extras: Recorded = 0
    missed: Recorded = 0
    after_hours: Recorded = 0
    new_leader: bool = False
    judged: dict[str, Answer] = Field(default_factory=dict)
    note: str = ""

    @field_validator("judged")
    @classmethod
    def _dimensions_only(cls, judged: dict[str, Answer]) -> dict[str, Answer]:
        unknown = sorted(set(judged) - set(default_rubric().keys))
        if unknown:
            raise ValueError(f"{unknown[0]} is not a dimension of the default rubric")
        return judged

    def checkins(self) -> list[DemoCheckin]:
        signals = Signals(
            invoice_days_late=self.late,
            out_of_scope_requests=self.extras,
            missed_meetings=self.missed,
            after_hours_demands=self.after_hours,
            leadership_change=self.new_leader,
        )
        return [DemoCheckin(days_ago=self.days_ago, signals=signals, judged=self.judged, note=self.note)]


class _Months(Frozen):
    first: Days
    last: Days

    @model_validator(mode="after")
    def _whole_months_apart(self) -> _Months:
        if self.first < self.last or (self.first - self.last) % ROUTINE_DAYS:
            raise ValueError(f"first must be the older day, a multiple of {ROUTINE_DAYS} days before last")
        return self


class _Routine(Frozen):
    """Routine months: the small ups and downs of a working relationship, repeated in turn."""

    routine: _Months
    late: InTurn = (0,)
    extras: InTurn = (0,)
    after_hours: InTurn = (0,)

    def checkins(self) -> list[DemoCheckin]:
        days = range(self.routine.first, self.routine.last - 1, -ROUTINE_DAYS)
        return [
            checkin
            for i, day in enumerate(days)
            for checkin in _Event(
                days_ago=day,
                late=self.late[i % len(self.late)],
                extras=self.extras[i % len(self.extras)],
                after_hours=self.after_hours[i % len(self.after_hours)],
            ).checkins()
        ]


# Error locations name these tags; `_place` leaves them out.
_EVENT, _ROUTINE = "one check-in", "routine months"


def _entry_kind(entry: Any) -> str:
    return _ROUTINE if isinstance(entry, dict) and "routine" in entry else _EVENT


Entry = Annotated[
    Annotated[_Event, Tag(_EVENT)] | Annotated[_Routine, Tag(_ROUTINE)], Discriminator(_entry_kind)
]


class _ClientStory(_ClientFacts):
    checkins: Annotated[tuple[Entry, ...], Field(min_length=1)]

    def client(self) -> DemoClient:
        checkins = [checkin for entry in self.checkins for checkin in entry.checkins()]
        return DemoClient.model_validate({**dict(self), "checkins": checkins})


class _Story(Frozen):
    prospects: tuple[DemoProspect, ...]
    clients: tuple[_ClientStory, ...]


def _place(data: Any, loc: tuple[int | str, ...]) -> str:
    """Where an error sits in the file, with the slug of the account it belongs to."""
    text, node = "", data
    for item in loc:
        if isinstance(item, int):
            node = node[item] if isinstance(node, list) and item < len(node) else None
            slug = node.get("slug") if isinstance(node, dict) else None
            text += f"[{item}]" + (f" ({slug})" if isinstance(slug, str) else "")
        elif item not in (_EVENT, _ROUTINE, _DAYS_LATE, _WORD, _PART):
            text += ("." if text else "") + item
            node = node.get(item) if isinstance(node, dict) else None
    return text or "(top level)"


def parse_story(
    text: str, source: str = "<demo story>"
) -> tuple[tuple[DemoProspect, ...], tuple[DemoClient, ...]]:
    """The prospects and clients a story file describes, or a DemoStoryError naming every mistake."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DemoStoryError(f"{source}: not valid TOML: {exc}") from None
    try:
        story = _Story.model_validate(data)
    except ValidationError as exc:
        problems = [f"{_place(data, tuple(err['loc']))}: {err['msg']}" for err in exc.errors()]
        raise DemoStoryError(f"{source}: " + "; ".join(problems)) from None
    return story.prospects, tuple(client.client() for client in story.clients)


def _read_story(path: Path) -> tuple[tuple[DemoProspect, ...], tuple[DemoClient, ...]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DemoStoryError(f"{path}: cannot read the demo story: {exc}") from None
    return parse_story(text, str(path))


# Read on import, so a mistake in the story file shows at once, not halfway through a load.
DEMO_PROSPECTS, DEMO_CLIENTS = _read_story(STORY_PATH)


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
    _their_answers(repo, account_id, client, today)
    if client.invoices is not None:
        repo.merge_invoices([(account_id, invoice) for invoice in client.invoices.invoices(today)])
    if client.hours is not None and repo.account(account_id).weekly_hours is None:
        repo.set_weekly_hours(account_id, client.hours)
    if client.ending is not None:
        repo.end(account_id, client.ending.outcome, on(client.ending.days_ago), client.ending.note)


def _their_answers(repo: Repository, account_id: int, account: _Account, today: dt.date) -> None:
    """Their questionnaire answers, unless the account has answers already (a second run, on any
    day, adds none: the dates move with `today`, so a fingerprint would not find them)."""
    if account.their_answers and not repo.their_answers(account_id):
        repo.import_their_answers([(account_id, side.side(today)) for side in account.their_answers])


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
        account_id = repo.screen_prospect(prospect.draft(), screen, prospect.key).account_id
        _their_answers(repo, account_id, prospect, today)
    for client in DEMO_CLIENTS:
        _load_client(repo, rubric, client, today)
    return max(0, repo.count_accounts() - before)
