"""The repository's writes: every write is one short transaction, and the rules of an
account's life (`scoring.lifecycle`) decide what it may store.

Writes carry an idempotency key: the form generates one per attempt, so a
double click or a retried request finds the row it already stored instead of
storing a second one.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, bindparam, delete, func, select

from scoring import AccountDraft, Assessment, Kind, Outcome, Stage, lifecycle
from scoring.accounts import AccountRecord, EvidenceNote, StoredAssessment
from scoring.lifecycle import Refused
from scoring.names import name_key
from storage import convert, sqlite_files
from storage.convert import assessment_values, checkin_on
from storage.convert import now as _now
from storage.errors import Conflict, NotFound, translated
from storage.invoices import Invoices
from storage.portable import Portable
from storage.questionnaires import Questionnaires
from storage.reads import Reads
from storage.rubrics import RubricVersions
from storage.schema import accounts, assessments, evidence, new_uid
from storage.settings import Settings
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

    def row(self) -> ImportRow:
        values = assessment_values(0, self.assessment, self.key)
        return ImportRow(
            line=self.line,
            account=self.account,
            stage=self.stage,
            kind=self.assessment.kind,
            taken_on=self.assessment.taken_on,
            key=self.key,
            gut=values["gut"],
            answers=values["answers"],
            note=values["note"],
            signals=values["signals"],
            rubric_key=values["rubric_key"],
            rubric_version=values["rubric_version"],
            suggested=values["suggested"],
        )


@dataclass(frozen=True, slots=True)
class ImportRow:
    """One row to import as the import stores it, without a model: what the rules ask (kind, day,
    the stage the file gives) and the assessment's columns in the shapes `assessment_values`
    gives them. Rows of a file share their equal answer sets and signals (one object each)."""

    line: int
    account: str
    stage: Stage
    kind: Kind
    taken_on: dt.date
    key: str
    gut: str | None
    answers: Mapping[str, str]
    note: str
    signals: Mapping[str, Any] | None
    rubric_key: str
    rubric_version: int
    suggested: Mapping[str, str] | None = None
    #: The account's portable id, when the file carries one: it, not the name, says which account.
    account_uid: str = ""

    @property
    def owner(self) -> str:
        """Which account the row is of, as the import tells accounts apart: by portable id, or
        else by name."""
        return "u:" + self.account_uid if self.account_uid else "n:" + self.account

    def content(self) -> tuple[Any, ...]:
        """What the row says, as `_content` reads a stored assessment: the same content is the same
        assessment, whatever key stored it."""
        return _content(self.kind.value, self.taken_on, self.gut, self.answers, self.signals, self.note)


T = TypeVar("T")


@dataclass
class ImportReport:
    added: int = 0
    already_there: int = 0
    new_accounts: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


class Repository(Portable, Invoices, ShareLinks, Questionnaires, RubricVersions, Settings, Reads):
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
                name_key=name_key(draft.name),
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

    def import_assessments(self, incoming: Iterable[Incoming]) -> ImportReport:
        """`import_rows` for rows that carry a whole `Assessment` each."""
        return self.import_rows(item.row() for item in incoming)

    def import_rows(self, rows: Iterable[ImportRow]) -> ImportReport:
        """Add the rows in one transaction; each bad row is reported by line and skipped.

        Rows are taken in date order, so a check-in finds the screen (its baseline)
        even when the file lists it later. A row whose key is already stored is
        counted, not added again: importing the same file twice adds nothing.

        What each row does is decided in memory, row after row in that order, by the
        rules of `scoring.lifecycle`, from what the transaction read in a few queries
        (the file's keys already stored, its accounts by name, their screen and
        check-in days); then everything is written with a few statements per thousands
        of rows. The outcome is the one storing the rows one at a time would have.
        """
        with self._write() as conn:
            return self._import_rows_on(conn, rows)

    def _import_rows_on(self, conn: Connection, rows: Iterable[ImportRow]) -> ImportReport:
        """`import_rows` inside a write transaction already open (a portable import's)."""
        ordered = sorted(rows, key=lambda r: (r.taken_on, r.kind is Kind.CHECKIN, r.line))
        known = _ImportFacts.read(conn, ordered)
        plan = _ImportDecisions(known)
        for row in ordered:
            plan.take(row)
        plan.write(conn)
        self._touch(conn, plan.touched())
        plan.report.errors.sort()
        return plan.report

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


# -- import -------------------------------------------------------------------------------------

#: Values bound in one `IN` list: well inside SQLite's and PostgreSQL's limits on bound values.
_IN_CHUNK = 5000
_TICK = dt.timedelta(microseconds=1)
#: Rows written by one `executemany`: the driver's work is per row either way, this bounds memory.
_WRITE_CHUNK = 5000


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class _Account:
    """One account an import reads or makes: what the rules ask about it, and what changed."""

    name: str
    stage: Stage
    signed_on: dt.date | None
    id: int | None = None  # None: made by this import, not inserted yet
    screens: list[dt.date] = field(default_factory=list)  # sorted
    checkins: set[dt.date] = field(default_factory=set)
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    signed: bool = False  # an existing account this import signs
    uid: str = ""
    #: What its stored assessments say (`_content`): a row saying the same is already there.
    contents: set[tuple[Any, ...]] = field(default_factory=set)

    def baseline(self, day: dt.date) -> dt.date | None:
        """The newest screen on or before `day`."""
        at = bisect.bisect_right(self.screens, day)
        return self.screens[at - 1] if at else None


def _content(
    kind: str,
    taken_on: dt.date | str,
    gut: str | None,
    answers: Mapping[str, str] | None,
    signals: Mapping[str, Any] | None,
    note: str | None,
) -> tuple[Any, ...]:
    """An assessment's content as a value: equal for the same answers, signals and note, whether
    they come from a file or a stored row (a signal left out and one stored as null are the same)."""
    day = dt.date.fromisoformat(taken_on) if isinstance(taken_on, str) else taken_on
    said = frozenset((k, v) for k, v in (signals or {}).items() if v is not None)
    return (kind, day, gut or None, frozenset((answers or {}).items()), said, note or "")


@dataclass
class _ImportFacts:
    """What an import reads under the write lock, in a few queries: the file's keys already
    stored, and the accounts it names (by portable id, or else by name) with their screen and
    check-in days and what their assessments say (only of accounts the file adds rows to whose
    key is not stored yet). A name two accounts share, in a row with no portable id, is ambiguous."""

    stored_keys: set[str]
    accounts: dict[str, _Account]
    ambiguous: dict[str, int] = field(default_factory=dict)

    @classmethod
    def read(cls, conn: Connection, rows: Sequence[ImportRow]) -> _ImportFacts:
        keys = sorted({row.key for row in rows})
        stored: set[str] = set()
        for chunk in _chunks(keys, _IN_CHUNK):
            stored.update(
                conn.execute(
                    select(assessments.c.idempotency_key).where(assessments.c.idempotency_key.in_(chunk))
                ).scalars()
            )
        wanted = (accounts.c.id, accounts.c.name, accounts.c.stage, accounts.c.signed_on, accounts.c.uid)
        found: dict[str, _Account] = {}
        ambiguous: dict[str, int] = {}
        uids = sorted({row.account_uid for row in rows if row.account_uid})
        for chunk in _chunks(uids, _IN_CHUNK):
            for row in conn.execute(select(*wanted).where(accounts.c.uid.in_(chunk))):
                found["u:" + row.uid] = _Account(
                    row.name, Stage(row.stage), row.signed_on, row.id, uid=row.uid
                )
        names = sorted({row.account for row in rows if not row.account_uid})
        seen: dict[str, int] = {}
        for chunk in _chunks(names, _IN_CHUNK):
            query = select(*wanted).where(accounts.c.name.in_(chunk)).order_by(accounts.c.id)
            for row in conn.execute(query):
                seen[row.name] = seen.get(row.name, 0) + 1
                if seen[row.name] > 1:
                    ambiguous["n:" + row.name] = seen[row.name]
                    continue
                found["n:" + row.name] = _Account(
                    row.name, Stage(row.stage), row.signed_on, row.id, uid=row.uid or ""
                )
        for owner in ambiguous:
            found.pop(owner, None)
        by_id = {account.id: account for account in found.values() if account.id is not None}
        # Accounts with a row not stored under its key: their days (the rules ask) and contents.
        asked = {row.owner for row in rows if row.key not in stored}
        read = sorted(i for i, account in by_id.items() if _owner_of(account, asked))
        columns = (
            assessments.c.account_id,
            assessments.c.kind,
            assessments.c.taken_on,
            assessments.c.gut,
            assessments.c.answers,
            assessments.c.signals,
            assessments.c.note,
        )
        for ids in _chunks(read, _IN_CHUNK):
            for account_id, kind, day, gut, answers, signals, note in conn.execute(
                select(*columns).where(assessments.c.account_id.in_(ids))
            ):
                account = by_id[account_id]
                day = dt.date.fromisoformat(day) if isinstance(day, str) else day
                if kind == Kind.CHECKIN.value:
                    account.checkins.add(day)
                else:
                    account.screens.append(day)
                account.contents.add(_content(kind, day, gut, answers, signals, note))
        for account in found.values():
            account.screens.sort()
        return cls(stored, found, ambiguous)


def _owner_of(account: _Account, owners: set[str]) -> bool:
    return ("u:" + account.uid) in owners or ("n:" + account.name) in owners


class _ImportDecisions:
    """Each row's fate, decided in date order as storing the rows one at a time would decide it:
    already there, refused by a rule (its line and why), or added, and what it does to its account."""

    def __init__(self, facts: _ImportFacts) -> None:
        self.report = ImportReport()
        self._stored = facts.stored_keys
        self._accounts = facts.accounts
        self._ambiguous = facts.ambiguous
        self._new: list[_Account] = []
        self._added: list[tuple[_Account, ImportRow, dt.datetime]] = []
        self._last = dt.datetime.min.replace(tzinfo=dt.UTC)

    def take(self, row: ImportRow) -> None:
        if row.key in self._stored:
            self.report.already_there += 1
            return
        owner = row.owner
        if owner in self._ambiguous:
            self.report.errors.append(
                (row.line, str(lifecycle.imported_name_ambiguous(row.account, self._ambiguous[owner])))
            )
            return
        known = self._accounts.get(owner)
        if known is not None and known.id is not None and row.content() in known.contents:
            self._stored.add(row.key)  # the same assessment, stored under another key (the app's own)
            self.report.already_there += 1
            return
        # Each row its own moment, as when rows were stored one at a time: the lists that show
        # the newest activity first order the accounts by their last row (never a tie of a microsecond).
        now = self._last = max(_now(), self._last + _TICK)
        try:
            account = self._account_for(row, now)
        except Refused as exc:
            self.report.errors.append((row.line, str(exc)))
            return
        if row.kind is Kind.CHECKIN:
            account.checkins.add(row.taken_on)
        else:
            bisect.insort(account.screens, row.taken_on)
        account.updated_at = now
        self._stored.add(row.key)
        self._added.append((account, row, now))
        self.report.added += 1

    def _account_for(self, row: ImportRow, now: dt.datetime) -> _Account:
        """The row's account after the row, as the rules allow; raises `Refused` with nothing changed."""
        day = row.taken_on
        account = self._accounts.get(row.owner)
        if account is None:
            signed_on = lifecycle.new_account_on_import(row.account, row.kind, day, row.stage)
            stage = Stage.PROSPECT if signed_on is None else Stage.CLIENT
            account = _Account(
                row.account, stage, signed_on, created_at=now, uid=row.account_uid or new_uid()
            )
            self._accounts[row.owner] = account
            self._new.append(account)
            self.report.new_accounts += 1
            return account
        baseline = account.baseline(day) if row.kind is Kind.CHECKIN else None
        signed_on = lifecycle.signing_on_import(
            row.account, account.stage, row.kind, day, row.stage, baseline
        )
        if row.kind is Kind.CHECKIN and day in account.checkins:
            raise lifecycle.imported_checkin_taken(row.account, day)
        if signed_on is not None:
            account.stage, account.signed_on = Stage.CLIENT, signed_on
            account.signed = account.id is not None
        return account

    def touched(self) -> set[int]:
        return {account.id for account, _, _ in self._added if account.id is not None}

    def write(self, conn: Connection) -> None:
        """The decisions, in a few statements per thousands of rows: new accounts (in the order
        they were made, so ids follow it), signings, assessments (in date order), last changes."""
        for chunk in _chunks(self._new, _WRITE_CHUNK):
            # Each new account has a portable id of its own: its id is found by that.
            made = conn.execute(
                accounts.insert().returning(accounts.c.id, accounts.c.uid),
                [
                    {
                        "uid": a.uid,
                        "name": a.name,
                        "name_key": name_key(a.name),
                        "company": "",
                        "stage": a.stage.value,
                        "signed_on": a.signed_on,
                        "created_at": a.created_at,
                        "updated_at": a.updated_at,
                    }
                    for a in chunk
                ],
            )
            ids = {uid: account_id for account_id, uid in made}
            for account in chunk:
                account.id = ids[account.uid]
        signed = [a for a in self._accounts.values() if a.signed]
        if signed:
            conn.execute(
                accounts.update()
                .where(accounts.c.id == bindparam("account_id"))
                .values(stage=bindparam("new_stage"), signed_on=bindparam("new_signed_on")),
                [
                    {"account_id": a.id, "new_stage": a.stage.value, "new_signed_on": a.signed_on}
                    for a in signed
                ],
            )
        insert = _AssessmentInsert(conn)
        for part in _chunks(self._added, _WRITE_CHUNK):
            insert(conn, part)
        existing = {id(a): a for a, _, _ in self._added if a.created_at is None}.values()
        if existing:
            conn.execute(
                accounts.update()
                .where(accounts.c.id == bindparam("account_id"))
                .values(updated_at=bindparam("new_updated_at")),
                [{"account_id": a.id, "new_updated_at": a.updated_at} for a in existing],
            )


class _AssessmentInsert:
    """The insert of imported assessments as the driver takes it: SQLAlchemy's own statement and
    its own conversion of each value (JSON to text, dates for SQLite), done once per distinct
    answer set, signal set and day rather than once per row."""

    _COLUMNS = (
        "account_id",
        "kind",
        "taken_on",
        "gut",
        "answers",
        "note",
        "rubric_key",
        "rubric_version",
        "idempotency_key",
        "created_at",
        "signals",
        "suggested",
    )

    def __init__(self, conn: Connection) -> None:
        dialect = conn.dialect
        compiled = assessments.insert().compile(
            dialect=dialect, column_keys=list(self._COLUMNS), for_executemany=True
        )
        self._sql = compiled.string
        self._positions = list(compiled.positiontup or ()) if compiled.positional else None

        def processor(name: str) -> Callable[[Any], Any]:
            found = assessments.c[name].type.dialect_impl(dialect).bind_processor(dialect)
            return found if found is not None else _same

        self._day = processor("taken_on")
        self._json = {name: processor(name) for name in ("answers", "signals", "suggested")}
        self._at = processor("created_at")
        self._days: dict[dt.date, Any] = {}
        self._documents: dict[tuple[str, int], Any] = {}

    def _document(self, name: str, value: Mapping[str, Any] | None) -> Any:
        if value is None:  # SQL NULL: signals and suggestions are stored none_as_null
            return None
        found = self._documents.get((name, id(value)))
        if found is None:
            found = self._documents[(name, id(value))] = self._json[name](value)
        return found

    def __call__(self, conn: Connection, added: Sequence[tuple[_Account, ImportRow, dt.datetime]]) -> None:
        days = self._days
        rows = []
        for account, row, now in added:
            day = days.get(row.taken_on)
            if day is None:
                day = days[row.taken_on] = self._day(row.taken_on)
            rows.append(
                {
                    "account_id": account.id,
                    "kind": row.kind.value,
                    "taken_on": day,
                    "gut": row.gut,
                    "answers": self._document("answers", row.answers),
                    "note": row.note,
                    "rubric_key": row.rubric_key,
                    "rubric_version": row.rubric_version,
                    "idempotency_key": row.key,
                    "created_at": self._at(now),
                    "signals": self._document("signals", row.signals),
                    "suggested": self._document("suggested", row.suggested),
                }
            )
        if self._positions is not None:
            positions = self._positions
            conn.exec_driver_sql(self._sql, [tuple(values[name] for name in positions) for values in rows])
        else:
            conn.exec_driver_sql(self._sql, rows)


def _same(value: Any) -> Any:
    return value
