"""Every read of accounts, assessments and evidence, from one record to thousands as columns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from sqlalchemy import ColumnElement, Connection, Text, cast, func, select

from scoring import Stage
from scoring.accounts import AccountOverview, AccountRecord, EvidenceNote, StoredAssessment
from scoring.invoices import Billed
from scoring.questionnaires import QuestionnaireKind, TheirSide
from storage import convert
from storage.base import Store
from storage.errors import NotFound
from storage.invoices import ledgers
from storage.questionnaires import their_side
from storage.records import AssessmentColumns, Changes
from storage.schema import accounts, assessments, data_version, evidence, questionnaire_answers


class Reads(Store):
    def _by_key(self, key: str) -> StoredAssessment | None:
        with self._read() as conn:
            row = conn.execute(select(assessments).where(assessments.c.idempotency_key == key)).first()
        return convert.assessment(row) if row else None

    def stored_with_key(self, key: str) -> bool:
        """Whether a save with this idempotency key was already stored (a form's earlier run may
        have stored it and been cut short before it could say so)."""
        return self._by_key(key) is not None

    def assessment(self, assessment_id: int) -> StoredAssessment:
        with self._read() as conn:
            row = conn.execute(select(assessments).where(assessments.c.id == assessment_id)).first()
        if row is None:
            raise NotFound(f"no assessment with id {assessment_id}")
        return convert.assessment(row)

    def account(self, account_id: int) -> AccountRecord:
        with self._read() as conn:
            row = conn.execute(select(accounts).where(accounts.c.id == account_id)).first()
        if row is None:
            raise NotFound(f"no account with id {account_id}")
        return convert.account(row)

    def assessments(self, account_id: int) -> list[StoredAssessment]:
        """Oldest first, so a history reads left to right."""
        with self._read() as conn:
            rows = conn.execute(
                select(assessments)
                .where(assessments.c.account_id == account_id)
                .order_by(assessments.c.taken_on, assessments.c.id)
            ).all()
        return [convert.assessment(r) for r in rows]

    def evidence(self, account_id: int) -> list[EvidenceNote]:
        """Newest first, as a timeline reads."""
        with self._read() as conn:
            rows = conn.execute(
                select(evidence)
                .where(evidence.c.account_id == account_id)
                .order_by(evidence.c.noted_on.desc(), evidence.c.id.desc())
            ).all()
        return [convert.evidence(r) for r in rows]

    def accounts(self) -> list[AccountRecord]:
        with self._read() as conn:
            rows = conn.execute(select(accounts).order_by(accounts.c.id)).all()
        return [convert.account(r) for r in rows]

    def account_names(self) -> list[tuple[int, str]]:
        """Every account's id and name, by id: the two narrow columns, for a question about many
        names at once (an import's new accounts). One name is `accounts_with_name_key`."""
        with self._read() as conn:
            rows = conn.execute(select(accounts.c.id, accounts.c.name).order_by(accounts.c.id)).all()
        return [(row.id, row.name) for row in rows]

    def accounts_with_name_key(self, key: str) -> list[AccountRecord]:
        """The accounts whose name reads as `key` (`scoring.names.name_key`), by id: one look-up
        in the index of stored keys, so it costs the same at 20,000 accounts as at 2,000."""
        with self._read() as conn:
            rows = conn.execute(
                select(accounts).where(accounts.c.name_key == key).order_by(accounts.c.id)
            ).all()
        return [convert.account(r) for r in rows]

    def all_evidence(self) -> list[EvidenceNote]:
        """Every evidence note, by account and date, oldest first (as an export reads)."""
        with self._read() as conn:
            rows = conn.execute(
                select(evidence).order_by(evidence.c.account_id, evidence.c.noted_on, evidence.c.id)
            ).all()
        return [convert.evidence(r) for r in rows]

    def assessment_columns(self, account_ids: Collection[int] | None = None) -> AssessmentColumns:
        """Every assessment (of `account_ids`, when given) as columns, with each account's name and
        stage: by account id, then date, then id. No model per row: what reads of thousands use."""
        where = None
        if account_ids is not None:
            where = accounts.c.id.in_(sorted({int(account) for account in account_ids}))
        with self._read() as conn:
            return self._columns(conn, where)

    @staticmethod
    def _columns(conn: Connection, where: ColumnElement[bool] | None) -> AssessmentColumns:
        """The assessments of the accounts `where` picks (all when None) as columns."""
        rows_query = select(
            assessments.c.account_id,
            assessments.c.id,
            assessments.c.kind,
            assessments.c.taken_on,
            assessments.c.gut,
            cast(assessments.c.answers, Text),
            cast(assessments.c.signals, Text),
            assessments.c.note,
            assessments.c.rubric_key,
            assessments.c.rubric_version,
            cast(assessments.c.suggested, Text),
            assessments.c.created_at,
        ).order_by(assessments.c.account_id, assessments.c.taken_on, assessments.c.id)
        accounts_query = select(accounts.c.id, accounts.c.name, accounts.c.stage, accounts.c.uid)
        if where is not None:
            rows_query = rows_query.where(assessments.c.account_id.in_(select(accounts.c.id).where(where)))
            accounts_query = accounts_query.where(where)
        # Straight from the driver's cursor: a SQLAlchemy row and a typed date per row would
        # cost as much again as the query. The only bound values are integers.
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            found = []
            for query in (rows_query, accounts_query):
                cursor.execute(
                    str(query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
                )
                found.append(cursor.fetchall())
        finally:
            cursor.close()
        rows, owners = found
        # Accounts are read after their rows: one deleted in between takes its rows with it.
        names = {account: name for account, name, _, _ in owners}
        stages = {account: stage for account, _, stage, _ in owners}
        uids = {account: uid or "" for account, _, _, uid in owners}
        if not {row[0] for row in rows} <= names.keys():
            rows = [row for row in rows if row[0] in names]
        if not rows:
            return AssessmentColumns.empty(names, stages, uids)
        owner, ids, kinds, days, guts, answers, signals, notes, keys, versions, suggested, created = zip(
            *rows, strict=True
        )
        # SQLite hands dates back as ISO text, PostgreSQL as dates; each distinct day is read once.
        dates = {day: day if isinstance(day, dt.date) else dt.date.fromisoformat(day) for day in set(days)}
        return AssessmentColumns(
            account_id=owner,
            id=ids,
            kind=kinds,
            taken_on=tuple(map(dates.__getitem__, days)),
            gut=guts,
            answers=answers,
            signals=signals,
            note=notes,
            rubric_key=keys,
            rubric_version=versions,
            suggested=suggested,
            created_at=created,
            names=names,
            stages=stages,
            uids=uids,
        )

    def reviews(self, account_ids: Collection[int] | None = None) -> dict[int, list[TheirSide]]:
        """The reviews clients answered (of `account_ids`, when given), by account, oldest first:
        what a list's statuses read beside the histories (`assessment_columns`)."""
        where = None
        if account_ids is not None:
            where = accounts.c.id.in_(sorted({int(account) for account in account_ids}))
        with self._read() as conn:
            return self._reviews(conn, where)

    @staticmethod
    def _reviews(conn: Connection, where: ColumnElement[bool] | None) -> dict[int, list[TheirSide]]:
        """The reviews of the accounts `where` picks (all when None), by account, oldest first."""
        c = questionnaire_answers.c
        query = (
            select(questionnaire_answers)
            .where(c.kind == QuestionnaireKind.REVIEW.value)
            .order_by(c.account_id, c.submitted_at, c.id)
        )
        if where is not None:
            query = query.where(c.account_id.in_(select(accounts.c.id).where(where)))
        found: dict[int, list[TheirSide]] = {}
        for row in conn.execute(query):
            found.setdefault(row.account_id, []).append(their_side(row))
        return found

    def overview(self, stage: Stage | None = None) -> list[AccountOverview]:
        """Every account with its newest assessment, newest activity first."""
        where = accounts.c.stage == stage.value if stage is not None else None
        with self._read() as conn:
            return self._overview(conn, where)

    def changes_since(self, epoch: str | None, seq: int) -> Changes:
        """The accounts changed by writes after number `seq` of `epoch`, newest activity first,
        with their histories as columns and their clients' reviews, and where the data is now;
        every account when the numbers do not apply (`epoch` None, another epoch, or a number
        this database has not reached).

        One snapshot: the number, the count, the accounts and their histories agree.
        """
        with self._snapshot() as conn:
            now = conn.execute(
                select(data_version.c.epoch, data_version.c.seq).where(data_version.c.id == 1)
            ).one()
            count = int(conn.execute(select(func.count()).select_from(accounts)).scalar_one())
            complete = epoch != now.epoch or seq > now.seq
            reviews: dict[int, list[TheirSide]] = {}
            found_ledgers: dict[int, list[Billed]] = {}
            if not complete and now.seq == seq:
                found, histories = [], AssessmentColumns.empty()
            else:
                changed = None if complete else accounts.c.changed_in > seq
                query = select(accounts).order_by(accounts.c.updated_at.desc(), accounts.c.id.desc())
                found = [
                    convert.account(row)
                    for row in conn.execute(query if changed is None else query.where(changed))
                ]
                histories = self._columns(conn, changed)
                reviews = self._reviews(conn, changed)
                found_ledgers = ledgers(conn, changed)
        return Changes(
            epoch=now.epoch,
            seq=int(now.seq),
            count=count,
            complete=complete,
            accounts=found,
            histories=histories,
            reviews=reviews,
            ledgers=found_ledgers,
        )

    @staticmethod
    def _overview(conn: Connection, where: ColumnElement[bool] | None) -> list[AccountOverview]:
        """The accounts `where` picks (all when None), each with its newest assessment and how many it
        has, newest activity first."""
        ranked_rows = select(
            assessments,
            func.row_number()
            .over(
                partition_by=assessments.c.account_id,
                order_by=(assessments.c.taken_on.desc(), assessments.c.id.desc()),
            )
            .label("rank"),
            func.count().over(partition_by=assessments.c.account_id).label("total"),
        )
        query = select(accounts)
        if where is not None:
            query = query.where(where)
            ranked_rows = ranked_rows.where(assessments.c.account_id.in_(select(accounts.c.id).where(where)))
        ranked = ranked_rows.subquery()
        account_rows = conn.execute(query.order_by(accounts.c.updated_at.desc(), accounts.c.id.desc())).all()
        latest_rows = conn.execute(select(ranked).where(ranked.c.rank == 1)).all()
        latest = {row.account_id: row for row in latest_rows}
        result = []
        for row in account_rows:
            newest = latest.get(row.id)
            result.append(
                AccountOverview(
                    account=convert.account(row),
                    latest=convert.assessment(newest) if newest is not None else None,
                    assessment_count=newest.total if newest is not None else 0,
                )
            )
        return result

    def count_accounts(self) -> int:
        with self._read() as conn:
            return int(conn.execute(select(func.count()).select_from(accounts)).scalar_one())
