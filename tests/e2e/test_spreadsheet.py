"""Exports opened in a real spreadsheet program: LibreOffice Calc, headless (Debian's libreoffice-calc).

`cli.py export --sep , --out` and `--sep ';'` write the three downloads with
formula-injection payloads in names, companies, notes and evidence, and Dutch characters.
Calc opens every file with every separator (`,` `;` tab `|`, UTF-8): with its own, as a
person would; with another, as Dutch or German Excel opens a `,` file on `;`, which cuts
our cells wherever that separator stands in them. Each opened file is saved as flat ODS
(XML), which records both what every cell shows and whether it is a formula.

- Whatever the separator: no cell may be a formula.
- With the file's own separator: each payload shows as its text (with our `'` quotes,
  or without the leading one, never a computed result) and the Dutch characters are intact.

Canaries prove this Calc runs formulas from a CSV, so the test cannot pass vacuously:
`=1+1` and `=HYPERLINK(...)` written raw run when opened with the file's separator, and a
cell written the way exports were before the fix (`x;=1+1` unquoted in a `,` file) runs
once Calc cuts it at the other separator.

Skipped when LibreOffice is not installed, failed instead under CI=true. Takes some
seconds (one Calc start per separator converts all files); run it alone with
`pytest -m e2e -k spreadsheet`.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from formats.csvcodec import safe_cell
from scoring import AccountDraft, Answer, Assessment, Kind, Signals, Verdict
from storage import Repository, make_engine, upgrade
from tests import factories
from tests.csv_payloads import CROSS_SEPARATOR_PAYLOADS

pytestmark = pytest.mark.e2e

REPO_ROOT = Path(__file__).resolve().parents[2]
CLI = REPO_ROOT / "cli.py"
CONVERT_TIMEOUT_S = 180
TODAY = dt.date(2026, 3, 2)

# What a spreadsheet could run. Each is used as an account name, a company, a note and an
# evidence note; the computed result Calc would show were it run is in the comment.
PAYLOADS = (
    "=1+1",  # 2
    "@SUM(1,2)",  # 3
    "+A1",  # a reference
    "-2+3",  # 1
    '=HYPERLINK("http://example.com/x","click")',  # click
    "=cmd|' /C calc'!A0",  # DDE
    " =2+2",  # a space first (names are stripped of it): "trim spaces" would make it a formula
    "'=1+1",  # an author's own quote
    "＝1+1",  # full-width
    *CROSS_SEPARATOR_PAYLOADS,
)
DUTCH = ("Zoë Bakker", "café De Gouden Leeuw", "€ 1.250,00 per maand — één keer", "Ĳsselmeer")
TEXTS = (*PAYLOADS, *DUTCH)

# Each separator as Calc's CSV filter options name it (the character's code), and as a file name.
SEPARATORS = {",": 44, ";": 59, "\t": 9, "|": 124}
NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
# The language Calc reads numbers in, by separator (Calc's language codes): the `;` download
# writes decimal commas for Dutch spreadsheets, the `,` download decimal points.
LOCALES = {";": 1043, ",": 1033}
WRITTEN_WITH = (",", ";")
DOWNLOADS = ("assessments", "accounts", "evidence")
FORMULA_STARTS = tuple("=+-@\t\r\n＝＋－＠")

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
FORMULA = f"{{{NS['table']}}}formula"
VALUE_TYPE = f"{{{NS['office']}}}value-type"


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        reason = "libreoffice-calc not installed"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: the spreadsheet check must run in CI)", pytrace=False)
        pytest.skip(reason)
    return found


def _screen(note: str) -> Assessment:
    return factories.assessment(TODAY, gut=Verdict.HELL_NO, answer=Answer.YES, note=note)


def _fill(db: Path) -> None:
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)
    repo = Repository(engine)
    texts = TEXTS
    for number, text in enumerate(texts):
        company = texts[(number + 1) % len(texts)]
        note = texts[(number + 2) % len(texts)]
        account_id = repo.screen_prospect(
            AccountDraft(name=text, company=company), _screen(note), key=f"sheet-{number}"
        ).account_id
        repo.add_evidence(account_id, TODAY, texts[(number + 3) % len(texts)], key=f"sheet-e-{number}")
    # A client with signals and a score with a fraction: numbers a spreadsheet must read as numbers.
    repo.sign(account_id, TODAY)
    checkin = factories.assessment(
        TODAY + dt.timedelta(days=30),
        kind=Kind.CHECKIN,
        answer=Answer.YES,
        overrides={"payment": Answer.HELL_YES, "scope": Answer.UNSURE, "respect": Answer.HELL_YES},
        signals=Signals(invoice_days_late=12, out_of_scope_requests=3, missed_meetings=0),
        note=note,  # the account's own note again: its rows read as one pair (`_check_payloads...`)
    )
    repo.add_checkin(account_id, checkin, key="sheet-checkin")
    engine.dispose()


def _export(db: Path, out: Path, what: str, sep: str) -> None:
    args = ["export", "--what", what, "--sep", sep, "--today", TODAY.isoformat(), "--out", str(out)]
    result = subprocess.run(
        [sys.executable, str(CLI), *args],
        capture_output=True,
        text=True,
        env=os.environ | {"THINSLICE_DATABASE_URL": f"sqlite:///{db}"},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")


def _convert(soffice: str, sep: str, files: list[Path], outdir: Path, home: Path) -> float:
    """Open each CSV in Calc as `sep`-separated UTF-8 (what the import dialog offers) and save it
    as flat ODS in `outdir`. Returns the seconds it took."""
    started = dt.datetime.now()
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(home / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            # the separator, text delimiter ", UTF-8 (76), from line 1, Calc's column types, and the
            # language numbers are read in: Dutch (1043) for a `;` file, as Dutch Excel and
            # LibreOffice open our Dutch download, English (US, 1033) for the rest
            f"--infilter=CSV:{SEPARATORS[sep]},34,76,1,,{LOCALES.get(sep, 1033)}",
            "--convert-to",
            "fods",
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        env=os.environ | {"HOME": str(home)},
        timeout=CONVERT_TIMEOUT_S,
        check=False,
    )
    seconds = (dt.datetime.now() - started).total_seconds()
    missing = [f.name for f in files if not (outdir / f"{f.stem}.fods").exists()]
    assert result.returncode == 0 and not missing, f"{missing}\n{result.stdout}\n{result.stderr}"
    return seconds


def _cell_text(cell: ET.Element) -> str:
    """What the cell shows: its paragraphs, with Calc's space, tab and line-break elements."""
    paragraphs = []
    for p in cell.iterfind("text:p", NS):
        parts = [p.text or ""]
        for child in p.iter():
            if child is p:
                continue
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "s":
                parts.append(" " * int(child.get(f"{{{NS['text']}}}c", "1")))
            elif tag == "tab":
                parts.append("\t")
            elif tag == "line-break":
                parts.append("\n")
            else:
                parts.append(child.text or "")
            parts.append(child.tail or "")
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs)


def _sheet(path: Path) -> list[list[ET.Element]]:
    """The first sheet's cells, row by row (repeated empty cells and rows collapsed)."""
    table = ET.parse(path).getroot().find(".//table:table", NS)
    assert table is not None
    rows = []
    for row in table.iterfind(".//table:table-row", NS):
        cells: list[ET.Element] = []
        for cell in row:
            repeat = int(cell.get(f"{{{NS['table']}}}number-columns-repeated", "1"))
            cells.extend([cell] * min(repeat, 64))
        if any(_cell_text(c) or c.get(FORMULA) for c in cells):
            rows.append(cells)
    return rows


def _column(rows: list[list[ET.Element]], name: str) -> list[ET.Element]:
    header = [_cell_text(c) for c in rows[0]]
    at = header.index(name)
    return [row[at] for row in rows[1:]]


def _texts(rows: list[list[ET.Element]], name: str) -> list[str]:
    return [_cell_text(c) for c in _column(rows, name)]


def _formulas(rows: list[list[ET.Element]]) -> list[str]:
    return [_cell_text(c) for row in rows for c in row if c.get(FORMULA) is not None]


def _lines(text: str) -> str:
    """Line breaks as Calc shows them: one paragraph a line, whatever the file had."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _canaries(folder: Path) -> list[Path]:
    """Raw formulas, as no export of ours writes them: for each separator a file with `=1+1` and
    `=HYPERLINK(...)` in cells of their own, and one with `x;=1+1` unquoted in a `,` file (and so
    on for every other separator), which runs only when Calc cuts the cell at that separator."""
    files = []
    for sep in WRITTEN_WITH:
        name = NAMES[sep]
        whole = f'account{sep}note\r\n=1+1{sep}"=HYPERLINK(""http://x"")"\r\n'
        cut = f"account{sep}note\r\n" + "".join(
            f"Acme{sep}x{other}=1+1\r\n" for other in SEPARATORS if other != sep
        )
        for stem, text in ((f"canary-{name}", whole), (f"canary-cut-{name}", cut)):
            files.append(folder / f"{stem}.csv")
            files[-1].write_bytes(b"\xef\xbb\xbf" + text.encode())
    return files


def _check_payloads_shown_as_text(rows: list[list[ET.Element]], what: str, other: str, offset: int) -> None:
    """Opened with its own separator: every name and `other` cell is one payload or Dutch text,
    the right one for its row, with our quotes or without the leading one."""
    # One client has a screen and a check-in with the same note: one pair.
    shown = list(dict.fromkeys(zip(_texts(rows, "account"), _texts(rows, other), strict=True)))
    assert len(shown) == len(TEXTS), shown

    def leading_quote_off(written: str, typed: str) -> str:
        return written[1:] if typed.lstrip("' ").startswith(FORMULA_STARTS) else written

    # Calc either shows our leading ' or takes it off; either way one reading fits every cell.
    # Names and companies are stored stripped of spaces, so a cell may show either form.
    forms = [(form, t) for t in TEXTS for form in (t, t.strip())]
    readings = [
        {_lines(safe_cell(form)): t for form, t in forms},
        {_lines(leading_quote_off(safe_cell(form), form)): t for form, t in forms},
    ]
    reading = next((r for r in readings if all(a in r and b in r for a, b in shown)), None)
    assert reading is not None, f"{what}: cells that are no payload as text: {shown}"
    for account, text in shown:
        number = TEXTS.index(reading[account])
        assert reading[text] == TEXTS[(number + offset) % len(TEXTS)], (what, account, text)


def test_calc_runs_no_exported_cell_whatever_the_separator_and_shows_payloads_as_text(tmp_path: Path) -> None:
    soffice = _soffice()
    db = tmp_path / "sheet.db"
    _fill(db)
    files = []
    for sep in WRITTEN_WITH:
        for what in DOWNLOADS:
            files.append(tmp_path / f"{what}-{NAMES[sep]}.csv")
            _export(db, files[-1], what, sep)
    files += _canaries(tmp_path)

    opened: dict[str, Path] = {}
    for read_with in SEPARATORS:
        opened[read_with] = tmp_path / f"opened-with-{NAMES[read_with]}"
        seconds = _convert(soffice, read_with, files, opened[read_with], tmp_path / "home")
        print(f"LibreOffice opened {len(files)} files with {read_with!r} in {seconds:.1f} s")

    def sheet(read_with: str, stem: str) -> list[list[ET.Element]]:
        return _sheet(opened[read_with] / f"{stem}.fods")

    for read_with in SEPARATORS:
        for sep in WRITTEN_WITH:
            # The canaries: written raw, Calc runs them, so this setup would catch a leak. (Calc's
            # CSV import runs only `=`; Excel also runs `+ - @`, which the export neutralises too.)
            if read_with == sep:
                raw = sheet(read_with, f"canary-{NAMES[sep]}")[1]
                assert raw[0].get(FORMULA) is not None and _cell_text(raw[0]) == "2"
                assert raw[1].get(FORMULA) is not None and _cell_text(raw[1]) == "http://x"
            cut = _formulas(sheet(read_with, f"canary-cut-{NAMES[sep]}"))
            assert cut == ([] if read_with == sep else ["2"]), (NAMES[sep], NAMES[read_with], cut)

            for what in DOWNLOADS:
                formulas = _formulas(sheet(read_with, f"{what}-{NAMES[sep]}"))
                assert formulas == [], (
                    f"{what} written with {sep!r}, opened with {read_with!r}: Calc ran {formulas}"
                )

    for sep in WRITTEN_WITH:
        for what, other, offset in (
            ("assessments", "note", 2),
            ("accounts", "company", 1),
            ("evidence", "note", 3),
        ):
            _check_payloads_shown_as_text(
                sheet(sep, f"{what}-{NAMES[sep]}"), f"{what} ({sep!r})", other, offset
            )
        # Numbers stay numbers: the score and signal columns are numeric in Calc, not text, in the
        # language each file is written for ("62,5" in Dutch Calc, "62.5" in English).
        assessments = sheet(sep, f"assessments-{NAMES[sep]}")
        for column in ("score", "invoice_days_late", "out_of_scope_requests", "missed_meetings"):
            cells = [c for c in _column(assessments, column) if _cell_text(c)]
            assert cells and all(c.get(VALUE_TYPE) == "float" for c in cells), (sep, column)
        values = [float(c.get(f"{{{NS['office']}}}value", "nan")) for c in _column(assessments, "score")]
        assert any(v != int(v) for v in values), (sep, "no score with a fraction to read", values)
