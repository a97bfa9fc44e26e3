"""What the load tests share: who asks for them (an opt-in count of sessions), Chromium, and
nearest-rank percentiles."""

from __future__ import annotations

import asyncio
import math
import os
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import pytest

from bench.servers import CHROMIUM

T = TypeVar("T")

SESSIONS_VAR = "THINSLICE_LOAD_SESSIONS"
REPORT_VAR = "THINSLICE_LOAD_REPORT"


def sessions(example: int) -> int:
    """How many sessions to run at once (`THINSLICE_LOAD_SESSIONS`); skips when it is not set."""
    raw = os.environ.get(SESSIONS_VAR, "").strip()
    if not raw:
        pytest.skip(f"load test is opt-in: set {SESSIONS_VAR}=N (e.g. {example}) to run N sessions at once")
    try:
        count = int(raw)
    except ValueError:
        pytest.fail(f"{SESSIONS_VAR} must be a whole number, not {raw!r}", pytrace=False)
    if count < 1:
        pytest.fail(f"{SESSIONS_VAR} must be at least 1, not {count}", pytrace=False)
    return count


def require_chromium() -> None:
    if not CHROMIUM.exists():
        reason = "chromium not installed: apt-get install -y chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: browser tests must run in CI)", pytrace=False)
        pytest.skip(reason)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile: the smallest value with at least p % of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "p50": round(percentile(values, 50), 3),
        "p95": round(percentile(values, 95), 3),
        "max": round(max(values), 3),
    }


def in_own_thread(run: Callable[[], Coroutine[Any, Any, T]], timeout_s: float, name: str) -> T:
    """`asyncio.run(run())` on a thread of its own: the test's thread may already hold the sync
    Playwright API's event loop (the session's `browser` fixture), and the two must not meet."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["result"] = asyncio.run(run())
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=target, name=name, daemon=True)
    thread.start()
    thread.join(timeout=timeout_s)
    if thread.is_alive():
        pytest.fail("the load run did not end in time")
    if "error" in outcome:
        raise outcome["error"]
    result: T = outcome["result"]
    return result
