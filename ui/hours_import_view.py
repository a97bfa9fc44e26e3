"""The Data page's "Hours a week" section: every client's planned hours out as a file and back in.

The download is `services.invoices.hours_csv`; the upload takes that file or the accounts
download (its `weekly_hours` column), says what it would change before anything changes, and
sets every hour it can in one transaction (`services.invoices.import_hours`).
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from formats import csvcodec
from i18n import _, format_integer, ngettext
from services.invoices import HoursImport, hours_csv, import_hours
from services.store import NotFound, Repository, StorageError
from ui.data_view import SEPARATOR_KEY, csv_uploader, storage_problem
from ui.text import md_escape

UPLOAD_KEY = "data.hours.upload"
IMPORT_KEY = "data.hours.import"
_REPORT_KEY = "data.hours.report"


def hours_section(repo: Repository) -> None:
    st.caption(
        _(
            "Each client's planned hours a week, as set on its Invoices tab: download them, change them "
            "in a spreadsheet, and upload the file (or the Accounts download) to set them again by the "
            "client's name."
        )
    )
    # The separator chosen above for every download (until then, the language's).
    sep = st.session_state.get(SEPARATOR_KEY) or csvcodec.separator_for()
    st.download_button(
        _("Hours a week"),
        data=lambda: csvcodec.to_excel_bytes(hours_csv(repo, sep)),
        file_name=f"thinslice-hours-{dt.date.today():%Y-%m-%d}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key="data.download.hours",
    )
    uploaded = csv_uploader(_("Hours file (CSV)"), UPLOAD_KEY)
    if uploaded is None:
        return
    upload_id = uploaded.file_id
    kept = st.session_state.get(_REPORT_KEY)
    if kept is not None and kept[0] == upload_id:
        _show(kept[1], done=True)
        return
    try:
        planned = import_hours(repo, uploaded.getvalue(), dry_run=True)
    except csvcodec.CsvDecodeError as exc:
        problem = md_escape(str(exc))
        st.error(
            _("This file cannot be imported. {problem}").format(problem=problem), icon=":material/block:"
        )
        return
    except StorageError as exc:
        st.error(storage_problem(exc), icon=":material/error:")
        return
    _show(planned, done=False)
    st.button(
        _("Set the hours"),
        type="primary",
        icon=":material/upload:",
        disabled=planned.changed == 0,
        on_click=_run,
        args=(repo, uploaded.getvalue(), upload_id),
        key=IMPORT_KEY,
    )


def _run(repo: Repository, data: bytes, upload_id: str) -> None:
    """The section's one write, in a callback so its report shows in the same run."""
    outcome: HoursImport | str
    try:
        outcome = import_hours(repo, data)
    except NotFound:
        outcome = _("A client of this file was erased while you looked at it, so nothing changed.")
    except (StorageError, OSError, csvcodec.CsvDecodeError) as exc:
        outcome = storage_problem(exc) if not isinstance(exc, csvcodec.CsvDecodeError) else str(exc)
    st.session_state[_REPORT_KEY] = (upload_id, outcome)


def _show(report: HoursImport | str, *, done: bool) -> None:
    if isinstance(report, str):
        st.error(report, icon=":material/error:")
        return
    if done:
        said = ngettext(
            "Set the hours of {n} client; {same} already so.",
            "Set the hours of {n} clients; {same} already so.",
            report.changed,
        )
    else:
        said = ngettext(
            "{n} client's hours would change; {same} already so.",
            "{n} clients' hours would change; {same} already so.",
            report.changed,
        )
    text = said.format(n=format_integer(report.changed), same=format_integer(report.unchanged))
    if report.problems:
        st.warning(text, icon=":material/warning:")
        for problem in report.problems:
            st.markdown("- " + md_escape(str(problem)))
    elif done:
        st.success(text, icon=":material/check_circle:")
    else:
        st.info(text, icon=":material/info:")
