"""The portable export: every kind of data the app keeps, as documented CSV files in one ZIP.

An archive holds `manifest.json` and one CSV per kind of data (`FILES`, in the order an import
applies them). Each CSV is written as every download is (`formats.csvcodec`: formula-safe cells,
quoted where a spreadsheet could cut them, a byte-order mark) and can be imported on its own. The
files that are also downloads of their own keep those schemas, with columns added at the end only
(`account_uid` in each: the account's portable id); the others are laid out here (`TABLES`).

The manifest says what the archive is (`format`, `format_version`), which app wrote it, when, and
per file its rows and its SHA-256, so a damaged or edited file is named before anything is read
into a database. Every entry carries the same fixed timestamp: the same data gives the same bytes,
the manifest's `exported_at` aside.

Reading (`read_archive`) checks the archive as a whole and hands back each file's text; reading a
table (`read_table`) gives its rows as plain values by column name, and each bad cell as a
`RowError` naming line and column. Whether an account named in a row exists is the importer's
question, not the file's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from formats._csv.cells import record, safe_cell, to_cell, unsafe_cell
from formats._csv.decoding import CsvDecodeError, decode, to_excel_bytes
from formats._csv.dialect import check_separator, decimal_mark
from formats._csv.errors import HeaderError, HeaderIssue, HeaderProblem, RowError
from formats._csv.reading import numbered_records, parse_date
from i18n import _

#: What the manifest calls an archive of ours, and the layout version this code writes and reads.
FORMAT = "thinslice-export"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
#: Every entry's timestamp (the earliest a ZIP can hold): the same data, the same bytes.
_ENTRY_TIME = (1980, 1, 1, 0, 0, 0)
#: The most an archive may unpack to: a ZIP of a few megabytes cannot claim gigabytes of memory.
UNPACKED_MAX = 1024 * 1024 * 1024


class Cell(StrEnum):
    """What one column holds, and so how its cells are written and read."""

    TEXT = "text"
    WHOLE = "whole"  # a whole number
    NUMBER = "number"  # a number with or without a fraction (a float when read)
    AMOUNT = "amount"  # an exact decimal (a `Decimal` when read)
    DATE = "date"  # ISO 8601 calendar date
    MOMENT = "moment"  # ISO 8601 date and time with its offset
    FLAG = "flag"  # true or false
    JSON = "json"  # a JSON document (a mapping)


@dataclass(frozen=True, slots=True)
class Field:
    """One column a table's reader takes: its name, what it holds, whether a row needs it."""

    name: str
    cell: Cell = Cell.TEXT
    required: bool = False


@dataclass(frozen=True)
class Table:
    """The layout of one file of the archive: every column it writes, in order, and the ones a
    reader takes (`fields`; a column left out of `fields` is computed, written and never read)."""

    file: str
    columns: tuple[str, ...]
    fields: tuple[Field, ...]

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)


def _table(file: str, *fields: Field, columns: tuple[str, ...] | None = None) -> Table:
    return Table(file, columns or tuple(f.name for f in fields), fields)


_T, _W, _N, _A, _D, _M, _F, _J = Cell

#: The files an archive holds, in the order an import applies them (an account before what is
#: about it; a link before the answers it brought; a rubric version before what was taken with it).
RUBRIC_VERSIONS = _table(
    "rubric_versions.csv",
    Field("rubric_key", _T, True),
    Field("version", _W, True),
    Field("saved_at", _M, True),
    Field("saved_by"),
    Field("reason"),
    Field("body", _T, True),
)
SETTINGS = _table(
    "settings.csv",
    Field("owner"),
    Field("name", _T, True),
    Field("value"),
    Field("updated_at", _M, True),
)
#: The accounts download's columns (`csvcodec.ACCOUNT_EXPORT_COLUMNS`); the computed ones are not read.
ACCOUNTS = _table(
    "accounts.csv",
    Field("account_id", _W),
    Field("account", _T, True),
    Field("company"),
    Field("stage"),
    Field("deal_value", _N),
    Field("signed_on", _D),
    Field("ended_on", _D),
    Field("outcome"),
    Field("weekly_hours", _N),
    Field("outcome_note"),
    Field("created_at", _M),
    Field("account_uid"),
)
ASSESSMENTS_FILE = "assessments.csv"  # the assessments download (`csvcodec`), read by its own reader
EVIDENCE = _table(
    "evidence.csv",
    Field("account", _T, True),
    Field("date", _D, True),
    Field("note", _T, True),
    Field("account_uid"),
)
SHARE_LINKS = _table(
    "share_links.csv",
    Field("account", _T, True),
    Field("label"),
    Field("include_notes", _F),
    Field("created_at", _M, True),
    Field("expires_at", _M),
    Field("revoked_at", _M),
    Field("token_hash", _T, True),
    Field("account_uid"),
)
QUESTIONNAIRE_LINKS = _table(
    "questionnaire_links.csv",
    Field("account", _T, True),
    Field("kind", _T, True),
    Field("sender"),
    Field("opening"),
    Field("created_at", _M, True),
    Field("expires_at", _M),
    Field("revoked_at", _M),
    Field("used_at", _M),
    Field("token_hash", _T, True),
    Field("account_uid"),
    # The fingerprint of the answers the link brought (`scoring.questionnaires.fingerprint`).
    Field("answered"),
)
ANSWERS_FILE = "answers.csv"  # their answers (`formats.answers_csv`), read by its own reader
#: The invoices download (`invoices_csv.INVOICE_COLUMNS`): one row per payment.
INVOICES = _table(
    "invoices.csv",
    Field("client", _T, True),
    Field("invoice", _T, True),
    Field("issued_on", _D, True),
    Field("due_on", _D, True),
    Field("amount", _A, True),
    Field("currency", _T, True),
    Field("paid_on", _D),
    Field("paid", _A),
    Field("account_uid"),
)
CUSTOMER_NAMES = _table(
    "customer_names.csv",
    Field("name", _T, True),
    Field("account", _T, True),
    Field("account_uid"),
)
INVOICE_LAYOUTS = _table(
    "invoice_layouts.csv",
    Field("layout", _T, True),
    Field("mapping", _J, True),
    Field("updated_at", _M, True),
)

TABLES: tuple[Table, ...] = (
    RUBRIC_VERSIONS,
    SETTINGS,
    ACCOUNTS,
    EVIDENCE,
    SHARE_LINKS,
    QUESTIONNAIRE_LINKS,
    INVOICES,
    CUSTOMER_NAMES,
    INVOICE_LAYOUTS,
)
#: Every file of an archive, in the order an import applies them.
FILES = (
    RUBRIC_VERSIONS.file,
    SETTINGS.file,
    ACCOUNTS.file,
    ASSESSMENTS_FILE,
    EVIDENCE.file,
    SHARE_LINKS.file,
    QUESTIONNAIRE_LINKS.file,
    ANSWERS_FILE,
    INVOICES.file,
    CUSTOMER_NAMES.file,
    INVOICE_LAYOUTS.file,
)
BY_FILE = {table.file: table for table in TABLES}


# --- writing -----------------------------------------------------------------------------------


def write_table(table: Table, rows: Iterable[Mapping[str, object]], sep: str = ",") -> str:
    """The file for `rows`, each read by column name (missing or None: an empty cell), every cell
    as a download writes it; an amount exactly as given, a JSON cell as compact sorted JSON."""
    check_separator(sep)
    decimal = decimal_mark(sep)
    kinds = {f.name: f.cell for f in table.fields}
    out = [record(map(safe_cell, table.columns), sep)]
    for row in rows:
        cells = []
        for name in table.columns:
            value = row.get(name)
            kind = kinds.get(name, Cell.TEXT)
            if kind is Cell.JSON and value is not None:
                value = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            numeric = kind in (Cell.WHOLE, Cell.NUMBER, Cell.AMOUNT)
            cells.append(to_cell(value, numeric=numeric, decimal=decimal))
        out.append(record(cells, sep))
    return "".join(out)


@dataclass(frozen=True)
class Written:
    """One file of an archive as written: its name, its text, and the rows it holds."""

    name: str
    text: str
    rows: int


def write_archive(files: Iterable[Written], *, app_version: str, exported_at: dt.datetime, sep: str) -> bytes:
    """The archive: `manifest.json` first, then each file as UTF-8 with a byte-order mark."""
    entries = [(f.name, to_excel_bytes(f.text), f.rows) for f in files]
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": app_version,
        "exported_at": exported_at.astimezone(dt.UTC).isoformat(timespec="seconds"),
        "separator": sep,
        "files": {
            name: {"rows": rows, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for name, data, rows in entries
        },
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        _put(archive, MANIFEST, (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode())
        for name, data, _rows in entries:
            _put(archive, name, data)
    return buffer.getvalue()


def _put(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ENTRY_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


# --- reading -----------------------------------------------------------------------------------


class ArchiveError(ValueError):
    """The archive as a whole cannot be read: not a ZIP, no manifest, a file missing or changed.
    `file` names the file concerned ("" for the archive itself)."""

    def __init__(self, message: str, file: str = "") -> None:
        super().__init__(message)
        self.file = file


@dataclass(frozen=True)
class Archive:
    """An archive that passed its checks: its manifest and each file's decoded text, by name."""

    manifest: Mapping[str, Any]
    texts: Mapping[str, str]

    @property
    def exported_at(self) -> str:
        return str(self.manifest.get("exported_at", ""))


#: Where the first entry of an office document (a ZIP too) is: a workbook, a text, a slide deck.
_OFFICE = ("[Content_Types].xml", "_rels/", "docProps/", "xl/", "word/", "ppt/", "mimetype", "META-INF/")


def is_archive(data: bytes) -> bool:
    """Whether the bytes are a ZIP archive of files (by its signature and its first entry's name):
    not a CSV file, and not an Excel workbook or another office document, which the CSV reader
    names as such. A damaged archive still counts, so `read_archive` can say what is wrong."""
    if data[:4] == b"PK\x05\x06":
        return True  # an empty ZIP
    if data[:4] != b"PK\x03\x04" or len(data) < 30:
        return False
    length = int.from_bytes(data[26:28], "little")
    name = data[30 : 30 + length].decode("utf-8", "replace")
    return bool(name) and not name.startswith(_OFFICE)


def read_archive(data: bytes) -> Archive:
    """Check an archive and decode its files; raises `ArchiveError` saying what is wrong.

    Checked before any file is read: it is a ZIP, it unpacks to a bounded size, its manifest is
    ours and of a version this code reads, and each file the manifest lists is there with the
    checksum it lists. A file the manifest does not list is not read.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ArchiveError(_("not a ZIP archive: {reason}").format(reason=exc)) from None
    with archive:
        infos = {info.filename: info for info in archive.infolist()}
        if sum(info.file_size for info in infos.values()) > UNPACKED_MAX:
            raise ArchiveError(_("the archive unpacks to more than 1 GB; it is not one of ours"))
        if MANIFEST not in infos:
            raise ArchiveError(
                _("no {manifest} in the archive: it is not a Thin Slice export").format(manifest=MANIFEST)
            )
        manifest = _manifest(_unpacked(archive, MANIFEST))
        texts: dict[str, str] = {}
        for name, facts in manifest["files"].items():
            if name not in infos:
                raise ArchiveError(
                    _("the manifest lists {file}, but the archive lacks it").format(file=name), name
                )
            raw = _unpacked(archive, name)
            if hashlib.sha256(raw).hexdigest() != facts.get("sha256"):
                raise ArchiveError(
                    _(
                        "{file} is not the file that was exported (its checksum differs): "
                        "it was changed or damaged"
                    ).format(file=name),
                    name,
                )
            try:
                texts[name] = decode(raw)
            except CsvDecodeError as exc:
                raise ArchiveError(f"{name}: {exc}", name) from None
    return Archive(manifest, texts)


def _unpacked(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:  # a damaged entry
        raise ArchiveError(
            _("{file} cannot be unpacked: {reason}").format(file=name, reason=exc), name
        ) from None


def _manifest(raw: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArchiveError(
            _("{manifest} cannot be read: {reason}").format(manifest=MANIFEST, reason=exc), MANIFEST
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError(_("{manifest} is not a Thin Slice manifest").format(manifest=MANIFEST), MANIFEST)
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ArchiveError(
            _(
                "the archive is of format version {version}; this app reads up to {known}: "
                "update the app first"
            ).format(version=version, known=FORMAT_VERSION),
            MANIFEST,
        )
    files = manifest.get("files")
    if not isinstance(files, dict) or not all(isinstance(facts, dict) for facts in files.values()):
        raise ArchiveError(_("{manifest} lists no files").format(manifest=MANIFEST), MANIFEST)
    unknown = sorted(set(files) - set(FILES))
    if unknown:
        raise ArchiveError(
            _("the archive holds files this app does not know: {files}").format(files=", ".join(unknown)),
            MANIFEST,
        )
    return manifest


@dataclass
class Read:
    """A table's good rows (line and values by column name) and its problems, in line order; or a
    header that does not fit, and then nothing else."""

    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    header_error: HeaderError | None = None


def header_of(text: str, known: Iterable[str]) -> list[str]:
    """The column names of a file's first record, as a reader matches them."""
    for _line, cells in numbered_records(text.removeprefix("\ufeff"), tuple(known), []):
        return [cell.strip().lower() for cell in cells]
    return []


def read_table(table: Table, text: str) -> Read:
    """Parse a whole file of `table`'s layout; unknown columns are left alone, a required one
    missing is a header error."""
    text = text.removeprefix("\ufeff")
    failed: list[RowError] = []
    records = numbered_records(text, table.columns, failed)
    first = next(records, None)
    if first is None:
        empty = (HeaderProblem(HeaderIssue.EMPTY), HeaderProblem(HeaderIssue.NO_HEADER, table.required))
        return Read(header_error=HeaderError.of(1, empty))
    header_line, cells = first
    header = [cell.strip().lower() for cell in cells]
    missing = tuple(name for name in table.required if name not in header)
    twice = tuple(sorted({name for name in header if name and header.count(name) > 1}))
    if missing or twice:
        problems = tuple(
            HeaderProblem(issue, names)
            for issue, names in ((HeaderIssue.MISSING, missing), (HeaderIssue.TWICE, twice))
            if names
        )
        return Read(header_error=HeaderError.of(header_line, problems))
    at = {name: i for i, name in enumerate(header) if name}
    taken = [(f, at[f.name]) for f in table.fields if f.name in at]
    out = Read()
    for line, cells in records:
        values: dict[str, Any] = {}
        bad = False
        for found, index in taken:
            raw = cells[index] if index < len(cells) else ""
            try:
                values[found.name] = _parse(found, raw)
            except ValueError as exc:
                out.errors.append(RowError(line, found.name, str(exc)))
                bad = True
        if not bad:
            out.rows.append((line, values))
    out.errors.extend(failed)
    return out


def _parse(found: Field, raw: str) -> Any:
    if found.cell is Cell.TEXT:
        text = unsafe_cell(raw)
        if found.required and not text.strip():
            raise ValueError(_("a value is needed"))
        return text
    text = raw.strip()
    if not text:
        if found.required:
            raise ValueError(_("a value is needed"))
        return None
    return _PARSERS[found.cell](text)


_NUMBER = re.compile(r"-?\d+([.,]\d+)?")


def _whole(text: str) -> int:
    if not re.fullmatch(r"-?\d{1,18}", text):
        raise ValueError(_("{value} is not a whole number").format(value=repr(text)))
    return int(text)


def _decimal(text: str) -> Decimal:
    if not _NUMBER.fullmatch(text):
        raise ValueError(_("{value} is not a number").format(value=repr(text)))
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern lets only numbers through
        raise ValueError(_("{value} is not a number").format(value=repr(text))) from None


def _moment(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            _("{value} is not a moment; use YYYY-MM-DDTHH:MM:SS+00:00").format(value=repr(text))
        ) from None
    if moment.tzinfo is None:
        raise ValueError(_("{value} has no time zone; add +00:00 for UTC").format(value=repr(text)))
    return moment.astimezone(dt.UTC)


def _flag(text: str) -> bool:
    lowered = text.lower()
    if lowered in ("true", "yes", "1"):
        return True
    if lowered in ("false", "no", "0"):
        return False
    raise ValueError(_("{value} is not true or false").format(value=repr(text)))


def _json(text: str) -> Any:
    try:
        found = json.loads(unsafe_cell(text))
    except json.JSONDecodeError:
        raise ValueError(_("{value} is not JSON").format(value=repr(text[:40]))) from None
    if not isinstance(found, dict):
        raise ValueError(_("a JSON object is needed"))
    return found


_PARSERS: dict[Cell, Callable[[str], Any]] = {
    Cell.WHOLE: _whole,
    Cell.NUMBER: lambda text: float(_decimal(text)),
    Cell.AMOUNT: _decimal,
    Cell.DATE: parse_date,
    Cell.MOMENT: _moment,
    Cell.FLAG: _flag,
    Cell.JSON: _json,
}


def which_table(text: str, candidates: Iterable[Table] = TABLES) -> Table | None:
    """The table whose layout a lone file's header fits best: every required column there, and
    the most of its columns named (so an accounts file is not taken for an evidence file)."""
    best: tuple[int, Table] | None = None
    for table in candidates:
        header = set(header_of(text, table.columns))
        if not all(name in header for name in table.required):
            continue
        score = sum(name in header for name in table.columns) * 100 - len(table.columns)
        if best is None or score > best[0]:
            best = (score, table)
    return best[1] if best else None
