"""The sign-in gate every page but a shared scorecard passes through (see `ui.shell`).

Sign-in is on when `.streamlit/secrets.toml` has an `[auth]` section (Streamlit's
`st.login` with an OIDC provider); without one the gate does nothing, so a local
install works as it always did. Who may come in is decided by `ui.access`.

A cookie secret anyone could know keeps everybody out, signed in or not: Streamlit
signs the sign-in cookie with it, so `st.user` cannot be trusted until it is fixed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NoReturn

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from i18n import _
from ui.access import (
    AUTH_SECTION,
    DOMAINS_KEY,
    EMAILS_KEY,
    SECTION,
    AccessConfigError,
    Decision,
    check_cookie_secret,
    decide,
    parse_allow_list,
)

_CARD_WIDTH = 460


def _admin_hint() -> str:
    return _(
        "Whoever runs this Thin Slice: list the people who may use it under `{emails}` or "
        "`{domains}` in the `[{section}]` section of `.streamlit/secrets.toml`."
    ).format(emails=EMAILS_KEY, domains=DOMAINS_KEY, section=SECTION)


def gate() -> str | None:
    """Let the person in, or draw why not and stop the script.

    Returns the signed-in address, or `None` when sign-in is off.
    """
    secrets = _secrets()
    if secrets is None or AUTH_SECTION not in secrets:
        return None
    try:
        check_cookie_secret(secrets[AUTH_SECTION])
    except AccessConfigError as exc:
        _refusal(
            _("Sign-in cannot start safely: {problem} Nobody gets in until it is fixed.").format(problem=exc),
            sign_out=False,
        )
    user = st.user
    if user.get("is_logged_in") is not True:
        _sign_in_screen()
    email = user.get("email")
    try:
        allow = parse_allow_list(_access_section(secrets))
    except AccessConfigError as exc:
        _refusal(
            _("The allow-list cannot be read: {problem} Nobody gets in until it is fixed.").format(
                problem=exc
            )
        )
    decision = decide(allow, email, user.get("email_verified"))
    if decision is not Decision.ALLOWED:
        _refusal(_why(decision, str(email)))
    return str(email)


def signed_in_as(email: str) -> None:
    """Who is signed in, and the way out; drawn at the foot of the sidebar."""
    st.divider()
    st.caption(_("Signed in as {address}").format(address=_address(email)))
    st.button(_("Sign out"), icon=":material/logout:", on_click=st.logout, key="ts-sign-out")


def _secrets() -> Mapping[str, Any] | None:
    """The secrets, or `None` when there is no secrets file.

    Asking `st.secrets` for a key without a file raises; `load_if_toml_exists` does not.
    A file that exists but cannot be parsed might hold `[auth]`, so it stops the app
    instead of quietly switching sign-in off.
    """
    secrets = st.secrets
    if secrets.load_if_toml_exists():
        return secrets
    if any(Path(path).exists() for path in st.get_option("secrets.files")):
        st.error(
            _(
                "Thin Slice cannot read its secrets file, so it cannot tell whether sign-in is required. "
                "Check `.streamlit/secrets.toml`; the server log names the problem."
            ),
            icon=":material/lock:",
        )
        st.stop()
    return None


def _access_section(secrets: Mapping[str, Any]) -> Mapping[str, object] | None:
    section = secrets.get(SECTION)
    if section is None or isinstance(section, Mapping):
        return section
    raise AccessConfigError(_("[{section}] must be a section, not a single value.").format(section=SECTION))


def _address(email: str) -> str:
    """The address as a code span: Streamlit's markdown turns a bare address into a mailto link,
    even escaped. The fence is longer than any run of backticks inside, so nothing breaks out."""
    longest = max((len(run) for run in re.findall(r"`+", email)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {email} {fence}" if longest else f"`{email}`"


def _why(decision: Decision, email: str) -> str:
    address = _address(email)
    if decision is Decision.NOT_LISTED:
        return _(
            "You are signed in as {address}, but this Thin Slice is not open to that address. "
            "Ask whoever runs it to add you, or sign out and use another account."
        ).format(address=address)
    if decision is Decision.UNVERIFIED:
        return _(
            "Your sign-in provider has not verified {address} yet. "
            "Confirm the address with them, then sign in again."
        ).format(address=address)
    if decision is Decision.NO_EMAIL:
        return _(
            "Your sign-in provider did not share an e-mail address, so Thin Slice cannot tell "
            "whether you may come in. Sign out and use another account."
        )
    return _("Sign-in works, but nobody is on the allow-list yet. {hint}").format(hint=_admin_hint())


def _card() -> DeltaGenerator:
    """A narrow bordered card in the middle of the page, whatever the page's layout."""
    st.space("large")
    with st.container(horizontal_alignment="center"):
        return st.container(border=True, width=_CARD_WIDTH, horizontal_alignment="center", gap="small")


def _brand() -> None:
    st.title(":material/target: Thin Slice", anchor=False, text_alignment="center")
    st.caption(_("Unless it's a hell yes, it's a hell no."), text_alignment="center")


def _sign_in_screen() -> NoReturn:
    with _card():
        _brand()
        st.markdown(_("Sign in to see your prospects and clients."), text_alignment="center")
        if st.button(
            _("Sign in"), type="primary", icon=":material/login:", width="stretch", key="ts-sign-in"
        ):
            st.login()
    st.stop()


def _refusal(message: str, *, sign_out: bool = True) -> NoReturn:
    """Why this person cannot come in. `sign_out=False` when nobody can: another account won't help."""
    with _card():
        _brand()
        st.warning(message, icon=":material/lock:")
        if sign_out:
            st.button(
                _("Sign out"),
                icon=":material/logout:",
                on_click=st.logout,
                width="stretch",
                key="ts-sign-out",
            )
    st.stop()
