"""From the bytes of an upload to CSV text, and from text to the bytes of a download.

Changes when a program writes CSV in a way we have not met yet: another encoding,
byte-order mark or binary format to tell apart, or another separator to recognise.
"""

from __future__ import annotations

import codecs
import csv
import math
import re
from collections.abc import Collection, Iterator

from formats._csv.columns import KNOWN_NAMES
from formats._csv.dialect import READ_SEPARATORS
from i18n import Lazy, _, format_decimal, lazy_gettext
from scoring.limits import MAX_IMPORT_BYTES


class CsvDecodeError(ValueError):
    """An upload that cannot be read as CSV text: too large, empty, binary or of no known encoding."""


def decode(data: bytes) -> str:
    """Text of an uploaded or saved file, from what Excel and friends write.

    In this order: a byte-order mark (UTF-8, UTF-16 LE or BE, UTF-32), UTF-16 without
    one (told by the NUL byte of every ASCII character), UTF-8, and else Windows-1252.
    The mark is not part of the text. A known binary format (an .xlsx workbook, an
    image, a database) or any other NUL byte is "not a CSV file"; bytes that fit no
    encoding get a message saying so. Both are `CsvDecodeError`.
    """
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise CsvDecodeError(_("not a CSV file: it is {what}").format(what=what))
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_as(data[len(bom) :], codec, marked=True)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _decode_as(data, utf16, marked=False)
    if b"\x00" in data:
        raise CsvDecodeError(_("not a CSV file: it holds binary data (NUL bytes)"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise CsvDecodeError(
            _(
                "not UTF-8, UTF-16 or Windows-1252 text (byte {byte} at offset {offset}); "
                "save the file as CSV UTF-8"
            ).format(byte=f"0x{data[exc.start]:02x}", offset=exc.start)
        ) from None


def check_import(data: bytes, limit: int = MAX_IMPORT_BYTES) -> str:
    """The text of an upload, or one `CsvDecodeError` saying why there is none.

    Too large (more than `limit` bytes) is refused before anything is decoded; a file
    with nothing in it, or nothing but a byte-order mark and blanks, is refused too.
    """
    if len(data) > limit:
        raise CsvDecodeError(
            _("the file is {size}; the limit is {limit}").format(
                size=_size(len(data), up=True), limit=_size(limit, up=False)
            )
        )
    text = decode(data)
    if not text.strip("\ufeff \t\r\n"):
        raise CsvDecodeError(_("the file is empty; export a CSV with a header line and at least one row"))
    return text


def to_excel_bytes(text: str) -> bytes:
    """A download's bytes: UTF-8 with a byte-order mark, which is how Excel knows it is UTF-8."""
    return codecs.BOM_UTF8 + text.removeprefix("\ufeff").encode("utf-8")


def sniff_separator(text: str, known: Collection[str] | None = None) -> str:
    """The separator of a file: `,` `;` tab or `|`, judged from the header line.

    The header is the first line with anything on it, read with quotes respected. The
    separator that splits it into the most `known` column names (by default every
    column of every schema here, without the rubric's dimension keys) wins; on a tie,
    the one that gives the most cells; then the first in `READ_SEPARATORS`.
    """
    names = KNOWN_NAMES if known is None else frozenset(name.lower() for name in known)
    text = text.removeprefix("\ufeff")

    def fit(sep: str) -> tuple[int, int]:
        cells = _first_record(text, sep)
        return sum(cell.strip().lower() in names for cell in cells), len(cells)

    return max(READ_SEPARATORS, key=lambda sep: (fit(sep), -READ_SEPARATORS.index(sep)))


# A line and its ending (CR LF, CR or LF, kept), or the last line without one.
_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")


def lines(text: str) -> Iterator[str]:
    """The lines of `text` as `io.StringIO(text, newline="")` gives them to the csv module, one at
    a time, without its copy of the whole text (four bytes a character): a file of 68 MB is read
    in the memory of its text, not five times that."""
    return (found.group() for found in _LINE.finditer(text))


def _first_record(text: str, sep: str) -> list[str]:
    try:
        for cells in csv.reader(lines(text), delimiter=sep):
            if any(cell.strip() for cell in cells):
                return cells
    except csv.Error:
        pass
    return []


# Known binary formats, by their first bytes: the likely mistakes on an import page.
# Translators: each completes "not a CSV file: it is ...".
_SIGNATURES: tuple[tuple[bytes, Lazy], ...] = (
    (
        b"PK\x03\x04",
        lazy_gettext("an Excel workbook or another ZIP archive; save it as CSV UTF-8 and try again"),
    ),
    (b"PK\x05\x06", lazy_gettext("an empty ZIP archive")),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        lazy_gettext("an old Excel (.xls) or Word file; save it as CSV UTF-8"),
    ),
    (
        b"SQLite format 3\x00",
        lazy_gettext("an SQLite database; a backup is put back with restore, not import"),
    ),
    (b"\x89PNG\r\n\x1a\n", lazy_gettext("a PNG image")),
    (b"\xff\xd8\xff", lazy_gettext("a JPEG image")),
    (b"GIF87a", lazy_gettext("a GIF image")),
    (b"GIF89a", lazy_gettext("a GIF image")),
    (b"%PDF-", lazy_gettext("a PDF document")),
    (b"\x1f\x8b", lazy_gettext("a gzip archive")),
)
# UTF-32 first: its little-endian mark starts with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SNIFF_BYTES = 4096


def _utf16_without_bom(data: bytes) -> str | None:
    """`utf-16-le` or `utf-16-be` when the NUL bytes say so, else `None`.

    A CSV's header is ASCII, and ASCII in UTF-16 is a NUL byte beside every
    character: at odd offsets for little-endian, even ones for big-endian. Other
    binary data has NUL bytes at both, or at neither.
    """
    if len(data) < 2 or len(data) % 2:
        return None
    sample = data[:_SNIFF_BYTES]
    pairs = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 0.3 * pairs and even <= 0.05 * pairs:
        return "utf-16-le"
    if even >= 0.3 * pairs and odd <= 0.05 * pairs:
        return "utf-16-be"
    return None


def _decode_as(data: bytes, codec: str, *, marked: bool) -> str:
    """`data` as `codec` text; `marked`: the codec was told by a byte-order mark, else guessed."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        if marked:
            message = _(
                "the file starts with a {codec} byte-order mark but is not valid {codec} (offset {offset}); "
                "save the file as CSV UTF-8"
            )
        else:
            message = _(
                "the file looks like {codec} text but is not valid {codec} (offset {offset}); "
                "save the file as CSV UTF-8"
            )
        raise CsvDecodeError(message.format(codec=codec.upper(), offset=exc.start)) from None
    if "\x00" in text:
        raise CsvDecodeError(_("not a CSV file: it holds binary data (NUL characters)"))
    return text


def _size(size: int, *, up: bool) -> str:
    """MB to a tenth (KB below one MB), the file's size rounded up and the limit's down,
    so a file just over the limit never reads as the same size as the limit.
    """
    unit, name = (1024 * 1024, "MB") if size >= 1024 * 1024 else (1024, "KB")
    tenths = size * 10 / unit if name == "MB" else size / unit
    rounded = math.ceil(tenths) if up else math.floor(tenths)
    # The number as the reader writes it ("20.5 MB" / "20,5 MB"); kilobytes stay below 1024.
    return f"{format_decimal(rounded / 10 if name == 'MB' else rounded, 1)} {name}"
