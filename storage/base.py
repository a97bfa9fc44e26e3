"""The connection to the database every repository part shares: reads, short write
transactions, and the translation of the driver's errors into the storage layer's own."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, select

from storage.engine import write_transaction
from storage.errors import translated
from storage.schema import accounts, data_version

#: Where a write transaction keeps the ids of the accounts it changed (the connection's info).
_TOUCHED = "thinslice_touched"
#: Accounts stamped per statement: well inside every driver's limit on bound values.
_STAMP_CHUNK = 900


class Store:
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
        # Any driver error inside, the body's included, leaves as the storage layer's own.
        with translated(), write_transaction(self._engine) as conn:
            conn.info[_TOUCHED] = set()  # the info outlives the transaction: a failed one left its ids
            yield conn
            # Last, so the row is locked for the shortest time; rolled back with the write. Under
            # that lock the changed accounts take this write's number: numbers are stamped in the
            # order writes commit, so a reader that saw number N misses nothing by reading "> N".
            conn.execute(
                data_version.update()
                .where(data_version.c.id == 1)
                .values(token=uuid.uuid4().hex, seq=data_version.c.seq + 1)
            )
            touched = sorted(conn.info.pop(_TOUCHED))
            if touched:
                seq = conn.execute(select(data_version.c.seq).where(data_version.c.id == 1)).scalar_one()
                for start in range(0, len(touched), _STAMP_CHUNK):
                    chunk = touched[start : start + _STAMP_CHUNK]
                    conn.execute(accounts.update().where(accounts.c.id.in_(chunk)).values(changed_in=seq))

    @staticmethod
    def _touch(conn: Connection, account_ids: Collection[int]) -> None:
        """Note, inside `_write`, that these accounts' records or assessments changed."""
        conn.info[_TOUCHED].update(account_ids)

    def data_version(self) -> str:
        """A token that changes with every committed write, on any replica: the key for cached reads."""
        with self._read() as conn:
            return str(conn.execute(select(data_version.c.token).where(data_version.c.id == 1)).scalar_one())

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with translated(), self._engine.connect() as conn:
            yield conn

    @contextmanager
    def _snapshot(self) -> Iterator[Connection]:
        """A read whose statements all see the same committed data. SQLite's read transaction
        (WAL) already does; PostgreSQL's default gives each statement a snapshot of its own."""
        with translated(), self._engine.connect() as conn:
            if not self.is_sqlite:
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            yield conn
