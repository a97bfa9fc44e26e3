"""The import figure: a team's own export imported into an empty database, against the least
work that stores the same rows.

Ours is what `cli.py import` does with the file: `services.transfer.plan_import` (decode,
check every cell, fingerprint every row) and `run_import` (keys, accounts and the rules of
`scoring.lifecycle`, then the writes), in one write transaction. The floor parses the same
file with the csv module and inserts its accounts and its rows with one `executemany` each,
in one transaction, checking nothing: the work no import can skip.

Both go into a fresh, migrated, empty database each turn (a new SQLite file beside
`setup.empty_url`, or a new PostgreSQL database on its server, dropped at the end);
making it is not timed.

The full database is realistic: a few accounts share a name. The export names each account by
its portable id (`account_uid`) too, so the import keeps them apart, and so does the floor (its
accounts are the file's ids). The figure says how many rows were refused (none, unless the file
holds a second check-in of one account on one day); the floor's insert skips the rows the schema
refuses (`ON CONFLICT DO NOTHING`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from bench.databases import drop_database
from bench.measure import Figure, Setup, compare, secs
from formats import csvcodec
from scoring import default_rubric
from services.transfer import assessments_csv, plan_import, run_import
from storage import make_engine, open_repository
from storage.engine import WRITE
from storage.schema import accounts, assessments

RUBRIC = default_rubric()
TARGET = 5


def import_figure(setup: Setup) -> Figure:
    """Importing the full database's assessments export into an empty database, against parsing
    it with the csv module and inserting its rows with `executemany`."""
    repo = open_repository(setup.full_url)
    try:
        exported = assessments_csv(repo, RUBRIC, dt.date.today())
    finally:
        repo.close()
    data = csvcodec.to_excel_bytes(exported)
    rows = sum(1 for _ in csv.reader(io.StringIO(exported.removeprefix("\ufeff"), newline=""))) - 1
    refused: list[int] = []
    with fresh_databases(setup.empty_url) as fresh:

        def ours() -> float:
            repo = open_repository(fresh())
            try:
                started = time.perf_counter()
                report = run_import(repo, plan_import(data, RUBRIC, limited=False))
                elapsed = time.perf_counter() - started
            finally:
                repo.close()
            # A row the file holds twice is stored once: the second is "already there".
            if report.added + len(report.errors) + report.already_there != rows:
                raise RuntimeError(
                    f"the import added {report.added}, found {report.already_there} already there "
                    f"and refused {len(report.errors)} of {rows}"
                )
            refused.append(len(report.errors))
            return elapsed

        def floor() -> float:
            engine = make_engine(fresh())
            try:
                started = time.perf_counter()
                stored = floor_import(engine, data)
                elapsed = time.perf_counter() - started
            finally:
                engine.dispose()
            if stored != rows:
                raise RuntimeError(f"the floor read {stored} rows of {rows}")
            return elapsed

        figure = compare("csv import", ours, floor, TARGET, setup.repeats)
    return Figure(
        figure.name,
        figure.ours,
        figure.target,
        figure.floor,
        info=f"the full database's export, {rows} rows, {len(data) / 1e6:.1f} MB, into an empty database; "
        f"{max(refused, default=0)} rows refused; "
        f"ours {secs(figure.ours or 0)} s is {1e6 * (figure.ours or 0) / max(rows, 1):.0f} µs a row",
    )


def floor_import(engine: Engine, data: bytes) -> int:
    """The file parsed with the csv module, its accounts and rows stored with one `executemany`
    each, as the repository would store them (answers as JSON), nothing checked. Returns the rows."""
    records = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    header = next(records)
    at = {name: index for index, name in enumerate(header)}
    keys = [(key, at[key]) for key in RUBRIC.keys]
    account_at, uid_at, date_at, kind_at, gut_at, note_at = (
        at[n] for n in ("account", "account_uid", "date", "kind", "gut", "note")
    )
    body = list(records)
    with engine.execution_options(**{WRITE: True}).begin() as conn:
        dialect = conn.dialect
        now = accounts.c.created_at.type.dialect_impl(dialect).bind_processor(dialect)
        stamp = now(dt.datetime.now(dt.UTC)) if now else dt.datetime.now(dt.UTC)
        owners = dict.fromkeys((cells[uid_at], cells[account_at]) for cells in body)
        account_sql = accounts.insert().compile(
            dialect=dialect, column_keys=["uid", "name", "created_at", "updated_at"], for_executemany=True
        )
        account_rows = [
            {"uid": uid, "name": name, "created_at": stamp, "updated_at": stamp} for uid, name in owners
        ]
        conn.exec_driver_sql(account_sql.string, _shaped(account_sql.positiontup, account_rows))
        ids: dict[str, int] = {uid: i for uid, i in conn.execute(text("SELECT uid, id FROM accounts"))}
        columns = ["account_id", "kind", "taken_on", "gut", "answers", "note"]
        columns += ["rubric_key", "rubric_version", "idempotency_key", "created_at"]
        insert = assessments.insert().compile(dialect=dialect, column_keys=columns, for_executemany=True)
        rows = [
            {
                "account_id": ids[cells[uid_at]],
                "kind": cells[kind_at],
                "taken_on": cells[date_at],
                "gut": cells[gut_at] or None,
                "answers": json.dumps({key: cells[index] for key, index in keys}),
                "note": cells[note_at],
                "rubric_key": RUBRIC.key,
                "rubric_version": RUBRIC.version,
                "idempotency_key": f"floor:{line}",
                "created_at": stamp,
            }
            for line, cells in enumerate(body)
        ]
        # The rows the schema refuses (a second check-in of one account on one day) are skipped,
        # as the import refuses them.
        conn.exec_driver_sql(insert.string + " ON CONFLICT DO NOTHING", _shaped(insert.positiontup, rows))
    return len(rows)


def _shaped(positions: Sequence[str] | None, rows: list[dict[str, Any]]) -> Any:
    """Rows as the driver's parameter style takes them: tuples in order (SQLite), or by name."""
    if positions is None:
        return rows
    return [tuple(row[name] for name in positions) for row in rows]


@contextmanager
def fresh_databases(empty_url: str) -> Iterator[Callable[[], str]]:
    """A maker of new empty databases beside `empty_url`, each migrated: SQLite files in its folder,
    or PostgreSQL databases on its server (dropped at the end)."""
    made = iter(range(1, 1_000_000))
    url = make_url(empty_url)
    if url.get_backend_name() == "sqlite":
        folder = Path(url.database or ".").parent

        def new_file() -> str:
            fresh = f"sqlite:///{folder / f'import-{uuid.uuid4().hex[:8]}-{next(made)}.db'}"
            open_repository(fresh).close()
            return fresh

        yield new_file
        return
    admin = create_engine(empty_url, isolation_level="AUTOCOMMIT")
    names: list[str] = []

    def new_database() -> str:
        name = f"thinslice_bench_import_{uuid.uuid4().hex[:12]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        names.append(name)
        fresh = url.set(database=name).render_as_string(hide_password=False)
        open_repository(fresh).close()
        return fresh

    try:
        yield new_database
    finally:
        with admin.connect() as conn:
            for name in names:
                drop_database(conn, name)
        admin.dispose()
