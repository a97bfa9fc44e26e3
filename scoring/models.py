"""The vocabulary of Thin Slice: answers, rubrics, assessments and verdicts.

Everything here is frozen and rejects unknown fields, so a value that crosses a
boundary (a rubric file, a CSV row, a database row) is either valid or refused
with a message that names the field.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from enum import StrEnum
from functools import cached_property, lru_cache
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PrivateAttr,
    StringConstraints,
    field_validator,
    model_validator,
)

from i18n import Lazy, _, current_language, lazy_gettext, pgettext
from i18n import Text as AnyText
from scoring.limits import COUNT_MAX, DEAL_VALUE_MAX, NOTE_MAX
from scoring.limits import NAME_MAX as NAME_MAX

Key = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
Count = Annotated[int, Field(ge=0, le=COUNT_MAX)]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


#: A sentence a model keeps for a person to read: plain text, or a `Lazy` one that renders in
#: the reader's language (a verdict's reasons are cached and shared by every session). A dump
#: (`model_dump(mode="json")`) writes it in the current language.
Text = Annotated[AnyText, PlainSerializer(str, return_type=str)]
#: What a model holding a `Text` field needs: pydantic checks a `Lazy` with isinstance.
EXPLAINED = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)


class Localized(Frozen):
    """A text of a rubric or playbook file in every language it is written in.

    English is required; a language left out reads the English. A plain string in the file
    means the same text in every language. Equality and hashing look at every language, so a
    rubric keys its caches the same whoever reads it.
    """

    en: str
    nl: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _plain_text(cls, data: Any) -> Any:
        return {"en": data} if isinstance(data, str) else data

    def text(self, language: str | None = None) -> str:
        """The text in `language` (the current language when None), else the English."""
        code = language or current_language()
        written = getattr(self, code, None) if code != "en" and code in type(self).model_fields else None
        return written if isinstance(written, str) and written else self.en

    def texts(self) -> tuple[str, ...]:
        """Every language's text that is written out, English first."""
        return tuple(t for t in (self.en, self.nl) if t is not None)

    def lazy(self) -> Lazy:
        """The text as a `Lazy`: for a sentence built once and read in any language."""
        return Lazy(self.text)

    def __str__(self) -> str:
        return self.text()


def check_lengths(value: Localized, least: int, most: int | None = None) -> Localized:
    """Every language's text within the bounds, refused in pydantic's own words (a rubric file's
    author reads them, as for any other field)."""
    for text in value.texts():
        if len(text) < least:
            raise ValueError(f"String should have at least {least} character{'s' if least != 1 else ''}")
        if most is not None and len(text) > most:
            raise ValueError(f"String should have at most {most} characters")
    return value


# Models read from a file with texts in several languages: the file's name for a field
# ("label") is kept in dumps, so a dump validates back.
LOCALIZED_FILE = ConfigDict(
    frozen=True, extra="forbid", validate_by_name=True, validate_by_alias=True, serialize_by_alias=True
)


class Answer(StrEnum):
    """The five-step answer scale. The words are the stable keys; points are 0-4."""

    HELL_NO = "hell_no"
    NO = "no"
    UNSURE = "unsure"
    YES = "yes"
    HELL_YES = "hell_yes"

    @property
    def points(self) -> int:
        return _POINTS[self]

    @property
    def label(self) -> str:
        return str(_LABELS[self])

    def lazy_label(self) -> Lazy:
        """The label for a sentence built once and read in any language."""
        return _LABELS[self]

    @classmethod
    def from_points(cls, points: int) -> Answer:
        return _BY_POINTS[points]

    @classmethod
    def parse(cls, text: str) -> Answer:
        """Accept an answer word (any case, spaces or dashes for underscores) or 0-4."""
        cleaned = text.strip().lower().replace(" ", "_").replace("-", "_")
        if cleaned.isdigit() and int(cleaned) in _BY_POINTS:
            return _BY_POINTS[int(cleaned)]
        try:
            return cls(cleaned)
        except ValueError:
            words = ", ".join(a.value for a in cls)
            raise ValueError(
                _("{text} is not an answer; use one of {words} or 0-4").format(text=repr(text), words=words)
            ) from None


_POINTS = {Answer.HELL_NO: 0, Answer.NO: 1, Answer.UNSURE: 2, Answer.YES: 3, Answer.HELL_YES: 4}
_BY_POINTS = {points: answer for answer, points in _POINTS.items()}
_LABELS = {
    Answer.HELL_NO: lazy_gettext("Hell no"),
    Answer.NO: lazy_gettext("No"),
    Answer.UNSURE: lazy_gettext("Unsure"),
    Answer.YES: lazy_gettext("Yes"),
    Answer.HELL_YES: lazy_gettext("Hell yes"),
}
MAX_POINTS = 4


class Signals(Frozen):
    """Facts about the last period that suggest answers (see scoring.signals for the rules)."""

    invoice_days_late: Count | None = None
    out_of_scope_requests: Count | None = None
    missed_meetings: Count | None = None
    after_hours_demands: Count | None = None
    leadership_change: bool | None = None

    def is_empty(self) -> bool:
        return all(value is None for value in self.model_dump().values())


class Verdict(StrEnum):
    HELL_YES = "hell_yes"
    HELL_NO = "hell_no"

    @property
    def label(self) -> str:
        return _("Hell yes") if self is Verdict.HELL_YES else _("Hell no")

    @classmethod
    def parse(cls, text: str) -> Verdict:
        cleaned = text.strip().lower().replace(" ", "_").replace("-", "_")
        try:
            return cls(cleaned)
        except ValueError:
            raise ValueError(
                _("{text} is not a gut call; use hell_yes or hell_no").format(text=repr(text))
            ) from None


class Kind(StrEnum):
    SCREEN = "screen"
    CHECKIN = "checkin"

    @property
    def label(self) -> str:
        """The word a person reads: "screen" or "check-in" (the value is the stable CSV key)."""
        # Translators: the kind of an assessment, a noun ("a screen"), in lower case.
        return _("check-in") if self is Kind.CHECKIN else pgettext("assessment kind", "screen")


class Stage(StrEnum):
    PROSPECT = "prospect"
    CLIENT = "client"


class Outcome(StrEnum):
    """How a relationship ended, so the rubric can be checked against what really happened."""

    COMPLETED = "completed"
    LET_GO = "let_go"
    THEY_LEFT = "they_left"
    WENT_BUST = "went_bust"

    @property
    def label(self) -> str:
        return str(_OUTCOME_LABELS[self])

    @property
    def good(self) -> bool:
        """Whether the outcome proves the relationship was worth having."""
        return self is Outcome.COMPLETED


_OUTCOME_LABELS = {
    Outcome.COMPLETED: lazy_gettext("Completed"),
    Outcome.LET_GO: lazy_gettext("We let them go"),
    Outcome.THEY_LEFT: lazy_gettext("They left"),
    Outcome.WENT_BUST: lazy_gettext("They went bust"),
}


class Dimension(Frozen):
    """One thin-slice question, asked about the first contacts or about the last period.

    Its texts are written in every language (`Localized`); `label`, `prospect`, `client` and
    `hint` read them in the current language.
    """

    model_config = LOCALIZED_FILE

    key: Key
    label_text: Localized = Field(alias="label")
    prospect_text: Localized = Field(alias="prospect")
    client_text: Localized = Field(alias="client")
    hint_text: Localized = Field(default=Localized(en=""), alias="hint")
    source: str = ""
    weight: Annotated[float, Field(gt=0, le=100)] = 1.0
    knockout: bool = False
    # Why a client would be let go when this dimension is the one that fails (a reason key).
    reason: Key | None = None

    @field_validator("label_text")
    @classmethod
    def _short_label(cls, value: Localized) -> Localized:
        return check_lengths(value, 1, 60)

    @field_validator("prospect_text", "client_text")
    @classmethod
    def _worded(cls, value: Localized) -> Localized:
        return check_lengths(value, 1)

    @property
    def label(self) -> str:
        return self.label_text.text()

    @property
    def prospect(self) -> str:
        return self.prospect_text.text()

    @property
    def client(self) -> str:
        return self.client_text.text()

    @property
    def hint(self) -> str:
        return self.hint_text.text()

    def question(self, kind: Kind) -> str:
        return self.prospect if kind is Kind.SCREEN else self.client


class Reason(Frozen):
    """A reason to let a client go that the user wrote into their rubric (`[[reasons]]` in its
    file): its own let-go playbook's title, why and steps. The built-in reasons are
    `scoring/playbooks.toml`'s; a dimension names either kind by its key."""

    model_config = LOCALIZED_FILE

    key: Key
    title_text: Localized = Field(alias="title")
    why_text: Localized = Field(alias="why")
    steps_text: Annotated[tuple[Localized, ...], Field(min_length=1, alias="steps")]

    @field_validator("title_text")
    @classmethod
    def _short_title(cls, value: Localized) -> Localized:
        return check_lengths(value, 1, 60)

    @field_validator("why_text")
    @classmethod
    def _explained(cls, value: Localized) -> Localized:
        return check_lengths(value, 1)

    @field_validator("steps_text")
    @classmethod
    def _steps_worded(cls, value: tuple[Localized, ...]) -> tuple[Localized, ...]:
        for step in value:
            check_lengths(step, 1)
        return value


class VerdictRules(Frozen):
    threshold: Annotated[float, Field(ge=0, le=100)] = 80.0
    floor: Answer | None = Answer.HELL_NO
    knockout_at: Answer = Answer.NO

    @model_validator(mode="after")
    def _hell_yes_stays_reachable(self) -> VerdictRules:
        for name in ("floor", "knockout_at"):
            if getattr(self, name) is Answer.HELL_YES:
                raise ValueError(f"{name} cannot be hell_yes: no answer could ever pass it")
        return self


class StatusRules(Frozen):
    """How a client's history turns into a status (the defaults of the product brief)."""

    cadence_days: Annotated[int, Field(ge=1, le=366)] = 30
    stale_after_days: Annotated[int, Field(ge=1, le=3660)] = 45
    watch_score_drop: Annotated[float, Field(gt=0, le=100)] = 15.0
    watch_steps_below_baseline: Annotated[int, Field(ge=1, le=4)] = 2
    let_go_hell_no_streak: Annotated[int, Field(ge=1, le=12)] = 2
    let_go_below_baseline: Annotated[float, Field(gt=0, le=100)] = 25.0
    review_falls_in_a_row: Annotated[int, Field(ge=1, le=12)] = 2
    review_contradiction_steps: Annotated[int, Field(ge=1, le=4)] = 2
    slowing_in_a_row: Annotated[int, Field(ge=2, le=12)] = 3
    slowing_average_days: Annotated[int, Field(ge=1, le=365)] = 10


# Rubric values computed on first use and kept in the instance.
_COMPUTED_ONCE = ("keys", "content_hash")


class Rubric(Frozen):
    """A versioned set of dimensions and the rules that turn answers into a verdict."""

    model_config = LOCALIZED_FILE

    key: Key
    version: Annotated[int, Field(ge=1)]
    name_text: Localized = Field(alias="name")
    verdict: VerdictRules = VerdictRules()
    status: StatusRules = StatusRules()
    dimensions: Annotated[tuple[Dimension, ...], Field(min_length=1)]
    #: Dimensions no longer asked. Their keys stay taken (a CSV column and the answers of older
    #: assessments keep them), so a new dimension can never reuse one with another meaning.
    retired: tuple[Dimension, ...] = ()
    #: Reasons to let go the user wrote themselves, each with its own playbook text.
    reasons: tuple[Reason, ...] = ()

    @field_validator("reasons")
    @classmethod
    def _unique_reasons(cls, reasons: tuple[Reason, ...]) -> tuple[Reason, ...]:
        seen: set[str] = set()
        for reason in reasons:
            if reason.key in seen:
                raise ValueError(f"reason key {reason.key!r} appears twice")
            seen.add(reason.key)
        return reasons

    @field_validator("dimensions", "retired")
    @classmethod
    def _unique_keys(cls, dims: tuple[Dimension, ...]) -> tuple[Dimension, ...]:
        seen: set[str] = set()
        for dim in dims:
            if dim.key in seen:
                raise ValueError(f"dimension key {dim.key!r} appears twice")
            seen.add(dim.key)
        return dims

    @field_validator("retired")
    @classmethod
    def _retired_never_knock_out(cls, dims: tuple[Dimension, ...]) -> tuple[Dimension, ...]:
        for dim in dims:
            if dim.knockout:
                raise ValueError(f"retired dimension {dim.key!r} cannot be a knockout: it is no longer asked")
        return dims

    @model_validator(mode="after")
    def _retired_keys_stay_taken(self) -> Rubric:
        both = sorted({d.key for d in self.dimensions} & {d.key for d in self.retired})
        if both:
            raise ValueError(f"dimension key {both[0]!r} is both asked and retired")
        return self

    @field_validator("name_text")
    @classmethod
    def _named(cls, value: Localized) -> Localized:
        return check_lengths(value, 1)

    @property
    def name(self) -> str:
        """The rubric's name in the current language."""
        return self.name_text.text()

    @cached_property
    def keys(self) -> tuple[str, ...]:
        return tuple(d.key for d in self.dimensions)

    @cached_property
    def content_hash(self) -> int:
        """The hash of every field, computed once: a rubric keys the verdict caches, and hashing
        its nested dimensions on every look-up would cost more than many a look-up saves."""
        return hash(tuple(getattr(self, name) for name in type(self).model_fields))

    def __hash__(self) -> int:
        return self.content_hash

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy, without the values computed once from the original (`keys`, `content_hash`)."""
        copied = super().model_copy(update=update, deep=deep)
        for name in _COMPUTED_ONCE:
            copied.__dict__.pop(name, None)
        return copied

    def dimension(self, key: str) -> Dimension:
        for dim in self.dimensions:
            if dim.key == key:
                return dim
        raise KeyError(key)

    def asked(self, keys: Iterable[str]) -> Rubric | None:
        """The rubric as an assessment that answered `keys` was asked it: only those of its
        dimensions, in its order, their weights now shares of theirs alone (a weight is relative,
        so the score is the weighted mean over what was asked), and its rules. Keys that are no
        dimension of it (retired, or another rubric's) are ignored. Itself when every dimension
        is among `keys`; None when none is.

        An assessment stored before a dimension was added is scored with this (`scoring.verdict.
        evaluate_stored`). One rubric per set of keys is kept (`_asked`), so the verdict caches,
        keyed on the rubric, find it again.
        """
        present = frozenset(keys).intersection(self.keys)
        if len(present) == len(self.dimensions):
            return self
        return _asked(self, present) if present else None


@lru_cache(maxsize=256)
def _asked(rubric: Rubric, keys: frozenset[str]) -> Rubric:
    """`Rubric.asked`, kept: a copy, so nothing is stored in the frozen original (a copy computes
    its own `keys` and `content_hash`, `Rubric.model_copy`)."""
    return rubric.model_copy(update={"dimensions": tuple(d for d in rubric.dimensions if d.key in keys)})


class Assessment(Frozen):
    """One answered questionnaire: a screen of a prospect or a check-in of a client.

    `signals` are the facts recorded at a check-in and `suggested` the answers they
    pointed to; `answers` is what the person finally chose. Both are kept so the
    signal rules can be checked against judgement later.
    """

    kind: Kind = Kind.SCREEN
    taken_on: dt.date
    gut: Verdict | None = None
    answers: dict[str, Answer]
    note: Annotated[str, StringConstraints(max_length=NOTE_MAX)] = ""
    rubric_key: Key
    rubric_version: Annotated[int, Field(ge=1)]
    signals: Signals = Signals()
    suggested: dict[str, Answer] = {}

    @model_validator(mode="after")
    def _screens_have_a_gut_call(self) -> Assessment:
        if self.kind is Kind.SCREEN and self.gut is None:
            raise ValueError(_("a screen needs a gut call (hell_yes or hell_no)"))
        return self


class AccountDraft(Frozen):
    """What a person types about a prospect before screening it."""

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX)]
    company: Annotated[str, StringConstraints(strip_whitespace=True, max_length=NAME_MAX)] = ""
    deal_value: Annotated[float, Field(ge=0, le=DEAL_VALUE_MAX)] | None = None


class BlockerRule(StrEnum):
    """Which verdict rule a blocker comes from (see scoring.rules)."""

    KNOCKOUT = "knockout"
    FLOOR = "floor"
    THRESHOLD = "threshold"


class Blocker(Frozen):
    """A reason the verdict is hell no. The message is `Lazy`: a verdict is cached and shared
    by every session, and each reads it in its own language."""

    model_config = EXPLAINED

    rule: BlockerRule
    dimension: str | None = None
    message: Text


class Change(Frozen):
    """One answer that would have to move to turn the verdict into hell yes. `label` is the
    dimension's, `Lazy` (a verdict's changes are kept with the shared verdict)."""

    model_config = EXPLAINED

    dimension: str
    label: Text
    current: Answer
    needed: Answer

    @property
    def target(self) -> str:
        """The answer to reach, worded: "at least" only where a better answer would do as well."""
        if self.needed is Answer.HELL_YES:
            return self.needed.label
        # Translators: the answer a dimension has to reach, e.g. "at least Yes".
        return _("at least {answer}").format(answer=self.needed.label)


class Result(Frozen):
    """The verdict on one assessment, with everything needed to explain it.

    What would turn a hell no into a hell yes (`to_hell_yes`) is worked out when first
    asked: a page explains one verdict, while a list of thousands never asks.
    """

    score: float
    verdict: Verdict
    blockers: tuple[Blocker, ...]
    weakest: tuple[str, ...]
    gut: Verdict | None
    rubric_key: str
    rubric_version: int
    # What `to_hell_yes` is worked out from (`scoring.verdict` sets them).
    _rubric: Rubric | None = PrivateAttr(default=None)
    _answered: tuple[Answer, ...] = PrivateAttr(default=())

    @cached_property
    def to_hell_yes(self) -> tuple[Change, ...]:
        """The fewest answer changes that make it a hell yes (`scoring.verdict.changes_to_hell_yes`)."""
        if self.verdict is Verdict.HELL_YES or self._rubric is None:
            return ()
        from scoring.verdict import changes_to_hell_yes  # here: scoring.verdict imports this module

        return changes_to_hell_yes(self._rubric, dict(zip(self._rubric.keys, self._answered, strict=True)))

    @property
    def gut_agrees(self) -> bool | None:
        return None if self.gut is None else self.gut is self.verdict

    @property
    def score_display(self) -> str:
        return format_score(self.score)


def format_score(score: float) -> str:
    """Whole numbers as is, others truncated to one decimal so 79.96 never reads as 80."""
    if score == int(score):
        return str(int(score))
    return f"{math.floor(score * 10) / 10:.1f}"
