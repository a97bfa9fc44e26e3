"""The vocabulary of Thin Slice: answers, rubrics, assessments and verdicts.

Everything here is frozen and rejects unknown fields, so a value that crosses a
boundary (a rubric file, a CSV row, a database row) is either valid or refused
with a message that names the field.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    field_validator,
    model_validator,
)

from scoring.limits import COUNT_MAX, DEAL_VALUE_MAX, NOTE_MAX
from scoring.limits import NAME_MAX as NAME_MAX

Key = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
Count = Annotated[int, Field(ge=0, le=COUNT_MAX)]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


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
            raise ValueError(f"{text!r} is not an answer; use one of {words} or 0-4") from None


_POINTS = {Answer.HELL_NO: 0, Answer.NO: 1, Answer.UNSURE: 2, Answer.YES: 3, Answer.HELL_YES: 4}
_BY_POINTS = {points: answer for answer, points in _POINTS.items()}
_LABELS = {
    Answer.HELL_NO: "Hell no",
    Answer.NO: "No",
    Answer.UNSURE: "Unsure",
    Answer.YES: "Yes",
    Answer.HELL_YES: "Hell yes",
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
        return "Hell yes" if self is Verdict.HELL_YES else "Hell no"

    @classmethod
    def parse(cls, text: str) -> Verdict:
        cleaned = text.strip().lower().replace(" ", "_").replace("-", "_")
        try:
            return cls(cleaned)
        except ValueError:
            raise ValueError(f"{text!r} is not a gut call; use hell_yes or hell_no") from None


class Kind(StrEnum):
    SCREEN = "screen"
    CHECKIN = "checkin"

    @property
    def label(self) -> str:
        """The word a person reads: "screen" or "check-in" (the value is the stable CSV key)."""
        return "check-in" if self is Kind.CHECKIN else "screen"


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
        return {
            Outcome.COMPLETED: "Completed",
            Outcome.LET_GO: "We let them go",
            Outcome.THEY_LEFT: "They left",
            Outcome.WENT_BUST: "They went bust",
        }[self]

    @property
    def good(self) -> bool:
        """Whether the outcome proves the relationship was worth having."""
        return self is Outcome.COMPLETED


class Dimension(Frozen):
    """One thin-slice question, asked about the first contacts or about the last period."""

    key: Key
    label: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    prospect: Annotated[str, StringConstraints(min_length=1)]
    client: Annotated[str, StringConstraints(min_length=1)]
    hint: str = ""
    source: str = ""
    weight: Annotated[float, Field(gt=0, le=100)] = 1.0
    knockout: bool = False
    # Why a client would be let go when this dimension is the one that fails (a reason key).
    reason: Key | None = None

    def question(self, kind: Kind) -> str:
        return self.prospect if kind is Kind.SCREEN else self.client


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


# Rubric values computed on first use and kept in the instance.
_COMPUTED_ONCE = ("keys", "content_hash")


class Rubric(Frozen):
    """A versioned set of dimensions and the rules that turn answers into a verdict."""

    key: Key
    version: Annotated[int, Field(ge=1)]
    name: Annotated[str, StringConstraints(min_length=1)]
    verdict: VerdictRules = VerdictRules()
    status: StatusRules = StatusRules()
    dimensions: Annotated[tuple[Dimension, ...], Field(min_length=1)]

    @field_validator("dimensions")
    @classmethod
    def _unique_keys(cls, dims: tuple[Dimension, ...]) -> tuple[Dimension, ...]:
        seen: set[str] = set()
        for dim in dims:
            if dim.key in seen:
                raise ValueError(f"dimension key {dim.key!r} appears twice")
            seen.add(dim.key)
        return dims

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
            raise ValueError("a screen needs a gut call (hell_yes or hell_no)")
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
    """A reason the verdict is hell no."""

    rule: BlockerRule
    dimension: str | None = None
    message: str


class Change(Frozen):
    """One answer that would have to move to turn the verdict into hell yes."""

    dimension: str
    label: str
    current: Answer
    needed: Answer

    @property
    def target(self) -> str:
        """The answer to reach, worded: "at least" only where a better answer would do as well."""
        return self.needed.label if self.needed is Answer.HELL_YES else f"at least {self.needed.label}"


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
