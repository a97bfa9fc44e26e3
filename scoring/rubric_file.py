"""A rubric as a file, and what changed between two versions of it.

`dump_rubric` writes a rubric as TOML in the layout of `default_rubric.toml`, which
`scoring.rubric.parse_rubric` reads back to the same rubric. `differences` words what changed
between two rubrics, one readable line each, for the versions list and the command line.
`RULES` names the verdict and status rules a person sets, with a help sentence each, for the
editor's inputs and for the differences.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from i18n import Lazy, _, format_decimal, format_integer, lazy_gettext, ngettext, use_language
from scoring.models import Answer, Dimension, Localized, Rubric, StatusRules, VerdictRules
from scoring.rubric import NO_FLOOR

__all__ = [
    "RULES",
    "RULE_LABELS",
    "Difference",
    "RuleLabel",
    "Unit",
    "differences",
    "dump_rubric",
    "summary",
]


# --- the rules a person sets ---------------------------------------------------------------


class Unit(StrEnum):
    """How a rule's value reads."""

    SCORE = "score"  # a number on the 0-100 score scale
    DAYS = "days"
    STEPS = "steps"  # steps on the five-answer scale
    COUNT = "count"  # how many (check-ins, reviews)
    ANSWER = "answer"  # an answer word; the floor may be off


@dataclass(frozen=True)
class RuleLabel:
    """A verdict or status rule as a person reads it: `label` for an input and a line of the
    differences, `help` says what the rule does. Both are `Lazy`: a table kept for every reader."""

    section: str  # "verdict" or "status"
    name: str  # the field in that section (`VerdictRules`, `StatusRules`)
    label: Lazy
    help: Lazy
    unit: Unit

    @property
    def path(self) -> str:
        """Where it sits in the file and in a problem's line: "verdict.threshold"."""
        return f"{self.section}.{self.name}"

    def value(self, value: Any) -> str:
        """The rule's value in the current language: "80", "30 days", "2 steps", "Hell no"."""
        return _worded(self.unit, value)


def _worded(unit: Unit, value: Any, digits: int = 3) -> str:
    if unit is Unit.ANSWER:
        return _("off") if value is None else Answer(value).label
    if unit is Unit.DAYS:
        return ngettext("{n} day", "{n} days", int(value)).format(n=format_integer(int(value)))
    if unit is Unit.STEPS:
        return ngettext("{n} step", "{n} steps", int(value)).format(n=format_integer(int(value)))
    if unit is Unit.COUNT:
        return format_integer(int(value))
    return format_decimal(float(value), digits)


RULES: tuple[RuleLabel, ...] = (
    RuleLabel(
        "verdict",
        "threshold",
        lazy_gettext("Hell yes from score"),
        lazy_gettext("The weighted score, from 0 to 100, that a screen or a check-in needs for a hell yes."),
        Unit.SCORE,
    ),
    RuleLabel(
        "verdict",
        "floor",
        lazy_gettext("Floor for every dimension"),
        lazy_gettext(
            "Any dimension answered at or below this makes the verdict a hell no, whatever the score. "
            "Off: no answer does."
        ),
        Unit.ANSWER,
    ),
    RuleLabel(
        "verdict",
        "knockout_at",
        lazy_gettext("Knockout at"),
        lazy_gettext(
            "A knockout dimension answered at or below this makes the verdict a hell no on its own."
        ),
        Unit.ANSWER,
    ),
    RuleLabel(
        "status",
        "cadence_days",
        lazy_gettext("Check-in every"),
        lazy_gettext("A check-in is due this many days after the previous one."),
        Unit.DAYS,
    ),
    RuleLabel(
        "status",
        "stale_after_days",
        lazy_gettext("Stale after"),
        lazy_gettext(
            "With no check-in for longer than this, the status is stale: an old hell yes never stays green."
        ),
        Unit.DAYS,
    ),
    RuleLabel(
        "status",
        "watch_score_drop",
        lazy_gettext("Watch when the score drops by"),
        lazy_gettext("Watch: the score fell at least this much since the previous check-in."),
        Unit.SCORE,
    ),
    RuleLabel(
        "status",
        "watch_steps_below_baseline",
        lazy_gettext("Watch when a dimension is below its baseline by"),
        lazy_gettext(
            "Watch: one dimension sits at least this many answer steps below its answer at the baseline."
        ),
        Unit.STEPS,
    ),
    RuleLabel(
        "status",
        "let_go_hell_no_streak",
        lazy_gettext("Let go after hell-no check-ins in a row"),
        lazy_gettext("Let go: this many check-ins in a row were a hell no."),
        Unit.COUNT,
    ),
    RuleLabel(
        "status",
        "let_go_below_baseline",
        lazy_gettext("Let go when the score is below the baseline by"),
        lazy_gettext("Let go: the score is at least this far below the baseline."),
        Unit.SCORE,
    ),
    RuleLabel(
        "status",
        "review_falls_in_a_row",
        lazy_gettext("Watch when their reviews fall in a row"),
        lazy_gettext(
            "Watch: the client's own rating fell this many reviews in a row. "
            "Their reviews raise a watch, never more."
        ),
        Unit.COUNT,
    ),
    RuleLabel(
        "status",
        "review_contradiction_steps",
        lazy_gettext("Watch when their review and yours differ by"),
        lazy_gettext(
            "Watch: their latest review and your latest check-in lie at least this many answer steps "
            "apart on a dimension."
        ),
        Unit.STEPS,
    ),
    RuleLabel(
        "status",
        "slowing_in_a_row",
        lazy_gettext("Slowing payments: invoices paid later in a row"),
        lazy_gettext(
            "Alert when the last this many invoices were each paid later than the one before "
            "(an open invoice counts with its days late so far)."
        ),
        Unit.COUNT,
    ),
    RuleLabel(
        "status",
        "slowing_average_days",
        lazy_gettext("Slowing payments: average days late up by"),
        lazy_gettext(
            "Alert when the latest invoices were paid this many days later on average "
            "than as many before them."
        ),
        Unit.DAYS,
    ),
)

#: Each rule by its path ("verdict.threshold", "status.cadence_days").
RULE_LABELS: dict[str, RuleLabel] = {rule.path: rule for rule in RULES}


# --- the file ------------------------------------------------------------------------------

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped, the rest as is."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _number(value: float) -> str:
    """A whole number as one ("80", "1"), another in the shortest form that reads back exactly."""
    if math.isfinite(value) and value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _localized(value: Localized) -> str:
    """English only as a plain string; more languages as `{ en = "...", nl = "..." }`."""
    written = [
        (name, text) for name in type(value).model_fields if (text := getattr(value, name)) is not None
    ]
    if [name for name, _text in written] == ["en"]:
        return _string(value.en)
    return "{ " + ", ".join(f"{name} = {_string(text)}" for name, text in written) + " }"


def _value(value: Any) -> str:
    if isinstance(value, Localized):
        return _localized(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, StrEnum | str):
        return _string(str(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number(value)
    raise TypeError(f"a rubric file has no way to write {value!r}")


def _comment(text: Lazy) -> Iterator[str]:
    """A help sentence as a comment, in English (the file's language), wrapped near 100 columns."""
    with use_language("en"):
        words = str(text).split()
    line = "#"
    for word in words:
        if len(line) + 1 + len(word) > 100 and line != "#":
            yield line
            line = "#"
        line += " " + word
    yield line


def _rules(section: str, rules: VerdictRules | StatusRules) -> Iterator[str]:
    yield f"[{section}]"
    for name in type(rules).model_fields:
        value = getattr(rules, name)
        rule = RULE_LABELS.get(f"{section}.{name}")
        if rule is not None:
            yield from _comment(rule.help)
        if name == "floor":
            yield f"# {name} = {_string(NO_FLOOR)} turns it off."
        yield f"{name} = {_string(NO_FLOOR) if value is None and name == 'floor' else _value(value)}"


# A dimension's fields in the order the default file writes them; any other field follows.
_DIMENSION_ORDER = ("key", "reason", "label", "prospect", "client", "hint", "source", "weight", "knockout")


def _dimension(table: str, dim: Dimension) -> Iterator[str]:
    yield f"[[{table}]]"
    fields = {info.alias or name: name for name, info in Dimension.model_fields.items()}
    names = [*_DIMENSION_ORDER, *(written for written in fields if written not in _DIMENSION_ORDER)]
    for written in names:
        value = getattr(dim, fields[written])
        default = Dimension.model_fields[fields[written]].default
        if written != "weight" and (value is None or value == default):
            continue  # a default reads back the same; the weight is always written, so the file says it
        yield f"{written} = {_value(value)}"


def dump_rubric(rubric: Rubric) -> str:
    """The rubric as TOML in the layout of `default_rubric.toml`: `parse_rubric` reads it back equal."""
    lines = [
        f"# Thin Slice rubric {_string(rubric.key)}, version {rubric.version}, exported from Thin Slice.",
        "#",
        "# Keys are stable (CSV columns, stored answers): reword labels and questions freely, never re-key.",
        '# Texts: `label = { en = "...", nl = "..." }`; a language left out reads the English.',
        "# [[retired]] dimensions are no longer asked; their keys stay taken.",
        "# [[reasons]] are reasons to let go of your own, each with its playbook: title, why, steps.",
        "",
        f"key = {_string(rubric.key)}",
        f"version = {rubric.version}",
        f"name = {_localized(rubric.name_text)}",
        "",
        *_rules("verdict", rubric.verdict),
        "",
        *_rules("status", rubric.status),
    ]
    for table, dims in (("dimensions", rubric.dimensions), ("retired", rubric.retired)):
        for dim in dims:
            lines += ["", *_dimension(table, dim)]
    for reason in rubric.reasons:
        steps = ", ".join(_localized(step) for step in reason.steps_text)
        lines += [
            "",
            "[[reasons]]",
            f"key = {_string(reason.key)}",
            f"title = {_localized(reason.title_text)}",
            f"why = {_localized(reason.why_text)}",
            f"steps = [{steps}]",
        ]
    return "\n".join(lines) + "\n"


# --- what changed --------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """One change between two rubrics. `text` renders in the reader's language when read.

    `dimension` is the key of the dimension it is about (None for the rubric's own fields);
    `field` says what changed: "key", "name", a rule's path ("verdict.threshold"), a dimension's
    field ("weight", "knockout", "label", "prospect", "client", "hint", "source", "reason"),
    or "added", "asked_again", "retired", "removed", "order".
    """

    dimension: str | None
    field: str
    text: Lazy

    def __str__(self) -> str:
        return str(self.text)


def _two(unit: Unit, old: Any, new: Any) -> tuple[Lazy, Lazy]:
    """Two values worded so they never read the same: more decimals when the first three agree."""

    def pair() -> tuple[str, str]:
        for digits in (3, 6, 12):
            shown = _worded(unit, old, digits), _worded(unit, new, digits)
            if shown[0] != shown[1]:
                break
        return shown

    return Lazy(lambda: pair()[0]), Lazy(lambda: pair()[1])


def _rubric_changes(old: Rubric, new: Rubric) -> Iterator[Difference]:
    if old.key != new.key:
        yield Difference(None, "key", lazy_gettext("Key: {old} → {new}", old=old.key, new=new.key))
    if old.name_text != new.name_text:
        was, now = old.name_text, new.name_text
        yield Difference(
            None,
            "name",
            Lazy(
                lambda: (
                    _("Name: {old} → {new}").format(old=was.text(), new=now.text())
                    if was.text() != now.text()
                    else _("Name: reworded in another language")
                )
            ),
        )
    for section, before, after in (("verdict", old.verdict, new.verdict), ("status", old.status, new.status)):
        for name in type(before).model_fields:
            was_value, now_value = getattr(before, name), getattr(after, name)
            if was_value == now_value:
                continue
            rule = RULE_LABELS.get(f"{section}.{name}")
            label: Lazy | str = rule.label if rule is not None else f"{section}.{name}"
            unit = rule.unit if rule is not None else Unit.SCORE
            shown_old, shown_new = _two(unit, was_value, now_value)
            yield Difference(
                None,
                f"{section}.{name}",
                lazy_gettext("{rule}: {old} → {new}", rule=label, old=shown_old, new=shown_new),
            )


def _dimension_changes(old: Dimension, new: Dimension) -> Iterator[Difference]:
    key, label = new.key, new.label_text.lazy()
    if old.label_text != new.label_text:
        was, now = old.label_text, new.label_text
        yield Difference(
            key,
            "label",
            Lazy(
                lambda: (
                    _("Renamed: {old} → {new}").format(old=was.text(), new=now.text())
                    if was.text() != now.text()
                    else _("{label}: name reworded in another language").format(label=now.text())
                )
            ),
        )
    if old.prospect_text != new.prospect_text:
        yield Difference(
            key, "prospect", lazy_gettext("{label}: question at the screen reworded", label=label)
        )
    if old.client_text != new.client_text:
        yield Difference(key, "client", lazy_gettext("{label}: question at a check-in reworded", label=label))
    if old.hint_text != new.hint_text:
        yield Difference(key, "hint", lazy_gettext("{label}: hint reworded", label=label))
    if old.weight != new.weight:
        was_weight, now_weight = _two(Unit.SCORE, old.weight, new.weight)
        yield Difference(
            key,
            "weight",
            lazy_gettext("{label}: weight {old} → {new}", label=label, old=was_weight, new=now_weight),
        )
    if old.knockout != new.knockout:
        if new.knockout:
            yield Difference(key, "knockout", lazy_gettext("{label}: now a knockout", label=label))
        else:
            yield Difference(key, "knockout", lazy_gettext("{label}: no longer a knockout", label=label))
    if old.reason != new.reason:
        none = lazy_gettext("none")
        yield Difference(
            key,
            "reason",
            lazy_gettext(
                "{label}: reason to let go {old} → {new}",
                label=label,
                old=old.reason or none,
                new=new.reason or none,
            ),
        )
    if old.source != new.source:
        yield Difference(key, "source", lazy_gettext("{label}: source changed", label=label))


def differences(old: Rubric, new: Rubric) -> list[Difference]:
    """What changed from `old` to `new`, one readable line each: the rubric's name and rules first,
    then the dimensions in the new order (new, asked again, changed), then those no longer asked.
    The version number is not a change (two versions always differ in it); equal rubrics give []."""
    found = list(_rubric_changes(old, new))
    was_asked = {dim.key: dim for dim in old.dimensions}
    was_retired = {dim.key for dim in old.retired}
    now_asked = {dim.key for dim in new.dimensions}
    now_retired = {dim.key for dim in new.retired}
    for dim in new.dimensions:
        label = dim.label_text.lazy()
        if dim.key in was_asked:
            found += _dimension_changes(was_asked[dim.key], dim)
        elif dim.key in was_retired:
            found.append(
                Difference(dim.key, "asked_again", lazy_gettext("Asked again: {label}", label=label))
            )
        else:
            found.append(Difference(dim.key, "added", lazy_gettext("New dimension: {label}", label=label)))
    for dim in (*old.dimensions, *old.retired):
        if dim.key in now_asked:
            continue
        label = dim.label_text.lazy()
        if dim.key in now_retired and dim.key in was_asked:
            found.append(Difference(dim.key, "retired", lazy_gettext("Retired: {label}", label=label)))
        elif dim.key not in now_retired:
            found.append(Difference(dim.key, "removed", lazy_gettext("Removed: {label}", label=label)))
    kept_before = [dim.key for dim in old.dimensions if dim.key in now_asked]
    kept_after = [dim.key for dim in new.dimensions if dim.key in was_asked]
    if kept_before != kept_after:
        found.append(Difference(None, "order", lazy_gettext("The dimensions are asked in a new order.")))
    return found + list(_reason_changes(old, new))


def _reason_changes(old: Rubric, new: Rubric) -> Iterator[Difference]:
    """The rubric's own reasons to let go: new, reworded or gone."""
    before = {reason.key: reason for reason in old.reasons}
    after = {reason.key for reason in new.reasons}
    for reason in new.reasons:
        title = reason.title_text.lazy()
        if reason.key not in before:
            yield Difference(None, "reason_added", lazy_gettext("New reason to let go: {title}", title=title))
        elif reason != before[reason.key]:
            yield Difference(
                None, "reason_changed", lazy_gettext("Reason to let go reworded: {title}", title=title)
            )
    for reason in old.reasons:
        if reason.key not in after:
            title = reason.title_text.lazy()
            yield Difference(
                None, "reason_removed", lazy_gettext("Reason to let go removed: {title}", title=title)
            )


def summary(changes: Sequence[Difference]) -> str:
    """ "3 changes", or "No changes", in the current language (for a line of the versions list)."""
    if not changes:
        return _("No changes")
    return ngettext("{n} change", "{n} changes", len(changes)).format(n=format_integer(len(changes)))
