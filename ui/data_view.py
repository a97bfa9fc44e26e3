"""The Data page: downloads in the documented CSV schema, and an import with a preview.

What the page shows is built by pure functions (`download_bytes`, `file_name`,
`column_rows`, `preview`, `report_summary`), so tests check bytes and wording
without a browser; the Streamlit functions at the bottom only lay them out.

Downloads are generated when the button is clicked (a callable as `data`), not on
every run of the page: the page stays fast however large the database is, and a
file always holds what is stored at the moment of the click, including rows just
imported or added in another tab. A cached copy could not promise that. The click
reruns nothing (`on_click="ignore"`).

An import writes nothing until its button is pressed. The file is read and checked
once per upload; the plan is kept in session state under the upload's id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any, Literal

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from formats import csvcodec
from i18n import Text, _, format_integer, lazy_gettext, ngettext
from scoring import Rubric
from services.invoice_import import invoices_csv
from services.rubrics import book, numbers
from services.store import ImportReport, Repository, StorageUnavailable
from services.transfer import (
    AnswersPlan,
    AnswersReport,
    ImportPlan,
    accounts_csv,
    answers_csv,
    assessments_csv,
    evidence_csv,
    is_answers_file,
    plan_answers_text,
    plan_text,
    run_answers_import,
    run_import,
)
from ui.score_mode import as_now
from ui.text import md_escape

What = Literal["assessments", "accounts", "evidence", "answers", "invoices"]

SEPARATOR_KEY = "data.separator"
_SEPARATOR_WIDGET = "data.separator.widget"
_UPLOAD_KEY = "data.upload"
_PREVIEW_KEY = "data.preview"
_REPORT_KEY = "data.report"
#: How many rows to add the preview lists.
SAMPLE_ROWS = 50


@dataclass(frozen=True)
class Export:
    what: What
    label: Text
    help: Text


EXPORTS = (
    Export(
        "assessments",
        lazy_gettext("Assessments"),
        lazy_gettext("One row per screen or check-in, with score, verdict, status and reason. Imports back."),
    ),
    Export(
        "accounts",
        lazy_gettext("Accounts"),
        lazy_gettext("One row per prospect or client, with its current standing."),
    ),
    Export("evidence", lazy_gettext("Evidence log"), lazy_gettext("One row per dated note about a client.")),
    Export(
        "answers",
        lazy_gettext("Their answers"),
        lazy_gettext(
            "One row per questionnaire a prospect or client answered, each answer in a column of its "
            "question. Imports back."
        ),
    ),
)

#: Every client's invoices, one row per payment (`services.invoice_import.invoices_csv`): offered
#: beside the others, and read back by the invoice import below as it is.
INVOICES = Export(
    "invoices",
    lazy_gettext("Invoices"),
    lazy_gettext("One row per invoice payment (or unpaid invoice), with its client. Imports back."),
)

_SEPARATOR_LABELS = {
    ",": lazy_gettext("Comma ( , )"),
    ";": lazy_gettext("Semicolon ( ; ) for Dutch and German Excel"),
}


# --- downloads -----------------------------------------------------------------------


def export_text(
    repo: Repository,
    rubric: Rubric,
    what: What,
    sep: str,
    today: dt.date,
    versions: Mapping[int, Rubric] | None = None,
) -> str:
    """A download's text; `versions` (every version of the rubric): assessments scored as taken."""
    if what == "assessments":
        return assessments_csv(repo, rubric, today, sep, book=versions)
    if what == "accounts":
        return accounts_csv(repo, rubric, today, sep)
    if what == "evidence":
        return evidence_csv(repo, sep)
    if what == "answers":
        return answers_csv(repo, sep)
    if what == "invoices":
        return invoices_csv(repo, sep)
    raise ValueError(f"unknown download {what!r}")


def download_bytes(
    repo: Repository,
    rubric: Rubric,
    what: What,
    sep: str,
    today: dt.date,
    versions: Mapping[int, Rubric] | None = None,
) -> bytes:
    """A download as Excel opens it right: UTF-8 with a byte-order mark, formula-safe cells."""
    return csvcodec.to_excel_bytes(export_text(repo, rubric, what, sep, today, versions))


def file_name(what: What, today: dt.date) -> str:
    return f"thinslice-{what}-{today:%Y-%m-%d}.csv"


# The answer and status words are the file's own keys: they stay English in every language.
_MEANINGS = {
    "account": lazy_gettext("Name of the prospect or client; an import matches it exactly"),
    "stage": lazy_gettext("prospect or client (empty reads as prospect)"),
    "date": lazy_gettext("Day of the screen or check-in, YYYY-MM-DD"),
    "kind": lazy_gettext("screen or checkin"),
    "gut": lazy_gettext("Your first impression: hell_yes or hell_no (needed for a screen)"),
    "invoice_days_late": lazy_gettext("Signal: days the last invoice was paid late (whole number or empty)"),
    "out_of_scope_requests": lazy_gettext("Signal: requests outside the agreed scope this period"),
    "missed_meetings": lazy_gettext("Signal: meetings the decision maker missed this period"),
    "after_hours_demands": lazy_gettext("Signal: demands for work outside working hours this period"),
    "leadership_change": lazy_gettext("Signal: true or false, or empty"),
    "note": lazy_gettext("Free text"),
    "score": lazy_gettext("Computed, 0–100; ignored on import"),
    "verdict": lazy_gettext("Computed, hell_yes or hell_no; ignored on import"),
    "status": lazy_gettext(
        "Computed for check-ins: hell_yes, watch, let_go, fire_now or stale; ignored on import"
    ),
    "reason": lazy_gettext("Computed: why it is not a hell yes (a reason key); ignored on import"),
    "account_uid": lazy_gettext(
        "The account's own id, the same in every database: an import finds the account by it, so two "
        "accounts of one name stay two (may be empty: then the name says which)"
    ),
    "rubric_version": lazy_gettext("The version of the rubric it was taken with (may be empty)"),
    "suggested": lazy_gettext("The answers its signals suggested, as key=answer pairs (may be empty)"),
}


def column_rows(rubric: Rubric) -> list[dict[str, str]]:
    """The assessment file's columns in file order, each with what it holds (in the current
    language; the column names are the file's, English in every language)."""
    answers = _("hell_no, no, unsure, yes or hell_yes (0–4 also read)")
    rows = []
    for name in csvcodec.columns(rubric, portable=True):
        known = _MEANINGS.get(name)
        meaning = (
            str(known)
            if known is not None
            # Translators: what a question's column holds: "Payment reliability: hell_no, … or hell_yes".
            else _("{dimension}: {answers}").format(dimension=rubric.dimension(name).label, answers=answers)
        )
        rows.append({"Column": name, "Holds": meaning})
    return rows


# --- import --------------------------------------------------------------------------


@dataclass(frozen=True)
class Preview:
    """An upload read and checked: a plan to run, or why there is none."""

    plan: ImportPlan | None = None
    #: An answers file (`formats.answers_csv`, told by its header) instead of assessments.
    answers: AnswersPlan | None = None
    #: The file cannot be read at all (not a CSV, too large, unknown encoding).
    unreadable: str = ""
    #: The header does not fit the schema: one line per problem (missing, unknown columns).
    header: tuple[str, ...] = ()
    #: The header named `submitted_at`: an answers file (even one whose header does not fit).
    of_answers: bool = False

    @property
    def rows(self) -> int:
        if self.answers is not None:
            return len(self.answers.rows)
        return len(self.plan.incoming) if self.plan else 0

    def sample(self, limit: int = SAMPLE_ROWS) -> list[dict[str, Any]]:
        """The first rows the import would add, as the preview table lists them."""
        if self.plan is None:
            return []
        return [
            {
                "Line": item.line,
                "Account": item.account,
                "Date": item.assessment.taken_on,
                "Kind": item.assessment.kind.value,
                "Gut": item.assessment.gut.value if item.assessment.gut else "",
                "Stage": item.stage.value,
            }
            for item in self.plan.incoming[:limit]
        ]

    def answer_sample(self, limit: int = SAMPLE_ROWS) -> list[dict[str, Any]]:
        """The first answer sets an answers import would add."""
        if self.answers is None:
            return []
        return [
            {
                "Line": row.line,
                "Account": row.account,
                "Submitted": row.submitted_at.replace(tzinfo=None),
                "Kind": row.kind.value,
            }
            for row in self.answers.rows[:limit]
        ]

    def bad_rows(self) -> list[dict[str, Any]]:
        errors = self.answers.errors if self.answers is not None else self.plan.errors if self.plan else []
        return [{"Line": e.line, "Column": e.column, "Problem": str(e.message)} for e in errors]


def preview(
    data: bytes, rubric: Rubric, today: dt.date | None = None, versions: Collection[int] = ()
) -> Preview:
    """Read an upload without writing anything: an assessments file, or (told by its header) a
    file of their answers. `versions`: the rubric versions there are (`services.rubrics.numbers`)."""
    try:
        text = csvcodec.check_import(data)
    except csvcodec.CsvDecodeError as exc:
        return Preview(unreadable=str(exc))
    if is_answers_file(text):
        answers = plan_answers_text(text)
        if answers.header_error is not None:
            problems = answers.header_error.problems
            return Preview(header=tuple(_capitalised(str(p)) for p in problems), of_answers=True)
        return Preview(answers=answers, of_answers=True)
    plan = plan_text(text, rubric, today, versions=versions)
    if plan.header_error is not None:
        return Preview(header=tuple(_capitalised(str(p)) for p in plan.header_error.problems))
    return Preview(plan=plan)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def report_summary(report: ImportReport) -> str:
    """One line: what the import did. A second import of a file says `0 added, N already there`."""
    return ngettext(
        "{added} added, {there} already there, {n} new account.",
        "{added} added, {there} already there, {n} new accounts.",
        report.new_accounts,
    ).format(
        added=format_integer(report.added),
        there=format_integer(report.already_there),
        n=format_integer(report.new_accounts),
    )


def answers_summary(report: AnswersReport) -> str:
    """One line: what an answers import did (it never makes an account)."""
    return _("{added} added, {there} already there.").format(
        added=format_integer(report.added), there=format_integer(report.already_there)
    )


def import_label(rows: int) -> str:
    return ngettext("Import {n} row", "Import {n} rows", rows).format(n=format_integer(rows))


def storage_problem(exc: Exception) -> str:
    kind = exc.kind if isinstance(exc, StorageUnavailable) else type(exc).__name__
    return _(
        "The database could not take the import, so nothing was added. "
        "Try again in a moment; if it keeps failing, check the database ({kind})."
    ).format(kind=kind)


def _headed(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A table of rows keyed by the English names above, with headers in the reader's language."""
    headers = {
        "Line": _("Line"),
        "Account": _("Account"),
        "Date": _("Date"),
        "Kind": _("Kind"),
        "Gut": _("Gut"),
        "Stage": _("Stage"),
        "Column": _("Column"),
        "Problem": _("Problem"),
        "Submitted": _("Submitted"),
        # Translators: the header of the column that says what a file's column holds.
        "Holds": _("Holds"),
    }
    return pd.DataFrame(rows).rename(columns=headers)


# --- Streamlit -----------------------------------------------------------------------


def separator() -> str:
    """The separator setting, remembered for the session even when the page is left once it is
    picked. Until then it follows the language: `;` for a Dutch reader (what Dutch Excel expects,
    with decimal commas), `,` for anyone else (`csvcodec.separator_for`)."""
    remembered = st.session_state.get(SEPARATOR_KEY) or csvcodec.separator_for()
    choices = list(_SEPARATOR_LABELS)

    def picked() -> None:
        st.session_state[SEPARATOR_KEY] = st.session_state.get(_SEPARATOR_WIDGET)

    if st.session_state.get(_SEPARATOR_WIDGET) != remembered:
        st.session_state[_SEPARATOR_WIDGET] = remembered
    chosen = st.radio(
        _("Separator"),
        choices,
        format_func=lambda sep: str(_SEPARATOR_LABELS[sep]),
        horizontal=True,
        key=_SEPARATOR_WIDGET,
        on_change=picked,
        help=_("Excel set to Dutch, German or French expects `;` between columns."),
    )
    return chosen or ","


def download_section(repo: Repository, rubric: Rubric) -> None:
    sep = separator()
    today = dt.date.today()
    versions = None if as_now() else book(repo, rubric)
    offered = (*EXPORTS, INVOICES)
    for column, export in zip(st.columns(len(offered)), offered, strict=True):
        with column:
            data: Callable[[], bytes] = partial(
                download_bytes, repo, rubric, export.what, sep, today, versions
            )
            st.download_button(
                str(export.label),
                data=data,
                file_name=file_name(export.what, today),
                mime="text/csv",
                icon=":material/download:",
                on_click="ignore",
                help=str(export.help),
                key=f"data.download.{export.what}",
                width="stretch",
            )
    st.caption(
        _(
            "UTF-8 files that Excel, Numbers and LibreOffice open as they are, with either separator. "
            "Wherever a spreadsheet could start running text as a formula, even where it cuts a cell at "
            "the other separator, a `'` goes in front; an import takes it off again."
        )
    )
    if rubric.version > 1:
        st.caption(
            _(
                "Scores and verdicts in the assessments file are as taken, each by the version of the "
                "rubric it was taken with; the status is version {number}'s. The sidebar's “Score "
                "history on the rubric in use” scores every row on version {number}."
            ).format(number=rubric.version)
            if versions is not None
            else _(
                "Every score and verdict in the assessments file is worked out on version {number}."
            ).format(number=rubric.version)
        )
    st.caption(keys_stay_english())
    with st.expander(_("The assessments file, column by column"), icon=":material/view_column:"):
        st.caption(
            _("Columns in this order. New versions may add columns at the end, never rename or drop one.")
        )
        st.dataframe(_headed(column_rows(rubric)), hide_index=True, width="stretch", height="content")


def keys_stay_english() -> str:
    """Said on both halves of the page: the file's keys do not follow the language."""
    return _(
        "Column names and answer words (`hell_yes`, `no`, `checkin` …) are the same English keys in "
        "every language, so a file reads back whatever language the app is set to."
    )


def csv_uploader(label: str, key: str) -> UploadedFile | None:
    """The Data page's upload of a CSV file, up to the import limit (every import section's)."""
    return st.file_uploader(
        label, type=["csv", "txt"], key=key, max_upload_size=csvcodec.MAX_IMPORT_BYTES // (1024 * 1024)
    )


def import_section(repo: Repository, rubric: Rubric) -> None:
    st.caption(
        _(
            "A CSV in the assessments layout above, with `,` `;` tab or `|` between columns, saved by "
            "Excel or anything else. You see what would be added before anything is saved; "
            "rows already in the database are skipped."
        )
    )
    st.caption(
        _(
            "A file of their answers (the download above) imports here too: each set of answers goes "
            "to the account of its name, which must exist already."
        )
    )
    st.caption(keys_stay_english())
    uploaded = csv_uploader(_("CSV file"), _UPLOAD_KEY)
    if uploaded is None:
        return
    upload_id = uploaded.file_id
    kept = st.session_state.get(_PREVIEW_KEY)
    if kept is None or kept[0] != upload_id:
        kept = (upload_id, preview(uploaded.getvalue(), rubric, versions=numbers(repo)))
        st.session_state[_PREVIEW_KEY] = kept
    shown: Preview = kept[1]
    if shown.unreadable:
        st.error(
            _("This file cannot be imported. {problem}").format(
                problem=md_escape(_sentence(shown.unreadable))
            ),
            icon=":material/block:",
        )
        return
    if shown.header:
        layout = (
            _("The header line does not fit the layout of their answers, so no row can be read.")
            if shown.of_answers
            else _("The header line does not fit the assessments layout, so no row can be read.")
        )
        st.error(
            layout + "\n\n" + "\n".join(f"- {md_escape(line)}" for line in shown.header),
            icon=":material/block:",
        )
        return
    if shown.answers is not None:
        _answers_import(repo, shown, shown.answers, upload_id)
        return
    assert shown.plan is not None
    _show_preview(shown)
    st.button(
        import_label(shown.rows),
        type="primary",
        icon=":material/upload:",
        disabled=shown.rows == 0,
        on_click=_run_import,
        args=(repo, shown.plan, upload_id),
        key="data.import",
    )
    _show_report(upload_id)


def _show_preview(shown: Preview) -> None:
    assert shown.plan is not None
    rows, accounts, bad = st.columns(3)
    rows.metric(_("Rows to import"), shown.rows)
    accounts.metric(_("Accounts"), len(shown.plan.accounts))
    bad.metric(_("Bad rows"), len({e.line for e in shown.plan.errors}))
    if shown.rows:
        if shown.rows > SAMPLE_ROWS:
            heading = _("Rows to add (the first {shown} of {total})").format(
                shown=format_integer(SAMPLE_ROWS), total=format_integer(shown.rows)
            )
        else:
            heading = _("Rows to add")
        st.markdown("##### " + heading)
        st.dataframe(_headed(shown.sample()), hide_index=True, width="stretch")
    else:
        st.info(_("No row of this file can be imported."), icon=":material/info:")
    if shown.plan.errors:
        st.markdown("##### " + _("Bad rows, left out"))
        st.caption(_("Fix them in the file and import it again: the rows already imported are skipped."))
        st.dataframe(_headed(shown.bad_rows()), hide_index=True, width="stretch")


def _run_import(repo: Repository, plan: ImportPlan, upload_id: str) -> None:
    """The one write of the page, in a callback so its result shows in the same run."""
    outcome: ImportReport | str
    try:
        outcome = run_import(repo, plan)
    except (StorageUnavailable, OSError) as exc:
        outcome = storage_problem(exc)
    st.session_state[_REPORT_KEY] = (upload_id, outcome)


def _show_report(upload_id: str) -> None:
    kept = st.session_state.get(_REPORT_KEY)
    if kept is None or kept[0] != upload_id:
        return
    outcome: ImportReport | str = kept[1]
    if isinstance(outcome, str):
        st.error(outcome, icon=":material/error:")
        return
    if outcome.added:
        st.success(report_summary(outcome), icon=":material/check_circle:")
    else:
        st.info(report_summary(outcome), icon=":material/info:")
    if outcome.errors:
        refused = len(outcome.errors)
        st.warning(
            ngettext(
                "The database refused {n} row; the others were imported.",
                "The database refused {n} rows; the others were imported.",
                refused,
            ).format(n=format_integer(refused)),
            icon=":material/warning:",
        )
        st.dataframe(
            _headed([{"Line": line, "Problem": str(message)} for line, message in outcome.errors]),
            hide_index=True,
            width="stretch",
        )


# --- their answers -------------------------------------------------------------------


def _answers_import(repo: Repository, shown: Preview, plan: AnswersPlan, upload_id: str) -> None:
    """An answers file: what it holds, its bad rows, the button, and what the import did."""
    rows, accounts, bad = st.columns(3)
    rows.metric(_("Answer sets to import"), shown.rows)
    accounts.metric(_("Accounts"), len(plan.accounts))
    bad.metric(_("Bad rows"), len({e.line for e in plan.errors}))
    if shown.rows:
        st.dataframe(_headed(shown.answer_sample()), hide_index=True, width="stretch")
    else:
        st.info(_("No row of this file can be imported."), icon=":material/info:")
    if plan.errors:
        st.markdown("##### " + _("Bad rows, left out"))
        st.dataframe(_headed(shown.bad_rows()), hide_index=True, width="stretch")
    st.button(
        import_label(shown.rows),
        type="primary",
        icon=":material/upload:",
        disabled=shown.rows == 0,
        on_click=_run_answers_import,
        args=(repo, plan, upload_id),
        key="data.import.answers",
    )
    kept = st.session_state.get(_REPORT_KEY)
    if kept is None or kept[0] != upload_id:
        return
    outcome: AnswersReport | str = kept[1]
    if isinstance(outcome, str):
        st.error(outcome, icon=":material/error:")
        return
    if outcome.added:
        st.success(answers_summary(outcome), icon=":material/check_circle:")
    else:
        st.info(answers_summary(outcome), icon=":material/info:")
    if outcome.errors:
        st.warning(
            ngettext(
                "{n} row names an account that does not exist; the others were imported.",
                "{n} rows name an account that does not exist; the others were imported.",
                len(outcome.errors),
            ).format(n=format_integer(len(outcome.errors))),
            icon=":material/warning:",
        )
        st.dataframe(
            _headed([{"Line": e.line, "Problem": str(e.message)} for e in outcome.errors]),
            hide_index=True,
            width="stretch",
        )


def _run_answers_import(repo: Repository, plan: AnswersPlan, upload_id: str) -> None:
    outcome: AnswersReport | str
    try:
        outcome = run_answers_import(repo, plan)
    except (StorageUnavailable, OSError) as exc:
        outcome = storage_problem(exc)
    st.session_state[_REPORT_KEY] = (upload_id, outcome)
