"""Between table rows and the domain's records: one function each way, shared by every query."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, Row, Select, select

from scoring import Answer, Assessment, Kind, Outcome, Signals, Stage, Verdict
from scoring.accounts import AccountRecord, EvidenceNote, StoredAssessment
from scoring.sharing import ShareLink
from storage.schema import accounts, assessments


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def utc(value: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; everything is stored in UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def account(row: Row[Any]) -> AccountRecord:
    return AccountRecord(
        id=row.id,
        name=row.name,
        company=row.company or "",
        deal_value=row.deal_value,
        stage=Stage(row.stage),
        created_at=utc(row.created_at),
        signed_on=row.signed_on,
        ended_on=row.ended_on,
        outcome=Outcome(row.outcome) if row.outcome else None,
        outcome_note=row.outcome_note or "",
        updated_at=utc(row.updated_at),
        weekly_hours=row._mapping.get("weekly_hours"),
        uid=row._mapping.get("uid") or "",
    )


# Read for every stored answer: a dict look-up costs a fraction of calling the enum.
_ANSWERS = {answer.value: answer for answer in Answer}
_NO_SIGNALS = Signals()


def assessment(row: Row[Any]) -> StoredAssessment:
    return StoredAssessment(
        id=row.id,
        account_id=row.account_id,
        assessment=Assessment(
            kind=Kind(row.kind),
            taken_on=row.taken_on,
            gut=Verdict(row.gut) if row.gut else None,
            answers={key: _ANSWERS[value] for key, value in row.answers.items()},
            note=row.note or "",
            rubric_key=row.rubric_key,
            rubric_version=row.rubric_version,
            signals=Signals.model_validate(row.signals) if row.signals else _NO_SIGNALS,
            suggested={key: _ANSWERS[value] for key, value in (row.suggested or {}).items()},
        ),
        created_at=utc(row.created_at),
    )


def evidence(row: Row[Any]) -> EvidenceNote:
    return EvidenceNote(
        id=row.id,
        account_id=row.account_id,
        noted_on=row.noted_on,
        text=row.text,
        created_at=utc(row.created_at),
    )


def link(row: Row[Any]) -> ShareLink:
    return ShareLink(
        id=row.id,
        account_id=row.account_id,
        created_at=utc(row.created_at),
        expires_at=utc(row.expires_at) if row.expires_at else None,
        revoked_at=utc(row.revoked_at) if row.revoked_at else None,
        include_notes=bool(row.include_notes),
        label=row.label or "",
    )


def locked(account_id: int) -> Select[Any]:
    """The account row, locked until the transaction ends on PostgreSQL (SQLite already holds the
    write lock from BEGIN IMMEDIATE): two replicas writing one client take turns, not races."""
    return select(accounts).where(accounts.c.id == account_id).with_for_update()


def checkin_on(conn: Connection, account_id: int, day: dt.date) -> bool:
    found = conn.execute(
        select(assessments.c.id).where(
            assessments.c.account_id == account_id,
            assessments.c.kind == Kind.CHECKIN.value,
            assessments.c.taken_on == day,
        )
    ).first()
    return found is not None


def assessment_values(account_id: int, assessment: Assessment, key: str) -> dict[str, Any]:
    return {
        "account_id": account_id,
        "kind": assessment.kind.value,
        "taken_on": assessment.taken_on,
        "gut": assessment.gut.value if assessment.gut else None,
        "answers": {k: v.value for k, v in assessment.answers.items()},
        "note": assessment.note,
        "rubric_key": assessment.rubric_key,
        "rubric_version": assessment.rubric_version,
        "idempotency_key": key,
        "created_at": now(),
        "signals": None if assessment.signals.is_empty() else assessment.signals.model_dump(mode="json"),
        "suggested": {k: v.value for k, v in assessment.suggested.items()} or None,
    }
