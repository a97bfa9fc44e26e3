"""The only module that speaks SQL. Every write is one short transaction.

Writes carry an idempotency key: the form generates one per attempt, so a
double click or a retried request finds the row it already stored instead of
storing a second one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import IntegrityError

from scoring import AccountDraft, Answer, Assessment, Kind, Stage, Verdict
from storage.engine import WRITE
from storage.records import AccountOverview, AccountRecord, StoredAssessment
from storage.schema import accounts, assessments


class NotFound(LookupError):
    pass


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _utc(value: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; everything is stored in UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _account(row: Any) -> AccountRecord:
    return AccountRecord(
        id=row.id,
        name=row.name,
        company=row.company or "",
        deal_value=row.deal_value,
        stage=Stage(row.stage),
        created_at=_utc(row.created_at),
    )


def _assessment(row: Any) -> StoredAssessment:
    return StoredAssessment(
        id=row.id,
        account_id=row.account_id,
        assessment=Assessment(
            kind=Kind(row.kind),
            taken_on=row.taken_on,
            gut=Verdict(row.gut) if row.gut else None,
            answers={key: Answer(value) for key, value in row.answers.items()},
            note=row.note or "",
            rubric_key=row.rubric_key,
            rubric_version=row.rubric_version,
        ),
        created_at=_utc(row.created_at),
    )


def _assessment_values(account_id: int, assessment: Assessment, key: str) -> dict[str, Any]:
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
        "created_at": _now(),
    }


class Repository:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self._engine.execution_options(**{WRITE: True}).begin() as conn:
            yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._engine.connect() as conn:
            yield conn

    # -- writes ---------------------------------------------------------------------------------

    def _once(self, key: str, write: Callable[[Connection], None]) -> StoredAssessment:
        """Run `write` in one write transaction unless `key` already stored its assessment.

        Two requests racing with the same key both pass the first look-up; the
        unique constraint stops the second, which then returns the first's row.
        """
        existing = self._by_key(key)
        if existing is not None:
            return existing
        try:
            with self._write() as conn:
                write(conn)
        except IntegrityError:
            if self._by_key(key) is None:
                raise
        stored = self._by_key(key)
        assert stored is not None
        return stored

    def screen_prospect(self, draft: AccountDraft, assessment: Assessment, key: str) -> StoredAssessment:
        """Create a prospect and store its first screen, or return what this key already stored."""

        def write(conn: Connection) -> None:
            now = _now()
            account_id = conn.execute(
                accounts.insert()
                .values(
                    name=draft.name,
                    company=draft.company,
                    deal_value=draft.deal_value,
                    stage=Stage.PROSPECT.value,
                    created_at=now,
                    updated_at=now,
                )
                .returning(accounts.c.id)
            ).scalar_one()
            conn.execute(assessments.insert().values(**_assessment_values(account_id, assessment, key)))

        return self._once(key, write)

    def add_assessment(self, account_id: int, assessment: Assessment, key: str) -> StoredAssessment:
        """Store another screen (or later a check-in) of an existing account, once per key."""

        def write(conn: Connection) -> None:
            found = conn.execute(select(accounts.c.id).where(accounts.c.id == account_id)).first()
            if found is None:
                raise NotFound(f"no account with id {account_id}")
            conn.execute(assessments.insert().values(**_assessment_values(account_id, assessment, key)))
            conn.execute(accounts.update().where(accounts.c.id == account_id).values(updated_at=_now()))

        return self._once(key, write)

    # -- reads ----------------------------------------------------------------------------------

    def _by_key(self, key: str) -> StoredAssessment | None:
        with self._read() as conn:
            row = conn.execute(select(assessments).where(assessments.c.idempotency_key == key)).first()
        return _assessment(row) if row else None

    def assessment(self, assessment_id: int) -> StoredAssessment:
        with self._read() as conn:
            row = conn.execute(select(assessments).where(assessments.c.id == assessment_id)).first()
        if row is None:
            raise NotFound(f"no assessment with id {assessment_id}")
        return _assessment(row)

    def account(self, account_id: int) -> AccountRecord:
        with self._read() as conn:
            row = conn.execute(select(accounts).where(accounts.c.id == account_id)).first()
        if row is None:
            raise NotFound(f"no account with id {account_id}")
        return _account(row)

    def assessments(self, account_id: int) -> list[StoredAssessment]:
        """Oldest first, so a history reads left to right."""
        with self._read() as conn:
            rows = conn.execute(
                select(assessments)
                .where(assessments.c.account_id == account_id)
                .order_by(assessments.c.taken_on, assessments.c.id)
            ).all()
        return [_assessment(r) for r in rows]

    def overview(self, stage: Stage | None = None) -> list[AccountOverview]:
        """Every account with its newest assessment, newest activity first."""
        ranked = select(
            assessments,
            func.row_number()
            .over(
                partition_by=assessments.c.account_id,
                order_by=(assessments.c.taken_on.desc(), assessments.c.id.desc()),
            )
            .label("rank"),
            func.count().over(partition_by=assessments.c.account_id).label("total"),
        ).subquery()
        query = select(accounts)
        if stage is not None:
            query = query.where(accounts.c.stage == stage.value)
        with self._read() as conn:
            account_rows = conn.execute(
                query.order_by(accounts.c.updated_at.desc(), accounts.c.id.desc())
            ).all()
            latest_rows = conn.execute(select(ranked).where(ranked.c.rank == 1)).all()
        latest = {row.account_id: row for row in latest_rows}
        result = []
        for row in account_rows:
            newest = latest.get(row.id)
            result.append(
                AccountOverview(
                    account=_account(row),
                    latest=_assessment(newest) if newest is not None else None,
                    assessment_count=newest.total if newest is not None else 0,
                )
            )
        return result

    def count_accounts(self) -> int:
        with self._read() as conn:
            return int(conn.execute(select(func.count()).select_from(accounts)).scalar_one())
