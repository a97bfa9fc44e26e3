"""The Data page's "All your data": every kind of data as one ZIP, and that ZIP (or one of its files)
back in, with a preview of exactly what will be added, changed and skipped (`services.portable`).

The preview is the import itself, rolled back, so it cannot promise what the import will not do.
It is worked out once per uploaded file and data version; the button writes, in a callback, and
its report shows in the same run. An archive with one bad line is not imported at all.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

import pandas as pd
import streamlit as st

from formats import csvcodec
from i18n import _, format_date, format_integer, ngettext
from services import portable
from services.store import Repository, StorageUnavailable
from ui.data_view import SEPARATOR_KEY, storage_problem
from ui.score_mode import as_now
from ui.text import md_escape

_UPLOAD_KEY = "data.portable.upload"
_PREVIEW_KEY = "data.portable.preview"
_REPORT_KEY = "data.portable.report"


def everything_section(repo: Repository) -> None:
    today = dt.date.today()
    # The separator picked above for the downloads (or the language's), so every file agrees.
    sep = st.session_state.get(SEPARATOR_KEY) or csvcodec.separator_for()
    st.download_button(
        _("Download everything (ZIP)"),
        data=partial(portable.export_all, repo, today, sep, as_now=as_now()),
        file_name=portable.file_name(today),
        mime="application/zip",
        icon=":material/folder_zip:",
        on_click="ignore",
        key="data.portable.download",
    )
    st.caption(
        _(
            "One archive with every kind of data the app keeps, each as its own CSV file: accounts, "
            "assessments, evidence, share and questionnaire links (never a usable link, only its "
            "fingerprint), their answers, invoices and payments, rubric versions and settings. Import it "
            "here or with `cli.py import` into this database or another, SQLite or PostgreSQL."
        )
    )
    uploaded = st.file_uploader(
        _("Archive or one of its files"),
        type=["zip", "csv", "txt"],
        key=_UPLOAD_KEY,
        max_upload_size=csvcodec.MAX_IMPORT_BYTES // (1024 * 1024),
        help=_("A ZIP from “Download everything”, or one CSV file out of it (accounts.csv, evidence.csv …)."),
    )
    if uploaded is None:
        return
    upload_id = uploaded.file_id
    version = repo.data_version()
    kept = st.session_state.get(_PREVIEW_KEY)
    if kept is None or kept[0] != (upload_id, version):
        kept = ((upload_id, version), _previewed(repo, uploaded.getvalue(), uploaded.name))
        st.session_state[_PREVIEW_KEY] = kept
    shown = kept[1]
    report = st.session_state.get(_REPORT_KEY)
    if report is not None and report[0] == upload_id:
        _show_report(report[1], report[2])
        return
    if isinstance(shown, str):
        st.error(shown, icon=":material/block:")
        return
    bundle, preview = shown
    _show_preview(bundle, preview)
    pending = sum(t.added + t.changed for t in preview.tallies.values())
    st.button(
        _("Import everything") if bundle.archive else _("Import this file"),
        type="primary",
        icon=":material/upload:",
        disabled=not bundle.whole or pending == 0,
        on_click=_run,
        args=(repo, bundle, upload_id),
        key="data.portable.import",
    )


def _previewed(
    repo: Repository, data: bytes, name: str
) -> tuple[portable.Bundle, portable.PortableReport] | str:
    try:
        bundle = portable.read_bundle(repo, data, name)
    except portable.NotAnExport as exc:
        return _("This file cannot be imported: {problem}").format(problem=md_escape(str(exc)))
    except (StorageUnavailable, OSError) as exc:
        return storage_problem(exc)
    try:
        return bundle, portable.preview(repo, bundle)
    except (StorageUnavailable, OSError) as exc:
        return storage_problem(exc)


def _moment(text: str) -> str:
    """When an archive was exported, as a person reads it (its UTC time, said so)."""
    try:
        moment = dt.datetime.fromisoformat(text).astimezone(dt.UTC)
    except ValueError:
        return text or "?"
    return f"{format_date(moment.date())}, {moment:%H:%M} UTC"


def _table(bundle: portable.Bundle, report: portable.PortableReport, *, done: bool = False) -> pd.DataFrame:
    # An archive's kinds of data it has none of are left out: they would be rows of zeros.
    rows = [row for row in portable.tally_rows(report, bundle) if row["rows"] or not bundle.archive]
    frame = pd.DataFrame(rows, columns=["file", "rows", "added", "changed", "skipped", "left"])
    return frame.rename(
        columns={
            "file": _("File"),
            "rows": _("Rows"),
            "added": _("Added") if done else _("To add"),
            "changed": _("Changed") if done else _("To change"),
            "skipped": _("Already there"),
            "left": _("Left out"),
        }
    )


def _show_preview(bundle: portable.Bundle, report: portable.PortableReport) -> None:
    if bundle.archive:
        st.markdown("##### " + _("An archive exported {moment}").format(moment=_moment(bundle.exported_at)))
    if bundle.problems:
        count = len(bundle.problems)
        lines = "\n".join(f"- {md_escape(str(problem))}" for problem in bundle.problems[:50])
        if bundle.archive:
            heading = ngettext(
                "{n} line of the archive is wrong, so none of it can be imported. Fix it and upload again:",
                "{n} lines of the archive are wrong, so none of it can be imported. Fix them, upload again:",
                count,
            )
            st.error(heading.format(n=format_integer(count)) + "\n\n" + lines, icon=":material/block:")
            return
        heading = ngettext(
            "{n} line of the file is wrong and is left out:",
            "{n} lines of the file are wrong and are left out:",
            count,
        )
        st.warning(heading.format(n=format_integer(count)) + "\n\n" + lines, icon=":material/warning:")
    added = sum(t.added for t in report.tallies.values())
    changed = sum(t.changed for t in report.tallies.values())
    skipped = sum(t.skipped for t in report.tallies.values())
    st.markdown(
        _("**{added}** to add, **{changed}** to change, **{skipped}** already there.").format(
            added=format_integer(added), changed=format_integer(changed), skipped=format_integer(skipped)
        )
    )
    st.dataframe(_table(bundle, report), hide_index=True, width="stretch")
    _show_details(report)


def _show_details(report: portable.PortableReport) -> None:
    if report.changes:
        with st.expander(
            ngettext("{n} stored row changes", "{n} stored rows change", len(report.changes)).format(
                n=format_integer(len(report.changes))
            ),
            icon=":material/edit_note:",
        ):
            st.caption(
                _(
                    "The file's values win where they differ, but a file never empties a field, "
                    "un-signs or un-ends a client, or changes a stored assessment or invoice."
                )
            )
            st.markdown(
                "\n".join(
                    f"- {portable.KIND_FILES[c.kind]}, "
                    + _("line {line}").format(line=c.line)
                    + f": {md_escape(portable.change_text(c))}"
                    for c in report.changes[:100]
                )
            )
    if report.left:
        count = len(report.left)
        st.warning(
            ngettext("{n} row is left out:", "{n} rows are left out:", count).format(n=format_integer(count))
            + "\n\n"
            + "\n".join(
                f"- {portable.KIND_FILES[left.kind]}, "
                + _("line {line}").format(line=left.line)
                + f": {md_escape(portable.left_text(left))}"
                for left in report.left[:50]
            ),
            icon=":material/warning:",
        )


def _run(repo: Repository, bundle: portable.Bundle, upload_id: str) -> None:
    """The one write of the section, in a callback so its report shows in the same run."""
    try:
        outcome: portable.PortableReport | str = portable.run(repo, bundle)
    except (StorageUnavailable, OSError) as exc:
        outcome = storage_problem(exc)
    st.session_state[_REPORT_KEY] = (upload_id, bundle, outcome)


def _show_report(bundle: portable.Bundle, outcome: portable.PortableReport | str) -> None:
    if isinstance(outcome, str):
        st.error(outcome, icon=":material/error:")
        return
    st.success(_("Imported: {done}.").format(done=portable.summary(outcome)), icon=":material/check_circle:")
    st.dataframe(_table(bundle, outcome, done=True), hide_index=True, width="stretch")
    _show_details(outcome)
