"""Scores as taken, or re-scored on the rubric in use: one switch for the person's session.

By default every score in a history (a list's trend, a client's chart, the assessments
download) is the one its assessment got with the version of the rubric it was taken with.
After a change of rubric that makes a trend jump where nothing happened; the switch scores the
whole history on the version in use, so the trend compares like with like. Verdicts and
statuses are always the rubric in use's.
"""

from __future__ import annotations

import streamlit as st

from i18n import _
from scoring import Rubric

_KEY = "ts-scores-as-now"


def as_now() -> bool:
    """Whether histories are re-scored on the rubric in use (False: as taken)."""
    return bool(st.session_state.get(_KEY, False))


def switch(rubric: Rubric) -> None:
    """The sidebar's switch, once the rubric has more than one version."""
    if rubric.version <= 1:
        return
    # A plain value, not the widget's key: the choice outlives pages that do not draw the switch.
    chosen = st.toggle(
        _("Score history on the rubric in use"),
        value=as_now(),
        help=_(
            "Off: each past score is the one it got with the version of the rubric it was taken "
            "with. On: every past score is worked out again on version {number}, so a trend "
            "compares like with like. Verdicts and statuses always follow version {number}."
        ).format(number=rubric.version),
    )
    st.session_state[_KEY] = chosen


def trend_note(rubric: Rubric) -> None:
    """Under a list: how its trends are scored, once the rubric has more than one version."""
    if rubric.version <= 1:
        return
    if as_now():
        st.caption(
            _("Trends are worked out on version {number}, the rubric in use.").format(number=rubric.version)
        )
    else:
        st.caption(
            _(
                "Trends show each score as taken, with the version of the rubric of its day; “Score "
                "history on the rubric in use” in the sidebar scores them all on version {number}."
            ).format(number=rubric.version)
        )
