"""What a person can ask about their data: a full backup, everything about one account, erasure."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from functools import partial
from pathlib import Path

import streamlit as st

from storage import AccountRecord, NotFound, Refused, Repository


def backup_bytes(repo: Repository) -> bytes:
    """A consistent copy of the whole SQLite database, taken with the online backup API."""
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "backup.db"
        repo.backup(target)
        return target.read_bytes()


def bundle_bytes(repo: Repository, account_id: int) -> bytes:
    return json.dumps(repo.account_bundle(account_id), ensure_ascii=False, indent=2).encode("utf-8")


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
                    repo.erase(account.id)
                except (NotFound, Refused) as exc:
                    st.error(str(exc))
                else:
                    st.switch_page("app.py")
