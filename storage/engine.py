"""Create the database engine: PostgreSQL when configured, a local SQLite file otherwise.

SQLite is tuned for a threaded server (Streamlit runs each session in its own
thread): WAL so readers never wait for the writer, foreign keys enforced, a busy
timeout instead of instant "database is locked", and write transactions that
take the write lock up front (BEGIN IMMEDIATE) so two writers queue politely
instead of one failing half-way. Every write goes through `write_transaction`,
which queues the writers of one process and retries a refused BEGIN, so a save
waits (boundedly) rather than fail because the machine is busy.
"""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import RootTransaction, make_url
from sqlalchemy.exc import OperationalError

from settings import DATABASE_ENV_VAR, configured_database_url

ENV_VAR = DATABASE_ENV_VAR
BUSY_TIMEOUT_MS = 10_000
WRITE = "thinslice_write"
# How long one save may wait for the write lock before it is refused, all waiting included
# (queueing behind this process's other writers, then retrying a BEGIN another process refused).
# Long enough to ride out a busy server or the CLI importing a file; short enough that a person
# who clicked Save gets an answer while still looking at the page.
WRITE_WAIT_S = 30.0
# Pause between two BEGINs another process refused: doubles from the first to the last, and each
# pause is drawn between half and all of its step, so two processes stop retrying in step.
RETRY_FIRST_S = 0.01
RETRY_LAST_S = 1.0


def database_url() -> str:
    """The configured URL, or the default SQLite file under data/."""
    return normalise_url(configured_database_url())


def normalise_url(url: str) -> str:
    """`postgres://` and `postgresql://` (as hosting providers hand them out) mean psycopg 3 here:
    SQLAlchemy would otherwise reach for psycopg2, which is not installed."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str | None = None) -> Engine:
    url = normalise_url(url or database_url())
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        # pre_ping: a replica keeps working after PostgreSQL restarts or a proxy drops idle connections.
        return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10, pool_timeout=30)
    if parsed.get_backend_name() != "sqlite":
        raise ValueError(
            f"{ENV_VAR} must be a sqlite:/// or postgresql+psycopg:// URL, not {parsed.get_backend_name()!r}"
        )
    database = parsed.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False})
    _tune_sqlite(engine)
    return engine


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's begin event (below) decide how each transaction starts.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        _use_wal(cursor)
        cursor.execute("PRAGMA foreign_keys=ON")
        # FULL: a check-in the app has confirmed survives a power cut, not only a crash.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get(WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _use_wal(cursor: Any) -> None:
    """Switch a new file to WAL, waiting (bounded) for other processes doing the same.

    Turning a fresh file to WAL needs it to itself, and SQLite answers "database is
    locked" at once, without its busy handler, while another process is in the middle
    of that switch: two replicas or the CLI starting together on a new file meet it.
    Once the file is in WAL mode the pragma is a no-op.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """The one way to open a write transaction: commits when the body ends, rolls back if it raises.

    On PostgreSQL this is `engine.begin()`: row locks order the writers. On SQLite one file
    has one writer at a time, and SQLite's own busy handler only polls with sleeps: under
    CPU starvation an unlucky thread could keep losing the race for its whole busy timeout
    and refuse a save. So the writers of one process queue on a lock of their own (waiting
    on it blocks, nobody polls), and the one at the head of the queue retries, with jittered
    backoff, a BEGIN IMMEDIATE that another process (the CLI, a second server) refused.
    Only the BEGIN is retried, never the body: it may already have done work.

    Everything together waits at most WRITE_WAIT_S; then the last OperationalError
    ("database is locked") is raised, before the body has run.
    """
    if not is_sqlite(engine):
        with engine.begin() as conn:
            yield conn
        return
    deadline = time.monotonic() + WRITE_WAIT_S
    with _queued(engine, deadline):
        conn, transaction = _begin_immediate(engine.execution_options(**{WRITE: True}), deadline)
        with conn, transaction:
            yield conn


@contextmanager
def write_turn(engine: Engine) -> Iterator[None]:
    """This process's turn to write to the engine's SQLite file, without a transaction: for work
    that takes SQLite's write lock by itself (a restore's page copy, a log checkpoint), so the
    app's own saves queue behind it instead of polling SQLite's lock. Nothing on PostgreSQL."""
    if not is_sqlite(engine):
        yield
        return
    with _queued(engine, time.monotonic() + WRITE_WAIT_S):
        yield


class _Queue:
    """A lock that its waiters get in the order they came (it is handed from one to the next).

    threading.Lock is not fair: the thread that releases it, still on the CPU, usually takes
    it again before a woken waiter runs. On a loaded machine that let one save wait 20 s
    while others went through in milliseconds; in a queue the wait is the work ahead of it.
    """

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._taken = False
        self._waiting: deque[threading.Lock] = deque()

    def acquire(self, timeout: float) -> bool:
        with self._guard:
            if not self._taken:
                self._taken = True
                return True
            turn = threading.Lock()
            turn.acquire()
            self._waiting.append(turn)
        if turn.acquire(timeout=timeout):
            return True
        with self._guard:
            if turn in self._waiting:
                self._waiting.remove(turn)
                return False
        return True  # handed over just as the wait ran out: it is ours now

    def release(self) -> None:
        with self._guard:
            if self._waiting:
                self._waiting.popleft().release()  # still taken: by the next in line
            else:
                self._taken = False


# One queue per SQLite file, shared by every engine of this process on that file.
_queues: dict[str, _Queue] = {}
_queues_guard = threading.Lock()


class _Held(threading.local):
    """The files whose write lock this thread holds: taking one again would wait for itself."""

    def __init__(self) -> None:
        self.files: set[str] = set()


_held = _Held()


@contextmanager
def _queued(engine: Engine, deadline: float) -> Iterator[None]:
    """Wait (until the deadline) for this process's turn to write to the engine's file.

    Not re-entrant (no RLock), because nothing may take it twice: a write transaction
    opened inside another on the same file would need SQLite's write lock, which the outer
    one holds on another connection, so re-entry would only turn the mistake into a wait of
    WRITE_WAIT_S. It is refused at once instead. Migrations (`storage.migrate.upgrade`) do
    not take this lock; they start with BEGIN IMMEDIATE like any write, so a writer that
    holds this lock while a migration runs waits in BEGIN and retries, and a migration never
    waits for this lock: there is no cycle. A writer takes the lock before it takes a pooled
    connection, so writers waiting in the queue hold no connection either.
    """
    key = _file_key(engine)
    if key is None:  # an in-memory database: each connection has its own, nobody to queue behind
        yield
        return
    held = _held.files
    if key in held:
        raise RuntimeError(f"a write transaction on {key} was opened inside another on the same file")
    with _queues_guard:
        queue = _queues.setdefault(key, _Queue())
    if not queue.acquire(timeout=max(0.0, deadline - time.monotonic())):
        raise OperationalError(
            "BEGIN IMMEDIATE",
            None,
            sqlite3.OperationalError(
                f"database is locked (other writes of this process held it for over {WRITE_WAIT_S:g} s)"
            ),
        )
    held.add(key)
    try:
        yield
    finally:
        held.discard(key)
        queue.release()


def _file_key(engine: Engine) -> str | None:
    database = engine.url.database or ""
    if database in ("", ":memory:") or "mode=memory" in database:
        return None
    if database.startswith("file:"):
        return database
    return str(Path(database).expanduser().resolve())


def _begin_immediate(engine: Engine, deadline: float) -> tuple[Connection, RootTransaction]:
    """A connection in a write transaction, retrying a BEGIN another process refused until the deadline.

    Each BEGIN waits in SQLite's busy handler for at most what is left of the bound; a refused
    one gives its connection back to the pool and the next attempt starts on a fresh one.
    """
    step = RETRY_FIRST_S
    while True:
        conn = engine.connect()
        try:
            with _busy_timeout_at_most(conn, _ms_left(deadline)):
                return conn, conn.begin()
        except OperationalError as exc:
            conn.close()
            if not _is_busy(exc) or _ms_left(deadline) == 0:
                raise
        except BaseException:
            conn.close()
            raise
        time.sleep(min(random.uniform(step / 2, step), _ms_left(deadline) / 1000))
        step = min(step * 2, RETRY_LAST_S)


def _ms_left(deadline: float) -> int:
    return max(0, int((deadline - time.monotonic()) * 1000))


@contextmanager
def _busy_timeout_at_most(conn: Connection, ms: int) -> Iterator[None]:
    """Shorten SQLite's busy timeout for one BEGIN near the end of the bound, then put it back."""
    if ms >= BUSY_TIMEOUT_MS:
        yield
        return
    # On the driver's connection: through SQLAlchemy the pragma would itself begin a transaction.
    driver = conn.connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    driver.execute(f"PRAGMA busy_timeout={ms}")
    try:
        yield
    finally:
        driver.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def _is_busy(exc: OperationalError) -> bool:
    """SQLite refused the lock (another writer has it), as opposed to any other failure."""
    if not isinstance(exc.orig, sqlite3.OperationalError):
        return False
    message = str(exc.orig)
    return "database is locked" in message or "database is busy" in message


def shown_url(url: str) -> str:
    """`url` as it may be shown to a person: without its password (or a stand-in when unreadable)."""
    try:
        return make_url(normalise_url(url)).render_as_string(hide_password=True)
    except Exception:
        return "the configured database URL"
