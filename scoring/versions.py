"""The rules of a rubric's versions: what a new version may change, and what a restore brings back.

Keys are the rubric's public interface: an assessment's answers, a CSV column and a calibration
all name a dimension by its key. So a key, once asked, stays in every later version, asked or
retired, and never changes meaning; a restore of an older version keeps the keys added since,
retired.
"""

from __future__ import annotations

from collections.abc import Mapping

from scoring.models import Dimension, Rubric


def lost_keys(previous: Rubric, new: Rubric) -> list[str]:
    """One line per dimension of `previous` that `new` neither asks nor keeps retired."""
    kept = {d.key for d in (*new.dimensions, *new.retired)}
    return [
        f"dimensions: {d.key!r} was part of version {previous.version}; retire it instead of removing it"
        for d in (*previous.dimensions, *previous.retired)
        if d.key not in kept
    ]


def as_version(rubric: Rubric, key: str, version: int) -> Rubric:
    """`rubric`'s content as version `version` of the rubric `key`."""
    return rubric.model_copy(update={"key": key, "version": version})


def restored(old: Rubric, current: Rubric, version: int) -> Rubric:
    """`old`'s content as version `version`: the dimensions `current` added since stay, retired (a
    retired dimension is never a knockout)."""
    known = {d.key for d in (*old.dimensions, *old.retired)}
    since: list[Dimension] = [
        d.model_copy(update={"knockout": False})
        for d in (*current.dimensions, *current.retired)
        if d.key not in known
    ]
    return old.model_copy(update={"key": current.key, "version": version, "retired": (*old.retired, *since)})


def same_content(one: Rubric, other: Rubric) -> bool:
    """Whether two rubrics differ in nothing but their version number."""
    return one.model_copy(update={"version": other.version, "key": other.key}) == other


def taken_with(book: Mapping[int, Rubric], current: Rubric, key: str, version: int) -> Rubric:
    """The rubric an assessment was taken with (`key`, `version`), from `book` (every version by
    number); `current` when the book does not hold it (a file from elsewhere named another)."""
    if key != current.key:
        return current
    return book.get(version, current)


def as_written(rubric: Rubric) -> Rubric:
    """`rubric` as its files are written: the retired dimensions asked too, so their columns stay
    where they were, holding the answers of the assessments that were asked them."""
    if not rubric.retired:
        return rubric
    return rubric.model_copy(update={"dimensions": (*rubric.dimensions, *rubric.retired), "retired": ()})
