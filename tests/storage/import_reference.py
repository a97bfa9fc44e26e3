"""The import as it was first written, one row at a time: a reference for tests, not used by the app.

Each row is a key look-up, a savepoint, its account by name, its baseline and its
day, then its writes. `Repository.import_rows` decides the same in memory and writes
in batches; tests run both on the same file and compare what they report and store.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from scoring import Kind, Stage, lifecycle
from scoring.lifecycle import Refused
from storage import Repository
from storage.convert import assessment_values, checkin_on
from storage.convert import now as _now
from storage.repository import ImportReport, Incoming, _content
from storage.schema import accounts, assessments


def import_one_by_one(repo: Repository, incoming: list[Incoming]) -> ImportReport:
    report = ImportReport()
    ordered = sorted(
        incoming, key=lambda r: (r.assessment.taken_on, r.assessment.kind is Kind.CHECKIN, r.line)
    )
    with repo._write() as conn:
        for item in ordered:
            known = conn.execute(
                select(assessments.c.id).where(assessments.c.idempotency_key == item.key)
            ).first()
            if known is not None or _same_stored(conn, item):
                report.already_there += 1
                continue
            savepoint = conn.begin_nested()
            try:
                _import_one(repo, conn, item, report)
            except Refused as exc:
                savepoint.rollback()
                report.errors.append((item.line, str(exc)))
            else:
                savepoint.commit()
                report.added += 1
    report.errors.sort()
    return report


def _same_stored(conn: Connection, item: Incoming) -> bool:
    """Whether the one account of the row's name already has an assessment that says the same."""
    named = conn.execute(select(accounts.c.id).where(accounts.c.name == item.account)).scalars().all()
    if len(named) != 1:
        return False
    row = item.row()
    stored = conn.execute(
        select(
            assessments.c.kind,
            assessments.c.taken_on,
            assessments.c.gut,
            assessments.c.answers,
            assessments.c.signals,
            assessments.c.note,
        ).where(assessments.c.account_id == named[0])
    ).all()
    return any(_content(*found) == row.content() for found in stored)


def _import_one(repo: Repository, conn: Connection, item: Incoming, report: ImportReport) -> None:
    named = conn.execute(
        select(accounts).where(accounts.c.name == item.account).order_by(accounts.c.id)
    ).all()
    if len(named) > 1:
        raise lifecycle.imported_name_ambiguous(item.account, len(named))
    found = named[0] if named else None
    now = _now()
    day = item.assessment.taken_on
    if found is None:
        signed_on = lifecycle.imported_new_account(item.account, item.assessment, item.stage)
        account_id = conn.execute(
            accounts.insert()
            .values(
                name=item.account,
                company="",
                stage=(Stage.PROSPECT if signed_on is None else Stage.CLIENT).value,
                signed_on=signed_on,
                created_at=now,
                updated_at=now,
            )
            .returning(accounts.c.id)
        ).scalar_one()
        report.new_accounts += 1
    else:
        account_id = found.id
        baseline = None
        if item.assessment.kind is Kind.CHECKIN:
            baseline = conn.execute(
                select(func.max(assessments.c.taken_on)).where(
                    assessments.c.account_id == account_id,
                    assessments.c.kind == Kind.SCREEN.value,
                    assessments.c.taken_on <= day,
                )
            ).scalar_one()
        signed_on = lifecycle.imported_signing(
            item.account, Stage(found.stage), item.assessment, item.stage, baseline
        )
        if item.assessment.kind is Kind.CHECKIN and checkin_on(conn, account_id, day):
            raise lifecycle.imported_checkin_taken(item.account, day)
        if signed_on is not None:
            conn.execute(
                accounts.update()
                .where(accounts.c.id == account_id)
                .values(stage=Stage.CLIENT.value, signed_on=signed_on)
            )
    conn.execute(assessments.insert().values(**assessment_values(account_id, item.assessment, item.key)))
    conn.execute(accounts.update().where(accounts.c.id == account_id).values(updated_at=now))
    repo._touch(conn, [account_id])
