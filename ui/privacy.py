"""What a person can ask about their data: a full backup, everything about one account, erasure."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from functools import partial
from pathlib import Path

import streamlit as st

from formats.filenames import download_name
from i18n import _
from services.privacy import account_bundle
from services.store import AccountRecord, LogWipe, NotFound, Refused, Repository, StorageUnavailable
from ui import routes
from ui.text import md_escape

# Erasing empties SQLite's write-ahead log, which waits for readers while it holds the write
# lock: in the app other people's saves wait with it, so the wait here is short. Readers in
# the app finish in well under a second; a longer one is a backup or another program.
APP_ERASE_WAIT_S = 3.0
_NOTICE = "privacy.erased"


def backup_bytes(repo: Repository) -> bytes:
    """A consistent copy of the whole SQLite database, taken with the online backup API."""
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "backup.db"
        repo.backup(target)
        return target.read_bytes()


def bundle_bytes(repo: Repository, account_id: int) -> bytes:
    return json.dumps(account_bundle(repo, account_id), ensure_ascii=False, indent=2).encode("utf-8")


def backup_section(repo: Repository) -> None:
    st.markdown("#### " + _("Backup"))
    if not repo.is_sqlite:
        st.caption(
            _(
                "On PostgreSQL, back up with pg_dump; “Download everything” above takes all your data "
                "out as files any Thin Slice imports, on SQLite or PostgreSQL."
            )
        )
        return
    st.download_button(
        _("Download a full backup"),
        data=partial(backup_bytes, repo),
        file_name=f"thinslice-backup-{dt.date.today():%Y-%m-%d}.db",
        mime="application/vnd.sqlite3",
        icon=":material/backup:",
        on_click="ignore",
        key="privacy.backup",
    )
    st.caption(
        _(
            "A consistent copy of everything, taken while the app runs. "
            "Restore it with `.venv/bin/python cli.py restore FILE`."
        )
    )


# The danger zone is set apart in red: its border, its heading and its one button.
_DANGER_CSS = """
<style>
[class*="st-key-danger-zone-"] {border: 1px solid #b91c1c !important; border-radius: 10px;
  background: #fef2f2; padding: 16px 20px;}
[class*="st-key-danger-zone-"] h4 {color: #b91c1c;}
[class*="st-key-privacy-erase-"] button {background: #b91c1c !important; border-color: #b91c1c !important;
  color: #ffffff !important;}
[class*="st-key-privacy-erase-"] button:disabled {background: #fca5a5 !important;
  border-color: #fca5a5 !important;}
</style>
"""


def account_data(repo: Repository, account: AccountRecord) -> None:
    """Export everything about this account, then, set apart below it, erase it for good."""
    with st.container(border=True):
        st.markdown("##### " + _("Everything about this account"))
        st.download_button(
            _("Download as JSON"),
            data=partial(bundle_bytes, repo, account.id),
            file_name=download_name("thinslice-account", account.name, dt.date.today(), "json"),
            mime="application/json",
            icon=":material/download:",
            on_click="ignore",
            key=f"privacy.{account.id}.json",
        )
        st.caption(
            _("Account, every screen and check-in, evidence notes and share links (never their tokens).")
        )
    danger_zone(repo, account)


def danger_zone(repo: Repository, account: AccountRecord) -> None:
    """Erasing, the one thing on the page that cannot be undone: last, in red, and named."""
    name = md_escape(account.name)
    st.html(_DANGER_CSS)
    with st.container(key=f"danger-zone-{account.id}"):
        st.markdown("#### " + _("Danger zone"))
        st.markdown("**" + _("Erase {name}").format(name=name) + "**")
        st.caption(
            _(
                "Removes the account, its screens and check-ins, evidence and share links, and overwrites "
                "them in the database file. It cannot be undone; download the JSON above first if you "
                "may want it back."
            )
        )
        typed = st.text_input(
            _("To confirm, type the account's name: {name}").format(name=name),
            key=f"privacy.{account.id}.confirm",
            placeholder=account.name,
        )
        with st.container(key=f"privacy-erase-{account.id}"):
            erase = st.button(
                _("Erase {name} for good").format(name=name),
                disabled=typed.strip() != account.name.strip(),
                key=f"privacy.{account.id}.erase",
                icon=":material/delete_forever:",
            )
        if erase:
            try:
                wiped = repo.erase(account.id, wait_s=APP_ERASE_WAIT_S)
            except (NotFound, Refused) as exc:
                st.error(str(exc))
            except StorageUnavailable:
                st.error(
                    _(
                        "Nothing was erased: the database is busy or cannot be reached. "
                        "Try again in a moment."
                    ),
                    icon=":material/error:",
                )
            else:
                st.session_state[_NOTICE] = (account.name, wiped)
                st.switch_page(routes.HOME)


def erase_notice(repo: Repository) -> None:
    """After an erasure, on the page it leads to: that it is done, or honestly what is left."""
    notice: tuple[str, LogWipe] | None = st.session_state.get(_NOTICE)
    if notice is None:
        return
    name, wiped = notice
    if wiped.cleared:
        st.success(
            _("Erased {name} and everything about it, from the database and its log.").format(name=name),
            icon=":material/check:",
        )
        st.session_state.pop(_NOTICE, None)
        return
    st.warning(
        _(
            "Erased {name} from the database. Something else was still reading it, so the database "
            "file and its write-ahead log may still hold a copy until that read ends. "
            "Clear it once the other program is done."
        ).format(name=name),
        icon=":material/warning:",
    )

    def clear() -> None:
        st.session_state[_NOTICE] = (name, repo.wipe_log(APP_ERASE_WAIT_S))

    st.button(_("Clear the log now"), key="privacy.wipe", icon=":material/cleaning_services:", on_click=clear)
