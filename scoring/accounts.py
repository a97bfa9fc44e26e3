"""What is known about an account and its stored assessments: plain frozen records.

The repository hands these back and every view reads them; they carry ids and dates
of storage but no database types, so the domain, the services and the pages share them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from scoring.models import Assessment, Outcome, Stage


@dataclass(frozen=True, slots=True)
class AccountRecord:
    id: int
    name: str
    company: str
    deal_value: float | None
    stage: Stage
    created_at: dt.datetime
    signed_on: dt.date | None = None
    ended_on: dt.date | None = None
    outcome: Outcome | None = None
    outcome_note: str = ""
    # Moves with every write to the account or its assessments: what cached views are keyed on.
    updated_at: dt.datetime | None = None
    #: Hours a week the work is planned to take (None: not said): what capacity adds up.
    weekly_hours: float | None = None
    #: The portable id: the same account in every database it is moved to ("" for one not stored).
    uid: str = ""

    @property
    def active(self) -> bool:
        return self.ended_on is None


@dataclass(frozen=True, slots=True)
class StoredAssessment:
    id: int
    account_id: int
    assessment: Assessment
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class AccountOverview:
    """An account with its newest assessment, as lists and the portfolio need it."""

    account: AccountRecord
    latest: StoredAssessment | None
    assessment_count: int


@dataclass(frozen=True, slots=True)
class EvidenceNote:
    id: int
    account_id: int
    noted_on: dt.date
    text: str
    created_at: dt.datetime
