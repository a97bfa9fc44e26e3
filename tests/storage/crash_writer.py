"""A writer for the crash-safety test: stores check-ins as fast as it can and acknowledges each.

Usage: python tests/storage/crash_writer.py DATABASE_URL ROUND

It adds one client for ROUND, then check-ins on consecutive days, and prints
`ack KEY` only after `add_checkin` has returned, the moment the app would tell
the person "saved". The test kills it with SIGKILL at a random moment and then
checks that every acknowledged key is in the database.
"""

from __future__ import annotations

import datetime as dt
import sys

from scoring import AccountDraft, Answer, Assessment, Kind
from storage import open_repository
from tests import factories


def main(url: str, round_: str) -> None:
    repo = open_repository(url)
    start = dt.date(2026, 1, 1)

    def assessment(kind: Kind, day: dt.date, answer: Answer) -> Assessment:
        note = f"round {round_}, {day:%Y-%m-%d}: " + "evidence " * 40
        return factories.assessment(day, kind=kind, answer=answer, note=note)

    client = repo.add_client(
        AccountDraft(name=f"Crash client {round_}"),
        assessment(Kind.SCREEN, start, Answer.HELL_YES),
        start,
        f"{round_}-client",
    ).account_id
    print(f"ready {client}", flush=True)
    answers = list(Answer)
    for n in range(1, 100_000):
        key = f"{round_}-{n}"
        repo.add_checkin(client, assessment(Kind.CHECKIN, start + dt.timedelta(days=n), answers[n % 5]), key)
        print(f"ack {key}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
