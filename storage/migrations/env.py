"""Alembic environment: runs on the connection the app hands over, or on the configured URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from storage.engine import WRITE, make_engine
from storage.schema import metadata

config = context.config


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or None)
    with engine.execution_options(**{WRITE: True}).connect() as conn:
        _migrate(conn)
    engine.dispose()


def _migrate(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
