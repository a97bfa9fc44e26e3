"""All your data out as one ZIP, and back in: to an empty or a full database, SQLite or PostgreSQL.

`export_all` writes every kind of data the app keeps (`formats.portable.FILES`), each file as its
own download writes it, plus the manifest. `read_bundle` reads such an archive, or any one of its
CSV files alone, into what the import stores, with every bad cell named by file, line and column.
`preview` does the whole import and rolls it back, so it says exactly what `run` will add, change
and skip. An archive goes in whole or not at all: one bad line anywhere and nothing is written. A
lone file keeps its good rows, as every import here does.

Accounts are known by their portable id (`account_uid`) in every file; a file made outside the app
may name them by name (and company) instead, and a name two accounts share is listed, never merged.
Importing the same archive twice changes nothing, and an export of what an import stored gives the
same files, byte for byte, whichever database it went into.
"""

from __future__ import annotations

import csv
import datetime as dt
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from formats import answers_csv as answers_format
from formats import csvcodec
from formats import portable as layout
from formats.csvcodec import CsvDecodeError, HeaderError, RowError
from formats.portable import Archive, ArchiveError, Written
from i18n import _, format_integer
from scoring import Outcome, Rubric, Stage
from scoring.invoices import Invoice, Payment, make_invoice
from scoring.limits import (
    DEAL_VALUE_MAX,
    NAME_MAX,
    NOTE_MAX,
    OUTCOME_NOTE_MAX,
    SHARE_LABEL_MAX,
    WEEKLY_HOURS_MAX,
)
from scoring.questionnaires import QuestionnaireKind
from scoring.rubric import default_rubric, parse_rubric
from services import transfer
from services.invoice_import import invoices_csv
from services.rubrics import book, current
from storage import Repository
from storage.portable import (
    KINDS,
    Change,
    ImportedAnswers,
    ImportedInvoice,
    Left,
    Owner,
    PortableData,
    PortableReport,
)


def app_version() -> str:
    """The app's version, as `pyproject.toml` says it (one place for it)."""
    try:
        project = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text("utf-8"))
        return str(project["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


ASSESSMENTS_FILE = layout.ASSESSMENTS_FILE
ANSWERS_FILE = layout.ANSWERS_FILE
is_archive = layout.is_archive

__all__ = [
    "ANSWERS_FILE",
    "ASSESSMENTS_FILE",
    "Bundle",
    "FileProblem",
    "NotAnExport",
    "PortableReport",
    "app_version",
    "change_text",
    "export_all",
    "file_name",
    "is_archive",
    "left_text",
    "lone_kind",
    "preview",
    "read_bundle",
    "run",
    "summary",
    "tally_rows",
]


def file_name(today: dt.date) -> str:
    return f"thinslice-export-{today.isoformat()}.zip"


# --- out ---------------------------------------------------------------------------------------


def export_all(
    repo: Repository,
    today: dt.date,
    sep: str = ",",
    *,
    as_now: bool = False,
    exported_at: dt.datetime | None = None,
) -> bytes:
    """Every kind of data as one archive. The computed columns (score, status) are as of `today`,
    each assessment scored with the rubric version it was taken with unless `as_now`."""
    rubric = current(repo)
    taken = None if as_now else book(repo, rubric)
    rows = repo.portable_rows()
    files = {
        layout.RUBRIC_VERSIONS.file: layout.write_table(layout.RUBRIC_VERSIONS, rows["rubric_versions"], sep),
        layout.SETTINGS.file: layout.write_table(layout.SETTINGS, rows["settings"], sep),
        layout.ACCOUNTS.file: transfer.accounts_csv(repo, rubric, today, sep),
        layout.ASSESSMENTS_FILE: transfer.assessments_csv(repo, rubric, today, sep, book=taken),
        layout.EVIDENCE.file: transfer.evidence_csv(repo, sep),
        layout.SHARE_LINKS.file: layout.write_table(layout.SHARE_LINKS, rows["share_links"], sep),
        layout.QUESTIONNAIRE_LINKS.file: layout.write_table(
            layout.QUESTIONNAIRE_LINKS, rows["questionnaire_links"], sep
        ),
        layout.ANSWERS_FILE: transfer.answers_csv(repo, sep),
        layout.INVOICES.file: invoices_csv(repo, sep),
        layout.CUSTOMER_NAMES.file: layout.write_table(layout.CUSTOMER_NAMES, rows["customer_names"], sep),
        layout.INVOICE_LAYOUTS.file: layout.write_table(layout.INVOICE_LAYOUTS, rows["invoice_layouts"], sep),
    }
    return layout.write_archive(
        (Written(name, files[name], _records(files[name], sep)) for name in layout.FILES),
        app_version=app_version(),
        exported_at=exported_at or dt.datetime.now(dt.UTC),
        sep=sep,
    )


def _records(text: str, sep: str) -> int:
    """The rows of a file we wrote: its records after the header (a note may span lines)."""
    return max(sum(1 for _ in csv.reader(text.splitlines(keepends=True), delimiter=sep)) - 1, 0)


# --- in ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FileProblem:
    """A bad line (or a header that does not fit) of one file, named for a person."""

    file: str
    error: RowError

    def __str__(self) -> str:
        return f"{self.file}: {self.error}"


@dataclass
class Bundle:
    """What an archive or a lone file brings, read and checked, before anything is stored."""

    data: PortableData = field(default_factory=PortableData)
    #: The files it held, in the order an import applies them.
    files: list[str] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)
    #: True for an archive: then it goes in whole or not at all.
    archive: bool = False
    #: When the archive was exported ("" for a lone file).
    exported_at: str = ""
    #: Rows read per kind of data (each invoice once, whatever its payments).
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def whole(self) -> bool:
        """Whether nothing stands in the way: an archive with any problem is refused as a whole."""
        return not (self.archive and self.problems)


class NotAnExport(ValueError):
    """A file that is neither an archive of ours nor one of its CSV files: says why."""


def read_bundle(repo: Repository, data: bytes, name: str = "", *, limited: bool = True) -> Bundle:
    """Read an archive, or one CSV file of it, into a `Bundle`; raises `NotAnExport` (with the
    archive's or the file's own problem) when it is neither. `limited`: a file over the upload
    limit is refused (the browser); the command line reads any size."""
    if layout.is_archive(data):
        try:
            archive = layout.read_archive(data)
        except ArchiveError as exc:
            raise NotAnExport(str(exc)) from None
        return _Reader(repo).archive(archive)
    try:
        text = csvcodec.check_import(data) if limited else csvcodec.check_import(data, limit=len(data))
    except CsvDecodeError as exc:
        raise NotAnExport(str(exc)) from None
    kind = lone_kind(text)
    if kind is None:
        raise NotAnExport(
            _(
                "not a file of the export: its first line names none of the layouts (accounts.csv, "
                "assessments.csv, evidence.csv, ...); see the README's data section"
            )
        )
    return _Reader(repo).files({kind: text}, archive=False)


def lone_kind(text: str) -> str | None:
    """Which file of an archive a lone CSV file is, by its header; None when none fits."""
    if transfer.is_answers_file(text):
        return layout.ANSWERS_FILE
    header = set(layout.header_of(text, csvcodec.columns(default_rubric(), portable=True)))
    if {"account", "date", "kind"} <= header:
        return layout.ASSESSMENTS_FILE
    found = layout.which_table(text)
    return found.file if found else None


def preview(repo: Repository, bundle: Bundle) -> PortableReport:
    """What `run` would do, exactly: the import done and rolled back."""
    return repo.import_portable(bundle.data, dry_run=True)


def run(repo: Repository, bundle: Bundle) -> PortableReport:
    """Store what the bundle brings, in one transaction; an archive with a problem stores nothing
    (an empty report)."""
    if not bundle.whole:
        return PortableReport()
    return repo.import_portable(bundle.data)


class _Reader:
    """Each file of a bundle, read into what the import stores, its problems kept by file."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self.bundle = Bundle()

    def archive(self, archive: Archive) -> Bundle:
        bundle = self.files(archive.texts, archive=True)
        bundle.exported_at = archive.exported_at
        return bundle

    def files(self, texts: Mapping[str, str], *, archive: bool) -> Bundle:
        self.bundle.archive = archive
        for name in layout.FILES:
            if name not in texts:
                continue
            self.bundle.files.append(name)
            text = texts[name]
            if name == layout.ASSESSMENTS_FILE:
                self._assessments(text)
            elif name == layout.ANSWERS_FILE:
                self._answers(text)
            else:
                self._table(layout.BY_FILE[name], text)
        self.bundle.problems.sort(key=lambda p: (layout.FILES.index(p.file), p.error.line))
        return self.bundle

    def _problem(self, file: str, error: RowError) -> None:
        self.bundle.problems.append(FileProblem(file, error))

    def _header(self, file: str, error: HeaderError | None) -> bool:
        if error is not None:
            self._problem(file, error)
            return True
        return False

    def _table(self, table: layout.Table, text: str) -> None:
        read = layout.read_table(table, text)
        if self._header(table.file, read.header_error):
            return
        for error in read.errors:
            self._problem(table.file, error)
        kind = table.file.removesuffix(".csv")
        check = _CHECKS.get(kind)
        rows: list[tuple[int, dict[str, Any]]] = []
        for line, values in read.rows:
            found = check(line, values) if check else []
            if found:
                for error in found:
                    self._problem(table.file, error)
            else:
                rows.append((line, values))
        if kind == "invoices":
            self.bundle.data.invoices = self._invoices(table.file, rows)
            self.bundle.rows[kind] = len(self.bundle.data.invoices)
            return
        setattr(self.bundle.data, kind, rows)
        self.bundle.rows[kind] = len(rows)

    def _rubric(self) -> tuple[Rubric, set[int]]:
        """The rubric rows are read against, and the versions a row may say it was taken with:
        the newest of the database's and the archive's own versions."""
        rubric = current(self.repo)
        known = {v.version for v in self.repo.rubric_versions(rubric.key)} | {rubric.version}
        for _line, values in self.bundle.data.rubric_versions:
            if values["rubric_key"] != rubric.key:
                continue
            known.add(values["version"])
            if values["version"] > rubric.version:
                rubric = parse_rubric(values["body"], f"rubric version {values['version']}")
        return rubric, known

    def _assessments(self, text: str) -> None:
        rubric, known = self._rubric()
        plan = transfer.plan_text(text, rubric, versions=known)
        if self._header(layout.ASSESSMENTS_FILE, plan.header_error):
            return
        for error in plan.errors:
            self._problem(layout.ASSESSMENTS_FILE, error)
        self.bundle.data.assessments = plan.rows
        self.bundle.rows["assessments"] = len(plan.rows)

    def _answers(self, text: str) -> None:
        read = answers_format.read_answers(text)
        if self._header(layout.ANSWERS_FILE, read.header_error):
            return
        for error in read.errors:
            self._problem(layout.ANSWERS_FILE, error)
        self.bundle.data.answers = [
            ImportedAnswers(
                row.line,
                Owner(row.account_uid, row.account),
                row.side(),
            )
            for row in read.rows
        ]
        self.bundle.rows["answers"] = len(read.rows)

    def _invoices(self, file: str, rows: list[tuple[int, dict[str, Any]]]) -> list[ImportedInvoice]:
        """One invoice per account and number, its payments from every row of it (the download
        writes a row per payment, the invoice's facts on each)."""
        grouped: dict[tuple[str, str], list[tuple[int, dict[str, Any]]]] = {}
        for line, values in rows:
            owner = values.get("account_uid") or "\x00" + values["client"].strip()
            grouped.setdefault((owner, values["invoice"].strip()), []).append((line, values))
        out: list[ImportedInvoice] = []
        for lines in grouped.values():
            first_line, first = lines[0]
            paid = [
                Payment(paid_on=v["paid_on"], amount=v["paid"])
                for _line, v in lines
                if v.get("paid_on") is not None and v.get("paid") is not None
            ]
            made = make_invoice(
                first["invoice"],
                first["issued_on"],
                first["due_on"],
                first["amount"],
                first["currency"],
                paid,
            )
            if isinstance(made, Invoice):
                owner = Owner(first.get("account_uid") or "", first["client"].strip())
                out.append(ImportedInvoice(first_line, owner, made))
                continue
            for problem in made:
                self._problem(file, RowError(first_line, problem.field.value, problem.message))
        return out


# Checks beyond a cell's type, one list of problems per row, by kind of data.


def _too_long(line: int, values: Mapping[str, Any], limits: Iterable[tuple[str, int]]) -> list[RowError]:
    found = []
    for column, most in limits:
        text = values.get(column)
        if isinstance(text, str) and len(text) > most:
            message = _("{length} characters; the most is {most}").format(length=len(text), most=most)
            found.append(RowError(line, column, message))
    return found


def _one_of(line: int, values: Mapping[str, Any], column: str, allowed: Iterable[str]) -> list[RowError]:
    value = values.get(column)
    words = sorted(allowed)
    if value and value not in words:
        message = _("{value} is not one of {allowed}").format(value=repr(value), allowed=", ".join(words))
        return [RowError(line, column, message)]
    return []


def _in_range(line: int, values: Mapping[str, Any], column: str, most: float) -> list[RowError]:
    value = values.get(column)
    if value is not None and not 0 <= value <= most:
        return [
            RowError(line, column, _("{value} is not between 0 and {most}").format(value=value, most=most))
        ]
    return []


def _uid(line: int, values: dict[str, Any]) -> list[RowError]:
    try:
        values["account_uid"] = csvcodec.account_uid(values.get("account_uid") or "")
    except ValueError as exc:
        return [RowError(line, "account_uid", str(exc))]
    return []


def _hash(
    line: int, values: Mapping[str, Any], column: str = "token_hash", *, needed: bool = True
) -> list[RowError]:
    found = (values.get(column) or "").strip()
    if not found and not needed:
        return []
    if len(found) != 64 or any(c not in "0123456789abcdef" for c in found):
        message = _("{value} is not a SHA-256 hash (64 hex digits)").format(value=repr(found[:70]))
        return [RowError(line, column, message)]
    return []


def _lifecycle(line: int, v: Mapping[str, Any]) -> list[RowError]:
    """What an account's dates and stage must agree on, as the app's own writes keep them."""
    found = []
    if v.get("stage") == Stage.CLIENT.value and v.get("signed_on") is None:
        found.append(RowError(line, "signed_on", _("a client needs the date it signed on")))
    if v.get("signed_on") is not None and v.get("stage") == Stage.PROSPECT.value:
        found.append(RowError(line, "stage", _("an account with a signing date is a client")))
    if (v.get("ended_on") is None) != (not v.get("outcome")):
        column = "outcome" if v.get("ended_on") is not None else "ended_on"
        found.append(RowError(line, column, _("an ending needs both its date and its outcome")))
    return found


def _check_accounts(line: int, v: dict[str, Any]) -> list[RowError]:
    return [
        *_uid(line, v),
        *_lifecycle(line, v),
        *_too_long(
            line, v, (("account", NAME_MAX), ("company", NAME_MAX), ("outcome_note", OUTCOME_NOTE_MAX))
        ),
        *_one_of(line, v, "stage", (s.value for s in Stage)),
        *_one_of(line, v, "outcome", (o.value for o in Outcome)),
        *_in_range(line, v, "deal_value", DEAL_VALUE_MAX),
        *_in_range(line, v, "weekly_hours", WEEKLY_HOURS_MAX),
    ]


def _check_rubric_versions(line: int, v: dict[str, Any]) -> list[RowError]:
    if v["version"] < 1:
        return [RowError(line, "version", _("a version is a whole number from 1"))]
    try:
        parse_rubric(v["body"], f"rubric version {v['version']}")
    except ValueError as exc:
        return [RowError(line, "body", str(exc).splitlines()[0])]
    return _too_long(line, v, (("rubric_key", 40), ("saved_by", 320)))


_CHECKS: dict[str, Callable[[int, dict[str, Any]], list[RowError]]] = {
    "rubric_versions": _check_rubric_versions,
    "settings": lambda line, v: _too_long(line, v, (("owner", 320), ("name", 40))),
    "accounts": _check_accounts,
    "evidence": lambda line, v: [
        *_uid(line, v),
        *_too_long(line, v, (("account", NAME_MAX), ("note", NOTE_MAX))),
    ],
    "share_links": lambda line, v: [
        *_uid(line, v),
        *_hash(line, v),
        *_too_long(line, v, (("account", NAME_MAX), ("label", SHARE_LABEL_MAX))),
    ],
    "questionnaire_links": lambda line, v: [
        *_uid(line, v),
        *_hash(line, v),
        *_hash(line, v, "answered", needed=False),
        *_one_of(line, v, "kind", (k.value for k in QuestionnaireKind)),
        *_too_long(line, v, (("account", NAME_MAX), ("sender", NAME_MAX))),
    ],
    "invoices": lambda line, v: [*_uid(line, v), *_too_long(line, v, (("client", NAME_MAX),))],
    "customer_names": lambda line, v: [
        *_uid(line, v),
        *_too_long(line, v, (("account", NAME_MAX), ("name", NAME_MAX))),
    ],
}

assert set(_CHECKS) <= set(KINDS)


# --- in words ----------------------------------------------------------------------------------

#: Each kind of data's file in an archive.
KIND_FILES = {kind: f"{kind}.csv" for kind in KINDS}


def tally_rows(report: PortableReport, bundle: Bundle) -> list[dict[str, object]]:
    """One row per file the bundle held: its rows, and what the import does with them."""
    out: list[dict[str, object]] = []
    for name in bundle.files:
        kind = name.removesuffix(".csv")
        tally = report.tallies[kind]
        out.append(
            {
                "file": name,
                "rows": bundle.rows.get(kind, 0),
                "added": tally.added,
                "changed": tally.changed,
                "skipped": tally.skipped,
                "left": sum(1 for left in report.left if left.kind == kind),
            }
        )
    return out


def left_text(left: Left) -> str:
    """Why a row was left out (or kept in part), for a person."""
    if left.reason == "ambiguous":
        return _(
            "{count} accounts are called {name} and the row has no account_uid to tell which: left out"
        ).format(count=left.detail, name=repr(left.subject))
    if left.reason == "no_account":
        return _("no account {name} here, and the archive does not bring one: left out").format(
            name=repr(left.subject)
        )
    if left.reason == "rubric_differs":
        return _(
            "rubric version {version} here differs from the file's; the stored one is kept, and rows "
            "taken with it are scored by it"
        ).format(version=left.subject)
    if left.reason == "invoice_differs":
        return _(
            "invoice {number} of {name} is stored with other dates or another amount; the stored one is kept"
        ).format(number=left.subject, name=repr(left.detail))
    return left.detail


def change_text(change: Change) -> str:
    """What an import changes in a stored row, for a person."""
    fields = ", ".join(change.fields)
    if change.kind == "invoices":
        return _("invoice {number}: adds the payments the file has and this database lacks").format(
            number=change.subject
        )
    return _("{what}: sets {fields}").format(what=change.subject, fields=fields)


def summary(report: PortableReport) -> str:
    """The whole import in one sentence."""
    added = sum(t.added for t in report.tallies.values())
    changed = sum(t.changed for t in report.tallies.values())
    skipped = sum(t.skipped for t in report.tallies.values())
    return _("{added} added, {changed} changed, {skipped} already there, {left} left out").format(
        added=format_integer(added),
        changed=format_integer(changed),
        skipped=format_integer(skipped),
        left=format_integer(len(report.left)),
    )
