"""Ask them: make a questionnaire link for a prospect (fit) or a client (review), and list the
account's links with their state.

A link is a capability like a share link: its address is shown once, right after it is made,
and only its hash is stored. Its own module, apart from `ui.questionnaire_view`, because it
builds the address the way the share panel does (`ui.card_view`), which imports the scorecard,
which draws `ui.questionnaire_view`.
"""

from __future__ import annotations

import datetime as dt
import uuid
import zlib
from dataclasses import replace

import streamlit as st

from i18n import _, current_language, format_date, ngettext
from scoring.limits import NAME_MAX
from scoring.public_address import local_only_warning
from scoring.questionnaires import (
    QuestionnaireKind,
    QuestionnaireLink,
    link_state_label,
    opening_text,
    questionnaire,
    questionnaire_url,
)
from scoring.sharing import EXPIRY_CHOICES, expiry_label
from services.questionnaires import ask, kind_for
from services.settings import save_sender
from services.store import AccountRecord, NotFound, Refused, Repository, StorageError, StorageUnavailable
from ui import language
from ui.card_view import public_base_url
from ui.text import md_escape

#: Links listed before the rest go into an expander.
_SHOWN_LINKS = 5


def _prefix(account: AccountRecord) -> str:
    return f"ask.{account.id}"


def _save_sender(repo: Repository, key: str) -> None:
    name = " ".join(str(st.session_state.get(key) or "").split())[:NAME_MAX]
    if not name:
        return
    try:
        save_sender(repo, language.owner(), name)
    except StorageError:
        st.toast(_("This name is kept for this visit; it could not be saved."), icon=":material/error:")
    kept = language.stored_preferences(repo)
    st.session_state[language.PREFERENCES] = replace(kept, sender=name)


def _sender(repo: Repository, account: AccountRecord) -> str:
    """Who the questionnaire says it comes from; asked for right here when Settings has no name."""
    sender = language.stored_preferences(repo).questionnaire_sender
    if sender:
        st.caption(
            ":material/person: "
            + _("They see it comes from **{name}**. Change the name under Settings.").format(
                name=md_escape(sender)
            )
        )
        return sender
    key = f"{_prefix(account)}.sender"
    st.text_input(
        _("Who is it from? Your name or your business's, as they will see it"),
        key=key,
        max_chars=NAME_MAX,
        on_change=_save_sender,
        args=(repo, key),
        placeholder=_("E.g. Studio Noord"),
        help=_("Kept in your settings for every questionnaire you send."),
    )
    return ""


def ask_panel(repo: Repository, account: AccountRecord) -> None:
    """Make a questionnaire link for this account, show its address once, and list its links."""
    kind = kind_for(account.stage)
    q = questionnaire(kind)
    prefix = _prefix(account)
    nonce_key, made_key = f"{prefix}.nonce", f"{prefix}.made"
    if nonce_key not in st.session_state:
        st.session_state[nonce_key] = uuid.uuid4().hex
    nonce = str(st.session_state[nonce_key])
    with st.container(border=True, key=f"ask-panel-{account.id}"):
        if kind is QuestionnaireKind.FIT:
            st.markdown("##### " + _("Ask them: the fit questionnaire"))
            st.caption(
                _(
                    "Ten short questions on the rate, payment, scope and who decides. Their answers "
                    "appear on this scorecard beside yours, and suggest answers when you re-screen."
                )
            )
        else:
            st.markdown("##### " + _("Ask them: a review"))
            st.caption(
                _(
                    "Five short questions on how the work is going. Their answers appear on the History "
                    "tab beside your check-in, with their rating on the score chart."
                )
            )
        sender = _sender(repo, account)
        default = opening_text(q, "", sender)
        # The opening is drawn again when the language or the name in it changes.
        opening_key = f"{prefix}.opening.{current_language()}.{zlib.crc32(sender.encode())}"
        with st.form(f"ask-form-{account.id}", border=False, enter_to_submit=False):
            expiry = st.segmented_control(
                _("Link expires after"),
                list(EXPIRY_CHOICES),
                default="30 days",
                format_func=expiry_label,
                key=f"{prefix}.expiry",
            )
            st.text_area(
                _("What they read first"),
                value=default,
                height=170,
                key=opening_key,
                help=_("Left as it is, they read it in their own language."),
            )
            submitted = st.form_submit_button(
                _("Create questionnaire link"), icon=":material/add_link:", disabled=not sender
            )
        if submitted:
            written = str(st.session_state.get(opening_key) or "").strip()
            own = "" if written == default.strip() else written
            days = EXPIRY_CHOICES[expiry or "30 days"]
            _create(repo, account, kind, days, own, sender, nonce, made_key)
        else:
            # Shown once: the next run that is not this submit forgets it and arms a new one.
            st.session_state.pop(made_key, None)
            st.session_state[nonce_key] = uuid.uuid4().hex
        _links(repo, account)


def _create(
    repo: Repository,
    account: AccountRecord,
    kind: QuestionnaireKind,
    days: int | None,
    opening: str,
    sender: str,
    nonce: str,
    made_key: str,
) -> None:
    """Make the link (once per drawing of the form: a double click shows the same link again)."""
    made = st.session_state.get(made_key)
    if isinstance(made, tuple) and made[0] == nonce:
        token = str(made[1])
    else:
        try:
            token, _link = ask(
                repo, account.id, kind, days, owner=language.owner(), opening=opening, sender=sender
            )
        except Refused as exc:
            st.error(str(exc), icon=":material/error:")
            return
        except NotFound:
            st.error(_("This account no longer exists."), icon=":material/error:")
            return
        except StorageUnavailable:
            st.error(
                _("No link was made: the database did not answer in time. Try again in a moment."),
                icon=":material/error:",
            )
            return
        st.session_state[made_key] = (nonce, token)
    st.success(_("Copy this link now and send it to them: it is shown only once."), icon=":material/link:")
    base = public_base_url()
    st.code(questionnaire_url(base, token), language=None)
    warning = local_only_warning(base)
    if warning:
        st.warning(md_escape(str(warning)), icon=":material/wifi_off:")


def _links(repo: Repository, account: AccountRecord) -> None:
    links = repo.questionnaire_links(account.id)
    if not links:
        return
    st.markdown("##### " + _("Questionnaire links"))
    now = dt.datetime.now(dt.UTC)
    # Waiting links first (they can be withdrawn), then the newest of the rest.
    waiting = [link for link in links if link.is_open(now)]
    rest = [link for link in links if not link.is_open(now)]
    shown = waiting + rest[: max(0, _SHOWN_LINKS - len(waiting))]
    for link in shown:
        _link_row(repo, link, now)
    older = rest[len(shown) - len(waiting) :]
    if older:
        label = ngettext("{n} older link", "{n} older links", len(older)).format(n=len(older))
        with st.expander(label):
            for link in older:
                _link_row(repo, link, now)


def _link_row(repo: Repository, link: QuestionnaireLink, now: dt.datetime) -> None:
    state = link.state(now)
    kind = link.kind.label
    created = _("created {date}").format(date=format_date(link.created_at.date()))
    expires = (
        _("expires {date}").format(date=format_date(link.expires_at.date()))
        if link.expires_at
        else _("never expires")
    )
    parts = [kind[:1].upper() + kind[1:], created]
    if state == "open":
        parts.append(expires)
    said = link_state_label(state)
    if state == "answered" and link.used_at is not None:
        said = _("answered {date}").format(date=format_date(link.used_at.date()))
    text, action = st.columns([5, 1], vertical_alignment="center")
    with text:
        st.markdown(" · ".join(parts) + f" · **{said}**")
    with action:
        withdraw = state == "open" and st.button(
            _("Withdraw"), key=f"ask.withdraw.{link.id}", icon=":material/link_off:"
        )
    if withdraw:
        repo.revoke_questionnaire(link.id)
        st.rerun()
