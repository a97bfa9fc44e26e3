"""What a person can ask about their data: a full backup, everything about one account, erasure."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from functools import partial
from pathlib import Path

import streamlit as st

from services.privacy import account_bundle
from services.store import AccountRecord, LogWipe, NotFound, Refused, Repository, StorageUnavailable
from ui import routes

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
    st.markdown("#### Backup")
    if not repo.is_sqlite:
        st.caption("On PostgreSQL, back up with pg_dump.")
        return
    st.download_button(
        "Download a full backup",
        data=partial(backup_bytes, repo),
        file_name=f"thinslice-backup-{dt.date.today():%Y-%m-%d}.db",
        mime="application/vnd.sqlite3",
        icon=":material/backup:",
        on_click="ignore",
    )
    st.caption(
        "A consistent copy of everything, taken while the app runs. "
        "Restore it with `python cli.py restore FILE`."
    )


def account_data(repo: Repository, account: AccountRecord) -> None:
    """Export everything about this account, or erase it for good."""
    with st.container(border=True):
        st.markdown("##### Everything about this account")
        st.download_button(
            "Download as JSON",
            data=partial(bundle_bytes, repo, account.id),
            file_name=f"thinslice-account-{account.id}.json",
            mime="application/json",
            icon=":material/download:",
            on_click="ignore",
            key=f"privacy.{account.id}.json",
        )
        st.caption("Account, every screen and check-in, evidence notes and share links (never their tokens).")
        with st.expander("Erase this account", icon=":material/delete_forever:"):
            st.warning(
                "Erasing removes the account, its assessments, evidence and share links, and overwrites "
                "them in the database file. It cannot be undone.",
                icon=":material/warning:",
            )
            typed = st.text_input("Type the account's name to confirm", key=f"privacy.{account.id}.confirm")
            if st.button(
                "Erase for good",
                type="primary",
                disabled=typed.strip() != account.name.strip(),
                key=f"privacy.{account.id}.erase",
                icon=":material/delete_forever:",
            ):
                try:
                    wiped = repo.erase(account.id, wait_s=APP_ERASE_WAIT_S)
                except (NotFound, Refused) as exc:
                    st.error(str(exc))
                except StorageUnavailable:
                    st.error(
                        "Nothing was erased: the database is busy or cannot be reached. "
                        "Try again in a moment.",
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
            f"Erased {name} and everything about it, from the database and its log.", icon=":material/check:"
        )
        st.session_state.pop(_NOTICE, None)
        return
    st.warning(
        f"Erased {name} from the database. Something else was still reading it, so the database "
        "file and its write-ahead log may still hold a copy until that read ends. "
        "Clear it once the other program is done.",
        icon=":material/warning:",
    )

    def clear() -> None:
        st.session_state[_NOTICE] = (name, repo.wipe_log(APP_ERASE_WAIT_S))

    st.button("Clear the log now", key="privacy.wipe", icon=":material/cleaning_services:", on_click=clear)
