"""The SQLite file as a whole: backup, a restore that verifies before it replaces, and erasure
that reaches the write-ahead log.

These work on files rather than rows, so they live apart from the repository's SQL.
PostgreSQL has its own tools for all three (pg_dump, pg_restore, VACUUM); see the README.

Restore in order, and why:

1. The candidate is opened read-only and copied with SQLite's online backup into a
   staging file beside the live database. Everything after this looks at that copy, so
   the candidate cannot change between being checked and being installed.
2. The copy must pass `integrity_check` and `foreign_key_check`, carry a schema
   revision this version knows, and hold exactly the objects the migrations create at
   that revision, compared object by object (tables, indexes; a trigger or a view of its
   own is refused). A damaged page, an orphan row or a smuggled trigger stops it here.
3. The copy (not the live file) is brought up to the newest schema and checked again.
4. The live database is copied to a dated file beside it (`thinslice-before-restore-…`).
5. Only then is the copy written into the live database, in one SQLite transaction
   through the database's own locks, so the app may keep running and a process killed
   half-way leaves the old database whole. If the result cannot be opened and checked,
   the dated copy is written back.

Until step 5 nothing touches the live file: a refused restore leaves it byte for byte as
it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from filesafe import CannotWrite, check_target, database_files, sqlite_file, write_with
from storage.engine import make_engine, write_turn
from storage.migrate import known_revisions, upgrade

# SQLite's own bookkeeping tables, which appear after ANALYZE or with AUTOINCREMENT; their
# definitions are SQLite's, and they hold statistics, never rules.
_SQLITE_INTERNAL = frozenset({"sqlite_stat1", "sqlite_stat4", "sqlite_sequence"})
_STAGING = ".restore-"
Schema = dict[str, tuple[str, str, str]]  # name: (type, table, normalised SQL)
#: How long erasure waits for readers before it says the log still holds a copy.
ERASE_WAIT_S = 10.0
# A whole database replaced: a new token, and a new epoch, so that neither a cached read nor a
# reader that knows the accounts as of some write number takes the new data for the old.
NEW_DATA_VERSION = (
    "UPDATE data_version SET token = lower(hex(randomblob(16))), epoch = lower(hex(randomblob(16)))"
    " WHERE id = 1"
)


class RestoreRefused(ValueError):
    """The candidate is not a backup this version can restore; the live database is untouched."""


@dataclass(frozen=True)
class Restored:
    accounts: int
    previous: Path  # the database as it was before, kept as a dated file


@dataclass(frozen=True)
class LogWipe:
    """What erasure could do about the write-ahead log."""

    cleared: bool
    wal: Path | None  # the log file, when there is one


def live_file(engine: Engine) -> Path:
    """The SQLite file behind `engine`, or `RestoreRefused` for PostgreSQL and in-memory databases."""
    path = sqlite_file(engine.url.render_as_string(hide_password=False))
    if engine.dialect.name != "sqlite" or path is None:
        raise RestoreRefused("this works on a SQLite file; for PostgreSQL use pg_dump and pg_restore")
    return path.resolve()


# -- backup ---------------------------------------------------------------------------------------


def backup(engine: Engine, target: Path) -> None:
    """A consistent copy taken while the app runs (SQLite's online backup, not a file copy),
    written beside `target` and renamed into place; never onto the database's own files."""
    url = engine.url.render_as_string(hide_password=False)
    live_file(engine)  # PostgreSQL is refused before anything is made
    target.expanduser().parent.mkdir(parents=True, exist_ok=True)

    def fill(partial: Path) -> None:
        with _raw(engine) as source, contextlib.closing(sqlite3.connect(partial)) as copy:
            source.backup(copy)
            # The copy carries the live file's WAL flag; one self-contained file travels better
            # and leaves no -wal or -shm beside it wherever it is opened.
            copy.execute("PRAGMA journal_mode=DELETE")

    write_with(target, fill, database_files(url))


@contextlib.contextmanager
def _raw(engine: Engine) -> Iterator[sqlite3.Connection]:
    raw = engine.raw_connection()
    try:
        driver = raw.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        yield driver
    finally:
        raw.close()


# -- restore --------------------------------------------------------------------------------------


def restore(engine: Engine, source: Path, *, now: dt.datetime | None = None) -> Restored:
    """Replace the whole database with the backup at `source`, verified first (module docstring).

    Raises `RestoreRefused` (nothing changed) when the candidate fails a check, and
    `sqlite3.Error`/`OSError` when the machine fails us; in both cases the live database
    holds what it held before.
    """
    live = live_file(engine)
    source = source.expanduser()
    _refuse_own_files(source, engine)
    _sweep_stale_staging(live)
    staging = live.with_name(f".{live.name}{_STAGING}{os.getpid()}-{os.urandom(4).hex()}")
    try:
        _snapshot(source, staging)
        _verify(staging, source)
        _bring_up_to_date(staging)
        _verify(staging, source)
        _match_page_size(staging, engine)
        try:
            previous = keep_previous(engine, now or dt.datetime.now())
        except CannotWrite as exc:
            raise RestoreRefused(f"the current database could not be kept first ({exc.reason})") from None
        _copy_into(staging, engine)
        engine.dispose()  # pooled connections may hold the old schema; new ones read the new one
        try:
            _verify_live(engine)
        except (RestoreRefused, sqlite3.Error):
            _copy_into(previous, engine)
            with write_turn(engine), _raw(engine) as conn:
                conn.execute(NEW_DATA_VERSION)
            engine.dispose()
            raise
        with _raw(engine) as conn:
            accounts = int(conn.execute("SELECT count(*) FROM accounts").fetchone()[0])
        return Restored(accounts=accounts, previous=previous)
    finally:
        _remove_with_companions(staging)


def verify_backup(source: Path) -> None:
    """Check a candidate without restoring it: `RestoreRefused` says why it cannot be restored."""
    with tempfile.TemporaryDirectory(prefix="thinslice-verify-") as folder:
        staging = Path(folder) / "candidate.db"
        _snapshot(source, staging)
        _verify(staging, source)


def _refuse_own_files(source: Path, engine: Engine) -> None:
    """The database (or its log) is no backup of itself: the same test as for a file written."""
    try:
        check_target(source, database_files(engine.url.render_as_string(hide_password=False)))
    except CannotWrite as exc:
        raise RestoreRefused(str(exc)) from None


def _snapshot(source: Path, staging: Path) -> None:
    try:
        with source.open("rb") as file:
            header = file.read(16)
    except OSError as exc:
        raise RestoreRefused(f"{source} cannot be read ({exc.strerror or exc})") from None
    if header != b"SQLite format 3\x00":
        raise RestoreRefused(f"{source} is not a Thin Slice backup (not an SQLite database)")
    # A URI, so a name with `#`, `?` or `%` is read as the file it names (as_uri escapes them).
    # Without a log or journal beside it the file is all there is: opened as immutable, SQLite
    # makes no -wal or -shm files next to someone's backup.
    real = source.resolve()
    alone = not any(real.with_name(real.name + suffix).exists() for suffix in ("-wal", "-journal"))
    uri = f"{real.as_uri()}?mode=ro{'&immutable=1' if alone else ''}"
    try:
        origin = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise RestoreRefused(f"{source} cannot be opened as a database ({exc})") from None
    try:
        with contextlib.closing(sqlite3.connect(staging)) as copy:
            origin.backup(copy)
    except sqlite3.DatabaseError as exc:
        raise RestoreRefused(f"{source} is damaged and cannot be read ({exc})") from None
    finally:
        origin.close()


def _verify(staging: Path, shown: Path) -> None:
    """Integrity, foreign keys, a known revision, and exactly the schema the migrations make."""
    try:
        with contextlib.closing(sqlite3.connect(f"{staging.as_uri()}?mode=ro", uri=True)) as conn:
            problems = [row[0] for row in conn.execute("PRAGMA integrity_check(20)")]
            if problems != ["ok"]:
                raise RestoreRefused(f"{shown} is damaged ({problems[0]})")
            found = _schema(conn)
            if "alembic_version" not in found or "accounts" not in found:
                raise RestoreRefused(f"{shown} is not a Thin Slice backup (its tables are missing)")
            versions = [row[0] for row in conn.execute("SELECT version_num FROM alembic_version")]
            orphans = conn.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as exc:
        raise RestoreRefused(f"{shown} is damaged and cannot be read ({exc})") from None
    if len(versions) != 1 or versions[0] not in known_revisions():
        raise RestoreRefused(
            f"{shown} was made by a newer or unknown version of Thin Slice (schema revision "
            f"{', '.join(map(str, versions)) or 'none'}); upgrade Thin Slice first"
        )
    if orphans:
        tables = sorted({row[0] for row in orphans})
        raise RestoreRefused(
            f"{shown} has {len(orphans)} row(s) in {', '.join(tables)} that point at nothing "
            "(a failed foreign-key check)"
        )
    difference = _schema_difference(found, expected_schema(versions[0]))
    if difference:
        raise RestoreRefused(f"{shown} holds a schema this version does not create: {difference}")


def _schema(conn: sqlite3.Connection) -> Schema:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return {name: (kind, table, _normal_sql(sql)) for kind, name, table, sql in rows}


def _normal_sql(sql: str | None) -> str:
    """The statement as SQLite stored it, with spacing and identifier quotes evened out."""
    if sql is None:
        return ""
    return re.sub(r"\s+", " ", re.sub(r'["`\[\]]', "", sql)).strip().casefold()


def _schema_difference(found: Schema, expected: Schema) -> str:
    problems = []
    for name in sorted(found.keys() - expected.keys() - _SQLITE_INTERNAL):
        kind, table, _ = found[name]
        problems.append(f"an extra {kind} {name!r} on {table!r}")
    for name in sorted(expected.keys() - found.keys()):
        problems.append(f"no {expected[name][0]} {name!r}")
    for name in sorted(found.keys() & expected.keys()):
        if found[name] != expected[name]:
            problems.append(f"the {expected[name][0]} {name!r} is defined differently")
    return "; ".join(problems)


@functools.cache
def expected_schema(revision: str) -> Schema:
    """What the migrations create up to `revision`, read from a database they just built."""
    with tempfile.TemporaryDirectory(prefix="thinslice-schema-") as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'reference.db'}")
        try:
            upgrade(engine, revision)
            with _raw(engine) as conn:
                return _schema(conn)
        finally:
            engine.dispose()


def _bring_up_to_date(staging: Path) -> None:
    engine = make_engine(f"sqlite:///{staging}")
    try:
        upgrade(engine)
        with _raw(engine) as conn:
            # A new data version travels with the copy, so no cache can take the restored data
            # for what it cached under the token the backup happened to carry.
            conn.execute(NEW_DATA_VERSION)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode=DELETE")  # one self-contained file again
    finally:
        engine.dispose()


def _match_page_size(staging: Path, engine: Engine) -> None:
    """SQLite's backup into a WAL database needs equal page sizes: rebuild the copy if they differ."""
    with _raw(engine) as live:
        wanted = int(live.execute("PRAGMA page_size").fetchone()[0])
    with contextlib.closing(sqlite3.connect(staging, isolation_level=None)) as conn:
        if int(conn.execute("PRAGMA page_size").fetchone()[0]) != wanted:
            conn.execute(f"PRAGMA page_size={wanted}")
            conn.execute("VACUUM")


def keep_previous(engine: Engine, now: dt.datetime) -> Path:
    """Copy the live database to a dated file beside it; the path of that file."""
    live = live_file(engine)
    stamp = now.strftime("%Y-%m-%dT%H%M%S")
    kept = live.with_name(f"{live.stem}-before-restore-{stamp}{live.suffix or '.db'}")
    number = 1
    while kept.exists():
        number += 1
        kept = live.with_name(f"{live.stem}-before-restore-{stamp}-{number}{live.suffix or '.db'}")
    backup(engine, kept)
    return kept


def _copy_into(source: Path, engine: Engine) -> None:
    """Write `source` into the live database: one transaction on the live file, under its locks."""
    with (
        write_turn(engine),
        contextlib.closing(sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)) as origin,
        _raw(engine) as live,
    ):
        origin.backup(live)


def _verify_live(engine: Engine) -> None:
    with _raw(engine) as conn:
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise RestoreRefused("the restored database did not pass its check; the previous one is back")
        conn.execute("SELECT count(*) FROM accounts").fetchone()


def _remove_with_companions(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm", ".migrate-lock"):
        with contextlib.suppress(OSError):
            path.with_name(path.name + suffix).unlink(missing_ok=True)


def _sweep_stale_staging(live: Path) -> None:
    """Staging copies left by a restore that was killed: they hold data, so they do not stay."""
    for leftover in live.parent.glob(f".{live.name}{_STAGING}*"):
        pid = leftover.name.removeprefix(f".{live.name}{_STAGING}").split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            leftover.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# -- erase ----------------------------------------------------------------------------------------


def wipe_log(engine: Engine, wait_s: float = ERASE_WAIT_S) -> LogWipe:
    """Move everything in the write-ahead log into the database file and empty the log.

    After an erasure the log may still hold the deleted rows (the pages as they were
    before, and the main file may too until the log is copied back). A reader in the
    middle of a read keeps the pages it sees alive, so this waits for readers up to
    `wait_s` seconds and then says honestly whether the log is empty.
    """
    if engine.dialect.name != "sqlite":
        return LogWipe(cleared=True, wal=None)
    main = sqlite_file(engine.url.render_as_string(hide_password=False))
    wal = main.with_name(main.name + "-wal") if main is not None else None
    try:
        with write_turn(engine), _raw(engine) as conn:
            old = int(conn.execute("PRAGMA busy_timeout").fetchone()[0])
            conn.execute(f"PRAGMA busy_timeout={max(0, int(wait_s * 1000))}")
            try:
                busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            finally:
                conn.execute(f"PRAGMA busy_timeout={old}")
    except (sqlite3.Error, OperationalError):
        # The erasure itself is committed; whether the log is empty is unknown, so it is not claimed.
        return LogWipe(cleared=False, wal=wal)
    empty = wal is None or not wal.exists() or wal.stat().st_size == 0
    return LogWipe(cleared=busy == 0 and empty, wal=wal)
