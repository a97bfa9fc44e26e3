"""The Settings page: the language, *je* or *u* in Dutch exit messages, the name that signs them,
and the name questionnaires come from.

Each choice is saved the moment it changes, for the signed-in person (or the local user).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import streamlit as st

from i18n import LANGUAGES, _, language_name
from scoring.limits import NAME_MAX
from services.settings import Preferences, save_address, save_sender, save_your_name
from services.store import Repository, StorageError
from ui import language

_ADDRESS = "ts-settings-address"
_NAME = "ts-settings-name"
_SENDER = "ts-settings-sender"


def settings_view(repo: Repository) -> None:
    kept = language.stored_preferences(repo)
    owner = language.owner()

    st.markdown("#### " + _("Language"))
    st.caption(
        _(
            "The language of every page, card and message. Files keep their English column names "
            "and answer words in every language, so imports and scripts never break."
        )
    )
    language.switch(repo, key="ts-settings-language")
    if len(LANGUAGES) > 1:
        st.caption(_("Languages: {names}.").format(names=", ".join(map(language_name, LANGUAGES))))

    st.markdown("#### " + _("Exit messages"))
    if st.session_state.get(_ADDRESS) not in ("je", "u"):
        st.session_state[_ADDRESS] = "u" if kept.formal else "je"
    if _NAME not in st.session_state:
        st.session_state[_NAME] = kept.your_name

    def address_changed() -> None:
        chosen = st.session_state.get(_ADDRESS)
        if chosen not in ("je", "u"):  # clicked off: keep what was chosen
            st.session_state[_ADDRESS] = "u" if language.stored_preferences(repo).formal else "je"
            return
        kept = language.stored_preferences(repo)
        _save(repo, lambda: save_address(repo, owner, chosen == "u"), replace(kept, formal=chosen == "u"))

    def name_changed() -> None:
        name = " ".join(str(st.session_state.get(_NAME, "")).split())
        kept = language.stored_preferences(repo)
        _save(repo, lambda: save_your_name(repo, owner, name), replace(kept, your_name=name))

    st.segmented_control(
        _("How a Dutch exit message addresses the client"),
        options=("je", "u"),
        format_func=lambda key: _("je (informal)") if key == "je" else _("u (formal)"),
        key=_ADDRESS,
        on_change=address_changed,
        help=_("Each message can still be switched before you copy it."),
    )
    st.text_input(
        _("Your name, to sign exit messages"),
        key=_NAME,
        max_chars=NAME_MAX,
        on_change=name_changed,
        placeholder=_("Your name"),
    )

    st.markdown("#### " + _("Questionnaires"))
    st.caption(
        _(
            "A prospect or client you ask to fill in a questionnaire sees this name as who it comes "
            "from, in the opening and on the thank-you. Left empty, it is the name that signs exit messages."
        )
    )
    if _SENDER not in st.session_state:
        st.session_state[_SENDER] = kept.sender

    def sender_changed() -> None:
        name = " ".join(str(st.session_state.get(_SENDER, "")).split())
        kept = language.stored_preferences(repo)
        _save(repo, lambda: save_sender(repo, owner, name), replace(kept, sender=name))

    st.text_input(
        _("Name on questionnaires"),
        key=_SENDER,
        max_chars=NAME_MAX,
        on_change=sender_changed,
        placeholder=kept.your_name or _("Your name or your business's"),
        help=_("A link already sent keeps the name it was made with."),
    )


def _save(repo: Repository, write: Callable[[], None], changed: Preferences) -> None:
    """Store a change, and keep the session's copy of the settings in step with it."""
    try:
        write()
    except StorageError:
        st.toast(_("This change is kept for this visit; it could not be saved."), icon=":material/error:")
    st.session_state[language.PREFERENCES] = changed
