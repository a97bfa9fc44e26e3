"""How a figure is measured: ours and its floor in turns, medians compared with a target."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

Measure = Callable[[], float]


@dataclass(frozen=True)
class Figure:
    """One line of the report. No floor: an absolute target (memory). No `ours`: not built yet."""

    name: str
    ours: float | None
    target: float
    floor: float | None = None
    info: str = ""

    @property
    def ratio(self) -> float | None:
        return None if self.ours is None or self.floor is None else self.ours / self.floor

    @property
    def met(self) -> bool:
        if self.ours is None:
            return False
        return (self.ratio if self.ratio is not None else self.ours) <= self.target

    def line(self) -> str:
        if self.ours is None:
            return f"{self.name}: not built yet ({self.info})"
        if self.floor is None:
            out = f"{self.name}: ours {self.ours:.0f} MB, target ≤ {self.target:g} MB"
        else:
            out = (
                f"{self.name}: ours {secs(self.ours)} s, floor {secs(self.floor)} s, "
                f"ratio {self.ratio:.2f} (target ≤ {self.target:g})"
            )
        return out + (f"\n    {self.info}" if self.info else "")


@dataclass(frozen=True)
class Setup:
    full_url: str
    empty_url: str
    #: The same kind of data at the size of a small team (20 clients): the floor of "after a save".
    small_url: str
    repeats: int
    sessions: int
    client_id: int
    client_name: str


def secs(value: float) -> str:
    return f"{value:.3g}" if value >= 0.001 else f"{value:.2e}"


def timed(fn: Callable[[], object], calls: int = 1) -> Measure:
    """A measure of `fn`: seconds per call, over `calls` calls (many for sub-millisecond work)."""

    def measure() -> float:
        started = time.perf_counter()
        for _ in range(calls):
            fn()
        return (time.perf_counter() - started) / calls

    return measure


def compare(name: str, ours: Measure, floor: Measure, target: float, repeats: int, info: str = "") -> Figure:
    """Medians of `repeats` measurements of each, taken in turns so drift weighs on both alike."""
    ours_s: list[float] = []
    floor_s: list[float] = []
    for _ in range(repeats):
        ours_s.append(ours())
        floor_s.append(floor())
    return Figure(name, statistics.median(ours_s), target, statistics.median(floor_s), info)
