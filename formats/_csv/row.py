"""One assessment as a CSV file holds it: the `Row` model, and what a row means to the rest.

Changes when the assessment schema gains a field. The column names and their order
are in `columns`; reading a row from text is `reading`, writing rows is `writing`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Annotated

from pydantic import StringConstraints, model_validator

from formats._csv.columns import SIGNAL_COLUMNS
from i18n import _
from scoring.limits import NAME_MAX, NOTE_MAX
from scoring.models import Answer, Assessment, Count, Frozen, Kind, Result, Rubric, Signals, Stage, Verdict
from scoring.status import Status

AccountName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX)]


class Row(Frozen):
    """One assessment as it stands in a CSV file. `taken_on` is the `date` column.

    Built in code (from the database), a row is validated as any model. Read from a
    file, it is built from cells `reading` has already checked, one by one and with
    messages that name the column, and is not validated a second time.
    """

    account: AccountName
    stage: Stage = Stage.PROSPECT
    taken_on: dt.date
    kind: Kind
    gut: Verdict | None = None
    answers: dict[str, Answer]
    invoice_days_late: Count | None = None
    out_of_scope_requests: Count | None = None
    missed_meetings: Count | None = None
    after_hours_demands: Count | None = None
    leadership_change: bool | None = None
    note: Annotated[str, StringConstraints(max_length=NOTE_MAX)] = ""

    @model_validator(mode="after")
    def _screens_have_a_gut_call(self) -> Row:
        if self.kind is Kind.SCREEN and self.gut is None:
            raise ValueError(_("a screen needs a gut call (hell_yes or hell_no)"))
        return self


@dataclass(frozen=True, slots=True)
class Scored:
    """A row with its computed columns; a `None` is an empty cell."""

    row: Row
    score: float | None
    verdict: Verdict | None
    status: Status | None = None
    reason: str | None = None

    @classmethod
    def of(cls, row: Row, result: Result | None) -> Scored:
        """The row with the score and verdict of `result` only (no status, no reason)."""
        return cls(row, result.score if result else None, result.verdict if result else None)


def to_assessment(row: Row, rubric: Rubric) -> Assessment:
    """The row as the domain sees it, signals included (they never change the score).

    A `Row` already holds to every rule an `Assessment` and its `Signals` have (the same
    limits, a gut call on every screen), so they are built without checking it again.
    """
    return Assessment.model_construct(
        kind=row.kind,
        taken_on=row.taken_on,
        gut=row.gut,
        answers=row.answers,
        note=row.note,
        rubric_key=rubric.key,
        rubric_version=rubric.version,
        signals=Signals.model_construct(**{name: getattr(row, name) for name in SIGNAL_COLUMNS}),
    )


def row_fingerprint(row: Row) -> str:
    """A SHA-256 hex digest of what an assessment says, to skip a row already imported.

    Covers the account name (exact, as stripped), date, kind, gut call, every answer
    (by dimension key, in sorted order so any dict order gives the same digest), the
    five signals (empty and 0 differ) and the note (with CR LF and CR read as LF,
    which spreadsheet programs change freely). Not the stage: that belongs to the
    account and may have moved on since the row was exported. Stable across runs and
    versions; changing what it covers would make a second import add everything again.
    """
    canonical = [
        "thinslice-row-v1",
        row.account,
        row.taken_on.isoformat(),
        row.kind.value,
        row.gut.value if row.gut else None,
        [[key, row.answers[key].value] for key in sorted(row.answers)],
        [getattr(row, name) for name in SIGNAL_COLUMNS],
        row.note.replace("\r\n", "\n").replace("\r", "\n"),
    ]
    encoded = json.dumps(canonical, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


class Fingerprints:
    """`row_fingerprint` of rows given as columns, the same digest for the same row: each piece
    of the canonical JSON (a name, an answer set, the signals) is encoded once per distinct
    value and the pieces joined, as `json.dumps` joins a list's items."""

    def __init__(self, keys: tuple[str, ...]) -> None:
        self._keys = keys
        self._order = sorted(range(len(keys)), key=keys.__getitem__)
        self._names: dict[str, str] = {}
        self._answers: dict[tuple[Answer | None, ...], str] = {}
        self._signals: dict[tuple[int | bool | None, ...], str] = {}

    def of(
        self,
        account: str,
        taken_on: dt.date,
        kind: Kind,
        gut: Verdict | None,
        answers: tuple[Answer | None, ...],
        signals: tuple[int | bool | None, ...],
        note: str,
    ) -> str:
        name = self._names.get(account)
        if name is None:
            name = self._names[account] = _json(account)
        coded = self._answers.get(answers)
        if coded is None:
            # A dimension not asked (None) is left out, as `row_fingerprint` leaves it out.
            pairs = [[self._keys[i], found.value] for i in self._order if (found := answers[i]) is not None]
            coded = self._answers[answers] = _json(pairs)
        facts = self._signals.get(signals)
        if facts is None:
            facts = self._signals[signals] = _json(list(signals))
        text = note.replace("\r\n", "\n").replace("\r", "\n") if "\r" in note else note
        encoded = (
            f'["thinslice-row-v1",{name},"{taken_on.isoformat()}","{kind.value}",'
            f"{_json(gut.value) if gut else 'null'},{coded},{facts},{_json(text) if text else chr(34) * 2}]"
        )
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
