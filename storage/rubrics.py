"""Rubric versions: added one at a time, read back, never changed (see migration 0009)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, func, select

from storage import convert
from storage.base import Store
from storage.errors import Conflict, NotFound
from storage.schema import rubric_versions


@dataclass(frozen=True, slots=True)
class StoredRubric:
    """One saved version: its TOML text as saved, when, by whom ("" without sign-in) and why."""

    key: str
    version: int
    saved_at: dt.datetime
    saved_by: str
    reason: str
    body: str


class VersionTaken(Conflict):
    """Someone saved a version of the rubric since the one this save started from."""

    def __init__(self, latest: int) -> None:
        super().__init__(f"version {latest} of the rubric was saved meanwhile")
        self.latest = latest


class RubricVersions(Store):
    def latest_rubric(self, key: str) -> StoredRubric | None:
        """The newest saved version of the rubric `key` (one short read: every page run asks),
        None when none was ever saved."""
        with self._read() as conn:
            row = conn.execute(
                select(rubric_versions)
                .where(rubric_versions.c.rubric_key == key)
                .order_by(rubric_versions.c.version.desc())
                .limit(1)
            ).first()
        return None if row is None else _stored(row)

    def rubric_version(self, key: str, version: int) -> StoredRubric:
        with self._read() as conn:
            row = conn.execute(
                select(rubric_versions).where(
                    rubric_versions.c.rubric_key == key, rubric_versions.c.version == version
                )
            ).first()
        if row is None:
            raise NotFound(f"no version {version} of rubric {key}")
        return _stored(row)

    def rubric_versions(self, key: str) -> list[StoredRubric]:
        """Every saved version of the rubric `key`, newest first."""
        with self._read() as conn:
            rows = conn.execute(
                select(rubric_versions)
                .where(rubric_versions.c.rubric_key == key)
                .order_by(rubric_versions.c.version.desc())
            ).all()
        return [_stored(row) for row in rows]

    def add_rubric_version(
        self, key: str, version: int, body: str, *, after: int, saved_by: str = "", reason: str = ""
    ) -> StoredRubric:
        """Keep `body` as version `version` of rubric `key`, provided the latest saved version is
        still `after` (the one the edit started from; the built-in version when none was saved).
        `VersionTaken` when another save came first: two people saving at once never both win."""
        if version <= after:
            raise ValueError(f"a new version must come after version {after}, not be {version}")
        try:
            with self._write() as conn:
                latest = conn.execute(
                    select(func.max(rubric_versions.c.version)).where(rubric_versions.c.rubric_key == key)
                ).scalar_one()
                if latest is not None and int(latest) != after:
                    raise VersionTaken(int(latest))
                conn.execute(
                    rubric_versions.insert().values(
                        rubric_key=key,
                        version=version,
                        saved_at=convert.now(),
                        saved_by=saved_by,
                        reason=reason,
                        body=body,
                    )
                )
        except VersionTaken:
            raise
        except Conflict:  # the unique key: a save on another connection committed first
            raise VersionTaken(version) from None
        return self.rubric_version(key, version)


def _stored(row: Row[Any]) -> StoredRubric:
    mapping = row._mapping
    return StoredRubric(
        key=mapping["rubric_key"],
        version=int(mapping["version"]),
        saved_at=convert.utc(mapping["saved_at"]),
        saved_by=mapping["saved_by"],
        reason=mapping["reason"],
        body=mapping["body"],
    )
