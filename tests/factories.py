"""One way for tests to build an `Assessment`: what the test is about, and sensible defaults for the rest.

`assessment()` is a screen on the default rubric, taken today, with a hell-yes gut
call and "yes" to every question. A test names only what matters to it:

    assessment(day, kind=Kind.CHECKIN, answer=Answer.NO, overrides={"payment": Answer.HELL_NO})
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import Enum

from scoring import Answer, Assessment, Kind, Rubric, Signals, Verdict, default_rubric


class _ByKind(Enum):
    """The gut call that follows from the kind: a screen's is hell yes, a check-in has none."""

    GUT = "by kind"


BY_KIND = _ByKind.GUT


def assessment(
    taken_on: dt.date | None = None,
    *,
    kind: Kind = Kind.SCREEN,
    gut: Verdict | _ByKind | None = BY_KIND,
    answer: Answer = Answer.YES,
    answers: Mapping[str, Answer] | None = None,
    overrides: Mapping[str, Answer] | None = None,
    note: str = "",
    signals: Signals | None = None,
    suggested: Mapping[str, Answer] | None = None,
    rubric: Rubric | None = None,
    rubric_key: str | None = None,
    rubric_version: int | None = None,
) -> Assessment:
    """An assessment taken on `taken_on` (default: today) with `rubric` (default: the default rubric).

    Answers: `answers` exactly as given, or else `answer` to every dimension of the
    rubric; then each dimension in `overrides` takes the answer given there.
    `rubric_key` and `rubric_version` stand in for the rubric's own, for an assessment
    that claims another rubric.
    """
    rubric = rubric if rubric is not None else default_rubric()
    overrides = overrides if overrides is not None else {}
    unknown = sorted(set(overrides) - set(rubric.keys))
    if unknown:
        raise ValueError(f"overrides: {unknown[0]!r} is not a dimension of rubric {rubric.key}")
    chosen = dict(answers) if answers is not None else dict.fromkeys(rubric.keys, answer)
    return Assessment(
        kind=kind,
        taken_on=taken_on if taken_on is not None else dt.date.today(),
        gut=(Verdict.HELL_YES if kind is Kind.SCREEN else None) if gut is BY_KIND else gut,
        answers=chosen | dict(overrides),
        note=note,
        rubric_key=rubric_key if rubric_key is not None else rubric.key,
        rubric_version=rubric_version if rubric_version is not None else rubric.version,
        signals=signals if signals is not None else Signals(),
        suggested=dict(suggested) if suggested is not None else {},
    )


def changed_rubric(
    rubric: Rubric, status: dict[str, object], verdict: dict[str, object] | None = None
) -> Rubric:
    """`rubric`, one version on, with these status and verdict rules changed."""
    data = rubric.model_dump(mode="json")
    data["version"] += 1
    data["status"] |= status
    data["verdict"] |= verdict or {}
    return Rubric.model_validate(data)


#: Rubrics a status is judged on in tests that hold two ways of judging it to each other.
STATUS_RUBRICS = {
    "default": default_rubric(),
    "streak of one, tight limits": changed_rubric(
        default_rubric(),
        {
            "let_go_hell_no_streak": 1,
            "watch_score_drop": 5,
            "let_go_below_baseline": 10,
            "stale_after_days": 20,
        },
    ),
    "streak of four, one step, no floor": changed_rubric(
        default_rubric(),
        {"let_go_hell_no_streak": 4, "watch_steps_below_baseline": 1, "watch_score_drop": 30},
        {"floor": None, "knockout_at": "hell_no", "threshold": 65},
    ),
}
