"""The calibration view: agreement of gut and rubric, and who the outcomes proved right."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from scoring import Rubric
from scoring.calibration import Case, calibrate
from services.store import Repository
from ui.scorecard import result_of


def calibration_view(repo: Repository, rubric: Rubric) -> None:
    first_screens = repo.first_screens()
    cases = []
    for item in repo.overview():
        first = first_screens.get(item.account.id)
        if first is None:
            continue
        cases.append(
            Case(
                name=item.account.name,
                gut=first.assessment.gut,
                verdict=result_of(rubric, first).verdict,
                outcome=item.account.outcome,
            )
        )
    if not cases:
        st.info("Screen a few prospects first: calibration compares your gut call with the rubric.")
        return
    result = calibrate(cases)
    agreed, judged, gut, rubric_col = st.columns(4)
    agreed.metric(
        "Gut and rubric agreed",
        f"{round(100 * result.agreement)} %" if result.agreement is not None else "–",
        help="On the first screen of every account.",
    )
    agreed.caption(f"{result.agreed} of {result.with_gut} first screens")
    judged.metric("Ended, with a clear outcome", len(result.judged))
    if result.judged:
        gut.metric("Gut was right", f"{result.gut_right} of {len(result.judged)}")
        rubric_col.metric("Rubric was right", f"{result.rubric_right} of {len(result.judged)}")
        st.markdown("#### Ended relationships")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Name": j.name,
                        "Outcome": j.outcome.label,
                        "Proves": j.truth.label,
                        "Gut said": j.gut.label if j.gut else "",
                        "Rubric said": j.verdict.label,
                        "Gut right": j.gut_right,
                        "Rubric right": j.rubric_right,
                    }
                    for j in result.judged
                ]
            ),
            hide_index=True,
        )
    else:
        st.caption(
            "When a relationship ends, record its outcome on the client page: completed proves a hell "
            "yes, let go or went bust proves a hell no. Then this page shows which one saw it coming."
        )
    st.caption("“They left” proves neither way, so it is not counted.")
