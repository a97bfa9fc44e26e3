"""Scratch PostgreSQL databases, as the benchmark and the tests make and drop them."""

from __future__ import annotations

import time

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

#: Up to 10 s for an autovacuum worker to leave a database that is being dropped.
DROP_ATTEMPTS = 50
DROP_WAIT_S = 0.2


def drop_database(conn: Connection, name: str) -> None:
    """Drop a scratch database (`conn` in autocommit). FORCE ends the sessions left open in it, but
    not an autovacuum worker at work in a freshly filled one: that belongs to the server's own
    role, and PostgreSQL refuses to end it for ours. Wait for it to leave, a bounded while."""
    for attempt in range(DROP_ATTEMPTS):
        try:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except DBAPIError as exc:
            if attempt == DROP_ATTEMPTS - 1 or "must be a member of the role" not in str(exc.orig):
                raise
            time.sleep(DROP_WAIT_S)
