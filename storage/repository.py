"""The repository's writes: every write is one short transaction, and the rules of an
account's life (`scoring.lifecycle`) decide what it may store.

Writes carry an idempotency key: the form generates one per attempt, so a
double click or a retried request finds the row it already stored instead of
storing a second one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, delete, func, select

from scoring import AccountDraft, Assessment, Kind, Outcome, Stage, lifecycle
from scoring.accounts import AccountRecord, EvidenceNote, StoredAssessment
from scoring.lifecycle import Refused
from storage import convert, sqlite_files
from storage.convert import assessment_values, checkin_on
from storage.convert import now as _now
from storage.errors import Conflict, NotFound, translated
from storage.reads import Reads
from storage.schema import accounts, assessments, evidence
from storage.shares import ShareLinks
from storage.sqlite_files import ERASE_WAIT_S, LogWipe, Restored


@dataclass(frozen=True)
class Incoming:
    """One row to import: where it came from, what it says, and its fingerprint (the dedup key)."""

    line: int
    account: str
    stage: Stage
    assessment: Assessment
    key: str


@dataclass
class ImportReport:
    added: int = 0
    already_there: int = 0
    new_accounts: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


class Repository(ShareLinks, Reads):
    # -- writes ---------------------------------------------------------------------------------

    def _once(
        self,
        key: str,
        write: Callable[[Connection], None],
        conflict: Callable[[], str | None] = lambda: None,
    ) -> StoredAssessment:
        """Run `write` in one write transaction unless `key` already stored its assessment.

        Two requests racing with the same key both pass the first look-up; the
        unique constraint stops the second, which then returns the first's row.
        When another constraint stopped it, `conflict` looks at what is stored now
        and says why in words (or None: then the error is not ours to explain).
        """
        existing = self._by_key(key)
        if existing is not None:
            return existing
        try:
            with self._write() as conn:
                write(conn)
        except Refused:
            # The twin of this request (same key) may have stored it while we waited for the lock:
            # then its rules now refuse ours ("already a check-in that day"), but the answer is its row.
            twin = self._by_key(key)
            if twin is None:
                raise
            return twin
        except Conflict:
            if self._by_key(key) is None:
                reason = conflict()
                if reason is None:
                    raise
                raise Refused(reason) from None
        stored = self._by_key(key)
        assert stored is not None
        return stored

    def screen_prospect(self, draft: AccountDraft, assessment: Assessment, key: str) -> StoredAssessment:
        """Create a prospect and store its first screen, or return what this key already stored."""
        return self._once(key, lambda conn: self._new_account(conn, draft, assessment, key, None))

    def add_client(
        self, draft: AccountDraft, baseline: Assessment, signed_on: dt.date, key: str
    ) -> StoredAssessment:
        """A client who was never screened here: its backdated baseline screen and the signing date."""
        lifecycle.check_new_client(baseline, signed_on)
        return self._once(key, lambda conn: self._new_account(conn, draft, baseline, key, signed_on))

    @staticmethod
    def _new_account(
        conn: Connection, draft: AccountDraft, assessment: Assessment, key: str, signed_on: dt.date | None
    ) -> None:
        now = _now()
        account_id = conn.execute(
            accounts.insert()
            .values(
                name=draft.name,
                company=draft.company,
                deal_value=draft.deal_value,
                stage=(Stage.CLIENT if signed_on else Stage.PROSPECT).value,
                signed_on=signed_on,
                created_at=now,
                updated_at=now,
            )
            .returning(accounts.c.id)
        ).scalar_one()
        conn.execute(assessments.insert().values(**assessment_values(account_id, assessment, key)))
        Repository._touch(conn, [account_id])

    def sign(self, account_id: int, signed_on: dt.date) -> AccountRecord:
        """A screened prospect becomes a client; its latest screen becomes the baseline."""
        with self._write() as conn:
            row = conn.execute(convert.locked(account_id)).first()
            if row is None:
                raise NotFound(f"no account with id {account_id}")
            if row.stage == Stage.CLIENT.value:
                return convert.account(row)
            first_screen = conn.execute(
                select(func.min(assessments.c.taken_on)).where(
                    assessments.c.account_id == account_id, assessments.c.kind == Kind.SCREEN.value
                )
            ).scalar_one()
            lifecycle.check_signing(first_screen, signed_on)
            conn.execute(
                accounts.update()
                .where(accounts.c.id == account_id)
                .values(stage=Stage.CLIENT.value, signed_on=signed_on, updated_at=_now())
            )
            self._touch(conn, [account_id])
        return self.account(account_id)

    def add_checkin(self, account_id: int, assessment: Assessment, key: str) -> StoredAssessment:
        """Store a check-in of a client; a second check-in on the same day is refused."""
        lifecycle.check_kind_is_checkin(assessment)
        day = assessment.taken_on

        def write(conn: Connection) -> None:
            row = conn.execute(convert.locked(account_id)).first()
            if row is None:
                raise NotFound(f"no account with id {account_id}")
            lifecycle.check_checkin(Stage(row.stage), row.signed_on, day, checkin_on(conn, account_id, day))
            conn.execute(assessments.insert().values(**assessment_values(account_id, assessment, key)))
            conn.execute(accounts.update().where(accounts.c.id == account_id).values(updated_at=_now()))
            self._touch(conn, [account_id])

        def conflict() -> str | None:
            # A writer on another replica stored that day's check-in between our look and our insert.
            with self._read() as conn:
                return lifecycle.checkin_taken(day) if checkin_on(conn, account_id, day) else None

        return self._once(key, write, conflict)

    def add_evidence(self, account_id: int, noted_on: dt.date, text: str, key: str) -> EvidenceNote:
        """A dated note for the paper trail; stored once per key."""
        text = text.strip()
        if not text:
            raise Refused("Write what happened before saving the note.")
        with self._read() as conn:
            found = conn.execute(select(evidence).where(evidence.c.idempotency_key == key)).first()
        if found is not None:
            return convert.evidence(found)
        try:
            with self._write() as conn:
                exists = conn.execute(select(accounts.c.id).where(accounts.c.id == account_id)).first()
                if exists is None:
                    raise NotFound(f"no account with id {account_id}")
                conn.execute(
                    evidence.insert().values(
                        account_id=account_id,
                        noted_on=noted_on,
                        text=text,
                        idempotency_key=key,
                        created_at=_now(),
                    )
                )
        except Conflict:
            pass
        with self._read() as conn:
            row = conn.execute(select(evidence).where(evidence.c.idempotency_key == key)).first()
        if row is None:
            raise NotFound("the note could not be stored")
        return convert.evidence(row)

    def end(self, account_id: int, outcome: Outcome, ended_on: dt.date, note: str = "") -> AccountRecord:
        """Record how a relationship ended. Ending twice keeps the first ending."""
        with self._write() as conn:
            row = conn.execute(convert.locked(account_id)).first()
            if row is None:
                raise NotFound(f"no account with id {account_id}")
            if row.ended_on is None:
                conn.execute(
                    accounts.update()
                    .where(accounts.c.id == account_id)
                    .values(
                        outcome=outcome.value,
                        ended_on=ended_on,
                        outcome_note=note.strip(),
                        updated_at=_now(),
                    )
                )
                self._touch(conn, [account_id])
        return self.account(account_id)

    def add_assessment(self, account_id: int, assessment: Assessment, key: str) -> StoredAssessment:
        """Store another screen (or later a check-in) of an existing account, once per key."""

        def write(conn: Connection) -> None:
            found = conn.execute(select(accounts.c.id).where(accounts.c.id == account_id)).first()
            if found is None:
                raise NotFound(f"no account with id {account_id}")
            conn.execute(assessments.insert().values(**assessment_values(account_id, assessment, key)))
            conn.execute(accounts.update().where(accounts.c.id == account_id).values(updated_at=_now()))
            self._touch(conn, [account_id])

        return self._once(key, write)

    def import_assessments(self, incoming: list[Incoming]) -> ImportReport:
        """Add the rows in one transaction; each bad row is reported by line and skipped.

        Rows are taken in date order, so a check-in finds the screen (its baseline)
        even when the file lists it later. A row whose key is already stored is
        counted, not added again: importing the same file twice adds nothing.
        """
        report = ImportReport()
        ordered = sorted(
            incoming, key=lambda r: (r.assessment.taken_on, r.assessment.kind is Kind.CHECKIN, r.line)
        )
        with self._write() as conn:
            for item in ordered:
                known = conn.execute(
                    select(assessments.c.id).where(assessments.c.idempotency_key == item.key)
                ).first()
                if known is not None:
                    report.already_there += 1
                    continue
                savepoint = conn.begin_nested()
                try:
                    self._import_one(conn, item, report)
                except Refused as exc:
                    savepoint.rollback()
                    report.errors.append((item.line, str(exc)))
                else:
                    savepoint.commit()
                    report.added += 1
        report.errors.sort()
        return report

    def _import_one(self, conn: Connection, item: Incoming, report: ImportReport) -> None:
        found = conn.execute(
            select(accounts).where(accounts.c.name == item.account).order_by(accounts.c.id).limit(1)
        ).first()
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
        self._touch(conn, [account_id])

    def erase(self, account_id: int, *, wait_s: float | None = None) -> LogWipe:
        """Delete an account and everything about it, in one transaction.

        On SQLite the freed space is overwritten (secure_delete), then the write-ahead log
        is copied into the file and emptied, waiting up to `wait_s` seconds for readers
        (`sqlite_files.ERASE_WAIT_S` unless told).
        The answer says whether the log is empty: while someone keeps reading, it may still
        hold the erased rows, and `wipe_log` finishes the job later.
        """
        with self._write() as conn:
            if self.is_sqlite:
                conn.exec_driver_sql("PRAGMA secure_delete=ON")
            result = conn.execute(delete(accounts).where(accounts.c.id == account_id))
            if not result.rowcount:
                raise NotFound(f"no account with id {account_id}")
        return self.wipe_log(wait_s)

    def wipe_log(self, wait_s: float | None = None) -> LogWipe:
        """Empty SQLite's write-ahead log into the database file (what an erasure needs last)."""
        with translated():
            return sqlite_files.wipe_log(self._engine, ERASE_WAIT_S if wait_s is None else wait_s)

    def backup(self, target: Path) -> None:
        """A consistent copy taken while the app runs: SQLite's online backup, not a file copy,
        written beside `target` and renamed into place (never onto the database's own files)."""
        if not self.is_sqlite:
            raise Refused("Backups here are for SQLite; back up PostgreSQL with pg_dump.")
        with translated():
            sqlite_files.backup(self._engine, target)

    def restore(self, source: Path) -> Restored:
        """Replace the whole database with a backup, verified before anything changes
        (`storage.sqlite_files.restore`); `RestoreRefused` says why not."""
        if not self.is_sqlite:
            raise Refused("Restores here are for SQLite; restore PostgreSQL with pg_restore.")
        with translated():
            return sqlite_files.restore(self._engine, source)
