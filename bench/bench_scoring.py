"""How the scoring work grows with history, measured side by side in one run.

    python bench/bench_scoring.py

Prints the cost of one verdict, then the cost of judging a client's whole
history and of scoring a CSV, each as a ratio to that one verdict. The ratios
are what to watch: absolute times depend on the machine and its load.
Targets: a client with 36 check-ins costs under 60 verdicts (status looks back
a fixed number of check-ins, so it must not grow with the square of history),
and a CSV row (parse, verdict, status) costs under 8 verdicts.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from formats import csvcodec
from scoring import Answer, Assessment, Kind, Verdict, default_rubric, evaluate
from scoring.status import client_status

RUBRIC = default_rubric()
START = dt.date(2023, 1, 1)


def _answers(rng: random.Random) -> dict[str, Answer]:
    return {k: rng.choice([Answer.UNSURE, Answer.YES, Answer.HELL_YES, Answer.HELL_YES]) for k in RUBRIC.keys}


def _history(rng: random.Random, months: int) -> tuple[Assessment, list[Assessment]]:
    baseline = Assessment(
        kind=Kind.SCREEN,
        taken_on=START,
        gut=Verdict.HELL_YES,
        answers=_answers(rng),
        rubric_key=RUBRIC.key,
        rubric_version=RUBRIC.version,
    )
    checkins = [
        Assessment(
            kind=Kind.CHECKIN,
            taken_on=START + dt.timedelta(days=30 * (m + 1)),
            answers=_answers(rng),
            rubric_key=RUBRIC.key,
            rubric_version=RUBRIC.version,
        )
        for m in range(months)
    ]
    return baseline, checkins


def _best(fn: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def _csv(rng: random.Random, accounts: int, months: int) -> str:
    lines = [",".join(["account", "date", "kind", "gut", *RUBRIC.keys])]
    for a in range(accounts):
        lines.append(
            ",".join(
                [f"acct{a}", str(START), "screen", "hell_yes", *(v.value for v in _answers(rng).values())]
            )
        )
        for m in range(months):
            day = START + dt.timedelta(days=30 * (m + 1))
            lines.append(
                ",".join([f"acct{a}", str(day), "checkin", "", *(v.value for v in _answers(rng).values())])
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    rng = random.Random(7)
    answers = [_answers(rng) for _ in range(500)]
    one = _best(lambda: [evaluate(RUBRIC, a) for a in answers]) / len(answers)
    print(f"one verdict:                 {one * 1e6:8.1f} µs  (1.0)")

    histories = [_history(rng, 36) for _ in range(20)]
    today = START + dt.timedelta(days=30 * 37)
    status = _best(lambda: [client_status(RUBRIC, b, c, today) for b, c in histories]) / len(histories)
    print(f"status, 36 check-ins:        {status * 1e6:8.1f} µs  ({status / one:.1f} verdicts; target < 60)")

    text = _csv(rng, accounts=20, months=36)
    rows = text.count("\n") - 1

    def score_file() -> None:
        parsed, _ = csvcodec.read_numbered_rows(text, RUBRIC, today=today)
        csvcodec.score_rows(parsed, RUBRIC, today)

    per_row = _best(score_file, repeat=3) / rows
    print(f"cli score, per CSV row:      {per_row * 1e6:8.1f} µs  ({per_row / one:.1f} verdicts; target < 8)")


if __name__ == "__main__":
    main()
