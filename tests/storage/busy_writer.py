"""A second process saving check-ins into the same SQLite file as the test (the CLI while the app runs).

Usage: python tests/storage/busy_writer.py DATABASE_URL STOP_FILE PAUSE_S

It adds one client of its own, prints `ready`, then stores check-ins on consecutive days
through `Repository.add_checkin`, PAUSE_S seconds apart, until STOP_FILE exists, and prints
`wrote N, worst save W ms`. A refused save is not caught: the process then ends with a
traceback and a non-zero status.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

from scoring import AccountDraft, Answer, Assessment, Kind
from storage import open_repository
from tests import factories

MOST = 100_000  # stops by itself even if the test that started it never says so


def main(url: str, stop_file: Path, pause_s: float) -> None:
    repo = open_repository(url)
    start = dt.date(2026, 1, 1)

    def assessment(kind: Kind, day: dt.date) -> Assessment:
        return factories.assessment(
            day, kind=kind, answer=Answer.YES, note=f"from the other process, {day:%Y-%m-%d}"
        )

    client = repo.add_client(
        AccountDraft(name="Other process"), assessment(Kind.SCREEN, start), start, "busy-writer-client"
    ).account_id
    print("ready", flush=True)
    worst = 0.0
    wrote = 0
    while wrote < MOST and not stop_file.exists():
        began = time.monotonic()
        repo.add_checkin(
            client, assessment(Kind.CHECKIN, start + dt.timedelta(days=wrote + 1)), f"busy-writer-{wrote}"
        )
        worst = max(worst, time.monotonic() - began)
        wrote += 1
        time.sleep(pause_s)
    print(f"wrote {wrote}, worst save {worst * 1000:.0f} ms", flush=True)
    repo.close()


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), float(sys.argv[3]))
