"""Which language this session reads, and the switch that changes it.

The first page run of a session decides: the person's stored choice (per signed-in person, or
the local user's), else the browser's language, else English. The switch in the sidebar
changes it and stores the choice; on a shared scorecard the visitor's choice lasts for the
session only. Every page run sets the language once (`apply`), before any text is drawn.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from typing import Literal

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from i18n import DEFAULT, LANGUAGES, _, language_name, negotiate, set_language, set_language_source
from services.settings import LOCAL, Preferences, preferences, save_language
from services.store import Repository, StorageError

#: The session's language (tests set it before a run to open a page in that language).
KEY = "ts_language"
_SWITCH = "ts-language-switch"
Visibility = Literal["visible", "hidden", "collapsed"]
PREFERENCES = "ts_preferences"


def browser_language() -> str | None:
    """The language the browser asks for, if the app speaks it (Accept-Language, best first)."""
    with contextlib.suppress(Exception):  # no browser behind this run (a bare script, a test)
        locale = st.context.locale
        header = st.context.headers.get("Accept-Language")
        return negotiate([locale, header])
    return None


def owner() -> str:
    """Whose settings these are: the signed-in address, or the local user's."""
    with contextlib.suppress(Exception):
        user = st.user
        if user.get("is_logged_in") is True and user.get("email"):
            return str(user.get("email"))
    return LOCAL


def stored_preferences(repo: Repository | None) -> Preferences:
    """This person's settings, read once per session (every later run reads the session's copy)."""
    kept = st.session_state.get(PREFERENCES)
    if isinstance(kept, Preferences):
        return kept
    found = Preferences()
    if repo is not None:
        with contextlib.suppress(StorageError):
            found = preferences(repo, owner())
    st.session_state[PREFERENCES] = found
    return found


def apply(repo: Repository | None, *, shared: bool = False) -> str:
    """Decide this run's language (see the module's docstring) and set it for everything below."""
    code = st.session_state.get(KEY)
    if code not in LANGUAGES:
        stored = None if shared else stored_preferences(repo).language
        code = stored or browser_language() or DEFAULT
        st.session_state[KEY] = code
    return set_language(code)


def _session_language() -> str | None:
    if get_script_run_ctx(suppress_warning=True) is None:
        return None
    with contextlib.suppress(Exception):
        code = st.session_state.get(KEY)
        # Before the first page run has decided (a page's title is read before its shell runs).
        return code if isinstance(code, str) else browser_language()
    return None


# A widget's callback runs before its page sets the language: it reads the session's.
set_language_source(_session_language)


def switch(
    repo: Repository | None,
    *,
    remember: bool = True,
    key: str = _SWITCH,
    label_visibility: Visibility = "collapsed",
) -> None:
    """The language switch: one choice per language, each named in its own language. `remember`
    keeps the choice in the person's settings; a shared scorecard's visitor keeps it for the visit.
    A page that shows a second switch (Settings) gives it a `key` of its own."""
    if len(LANGUAGES) < 2:
        return
    current = st.session_state.get(KEY, DEFAULT)
    if st.session_state.get(key) != current:
        st.session_state[key] = current

    def changed() -> None:
        chosen = st.session_state.get(key)
        if chosen not in LANGUAGES:  # a segmented control can be clicked off: keep the language
            st.session_state[key] = st.session_state.get(KEY, DEFAULT)
            return
        st.session_state[KEY] = chosen
        set_language(chosen)
        if remember and repo is not None:
            try:
                save_language(repo, owner(), chosen)
            except StorageError:
                st.toast(
                    _("Your language is set for this visit; it could not be saved."), icon=":material/error:"
                )
            kept = stored_preferences(repo)
            st.session_state[PREFERENCES] = replace(kept, language=chosen)

    st.segmented_control(
        _("Language"),
        options=LANGUAGES,
        format_func=language_name,
        key=key,
        on_change=changed,
        label_visibility=label_visibility,
    )
