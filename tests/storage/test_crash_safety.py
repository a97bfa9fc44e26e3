"""Crash safety: a writing process killed with SIGKILL loses nothing it acknowledged.

Each round starts tests/storage/crash_writer.py on the same database, waits until
it is writing, lets it run for a random moment and kills it with SIGKILL, which
no code can catch or clean up after. Then every key it acknowledged must be stored,
nothing may be half-written, and on SQLite `PRAGMA integrity_check` must say ok.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from storage import open_repository

REPO_ROOT = Path(__file__).resolve().parents[2]
WRITER = Path(__file__).with_name("crash_writer.py")
ROUNDS = 20
READY_TIMEOUT_S = 60
SEED = 20261123


def _acks_until_killed(url: str, round_: str, delay_s: float) -> tuple[list[str], int]:
    """Run the writer, SIGKILL it `delay_s` after its first acknowledged write. Returns the keys it
    acknowledged (read to the end of its output, so none is missed) and its client's id."""
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), url, round_],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    lines: list[str] = []
    first_ack = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line.strip())
            if line.startswith("ack "):
                first_ack.set()

    reader = threading.Thread(target=read)
    reader.start()
    try:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while not first_ack.wait(0.1):
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                reader.join(10)
                assert proc.stderr is not None
                pytest.fail(
                    f"round {round_}: the writer never acknowledged a write:\n{proc.stderr.read()[-3000:]}"
                )
        time.sleep(delay_s)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(10)
        reader.join(10)
    assert proc.returncode == -signal.SIGKILL, f"round {round_}: the writer ended on its own"
    client = int(next(line for line in lines if line.startswith("ready ")).split()[1])
    return [line.split()[1] for line in lines if line.startswith("ack ")], client


def test_every_acknowledged_check_in_survives_twenty_sigkills(
    db_url: str, engine: Engine, backend: str
) -> None:
    open_repository(db_url).close()  # migrate once up front, so every round is about writes
    rng = random.Random(SEED)
    acknowledged = 0
    in_flight = 0  # rounds killed after a commit but before its acknowledgement was printed
    for n in range(ROUNDS):
        round_ = f"r{n}"
        keys, client = _acks_until_killed(db_url, round_, rng.uniform(0.0, 0.4))
        with engine.connect() as conn:
            stored = set(
                conn.execute(
                    text(
                        "SELECT idempotency_key FROM assessments WHERE account_id = :id AND kind = 'checkin'"
                    ),
                    {"id": client},
                ).scalars()
            )
            orphans = conn.execute(
                text(
                    "SELECT count(*) FROM assessments a LEFT JOIN accounts c ON c.id = a.account_id "
                    "WHERE c.id IS NULL"
                )
            ).scalar_one()
        missing = [key for key in keys if key not in stored]
        assert missing == [], f"round {round_}: acknowledged but not stored: {missing}"
        # At most the one write in flight at the kill may have landed without its acknowledgement.
        assert len(keys) <= len(stored) <= len(keys) + 1
        assert orphans == 0
        acknowledged += len(keys)
        in_flight += len(stored) - len(keys)
    if backend == "sqlite":
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    print(
        f"\n{backend}: {ROUNDS} SIGKILL rounds survived, {acknowledged} acknowledged check-ins all stored; "
        f"{in_flight} rounds were killed between a commit and its acknowledgement"
    )
