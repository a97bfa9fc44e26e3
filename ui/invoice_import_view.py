"""The Data page's invoice import: a bookkeeping program's export, read, checked and stored.

Four steps on one screen, each shown before anything is written: how the file's columns are read
(a select box per header, starting at the mapping remembered for this layout or the guess), which
client each customer name of the file is (asked once: a real import remembers the answer), what
the import would do (a dry run, in the words the report uses afterwards) with every problem by
line, and the button. Whatever is decided here is `services.invoice_import`'s; this module only
lays it out.

The file is read once per upload and per mapping; the mapping a person changed is kept in
session state under the upload's id, so a rerun (a change of a select box) re-reads it with those
overrides and nothing else.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

import pandas as pd
import streamlit as st

from formats import csvcodec
from formats.invoices_csv import FIELDS, LineProblem, Sheet, field_label
from i18n import _
from services.invoice_import import (
    InvoiceImport,
    Prepared,
    clients_with_stage,
    notes,
    prepare_import,
    run_import,
    summary,
)
from services.store import NotFound, Repository, StorageError
from ui.data_view import csv_uploader, storage_problem
from ui.text import md_escape

UPLOAD_KEY = "data.invoices.upload"
_PREPARED_KEY = "data.invoices.prepared"
_OVERRIDES_KEY = "data.invoices.overrides"
_DRY_RUN_KEY = "data.invoices.dry_run"
_REPORT_KEY = "data.invoices.report"
IMPORT_KEY = "data.invoices.import"
#: How many of the file's first rows the preview shows, as they are written.
SAMPLE_ROWS = 5
#: Select boxes of the mapping side by side (a phone stacks them).
MAPPING_COLUMNS = 3
#: A select box's value for "ignore this column": the options are `Column` values and this.
IGNORE = ""
OPTIONS: tuple[str, ...] = tuple(field.value if field is not None else IGNORE for field in FIELDS)


# --- what the section shows, built without Streamlit ------------------------------------------


def option_label(value: str) -> str:
    """A mapping choice as the reader reads it ("Invoice number", "Ignore this column")."""
    return field_label(next(f for f in FIELDS if (f.value if f is not None else IGNORE) == value))


def mapping_key(upload_id: str, index: int) -> str:
    return f"data.invoices.map.{upload_id}.{index}"


def customer_key(upload_id: str, name: str) -> str:
    """A customer's select box, named by the name (the list of names changes with the mapping)."""
    digest = hashlib.blake2b(name.encode("utf-8"), digest_size=8).hexdigest()
    return f"data.invoices.customer.{upload_id}.{digest}"


def column_names(headers: tuple[str, ...]) -> list[str]:
    """The file's headers as a table's column names: each one, unique, none empty."""
    names: list[str] = []
    for index, header in enumerate(headers, start=1):
        name = header.strip() or _("(column {n})").format(n=index)
        while name in names:
            name += "\u00a0"  # a table needs unique names; a non-breaking space does not show
        names.append(name)
    return names


def sample(sheet: Sheet, limit: int = SAMPLE_ROWS) -> pd.DataFrame:
    """The first rows of the file as written, under its own headers, each with its line number."""
    width = len(sheet.headers)
    names = column_names(sheet.headers)
    rows = [
        (line, *(list(cells[:width]) + [""] * (width - len(cells)))) for line, cells in sheet.rows[:limit]
    ]
    line = _("Line")
    while line in names:
        line += "\u00a0"
    return pd.DataFrame(rows, columns=[line, *names])


def problem_rows(problems: list[LineProblem]) -> pd.DataFrame:
    return pd.DataFrame(
        [(p.line, p.field, p.message) for p in problems], columns=[_("Line"), _("Column"), _("Problem")]
    )


# --- Streamlit ------------------------------------------------------------------------------


def invoice_import_section(repo: Repository) -> None:
    st.caption(
        _(
            "A CSV export of your invoices from a bookkeeping or invoicing program, or the Invoices "
            "download above. You see how its columns are read and which client each customer is "
            "before anything is saved. An invoice already stored is never changed: a file that shows "
            "more paid adds the difference as a payment, and the same file twice adds nothing."
        )
    )
    uploaded = csv_uploader(_("Invoice file (CSV)"), UPLOAD_KEY)
    if uploaded is None:
        return
    upload_id = uploaded.file_id
    overrides = _overrides(upload_id)
    try:
        prepared = _prepared(repo, upload_id, uploaded.getvalue(), overrides)
    except StorageError as exc:
        st.error(storage_problem(exc), icon=":material/error:")
        return
    if isinstance(prepared, str):
        st.error(
            _("This file cannot be imported. {problem}").format(problem=md_escape(_sentence(prepared))),
            icon=":material/block:",
        )
        return
    kept = st.session_state.get(_REPORT_KEY)
    if kept is not None and kept[0] == upload_id:
        _show_report(kept[1])
        return
    _show_mapping(prepared, upload_id, overrides)
    answers = _ask_customers(repo, prepared, upload_id)
    try:
        report = _dry_run(repo, prepared, answers, upload_id, overrides)
    except StorageError as exc:
        st.error(storage_problem(exc), icon=":material/error:")
        return
    st.markdown("##### " + _("What the import will do"))
    _show_outcome(report)
    st.button(
        _("Import invoices"),
        type="primary",
        icon=":material/upload:",
        disabled=report.stored == 0,
        on_click=_run,
        args=(repo, prepared, answers, upload_id),
        key=IMPORT_KEY,
    )


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _overrides(upload_id: str) -> dict[str, str | None]:
    kept = st.session_state.get(_OVERRIDES_KEY)
    return dict(kept[1]) if kept is not None and kept[0] == upload_id else {}


def _prepared(
    repo: Repository, upload_id: str, data: bytes, overrides: Mapping[str, str | None]
) -> Prepared | str:
    """The upload read by the mapping in use (once per upload and mapping), or why it cannot be."""
    key = (upload_id, tuple(overrides.items()))
    kept = st.session_state.get(_PREPARED_KEY)
    if kept is None or kept[0] != key:
        found: Prepared | str
        try:
            found = prepare_import(repo, data, overrides)
        except csvcodec.CsvDecodeError as exc:
            found = str(exc)
        kept = (key, found)
        st.session_state[_PREPARED_KEY] = kept
    result: Prepared | str = kept[1]
    return result


def _remap(upload_id: str, header: str, key: str) -> None:
    """A select box of the mapping changed: the latest choice goes last, so it wins its field."""
    overrides = _overrides(upload_id)
    overrides.pop(header, None)
    overrides[header] = st.session_state.get(key) or None
    st.session_state[_OVERRIDES_KEY] = (upload_id, overrides)


def _show_mapping(prepared: Prepared, upload_id: str, overrides: Mapping[str, str | None]) -> None:
    st.markdown("##### " + _("Columns"))
    if prepared.remembered and not overrides:
        st.caption(_("Mapping remembered from your last file of this layout."))
    else:
        st.caption(
            _(
                "Read from the column names. Correct any column that is read wrong; the import "
                "remembers your choice for the next file of this layout."
            )
        )
    headers = prepared.sheet.headers
    names = column_names(headers)
    for start in range(0, len(headers), MAPPING_COLUMNS):
        row = st.columns(MAPPING_COLUMNS)
        for offset, column in enumerate(row):
            index = start + offset
            if index >= len(headers):
                break
            header = headers[index]
            key = mapping_key(upload_id, index)
            chosen = prepared.mapping.get(header)
            wanted = chosen.value if chosen is not None else IGNORE
            if st.session_state.get(key) != wanted:
                st.session_state[key] = wanted
            with column:
                st.selectbox(
                    md_escape(names[index]),
                    OPTIONS,
                    format_func=option_label,
                    key=key,
                    on_change=_remap,
                    args=(upload_id, header, key),
                )
    if prepared.sheet.rows:
        st.caption(_("The first rows of the file, as written:"))
        st.dataframe(sample(prepared.sheet), hide_index=True, width="stretch")


def _ask_customers(repo: Repository, prepared: Prepared, upload_id: str) -> dict[str, int]:
    """Which client each customer name of the file that matches none is; the names skipped left out."""
    unknown = prepared.unknown
    if not unknown:
        return {}
    st.markdown("##### " + _("Customers"))
    st.caption(
        _(
            "These customers of the file match no client by name. Choose who each one is, or skip "
            "its lines; the import remembers your answer, so the next file does not ask again."
        )
    )
    accounts = clients_with_stage(repo)
    named = dict(accounts)
    options: list[int | None] = [None, *(account for account, _name in accounts)]

    def label(value: int | None) -> str:
        if value is None:
            return _("— skip these lines —")
        return named.get(value, str(value))

    answers: dict[str, int] = {}
    for name in unknown:
        chosen = st.selectbox(
            _("Which client is {name}?").format(name=md_escape(name)),
            options,
            format_func=label,
            key=customer_key(upload_id, name),
        )
        if chosen is not None:
            answers[name] = chosen
    return answers


def _dry_run(
    repo: Repository,
    prepared: Prepared,
    answers: Mapping[str, int],
    upload_id: str,
    overrides: Mapping[str, str | None],
) -> InvoiceImport:
    """What the import would do with these answers (read once per mapping and answers)."""
    key = (upload_id, tuple(overrides.items()), tuple(sorted(answers.items())))
    kept = st.session_state.get(_DRY_RUN_KEY)
    if kept is None or kept[0] != key:
        kept = (key, run_import(repo, prepared, answers, dry_run=True))
        st.session_state[_DRY_RUN_KEY] = kept
    report: InvoiceImport = kept[1]
    return report


def _show_outcome(report: InvoiceImport) -> None:
    """The summary, the invoices kept as stored, and the problems by line: before and after."""
    message = summary(report)
    if report.stored and not report.dry_run:
        st.success(message, icon=":material/check_circle:")
    elif report.problems or report.skipped:
        st.warning(message, icon=":material/warning:")
    else:
        st.info(message, icon=":material/info:")
    kept = notes(report)
    if kept:
        st.markdown("\n".join(f"- {md_escape(note)}" for note in kept))
    if report.problems:
        st.caption(
            _(
                "Lines with a problem are left out. Fix them in the file, or in the mapping above, "
                "and import again."
            )
            if report.dry_run
            else _("Lines with a problem were left out. Fix them in the file and import it again.")
        )
        st.dataframe(problem_rows(report.problems), hide_index=True, width="stretch")


def _run(repo: Repository, prepared: Prepared, answers: Mapping[str, int], upload_id: str) -> None:
    """The one write of the section, in a callback so its report shows in the same run."""
    outcome: InvoiceImport | str
    try:
        outcome = run_import(repo, prepared, answers)
    except NotFound:
        outcome = _(
            "A client of this file was erased while you looked at it, so nothing was added. "
            "Upload the file again."
        )
    except (StorageError, OSError) as exc:
        outcome = storage_problem(exc)
    st.session_state[_REPORT_KEY] = (upload_id, outcome)


def _show_report(outcome: InvoiceImport | str) -> None:
    if isinstance(outcome, str):
        st.error(outcome, icon=":material/error:")
        return
    _show_outcome(outcome)
