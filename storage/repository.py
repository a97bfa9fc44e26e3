"""The only module that speaks SQL. Every write is one short transaction.

Writes carry an idempotency key: the form generates one per attempt, so a
double click or a retried request finds the row it already stored instead of
storing a second one.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Select, Text, cast, delete, func, select
from sqlalchemy.exc import IntegrityError

from scoring import AccountDraft, Answer, Assessment, Kind, Outcome, Signals, Stage, Verdict
from scoring.sharing import ShareLink, expires_on, hash_token, looks_like_token, new_token
from storage import sqlite_files
from storage.engine import write_transaction
from storage.records import (
    AccountOverview,
    AccountRecord,
    AssessmentColumns,
    EvidenceNote,
    StoredAssessment,
)
from storage.schema import accounts, assessments, data_version, evidence, share_links
from storage.sqlite_files import ERASE_WAIT_S, LogWipe, Restored


class NotFound(LookupError):
    pass


class Refused(ValueError):
    """A write the rules do not allow; the message says why, in words for the person."""


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
        signed_on=row.signed_on,
        ended_on=row.ended_on,
        outcome=Outcome(row.outcome) if row.outcome else None,
        outcome_note=row.outcome_note or "",
        updated_at=_utc(row.updated_at),
    )


# Read for every stored answer: a dict look-up costs a fraction of calling the enum.
_ANSWERS = {answer.value: answer for answer in Answer}
_NO_SIGNALS = Signals()


def _assessment(row: Any) -> StoredAssessment:
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
        created_at=_utc(row.created_at),
    )


def _evidence(row: Any) -> EvidenceNote:
    return EvidenceNote(
        id=row.id,
        account_id=row.account_id,
        noted_on=row.noted_on,
        text=row.text,
        created_at=_utc(row.created_at),
    )


def _link(row: Any) -> ShareLink:
    return ShareLink(
        id=row.id,
        account_id=row.account_id,
        created_at=_utc(row.created_at),
        expires_at=_utc(row.expires_at) if row.expires_at else None,
        revoked_at=_utc(row.revoked_at) if row.revoked_at else None,
        include_notes=bool(row.include_notes),
        label=row.label or "",
    )


def _locked(account_id: int) -> Select[Any]:
    """The account row, locked until the transaction ends on PostgreSQL (SQLite already holds the
    write lock from BEGIN IMMEDIATE): two replicas writing one client take turns, not races."""
    return select(accounts).where(accounts.c.id == account_id).with_for_update()


def _checkin_on(conn: Connection, account_id: int, day: dt.date) -> bool:
    found = conn.execute(
        select(assessments.c.id).where(
            assessments.c.account_id == account_id,
            assessments.c.kind == Kind.CHECKIN.value,
            assessments.c.taken_on == day,
        )
    ).first()
    return found is not None


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
        "signals": None if assessment.signals.is_empty() else assessment.signals.model_dump(mode="json"),
        "suggested": {k: v.value for k, v in assessment.suggested.items()} or None,
    }


class Repository:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @property
    def is_sqlite(self) -> bool:
        return self._engine.dialect.name == "sqlite"

    @property
    def location(self) -> str:
        """Which database this is (its URL without the password): part of every cache key."""
        return self._engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        """Close the pooled connections (a server shutting down, a test finishing)."""
        self._engine.dispose()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        # Queued behind this process's other writers, and retried within a bound: see write_transaction.
        with write_transaction(self._engine) as conn:
            yield conn
            # Last, so the row is locked for the shortest time; rolled back with the write.
            conn.execute(data_version.update().where(data_version.c.id == 1).values(token=uuid.uuid4().hex))

    def data_version(self) -> str:
        """A token that changes with every committed write, on any replica: the key for cached reads."""
        with self._read() as conn:
            return str(conn.execute(select(data_version.c.token).where(data_version.c.id == 1)).scalar_one())

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._engine.connect() as conn:
            yield conn

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
        except IntegrityError:
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
        if baseline.kind is not Kind.SCREEN:
            raise Refused("A baseline is a screen, not a check-in.")
        if signed_on < baseline.taken_on:
            raise Refused("The client cannot be signed before its baseline was taken.")
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
        conn.execute(assessments.insert().values(**_assessment_values(account_id, assessment, key)))

    def sign(self, account_id: int, signed_on: dt.date) -> AccountRecord:
        """A screened prospect becomes a client; its latest screen becomes the baseline."""
        with self._write() as conn:
            row = conn.execute(_locked(account_id)).first()
            if row is None:
                raise NotFound(f"no account with id {account_id}")
            if row.stage == Stage.CLIENT.value:
                return _account(row)
            first_screen = conn.execute(
                select(func.min(assessments.c.taken_on)).where(
                    assessments.c.account_id == account_id, assessments.c.kind == Kind.SCREEN.value
                )
            ).scalar_one()
            if first_screen is None:
                raise Refused("Screen the prospect before signing it: the screen is the client's baseline.")
            if signed_on < first_screen:
                raise Refused(
                    f"The signing date cannot be before the first screen ({first_screen:%Y-%m-%d})."
                )
            conn.execute(
                accounts.update()
                .where(accounts.c.id == account_id)
                .values(stage=Stage.CLIENT.value, signed_on=signed_on, updated_at=_now())
            )
        return self.account(account_id)

    def add_checkin(self, account_id: int, assessment: Assessment, key: str) -> StoredAssessment:
        """Store a check-in of a client; a second check-in on the same day is refused."""
        if assessment.kind is not Kind.CHECKIN:
            raise Refused("Only check-ins can be added here.")
        day = assessment.taken_on
        taken = f"There is already a check-in on {day:%Y-%m-%d} for this client. Pick another date."

        def write(conn: Connection) -> None:
            row = conn.execute(_locked(account_id)).first()
            if row is None:
                raise NotFound(f"no account with id {account_id}")
            if row.stage != Stage.CLIENT.value:
                raise Refused("Sign the prospect as a client before its first check-in.")
            if row.signed_on is not None and assessment.taken_on < row.signed_on:
                raise Refused(
                    f"The check-in date is before the client was signed ({row.signed_on:%Y-%m-%d})."
                )
            if _checkin_on(conn, account_id, day):
                raise Refused(taken)
            conn.execute(assessments.insert().values(**_assessment_values(account_id, assessment, key)))
            conn.execute(accounts.update().where(accounts.c.id == account_id).values(updated_at=_now()))

        def conflict() -> str | None:
            # A writer on another replica stored that day's check-in between our look and our insert.
            with self._read() as conn:
                return taken if _checkin_on(conn, account_id, day) else None

        return self._once(key, write, conflict)

    def add_evidence(self, account_id: int, noted_on: dt.date, text: str, key: str) -> EvidenceNote:
        """A dated note for the paper trail; stored once per key."""
        text = text.strip()
        if not text:
            raise Refused("Write what happened before saving the note.")
        with self._read() as conn:
            found = conn.execute(select(evidence).where(evidence.c.idempotency_key == key)).first()
        if found is not None:
            return _evidence(found)
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
        except IntegrityError:
            pass
        with self._read() as conn:
            row = conn.execute(select(evidence).where(evidence.c.idempotency_key == key)).first()
        if row is None:
            raise NotFound("the note could not be stored")
        return _evidence(row)

    def end(self, account_id: int, outcome: Outcome, ended_on: dt.date, note: str = "") -> AccountRecord:
        """Record how a relationship ended. Ending twice keeps the first ending."""
        with self._write() as conn:
            row = conn.execute(_locked(account_id)).first()
            if row is None:
                raise NotFound(f"no account with id {account_id}")
            if row.ended_on is None:
                conn.execute(
                    accounts.update()
                    .where(accounts.c.id == account_id)
                    .values(
                        outcome=outcome.value, ended_on=ended_on, outcome_note=note.strip(), updated_at=_now()
                    )
                )
        return self.account(account_id)

    def add_assessment(self, account_id: int, assessment: Assessment, key: str) -> StoredAssessment:
        """Store another screen (or later a check-in) of an existing account, once per key."""

        def write(conn: Connection) -> None:
            found = conn.execute(select(accounts.c.id).where(accounts.c.id == account_id)).first()
            if found is None:
                raise NotFound(f"no account with id {account_id}")
            conn.execute(assessments.insert().values(**_assessment_values(account_id, assessment, key)))
            conn.execute(accounts.update().where(accounts.c.id == account_id).values(updated_at=_now()))

        return self._once(key, write)

    # -- share links ----------------------------------------------------------------------------

    def create_share(
        self, account_id: int, days: int | None, include_notes: bool = False, label: str = ""
    ) -> tuple[str, ShareLink]:
        """A new link for one account. The raw token is returned once and never stored."""
        token = new_token()
        now = _now()
        with self._write() as conn:
            exists = conn.execute(select(accounts.c.id).where(accounts.c.id == account_id)).first()
            if exists is None:
                raise NotFound(f"no account with id {account_id}")
            link_id = conn.execute(
                share_links.insert()
                .values(
                    account_id=account_id,
                    token_hash=hash_token(token),
                    created_at=now,
                    expires_at=expires_on(now, days),
                    include_notes=include_notes,
                    label=label.strip()[:200],
                )
                .returning(share_links.c.id)
            ).scalar_one()
        return token, self._share(link_id)

    def _share(self, link_id: int) -> ShareLink:
        with self._read() as conn:
            row = conn.execute(select(share_links).where(share_links.c.id == link_id)).first()
        if row is None:
            raise NotFound(f"no share link with id {link_id}")
        return _link(row)

    def live_share(self, token: str, now: dt.datetime | None = None) -> ShareLink | None:
        """The link a token opens, or None when it is unknown, expired or revoked (callers cannot tell)."""
        if not looks_like_token(token):
            return None
        with self._read() as conn:
            row = conn.execute(
                select(share_links).where(share_links.c.token_hash == hash_token(token))
            ).first()
        if row is None:
            return None
        link = _link(row)
        return link if link.is_live(now or _now()) else None

    def shares(self, account_id: int) -> list[ShareLink]:
        """Every link of an account, newest first, whatever its state."""
        with self._read() as conn:
            rows = conn.execute(
                select(share_links)
                .where(share_links.c.account_id == account_id)
                .order_by(share_links.c.created_at.desc(), share_links.c.id.desc())
            ).all()
        return [_link(r) for r in rows]

    def revoke_share(self, link_id: int) -> bool:
        """Withdraw one link; True when it was live until now."""
        with self._write() as conn:
            result = conn.execute(
                share_links.update()
                .where(share_links.c.id == link_id, share_links.c.revoked_at.is_(None))
                .values(revoked_at=_now())
            )
        return bool(result.rowcount)

    def revoke_token(self, token: str) -> bool:
        with self._read() as conn:
            row = conn.execute(
                select(share_links.c.id).where(share_links.c.token_hash == hash_token(token))
            ).first()
        return self.revoke_share(row.id) if row is not None else False

    def revoke_all(self) -> int:
        """Withdraw every link at once (an emergency). Returns how many were still live."""
        with self._write() as conn:
            result = conn.execute(
                share_links.update().where(share_links.c.revoked_at.is_(None)).values(revoked_at=_now())
            )
        return int(result.rowcount)

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

    def evidence(self, account_id: int) -> list[EvidenceNote]:
        """Newest first, as a timeline reads."""
        with self._read() as conn:
            rows = conn.execute(
                select(evidence)
                .where(evidence.c.account_id == account_id)
                .order_by(evidence.c.noted_on.desc(), evidence.c.id.desc())
            ).all()
        return [_evidence(r) for r in rows]

    # -- data out and in --------------------------------------------------------------------------

    def accounts(self) -> list[AccountRecord]:
        with self._read() as conn:
            rows = conn.execute(select(accounts).order_by(accounts.c.id)).all()
        return [_account(r) for r in rows]

    def all_evidence(self) -> list[EvidenceNote]:
        """Every evidence note, by account and date, oldest first (as an export reads)."""
        with self._read() as conn:
            rows = conn.execute(
                select(evidence).order_by(evidence.c.account_id, evidence.c.noted_on, evidence.c.id)
            ).all()
        return [_evidence(r) for r in rows]

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
            if item.assessment.kind is Kind.CHECKIN:
                raise Refused(
                    f"{item.account!r} has no screen on or before {day:%Y-%m-%d} to serve as baseline"
                )
            account_id = conn.execute(
                accounts.insert()
                .values(
                    name=item.account,
                    company="",
                    stage=item.stage.value,
                    signed_on=day if item.stage is Stage.CLIENT else None,
                    created_at=now,
                    updated_at=now,
                )
                .returning(accounts.c.id)
            ).scalar_one()
            report.new_accounts += 1
        else:
            account_id = found.id
            if item.assessment.kind is Kind.CHECKIN:
                baseline = conn.execute(
                    select(func.max(assessments.c.taken_on)).where(
                        assessments.c.account_id == account_id,
                        assessments.c.kind == Kind.SCREEN.value,
                        assessments.c.taken_on <= day,
                    )
                ).scalar_one()
                if baseline is None:
                    raise Refused(
                        f"{item.account!r} has no screen on or before {day:%Y-%m-%d} to serve as baseline"
                    )
                if _checkin_on(conn, account_id, day):
                    raise Refused(f"{item.account!r} already has a different check-in on {day:%Y-%m-%d}")
                if found.stage != Stage.CLIENT.value:
                    conn.execute(
                        accounts.update()
                        .where(accounts.c.id == account_id)
                        .values(stage=Stage.CLIENT.value, signed_on=baseline)
                    )
            elif item.stage is Stage.CLIENT and found.stage != Stage.CLIENT.value:
                conn.execute(
                    accounts.update()
                    .where(accounts.c.id == account_id)
                    .values(stage=Stage.CLIENT.value, signed_on=day)
                )
        conn.execute(assessments.insert().values(**_assessment_values(account_id, item.assessment, item.key)))
        conn.execute(accounts.update().where(accounts.c.id == account_id).values(updated_at=now))

    def account_bundle(self, account_id: int) -> dict[str, Any]:
        """Everything stored about one account, as plain data (for a person's data request)."""
        account = self.account(account_id)
        return {
            "account": {
                "id": account.id,
                "name": account.name,
                "company": account.company,
                "deal_value": account.deal_value,
                "stage": account.stage.value,
                "created_at": account.created_at.isoformat(),
                "signed_on": account.signed_on.isoformat() if account.signed_on else None,
                "ended_on": account.ended_on.isoformat() if account.ended_on else None,
                "outcome": account.outcome.value if account.outcome else None,
                "outcome_note": account.outcome_note,
            },
            "assessments": [
                {"id": s.id, "created_at": s.created_at.isoformat(), **s.assessment.model_dump(mode="json")}
                for s in self.assessments(account_id)
            ],
            "evidence": [
                {
                    "id": n.id,
                    "date": n.noted_on.isoformat(),
                    "text": n.text,
                    "created_at": n.created_at.isoformat(),
                }
                for n in reversed(self.evidence(account_id))
            ],
            "share_links": [
                {
                    "id": link.id,
                    "created_at": link.created_at.isoformat(),
                    "expires_at": link.expires_at.isoformat() if link.expires_at else None,
                    "revoked_at": link.revoked_at.isoformat() if link.revoked_at else None,
                    "include_notes": link.include_notes,
                    "label": link.label,
                }
                for link in self.shares(account_id)
            ],
        }

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
        return sqlite_files.wipe_log(self._engine, ERASE_WAIT_S if wait_s is None else wait_s)

    def backup(self, target: Path) -> None:
        """A consistent copy taken while the app runs: SQLite's online backup, not a file copy,
        written beside `target` and renamed into place (never onto the database's own files)."""
        if not self.is_sqlite:
            raise Refused("Backups here are for SQLite; back up PostgreSQL with pg_dump.")
        sqlite_files.backup(self._engine, target)

    def restore(self, source: Path) -> Restored:
        """Replace the whole database with a backup, verified before anything changes
        (`storage.sqlite_files.restore`); `RestoreRefused` says why not."""
        if not self.is_sqlite:
            raise Refused("Restores here are for SQLite; restore PostgreSQL with pg_restore.")
        return sqlite_files.restore(self._engine, source)

    def assessment_columns(self, account_ids: Collection[int] | None = None) -> AssessmentColumns:
        """Every assessment (of `account_ids`, when given) as columns, with each account's name and
        stage: by account id, then date, then id. No model per row: what reads of thousands use."""
        rows_query = select(
            assessments.c.account_id,
            assessments.c.kind,
            assessments.c.taken_on,
            assessments.c.gut,
            cast(assessments.c.answers, Text),
            cast(assessments.c.signals, Text),
            assessments.c.note,
            assessments.c.rubric_key,
            assessments.c.rubric_version,
            cast(assessments.c.suggested, Text),
        ).order_by(assessments.c.account_id, assessments.c.taken_on, assessments.c.id)
        accounts_query = select(accounts.c.id, accounts.c.name, accounts.c.stage)
        if account_ids is not None:
            wanted = sorted({int(account) for account in account_ids})
            rows_query = rows_query.where(assessments.c.account_id.in_(wanted))
            accounts_query = accounts_query.where(accounts.c.id.in_(wanted))
        with self._read() as conn:
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
        names = {account: name for account, name, _ in owners}
        stages = {account: stage for account, _, stage in owners}
        if not {row[0] for row in rows} <= names.keys():
            rows = [row for row in rows if row[0] in names]
        if not rows:
            return AssessmentColumns((), (), (), (), (), (), (), (), (), (), names, stages)
        ids, kinds, days, guts, answers, signals, notes, keys, versions, suggested = zip(*rows, strict=True)
        # SQLite hands dates back as ISO text, PostgreSQL as dates; each distinct day is read once.
        dates = {day: day if isinstance(day, dt.date) else dt.date.fromisoformat(day) for day in set(days)}
        return AssessmentColumns(
            account_id=ids,
            kind=kinds,
            taken_on=tuple(map(dates.__getitem__, days)),
            gut=guts,
            answers=answers,
            signals=signals,
            note=notes,
            rubric_key=keys,
            rubric_version=versions,
            suggested=suggested,
            names=names,
            stages=stages,
        )

    def first_screens(self) -> dict[int, StoredAssessment]:
        """Each account's first screen (what calibration compares), without reading the histories."""
        ranked = (
            select(
                assessments,
                func.row_number()
                .over(
                    partition_by=assessments.c.account_id, order_by=(assessments.c.taken_on, assessments.c.id)
                )
                .label("rank"),
            )
            .where(assessments.c.kind == Kind.SCREEN.value)
            .subquery()
        )
        with self._read() as conn:
            rows = conn.execute(select(ranked).where(ranked.c.rank == 1)).all()
        return {row.account_id: _assessment(row) for row in rows}

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
