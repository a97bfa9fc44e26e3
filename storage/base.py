"""The connection to the database every repository part shares: reads, short write
transactions, and the translation of the driver's errors into the storage layer's own."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, select

from storage.engine import write_transaction
from storage.errors import translated
from storage.schema import data_version


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
            yield conn
            # Last, so the row is locked for the shortest time; rolled back with the write.
            conn.execute(data_version.update().where(data_version.c.id == 1).values(token=uuid.uuid4().hex))

    def data_version(self) -> str:
        """A token that changes with every committed write, on any replica: the key for cached reads."""
        with self._read() as conn:
            return str(conn.execute(select(data_version.c.token).where(data_version.c.id == 1)).scalar_one())

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with translated(), self._engine.connect() as conn:
            yield conn
