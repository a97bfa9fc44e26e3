"""Was the first impression right? Gut call and rubric against what really happened.

Every screen stores the gut call beside the rubric's verdict. When a relationship
ends, its outcome says which of the two was right: a completed relationship
proves a hell yes; letting them go or seeing them go bust proves a hell no.
"They left" proves neither (people leave good suppliers too), so it is not
counted either way.
"""

from __future__ import annotations

from collections.abc import Sequence

from scoring.models import Frozen, Outcome, Verdict

PROVES = {
    Outcome.COMPLETED: Verdict.HELL_YES,
    Outcome.LET_GO: Verdict.HELL_NO,
    Outcome.WENT_BUST: Verdict.HELL_NO,
}


class Case(Frozen):
    """One account: its first screen's gut call and verdict, and how it ended (if it did)."""

    name: str
    gut: Verdict | None
    verdict: Verdict
    outcome: Outcome | None = None


class Judged(Frozen):
    name: str
    outcome: Outcome
    truth: Verdict
    gut: Verdict | None
    verdict: Verdict

    @property
    def gut_right(self) -> bool | None:
        return None if self.gut is None else self.gut is self.truth

    @property
    def rubric_right(self) -> bool:
        return self.verdict is self.truth


class Calibration(Frozen):
    screened: int
    with_gut: int
    agreed: int
    judged: tuple[Judged, ...]

    @property
    def agreement(self) -> float | None:
        return self.agreed / self.with_gut if self.with_gut else None

    @property
    def gut_right(self) -> int:
        return sum(1 for j in self.judged if j.gut_right)

    @property
    def rubric_right(self) -> int:
        return sum(1 for j in self.judged if j.rubric_right)


def calibrate(cases: Sequence[Case]) -> Calibration:
    with_gut = [c for c in cases if c.gut is not None]
    judged = tuple(
        Judged(name=c.name, outcome=c.outcome, truth=PROVES[c.outcome], gut=c.gut, verdict=c.verdict)
        for c in cases
        if c.outcome is not None and c.outcome in PROVES
    )
    return Calibration(
        screened=len(cases),
        with_gut=len(with_gut),
        agreed=sum(1 for c in with_gut if c.gut is c.verdict),
        judged=judged,
    )
