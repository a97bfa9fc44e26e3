"""Assessments as columns, for reads of thousands at once without a model per row."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from scoring import Answer, Assessment, Kind, Rubric, Signals, Verdict, batch
from scoring.accounts import AccountOverview, AccountRecord, StoredAssessment
from scoring.invoices import Billed
from scoring.questionnaires import TheirSide


@dataclass(frozen=True, slots=True)
class AssessmentColumns:
    """Assessments as plain columns, one entry per row (by account id, then date, then id), for
    reading thousands at once without a model per row. Dates are dates; `answers`, `signals`
    and `suggested` are the stored JSON text (None when there is none), parsed on demand by
    `points` and `assessment`. `names` and `stages` hold each account's, by id."""

    account_id: tuple[int, ...]
    id: tuple[int, ...]
    kind: tuple[str, ...]
    taken_on: tuple[dt.date, ...]
    gut: tuple[str | None, ...]
    answers: tuple[str, ...]
    signals: tuple[str | None, ...]
    note: tuple[str | None, ...]
    rubric_key: tuple[str, ...]
    rubric_version: tuple[int, ...]
    suggested: tuple[str | None, ...]
    #: As the driver hands it back (SQLite: text; PostgreSQL: a datetime): `stored` reads it.
    created_at: tuple[Any, ...]
    names: Mapping[int, str]
    stages: Mapping[int, str]
    #: Each account's portable id, by id.
    uids: Mapping[int, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.account_id)

    @classmethod
    def empty(
        cls,
        names: Mapping[int, str] | None = None,
        stages: Mapping[int, str] | None = None,
        uids: Mapping[int, str] | None = None,
    ) -> AssessmentColumns:
        """No rows (of the accounts `names`, `stages` and `uids` hold, if any)."""
        return cls((), (), (), (), (), (), (), (), (), (), (), (), names or {}, stages or {}, uids or {})

    def points(self, rubric: Rubric) -> batch.Points:
        """Every row's answers as `scoring.batch.points_matrix` gives stored ones (a dimension a row
        was not asked, added since, is `scoring.rules.NOT_ASKED`; a retired one's answer is left
        out); each distinct stored answer set is parsed and checked once, all in one parser call."""
        codes: dict[str, int] = {}
        rows = [codes.setdefault(text, len(codes)) for text in self.answers]
        parsed = json.loads("[" + ",".join(codes) + "]")
        if len(parsed) != len(codes) or not all(isinstance(item, dict) for item in parsed):
            raise ValueError("a stored answer set is not a JSON object")
        return batch.points_matrix(rubric, parsed, stored=True)[np.array(rows, dtype=np.int64)]

    def assessment(self, row: int) -> Assessment:
        """Row `row` as the domain's Assessment, as `Repository.assessments` gives it."""
        gut = self.gut[row]
        return Assessment(
            kind=Kind(self.kind[row]),
            taken_on=self.taken_on[row],
            gut=Verdict(gut) if gut else None,
            answers=_answers(self.answers[row]),
            note=self.note[row] or "",
            rubric_key=self.rubric_key[row],
            rubric_version=self.rubric_version[row],
            signals=stored_signals(self.signals[row]),
            suggested=_answers(self.suggested[row]),
        )

    def stored(self, row: int, assessment: Assessment | None = None) -> StoredAssessment:
        """Row `row` as `Repository.assessments` gives it, with its id and when it was stored;
        `assessment` when the caller already made it (`self.assessment(row)`)."""
        made = self.created_at[row]
        created = made if isinstance(made, dt.datetime) else dt.datetime.fromisoformat(made)
        return StoredAssessment(
            id=self.id[row],
            account_id=self.account_id[row],
            assessment=assessment if assessment is not None else self.assessment(row),
            created_at=created if created.tzinfo else created.replace(tzinfo=dt.UTC),
        )


_ANSWERS = {answer.value: answer for answer in Answer}


def _json(text: str | None) -> Any:
    return json.loads(text) if text else None


_NO_SIGNALS = Signals()


def stored_signals(text: str | None) -> Signals:
    """Signals from their stored JSON text (None or `null` when none were recorded), checked."""
    found = _json(text)
    return Signals.model_validate(found) if found else _NO_SIGNALS


@lru_cache(maxsize=8192)
def _parsed_answers(text: str) -> Mapping[str, Answer]:
    # A team's answer sets repeat (clients answer alike from one check-in to the next): each
    # distinct text is parsed once. The model built from it copies the mapping.
    return {key: _ANSWERS[value] for key, value in (_json(text) or {}).items()}


def _answers(text: str | None) -> dict[str, Answer]:
    return dict(_parsed_answers(text)) if text else {}


@dataclass(frozen=True, slots=True)
class Changes:
    """What changed in the accounts since a reader last looked (`Reads.changes_since`).

    `epoch` and `seq` say where the reader is now. When `complete`, `accounts` holds every
    account (the reader's numbers meant nothing here: first look, or a restore since);
    otherwise only those changed after the number it asked about, newest activity first.
    `histories` holds their assessments as columns, and `reviews` the reviews their clients
    answered (by account id, oldest first), read in the same snapshot. `count` is how many
    accounts there are in all, so a reader can tell that some were erased.
    """

    epoch: str
    seq: int
    count: int
    complete: bool
    accounts: list[AccountRecord]
    histories: AssessmentColumns
    reviews: Mapping[int, list[TheirSide]] = field(default_factory=dict)
    #: Their invoices, by account (`storage.invoices.ledgers`): what the slowing alert reads.
    ledgers: Mapping[int, list[Billed]] = field(default_factory=dict)

    def overviews(self) -> list[AccountOverview]:
        """The changed accounts as `Repository.overview` gives them: each with its newest
        assessment and how many it has."""
        table = self.histories
        newest: dict[int, int] = {}
        counts: dict[int, int] = {}
        for row, owner in enumerate(table.account_id):  # oldest first: the last row wins
            newest[owner] = row
            counts[owner] = counts.get(owner, 0) + 1
        return [
            AccountOverview(
                account=account,
                latest=table.stored(newest[account.id]) if account.id in newest else None,
                assessment_count=counts.get(account.id, 0),
            )
            for account in self.accounts
        ]
