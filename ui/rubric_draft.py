"""The rubric a person is editing, kept in their session until they save or drop it.

Anything that proposes a change to the rubric (a calibration suggestion, an imported file)
hands it to the editor here, with a line saying why; the Rubric page opens on it, shows its
what-if and saves it as a new version only when the person says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from scoring import Rubric
from ui import routes

_KEY = "ts-rubric-draft"


@dataclass(frozen=True)
class Draft:
    """An edited rubric not saved yet, and where it came from ("" when edited by hand)."""

    rubric: Rubric
    why: str = ""


def draft() -> Draft | None:
    found = st.session_state.get(_KEY)
    return found if isinstance(found, Draft) else None


def keep(rubric: Rubric, why: str = "") -> None:
    st.session_state[_KEY] = Draft(rubric, why)


def drop() -> None:
    st.session_state.pop(_KEY, None)


def open_in_editor(rubric: Rubric, why: str) -> None:
    """Open the Rubric page with `rubric` as the edit in progress (`why` shown above it)."""
    keep(rubric, why)
    st.switch_page(routes.RUBRIC)
