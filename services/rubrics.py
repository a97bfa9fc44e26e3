"""The rubric in use, its versions, and saving, restoring, exporting and importing them.

The built-in rubric (`scoring/default_rubric.toml`) is version 1 until someone saves another.
Every save is a new version in the database (`storage.rubrics`), never changed afterwards;
the newest one is the rubric in use, for every page and command and every person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from i18n import _
from scoring import Rubric, RubricError, default_rubric
from scoring.rubric import parse_rubric
from scoring.rubric_file import dump_rubric
from scoring.versions import as_version, lost_keys, restored, same_content
from storage import NotFound, Repository, StoredRubric, VersionTaken

__all__ = [
    "RubricError",
    "Unchanged",
    "Version",
    "VersionTaken",
    "book",
    "current",
    "export_text",
    "import_text",
    "restore",
    "save",
    "version",
    "versions",
]

#: The longest reason a save keeps (one line).
REASON_MAX = 200


class Unchanged(ValueError):
    """A save or restore that would give a version equal to the one in use."""


@dataclass(frozen=True, slots=True)
class Version:
    """One version of the rubric: the built-in one (`saved_at` None) or one someone saved."""

    rubric: Rubric
    saved_at: dt.datetime | None = None
    saved_by: str = ""
    reason: str = ""

    @property
    def number(self) -> int:
        return self.rubric.version

    @property
    def built_in(self) -> bool:
        return self.saved_at is None


def _built_in() -> Version:
    return Version(default_rubric())


@lru_cache(maxsize=64)
def _parsed(body: str, source: str) -> Rubric:
    """A stored version's text as a rubric, parsed once per text (versions never change)."""
    return parse_rubric(body, source)


def _version(stored: StoredRubric) -> Version:
    rubric = _parsed(stored.body, f"rubric version {stored.version}")
    return Version(rubric, stored.saved_at, stored.saved_by, stored.reason)


def current_version(repo: Repository) -> Version:
    """The version in use: the newest saved, else the built-in one."""
    latest = repo.latest_rubric(default_rubric().key)
    return _built_in() if latest is None else _version(latest)


def current(repo: Repository) -> Rubric:
    """The rubric every page and command scores with."""
    return current_version(repo).rubric


def versions(repo: Repository) -> list[Version]:
    """Every version, newest first, the built-in one last."""
    saved = [_version(stored) for stored in repo.rubric_versions(default_rubric().key)]
    return [*saved, _built_in()]


def numbers(repo: Repository) -> set[int]:
    """The number of every version there is, the built-in one's too."""
    return {found.version for found in repo.rubric_versions(default_rubric().key)} | {_built_in().number}


def book(repo: Repository, current: Rubric) -> dict[int, Rubric]:
    """Every version by number, for scoring each assessment with the version it was taken with.
    With the built-in version in use there is no other: nothing is read."""
    if current.version == _built_in().number and current == default_rubric():
        return {current.version: current}
    return {found.number: found.rubric for found in versions(repo)}


def version(repo: Repository, number: int) -> Version:
    """Version `number`; `LookupError` (a sentence to show) when there is none."""
    built_in = _built_in()
    if number == built_in.number:
        return built_in
    try:
        return _version(repo.rubric_version(default_rubric().key, number))
    except NotFound:
        raise LookupError(_("There is no version {number} of the rubric.").format(number=number)) from None


def check(previous: Rubric, edited: Rubric) -> list[str]:
    """Every reason `edited` cannot follow `previous`, one line each (none: it can). The text goes
    through the rubric file's own checks, so what is saved is exactly what an export reads back."""
    problems = lost_keys(previous, edited)
    try:
        parse_rubric(dump_rubric(as_version(edited, previous.key, previous.version + 1)), "rubric")
    except RubricError as exc:
        problems.extend(exc.problems)
    return problems


def save(repo: Repository, edited: Rubric, *, based_on: int, saved_by: str = "", reason: str = "") -> Version:
    """Keep `edited` as the next version after `based_on` (the version the edit started from).

    `RubricError` (one line per problem) for a rubric that cannot be used; `Unchanged` when it
    equals the version in use; `VersionTaken` when someone saved a version since `based_on`.
    """
    now = current_version(repo)
    if now.number != based_on:
        raise VersionTaken(now.number)
    problems = check(now.rubric, edited)
    if problems:
        raise RubricError("; ".join(problems), problems)
    if same_content(edited, now.rubric):
        raise Unchanged(_("Nothing changed since version {number}.").format(number=now.number))
    new = as_version(edited, now.rubric.key, now.number + 1)
    body = dump_rubric(new)
    repo.add_rubric_version(
        new.key,
        new.version,
        body,
        after=now.number,
        saved_by=saved_by,
        reason=" ".join(reason.split())[:REASON_MAX],
    )
    return current_version(repo)


def restore(repo: Repository, number: int, *, saved_by: str = "", reason: str = "") -> Version:
    """Version `number`'s rubric as a new version (dimensions added since it stay, retired)."""
    old = version(repo, number).rubric
    now = current_version(repo)
    back = restored(old, now.rubric, now.number + 1)
    if same_content(back, now.rubric):
        raise Unchanged(_("Version {number} is the rubric in use already.").format(number=number))
    why = reason.strip() or _("Restored version {number}.").format(number=number)
    return save(repo, back, based_on=now.number, saved_by=saved_by, reason=why)


def export_text(repo: Repository, number: int | None = None) -> str:
    """The TOML text of version `number` (the one in use when None), as the default file is written."""
    chosen = current_version(repo) if number is None else version(repo, number)
    return dump_rubric(chosen.rubric)


def import_text(
    repo: Repository, text: str, *, source: str = "rubric file", saved_by: str = "", reason: str = ""
) -> Version:
    """A rubric file saved as the next version. Its own key and version are not kept: it becomes the
    next version of the rubric in use. `RubricError` lists every problem; nothing is saved then."""
    rubric = parse_rubric(text, source)
    now = current_version(repo)
    why = reason.strip() or _("Imported from {source}.").format(source=source)
    return save(
        repo,
        as_version(rubric, now.rubric.key, now.number),
        based_on=now.number,
        saved_by=saved_by,
        reason=why,
    )
