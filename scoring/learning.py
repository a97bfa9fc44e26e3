"""What your outcomes teach: which answers at the screen came before good and bad outcomes.

Every account whose worth is known is a case: a relationship completed as planned is good; one
you let go, or one that went bust, is bad; a client the status now puts at let go or fire now is
bad too, though it has not ended. "They left" proves nothing (people leave good suppliers too).

For each dimension the answers of the account's *first* screen are set against that truth: the
mean answer of the good and of the bad (points 0-4), and the chance that a random good account
answered higher than a random bad one (the AUC of a Mann-Whitney test, a tie counting half):
50% is a coin toss, 100% a perfect split. From enough cases, and with evidence worded plainly,
it suggests a change to the rubric: a dimension that told them apart weighs more (or becomes a
knockout when no good account ever answered that low), a heavy one that told nothing weighs less.
Each suggestion carries the rubric with that one change, for the editor to show and save.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from i18n import Lazy, format_decimal, format_integer, format_list, format_percent, lazy_gettext, ngettext
from scoring.calibration import PROVES
from scoring.models import MAX_POINTS, Answer, Dimension, Outcome, Rubric, Verdict
from scoring.rules import Status

#: Fewest good outcomes, bad outcomes, and both together, before any suggestion is made.
MIN_GOOD = 3
MIN_BAD = 3
MIN_TOTAL = 8

#: How far (a z value) the AUC must lie from a coin toss for weak, some and strong evidence.
WEAK_Z = 1.28  # about 9 in 10 that it is no coin toss
SOME_Z = 1.96  # about 19 in 20
STRONG_Z = 2.58  # about 99 in 100

#: "Tells nothing" means: the AUC is, with that evidence, within this distance of a coin toss.
NEAR_COIN = 0.2

#: A knockout is suggested only when at most this share of the good outcomes answered at or below
#: the rubric's knockout level, and at least `KNOCKOUT_CATCHES` of the bad ones did.
KNOCKOUT_SPARES = 0.1
KNOCKOUT_CATCHES = 1 / 3

#: A raise doubles a weight, a lowering halves it (weights stay within the rubric's 0-100].
WEIGHT_MAX = 100.0

#: The clients the status counts as bad outcomes before they end.
BAD_STATUSES = frozenset({Status.LET_GO, Status.FIRE_NOW})


def worth(outcome: Outcome | None, ended: bool, status: Status | None) -> bool | None:
    """Whether an account proved good (True), bad (False), or nothing yet (None).

    An ended relationship counts by its outcome (`scoring.calibration.PROVES`: "they left" proves
    nothing); a client still under contract counts as bad once its status is let go or fire now.
    """
    if ended:
        proved = PROVES.get(outcome) if outcome is not None else None
        return None if proved is None else proved is Verdict.HELL_YES
    if status in BAD_STATUSES:
        return False
    return None


@dataclass(frozen=True, slots=True)
class Case:
    """One account whose worth is known: its first screen's answers, gut call and the rubric's
    verdict on them (over the dimensions they answered), and whether it proved good.
    `ended` is False for a client counted bad by its status alone."""

    answers: Mapping[str, Answer]
    gut: Verdict | None
    verdict: Verdict | None
    good: bool
    ended: bool = True


class Strength(IntEnum):
    """How sure the figures are, in plain words (the order is the sureness)."""

    WEAK = 1
    SOME = 2
    STRONG = 3

    @property
    def label(self) -> str:
        return str(_STRENGTH_LABELS[self])


_STRENGTH_LABELS = {
    Strength.WEAK: lazy_gettext("Weak evidence"),
    Strength.SOME: lazy_gettext("Some evidence"),
    Strength.STRONG: lazy_gettext("Strong evidence"),
}


def _strength(z: float) -> Strength | None:
    for level, least in ((Strength.STRONG, STRONG_Z), (Strength.SOME, SOME_Z), (Strength.WEAK, WEAK_Z)):
        if z >= least:
            return level
    return None


class Reading(StrEnum):
    """What a dimension's figures say."""

    TOO_FEW = "too_few"  # fewer cases than the minimum
    SEPARATES = "separates"  # good outcomes answered higher
    REVERSED = "reversed"  # bad outcomes answered higher: the question may be read the wrong way
    NOTHING = "nothing"  # no better than a coin toss
    UNCLEAR = "unclear"  # enough cases, but no clear sign either way

    @property
    def label(self) -> str:
        return str(_READING_LABELS[self])


_READING_LABELS = {
    Reading.TOO_FEW: lazy_gettext("Too few yet"),
    Reading.SEPARATES: lazy_gettext("Tells them apart"),
    Reading.REVERSED: lazy_gettext("Backwards"),
    Reading.NOTHING: lazy_gettext("Coin toss"),
    Reading.UNCLEAR: lazy_gettext("No clear sign"),
}


@dataclass(frozen=True, slots=True)
class Evidence:
    """How many good and bad outcomes there are, against the minimum for a suggestion."""

    n_good: int
    n_bad: int

    @property
    def total(self) -> int:
        return self.n_good + self.n_bad

    @property
    def more_good(self) -> int:
        return max(0, MIN_GOOD - self.n_good)

    @property
    def more_bad(self) -> int:
        return max(0, MIN_BAD - self.n_bad)

    @property
    def more_either(self) -> int:
        """Outcomes of either kind needed beyond `more_good` and `more_bad` to reach `MIN_TOTAL`."""
        return max(0, MIN_TOTAL - self.total - self.more_good - self.more_bad)

    @property
    def enough(self) -> bool:
        return not (self.more_good or self.more_bad or self.more_either)


@dataclass(frozen=True, slots=True)
class Separation:
    """How well one dimension's answer at the screen told the good outcomes from the bad.

    `cut` is the answer at or below which the share of bad outcomes most exceeds the share of
    good ones; `bad_at_or_below_cut` of the `n_bad` bad (and `good_at_or_below_cut` of the good)
    answered there. Means and AUC are None when either side has no case."""

    key: str
    n_good: int
    n_bad: int
    mean_good: float | None
    mean_bad: float | None
    auc: float | None
    cut: Answer | None
    bad_at_or_below_cut: int
    good_at_or_below_cut: int
    reading: Reading
    strength: Strength | None
    #: How many good and bad outcomes answered at or below each answer, lowest answer first.
    good_at_or_below: tuple[int, ...] = ()
    bad_at_or_below: tuple[int, ...] = ()

    @property
    def difference(self) -> float | None:
        """Mean answer of the good minus that of the bad, in answer steps."""
        if self.mean_good is None or self.mean_bad is None:
            return None
        return self.mean_good - self.mean_bad

    @property
    def evidence(self) -> Evidence:
        return Evidence(self.n_good, self.n_bad)

    def at_or_below(self, answer: Answer) -> tuple[int, int]:
        """(good, bad) outcomes whose screen answered `answer` or lower."""
        if not self.good_at_or_below:
            return (0, 0)
        return (self.good_at_or_below[answer.points], self.bad_at_or_below[answer.points])


class SuggestionKind(StrEnum):
    RAISE_WEIGHT = "raise_weight"
    MAKE_KNOCKOUT = "make_knockout"
    LOWER_WEIGHT = "lower_weight"


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One change to the rubric the outcomes argue for. `sentence` says why and what, in the
    reader's language; `rubric` is the rubric with only that change (same version: the editor
    numbers it when it is saved)."""

    dimension: str
    kind: SuggestionKind
    strength: Strength
    sentence: Lazy
    rubric: Rubric


@dataclass(frozen=True, slots=True)
class Record:
    """The gut call and the rubric's verdict against the truth, over every case that has them."""

    judged: int
    with_gut: int
    gut_right: int
    rubric_right: int


@dataclass(frozen=True, slots=True)
class Learning:
    """Everything the outcomes teach about one rubric."""

    evidence: Evidence
    #: Cases that are clients at let go or fire now (counted bad, not ended).
    troubled: int
    dimensions: tuple[Separation, ...]
    suggestions: tuple[Suggestion, ...]
    record: Record

    @property
    def needed(self) -> Lazy | None:
        """What is missing before a suggestion can be made, in a sentence; None when nothing is."""
        return needed_sentence(self.evidence)


def learn(rubric: Rubric, cases: Sequence[Case]) -> Learning:
    """Set every case's first-screen answers against its outcome, dimension by dimension."""
    good = [c for c in cases if c.good]
    bad = [c for c in cases if not c.good]
    separations = tuple(_separation(rubric, dim, good, bad) for dim in rubric.dimensions)
    evidence = Evidence(len(good), len(bad))
    suggestions = _suggestions(rubric, separations) if evidence.enough else ()
    verdicts = [c for c in cases if c.verdict is not None]
    guts = [c for c in cases if c.gut is not None]
    record = Record(
        judged=len(verdicts),
        with_gut=len(guts),
        gut_right=sum(1 for c in guts if (c.gut is Verdict.HELL_YES) is c.good),
        rubric_right=sum(1 for c in verdicts if (c.verdict is Verdict.HELL_YES) is c.good),
    )
    troubled = sum(1 for c in cases if not c.ended)
    return Learning(evidence, troubled, separations, suggestions, record)


# -- one dimension ------------------------------------------------------------------------------


def _tally(cases: Sequence[Case], key: str) -> list[int]:
    """How many cases answered each point (0-4) on `key`; a case whose screen did not ask it (a
    dimension added later) is left out."""
    counts = [0] * (MAX_POINTS + 1)
    for case in cases:
        answer = case.answers.get(key)
        if answer is not None:
            counts[answer.points] += 1
    return counts


def _cumulative(counts: Sequence[int]) -> tuple[int, ...]:
    total = 0
    out = []
    for count in counts:
        total += count
        out.append(total)
    return tuple(out)


def auc(good: Sequence[int], bad: Sequence[int]) -> float | None:
    """The chance that a random good case answered higher than a random bad one, a tie counting
    half (Mann-Whitney U over n_good x n_bad), from the counts per point. None without both."""
    n_good, n_bad = sum(good), sum(bad)
    if not n_good or not n_bad:
        return None
    below = 0  # bad cases below the current point
    wins = 0.0
    for points in range(len(good)):
        wins += good[points] * (below + bad[points] / 2)
        below += bad[points]
    return wins / (n_good * n_bad)


def _se_with_ties(good: Sequence[int], bad: Sequence[int]) -> float:
    """The AUC's standard error if the answer told nothing, the ties taken into account."""
    n_good, n_bad = sum(good), sum(bad)
    n = n_good + n_bad
    ties = sum((g + b) ** 3 - (g + b) for g, b in zip(good, bad, strict=True))
    variance = n_good * n_bad / 12 * ((n + 1) - ties / (n * (n - 1)))
    return math.sqrt(max(variance, 0.0)) / (n_good * n_bad)


def _se_untied(n_good: int, n_bad: int) -> float:
    """The same without the ties: larger, so "tells nothing" is claimed only with room to spare."""
    return math.sqrt((n_good + n_bad + 1) / (12 * n_good * n_bad))


def _read(good: Sequence[int], bad: Sequence[int], area: float) -> tuple[Reading, Strength | None]:
    n_good, n_bad = sum(good), sum(bad)
    se = _se_with_ties(good, bad)
    if se == 0:  # every case gave the same answer: that shows nothing either way
        return Reading.UNCLEAR, None
    found = _strength(abs(area - 0.5) / se)
    if found is not None:
        return (Reading.SEPARATES if area > 0.5 else Reading.REVERSED), found
    # Tells nothing: even at the evidence's far end, the AUC stays near a coin toss.
    untied = _se_untied(n_good, n_bad)
    room = NEAR_COIN - abs(area - 0.5)
    found = _strength(room / untied) if room > 0 else None
    if found is not None:
        return Reading.NOTHING, found
    return Reading.UNCLEAR, None


def _separation(rubric: Rubric, dim: Dimension, good: Sequence[Case], bad: Sequence[Case]) -> Separation:
    good_counts, bad_counts = _tally(good, dim.key), _tally(bad, dim.key)
    n_good, n_bad = sum(good_counts), sum(bad_counts)
    good_below, bad_below = _cumulative(good_counts), _cumulative(bad_counts)
    mean_good = _mean(good_counts)
    mean_bad = _mean(bad_counts)
    area = auc(good_counts, bad_counts)
    cut = _best_cut(good_below, bad_below, n_good, n_bad)
    reading: Reading = Reading.TOO_FEW
    strength: Strength | None = None
    if Evidence(n_good, n_bad).enough and area is not None:
        reading, strength = _read(good_counts, bad_counts, area)
    return Separation(
        key=dim.key,
        n_good=n_good,
        n_bad=n_bad,
        mean_good=mean_good,
        mean_bad=mean_bad,
        auc=area,
        cut=cut,
        bad_at_or_below_cut=bad_below[cut.points] if cut is not None else 0,
        good_at_or_below_cut=good_below[cut.points] if cut is not None else 0,
        reading=reading,
        strength=strength,
        good_at_or_below=good_below,
        bad_at_or_below=bad_below,
    )


def _mean(counts: Sequence[int]) -> float | None:
    n = sum(counts)
    return sum(points * count for points, count in enumerate(counts)) / n if n else None


def _best_cut(good_below: Sequence[int], bad_below: Sequence[int], n_good: int, n_bad: int) -> Answer | None:
    """The answer (below hell yes) at or below which the share of bad outcomes most exceeds the
    share of good ones; on a tie the lower answer, which flags fewer good accounts. None when no
    answer flags more bad than good, or a side has no case."""
    if not n_good or not n_bad:
        return None
    best: Answer | None = None
    best_gap = 0.0
    for points in range(MAX_POINTS):  # a cut at hell yes flags everyone
        gap = bad_below[points] / n_bad - good_below[points] / n_good
        if gap > best_gap:
            best, best_gap = Answer.from_points(points), gap
    return best


# -- suggestions --------------------------------------------------------------------------------


def _suggestions(rubric: Rubric, separations: Sequence[Separation]) -> tuple[Suggestion, ...]:
    mean_weight = sum(d.weight for d in rubric.dimensions) / len(rubric.dimensions)
    found: list[tuple[float, Suggestion]] = []
    for dim, sep in zip(rubric.dimensions, separations, strict=True):
        if sep.strength is None or sep.auc is None:
            continue
        distance = abs(sep.auc - 0.5)
        if sep.reading is Reading.SEPARATES:
            if sep.cut is not None and dim.weight < WEIGHT_MAX:
                found.append((distance, _raise(rubric, dim, sep)))
            knockout = _knockout(rubric, dim, sep)
            if knockout is not None:
                found.append((distance, knockout))
        elif sep.reading is Reading.NOTHING and not dim.knockout and dim.weight >= mean_weight:
            found.append((-distance, _lower(rubric, dim, sep)))
    # Surest first; among equals, the dimension that told the most (a lowering: the least).
    found.sort(key=lambda item: (-item[1].strength, -item[0]))
    return tuple(suggestion for _score, suggestion in found)


def _with(rubric: Rubric, key: str, **change: object) -> Rubric:
    """The rubric with one dimension changed, nothing else (its version too: the editor numbers it)."""
    dims = tuple(d.model_copy(update=change) if d.key == key else d for d in rubric.dimensions)
    return rubric.model_copy(update={"dimensions": dims})


def _weight(weight: float) -> Lazy:
    return Lazy(lambda: format_decimal(weight, 2))


def _flagged(dim: Dimension, cut: Answer, bad: int, n_bad: int, good: int, n_good: int) -> Lazy:
    """ "A screen that answered Champion buy-in Unsure or lower came before 5 of 6 bad outcomes
    and 1 of 7 good ones." """
    params: dict[str, object] = {
        "dimension": dim.label_text.lazy(),
        "answer": cut.lazy_label(),
        "bad": Lazy(lambda: format_integer(bad)),
        "good": Lazy(lambda: format_integer(good)),
        "good_total": Lazy(lambda: format_integer(n_good)),
    }
    if cut is Answer.HELL_NO:
        return _plural(
            lambda: ngettext(
                "A screen that answered {dimension} {answer} came before {bad} of {n} bad outcome "
                "and {good} of {good_total} good ones.",
                "A screen that answered {dimension} {answer} came before {bad} of {n} bad outcomes "
                "and {good} of {good_total} good ones.",
                n_bad,
            ),
            n_bad,
            **params,
        )
    return _plural(
        lambda: ngettext(
            "A screen that answered {dimension} {answer} or lower came before {bad} of {n} bad outcome "
            "and {good} of {good_total} good ones.",
            "A screen that answered {dimension} {answer} or lower came before {bad} of {n} bad outcomes "
            "and {good} of {good_total} good ones.",
            n_bad,
        ),
        n_bad,
        **params,
    )


def _plural(template: Callable[[], str], n: int, **params: object) -> Lazy:
    """A plural sentence rendered when read: `template` is the `ngettext` call (written out, so the
    catalog finds it), and `{n}` is written as the reader writes numbers."""
    return Lazy(lambda: template().format(n=format_integer(n), **params))


def _joined(*parts: Lazy) -> Lazy:
    return Lazy(lambda: " ".join(str(part) for part in parts))


def _raise(rubric: Rubric, dim: Dimension, sep: Separation) -> Suggestion:
    assert sep.cut is not None
    new = min(WEIGHT_MAX, dim.weight * 2)
    action = lazy_gettext("Raise its weight from {old} to {new}.", old=_weight(dim.weight), new=_weight(new))
    why = _flagged(dim, sep.cut, sep.bad_at_or_below_cut, sep.n_bad, sep.good_at_or_below_cut, sep.n_good)
    assert sep.strength is not None
    return Suggestion(
        dim.key,
        SuggestionKind.RAISE_WEIGHT,
        sep.strength,
        _joined(why, action),
        _with(rubric, dim.key, weight=new),
    )


def _knockout(rubric: Rubric, dim: Dimension, sep: Separation) -> Suggestion | None:
    """Make it a knockout when at the rubric's knockout level it flags bad outcomes and (almost)
    no good one: then a screen answered that low is a hell no whatever else is true."""
    if dim.knockout or sep.strength is None:
        return None
    level = rubric.verdict.knockout_at
    good, bad = sep.at_or_below(level)
    if good > KNOCKOUT_SPARES * sep.n_good or bad < KNOCKOUT_CATCHES * sep.n_bad or bad == 0:
        return None
    why = _flagged(dim, level, bad, sep.n_bad, good, sep.n_good)
    action = lazy_gettext(
        "Make it a knockout: a screen that answers it {answer} or lower is then a hell no.",
        answer=level.lazy_label(),
    )
    if level is Answer.HELL_NO:
        action = lazy_gettext(
            "Make it a knockout: a screen that answers it {answer} is then a hell no.",
            answer=level.lazy_label(),
        )
    return Suggestion(
        dim.key,
        SuggestionKind.MAKE_KNOCKOUT,
        sep.strength,
        _joined(why, action),
        _with(rubric, dim.key, knockout=True),
    )


def _lower(rubric: Rubric, dim: Dimension, sep: Separation) -> Suggestion:
    assert sep.auc is not None and sep.strength is not None
    new = round(dim.weight / 2, 2)
    area = sep.auc
    why = lazy_gettext(
        "How you answered {dimension} at the screen told good outcomes from bad no better than a coin toss "
        "({auc}, from {good} good and {bad} bad).",
        dimension=dim.label_text.lazy(),
        auc=Lazy(lambda: format_percent(round(area, 2))),
        good=Lazy(lambda: format_integer(sep.n_good)),
        bad=Lazy(lambda: format_integer(sep.n_bad)),
    )
    action = lazy_gettext("Lower its weight from {old} to {new}.", old=_weight(dim.weight), new=_weight(new))
    return Suggestion(
        dim.key,
        SuggestionKind.LOWER_WEIGHT,
        sep.strength,
        _joined(why, action),
        _with(rubric, dim.key, weight=new),
    )


# -- what is missing ----------------------------------------------------------------------------


def needed_sentence(evidence: Evidence) -> Lazy | None:
    """ "Before it suggests a change, this needs 2 more good outcomes and 1 more bad one." """
    if evidence.enough:
        return None
    parts: list[Lazy] = []
    if evidence.more_good:
        good = evidence.more_good
        parts.append(_plural(lambda: ngettext("{n} more good outcome", "{n} more good outcomes", good), good))
    if evidence.more_bad:
        bad = evidence.more_bad
        parts.append(_plural(lambda: ngettext("{n} more bad outcome", "{n} more bad outcomes", bad), bad))
    if evidence.more_either:
        either = evidence.more_either
        parts.append(
            _plural(lambda: ngettext("{n} more of either kind", "{n} more of either kind", either), either)
        )
    return lazy_gettext(
        "Before it suggests a change, this needs {what}.", what=Lazy(lambda: format_list(parts))
    )
