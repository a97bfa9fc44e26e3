"""The assessment CSV: what goes out comes back in, bad rows are named, nothing runs as a formula."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from formats.csvcodec import (
    ACCOUNT_EXPORT_COLUMNS,
    COMPUTED_COLUMNS,
    COUNT_COLUMNS,
    COUNT_MAX,
    EVIDENCE_EXPORT_COLUMNS,
    MAX_IMPORT_BYTES,
    NO_BASELINE,
    SIGNAL_COLUMNS,
    CsvDecodeError,
    HeaderError,
    HeaderIssue,
    Row,
    RowError,
    Scored,
    check_import,
    columns,
    decimal_mark,
    decode,
    read_numbered_rows,
    read_rows,
    row_fingerprint,
    score_rows,
    sniff_separator,
    to_assessment,
    to_excel_bytes,
    write_accounts,
    write_evidence,
    write_rows,
)
from scoring import Answer, Kind, Signals, Stage, StatusRules, Verdict, default_rubric, evaluate
from scoring.status import Status, client_status, status_window
from tests import factories

RUBRIC = default_rubric()
KEYS = RUBRIC.keys
DANGEROUS_STARTS = tuple("=+-@\t\r\n＝＋－＠")


def answers(default: Answer = Answer.HELL_YES, **overrides: Answer) -> dict[str, Answer]:
    return {key: overrides.get(key, default) for key in KEYS}


def make_row(**fields: object) -> Row:
    values: dict[str, object] = {
        "account": "Acme",
        "taken_on": dt.date(2025, 3, 1),
        "kind": Kind.SCREEN,
        "gut": Verdict.HELL_YES,
        "answers": answers(),
    }
    values.update(fields)
    return Row.model_validate(values)


def header(sep: str = ",", drop: tuple[str, ...] = ()) -> str:
    names = [c for c in columns(RUBRIC) if c not in COMPUTED_COLUMNS and c not in drop]
    return sep.join(names)


def line(
    account: str = "Acme",
    *,
    date: str = "2025-03-01",
    kind: str = "screen",
    gut: str = "hell_yes",
    cells: dict[str, str] | None = None,
    note: str = "",
    sep: str = ",",
) -> str:
    """One data line under `header()`: every answer hell_yes unless `cells` says otherwise."""
    values = {key: "hell_yes" for key in KEYS} | (cells or {})
    answer_cells = [values[key] for key in KEYS]
    signal_cells = [values.get(name, "") for name in SIGNAL_COLUMNS]
    stage = values.get("stage", "prospect")
    return sep.join([account, stage, date, kind, gut, *answer_cells, *signal_cells, note])


def written_cells(text: str, sep: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))


# --- round trip --------------------------------------------------------------------------


ROWS = [
    make_row(),
    make_row(
        account="Beta & Zoë BV",
        stage=Stage.CLIENT,
        taken_on=dt.date(2025, 4, 30),
        kind=Kind.CHECKIN,
        gut=None,
        answers=answers(Answer.UNSURE, payment=Answer.HELL_NO, respect=Answer.NO),
        invoice_days_late=12,
        out_of_scope_requests=0,
        missed_meetings=3,
        after_hours_demands=None,
        leadership_change=True,
        note='They said "next week", again.\nSecond line; with, separators',
    ),
    make_row(account="Gamma", kind=Kind.CHECKIN, gut=Verdict.HELL_NO, leadership_change=False),
]


@pytest.mark.parametrize("sep", [",", ";"])
def test_an_export_reads_back_as_the_same_rows(sep: str) -> None:
    text = write_rows([(row, evaluate(RUBRIC, row.answers, row.gut)) for row in ROWS], RUBRIC, sep)

    rows, errors = read_rows(text, RUBRIC)

    assert errors == []
    assert rows == ROWS


def test_a_semicolon_file_is_written_with_semicolons_for_dutch_excel() -> None:
    text = write_rows([(ROWS[0], None)], RUBRIC, ";")

    first_line = text.splitlines()[0]
    assert first_line.split(";") == list(columns(RUBRIC))
    assert "," not in first_line


def test_columns_follow_the_fixed_order_with_dimensions_in_rubric_order() -> None:
    assert columns(RUBRIC) == (
        "account", "stage", "date", "kind", "gut",
        "negotiation_tone", "price_pushback", "champion", "responsiveness", "payment",
        "scope", "style_fit", "respect", "work_joy", "business_health",
        "invoice_days_late", "out_of_scope_requests", "missed_meetings", "after_hours_demands",
        "leadership_change", "note", "score", "verdict", "status", "reason",
    )  # fmt: skip


def test_a_row_and_result_pair_fills_score_and_verdict_and_leaves_status_reason_empty() -> None:
    knockout = make_row(account="Knock", answers=answers(respect=Answer.NO))
    text = write_rows([(r, evaluate(RUBRIC, r.answers, r.gut)) for r in (ROWS[0], knockout)], RUBRIC)

    cells = written_cells(text)
    at = {name: i for i, name in enumerate(cells[0])}
    assert [(c[at["score"]], c[at["verdict"]]) for c in cells[1:]] == [
        ("100", "hell_yes"),
        ("92.5", "hell_no"),
    ]
    assert {c[at["status"]] + c[at["reason"]] for c in cells[1:]} == {""}


def test_a_scored_row_fills_status_and_reason_too() -> None:
    result = evaluate(RUBRIC, ROWS[1].answers)
    text = write_rows(
        [
            Scored(ROWS[1], result.score, result.verdict, Status.LET_GO, "payment"),
            Scored(ROWS[0], None, None),
        ],
        RUBRIC,
    )

    cells = written_cells(text)
    at = {name: i for i, name in enumerate(cells[0])}
    assert [[c[at[name]] for name in COMPUTED_COLUMNS] for c in cells[1:]] == [
        ["42.5", "hell_no", "let_go", "payment"],  # 17 of 40 points
        ["", "", "", ""],
    ]


def test_numbered_rows_carry_the_line_each_row_starts_on() -> None:
    text = "\n".join([header(), line("A", note='"two\nlines"'), line("B", date="bad"), line("C")])

    numbered, errors = read_numbered_rows(text, RUBRIC)

    assert [(n, r.account) for n, r in numbered] == [(2, "A"), (5, "C")]
    assert [(e.line, e.column) for e in errors] == [(4, "date")]


def test_every_count_a_row_accepts_fits_the_signals_of_an_assessment() -> None:
    row = make_row(kind=Kind.CHECKIN, invoice_days_late=COUNT_MAX, leadership_change=True)

    assert to_assessment(row, RUBRIC).signals == Signals(invoice_days_late=COUNT_MAX, leadership_change=True)
    with pytest.raises(ValidationError):
        Signals(invoice_days_late=COUNT_MAX + 1)
    _, errors = read_rows(header() + "\n" + line(cells={"missed_meetings": str(COUNT_MAX + 1)}), RUBRIC)
    assert [(e.column, e.message) for e in errors] == [
        ("missed_meetings", f"{COUNT_MAX + 1} is too large; the most is {COUNT_MAX}")
    ]


def test_score_rows_judges_each_checkin_on_its_account_history_in_date_order() -> None:
    day = dt.date(2025, 1, 1)
    rows = [
        (2, make_row(kind=Kind.CHECKIN, gut=None, taken_on=day + dt.timedelta(days=60))),
        (3, make_row(account="Other", kind=Kind.CHECKIN, gut=None, taken_on=day)),
        (4, make_row(taken_on=day)),
        (
            5,
            make_row(
                kind=Kind.CHECKIN,
                gut=None,
                taken_on=day + dt.timedelta(days=30),
                answers=answers(payment=Answer.NO),
            ),
        ),
    ]

    scored, errors = score_rows(rows, RUBRIC, day + dt.timedelta(days=120))

    assert errors == [RowError(3, "kind", str(NO_BASELINE))]
    assert [(s.row.taken_on.month, s.status, s.reason) for s in scored] == [
        (3, Status.STALE, None),  # the newest row, judged as of today: 60 days without a check-in
        (1, None, None),  # a hell-yes screen: no status, no reason
        (1, Status.WATCH, "payment"),  # judged as of its own date: never stale
    ]


ANSWER_SETS = st.fixed_dictionaries({key: st.sampled_from(list(Answer)) for key in KEYS})


@settings(max_examples=150, deadline=None)
@given(
    streak=st.integers(1, 4),
    baseline=ANSWER_SETS,
    checkins=st.lists(st.tuples(st.integers(0, 40), ANSWER_SETS), min_size=1, max_size=7),
    idle=st.integers(0, 90),
)
def test_client_status_looks_no_further_back_than_the_status_window(
    streak: int, baseline: dict[str, Answer], checkins: list[tuple[int, dict[str, Answer]]], idle: int
) -> None:
    """`score_rows` passes only the latest check-ins; the status must be the same as with all."""
    rubric = RUBRIC.model_copy(update={"status": StatusRules(let_go_hell_no_streak=streak)})
    day = dt.date(2024, 1, 1)
    base = factories.assessment(day, answers=baseline, rubric_key="t", rubric_version=1)
    history = []
    for gap, answered in checkins:
        day += dt.timedelta(days=gap)
        history.append(
            factories.assessment(day, kind=Kind.CHECKIN, answers=answered, rubric_key="t", rubric_version=1)
        )
    today = day + dt.timedelta(days=idle)

    full = client_status(rubric, base, history, today)

    assert client_status(rubric, base, history[-status_window(rubric) :], today) == full


def test_a_utf8_bom_does_not_hide_the_account_column() -> None:
    text = "\ufeff" + header() + "\n" + line("Bom Corp") + "\n"

    rows, errors = read_rows(text, RUBRIC)

    assert errors == []
    assert [r.account for r in rows] == ["Bom Corp"]


def test_bytes_from_excel_on_windows_decode_as_cp1252_and_utf8_bom_is_dropped() -> None:
    assert decode("Café;x".encode("cp1252")) == "Café;x"
    assert decode("\ufeffCafé".encode()) == "Café"


def test_answers_given_as_points_read_as_words() -> None:
    points = {key: str(i % 5) for i, key in enumerate(KEYS)}
    rows, errors = read_rows(header() + "\n" + line(cells=points) + "\n", RUBRIC)

    assert errors == []
    assert [rows[0].answers[k].points for k in KEYS] == [i % 5 for i in range(len(KEYS))]


def test_computed_columns_on_input_are_ignored() -> None:
    text = header() + ",score,verdict,status,reason\n" + line() + ",3,hell_no,nonsense,whatever\n"

    rows, errors = read_rows(text, RUBRIC)

    assert errors == []
    assert len(rows) == 1


def test_blank_lines_are_skipped_but_still_counted() -> None:
    text = header() + "\n\n" + line("A") + "\n,,,\n" + line("B", date="nope") + "\n"

    rows, errors = read_rows(text, RUBRIC)

    assert [r.account for r in rows] == ["A"]
    assert [(e.line, e.column) for e in errors] == [(5, "date")]


# --- line numbers and bad rows ---------------------------------------------------------------


def test_a_note_spanning_lines_keeps_line_numbers_physical() -> None:
    text = "\n".join(
        [
            header(),  # line 1
            line("A", note='"first\nsecond\nthird"'),  # lines 2-4
            line("B", cells={"payment": "maybe"}),  # line 5
            line("C", cells={"scope": "lots"}, note='"one\r\ntwo"'),  # lines 6-7, reported where it starts
            line("D", cells={"respect": "9"}),  # line 8
        ]
    )

    rows, errors = read_rows(text, RUBRIC)

    assert [r.note for r in rows] == ["first\nsecond\nthird"]
    assert [(e.line, e.column) for e in errors] == [(5, "payment"), (6, "scope"), (8, "respect")]


def test_a_bad_row_reports_every_problem_by_line_and_column_and_good_rows_survive() -> None:
    text = "\n".join(
        [
            header(),
            line("Good one"),
            line(
                "",
                date="2025-02-30",
                kind="meeting",
                cells={"payment": "maybe", "missed_meetings": "-1", "leadership_change": "perhaps"},
            ),
            line("Good two"),
        ]
    )

    rows, errors = read_rows(text, RUBRIC)

    assert [r.account for r in rows] == ["Good one", "Good two"]
    assert [(e.line, e.column) for e in errors] == [
        (3, "account"),
        (3, "date"),
        (3, "kind"),
        (3, "payment"),
        (3, "missed_meetings"),
        (3, "leadership_change"),
    ]


def test_an_error_reads_as_line_column_and_what_to_do() -> None:
    text = (
        header() + "\n" + "\n".join(line(str(n)) for n in range(5)) + "\n" + line(cells={"payment": "maybe"})
    )

    _, errors = read_rows(text, RUBRIC)

    assert [str(e) for e in errors] == [
        "line 7, column payment: 'maybe' is not an answer; "
        "use one of hell_no, no, unsure, yes, hell_yes or 0-4"
    ]


def test_a_screen_without_a_gut_call_is_refused_but_a_checkin_needs_none() -> None:
    text = "\n".join([header(), line("S", gut=""), line("C", kind="checkin", gut="")])

    rows, errors = read_rows(text, RUBRIC)

    assert [r.account for r in rows] == ["C"]
    assert [(e.line, e.column) for e in errors] == [(2, "gut")]


@pytest.mark.parametrize("bad_date", ["01/03/2025", "20250301", "2025-W09-6", "2025-3-1", ""])
def test_dates_must_be_iso_calendar_dates(bad_date: str) -> None:
    _, errors = read_rows(header() + "\n" + line(date=bad_date), RUBRIC)

    assert [(e.line, e.column) for e in errors] == [(2, "date")]


def test_a_row_dated_after_today_is_refused() -> None:
    text = "\n".join([header(), line("Past", date="2025-03-01"), line("Future", date="2025-03-02")])

    rows, errors = read_rows(text, RUBRIC, today=dt.date(2025, 3, 1))

    assert [r.account for r in rows] == ["Past"]
    assert [(e.line, e.column) for e in errors] == [(3, "date")]
    assert "after today" in errors[0].message


def test_a_row_with_more_cells_than_the_header_is_refused() -> None:
    _, errors = read_rows(header() + "\n" + line(note="a") + ",b,c", RUBRIC)

    assert len(errors) == 1
    assert errors[0].line == 2
    assert "header names 21 columns" in errors[0].message


# --- header ------------------------------------------------------------------------------


def test_missing_columns_give_one_header_error_naming_missing_and_unknown() -> None:
    names = ["scoop" if name == "scope" else name for name in header(drop=("payment", "respect")).split(",")]
    text = ",".join(names) + "\n" + line() + "\n"

    rows, errors = read_rows(text, RUBRIC)

    assert rows == []
    assert errors == [
        HeaderError(1, "", "missing columns: payment, scope, respect; unknown columns: scoop"),
    ]


def test_gut_column_is_required_only_when_the_file_holds_a_screen() -> None:
    no_gut = header(drop=("gut",))
    checkin = line(kind="checkin").replace(",checkin,hell_yes,", ",checkin,", 1)
    screen = line(kind="screen").replace(",screen,hell_yes,", ",screen,", 1)

    checkins_only, checkin_errors = read_rows(no_gut + "\n" + checkin, RUBRIC)
    _, screen_errors = read_rows(no_gut + "\n" + checkin + "\n" + screen, RUBRIC)

    assert checkin_errors == [] and len(checkins_only) == 1
    assert [str(e) for e in screen_errors] == ["line 1: missing columns: gut"]


def test_an_empty_file_is_a_header_error() -> None:
    rows, errors = read_rows("", RUBRIC)

    assert rows == []
    assert len(errors) == 1 and isinstance(errors[0], HeaderError)


def test_a_header_error_keeps_each_problem_as_a_value_naming_its_columns() -> None:
    # A column name holding `;` must stay one name, however a reader lays the problems out.
    names = ['"pay;ment"' if name == "payment" else name for name in header().split(",")]

    _, errors = read_rows(",".join(names) + "\n" + line() + "\n", RUBRIC)

    [error] = errors
    assert isinstance(error, HeaderError)
    assert [(p.issue, p.names) for p in error.problems] == [
        (HeaderIssue.MISSING, ("payment",)),
        (HeaderIssue.UNKNOWN, ("pay;ment",)),
    ]
    assert str(error) == "line 1: missing columns: payment; unknown columns: pay;ment"


def test_a_file_of_blank_lines_says_it_is_empty_and_which_columns_come_first() -> None:
    _, errors = read_rows("\n \n\t\n", RUBRIC)

    [error] = errors
    assert isinstance(error, HeaderError)
    assert [p.issue for p in error.problems] == [HeaderIssue.EMPTY, HeaderIssue.NO_HEADER]
    expected = ", ".join(columns(RUBRIC)[:6])
    assert str(error) == f"line 1: the file is empty; the first line must name the columns ({expected}, ...)"


def test_header_names_are_matched_without_regard_to_case_or_spaces() -> None:
    shouted = ",".join(f" {name.upper()} " for name in header().split(","))

    rows, errors = read_rows(shouted + "\n" + line(), RUBRIC)

    assert errors == [] and len(rows) == 1


# --- formula safety ----------------------------------------------------------------------

PAYLOADS = [
    "=1+1",
    "@SUM(A1)",
    "+cmd",
    "-2+3",
    "\t=x",
    "\r=x",
    "\n=x",
    "＝1",
    "＋1",
    "－1",
    "＠x",
    "'=x",
    "''+y",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_payloads_never_start_a_written_cell_and_read_back_as_typed(payload: str) -> None:
    row = make_row(account="Acme " + payload, note=payload)
    leading = make_row(account=payload.strip() or "x", note=payload + " tail")
    text = write_rows([(row, None), (leading, None)], RUBRIC)

    for cells in written_cells(text):
        for cell in cells:
            assert not cell.startswith(DANGEROUS_STARTS), repr(cell)
    rows, errors = read_rows(text, RUBRIC)
    assert errors == []
    assert rows == [row, leading]


def test_numbers_are_written_plain_without_a_quote() -> None:
    row = make_row(invoice_days_late=7, missed_meetings=0)
    cells = written_cells(write_rows([(row, evaluate(RUBRIC, row.answers, row.gut))], RUBRIC))
    at = {name: i for i, name in enumerate(cells[0])}

    assert (cells[1][at["invoice_days_late"]], cells[1][at["missed_meetings"]]) == ("7", "0")
    assert cells[1][at["score"]] == "100"


def test_a_quote_typed_in_front_of_plain_text_is_kept() -> None:
    row = make_row(note="'tis fine")

    rows, _ = read_rows(write_rows([(row, None)], RUBRIC), RUBRIC)

    assert rows[0].note == "'tis fine"


def test_a_cell_quoted_by_a_spreadsheet_loses_the_quote_on_import() -> None:
    rows, errors = read_rows(header() + "\n" + line("'=Acme", note="'@home"), RUBRIC)

    assert errors == []
    assert (rows[0].account, rows[0].note) == ("=Acme", "@home")


def test_row_error_without_a_column_names_only_the_line() -> None:
    assert str(RowError(3, "", "too many cells")) == "line 3: too many cells"


# --- encodings and separators ------------------------------------------------------------

MATRIX_ROWS = [
    make_row(account="Zoë & Jürgen", note="café at 7 € a cup"),
    make_row(
        account="Brasserie Ærø; the “quiet” one",
        stage=Stage.CLIENT,
        taken_on=dt.date(2025, 4, 2),
        kind=Kind.CHECKIN,
        gut=None,
        answers=answers(Answer.YES, payment=Answer.NO),
        invoice_days_late=4,
        leadership_change=False,
        note='Naïve "plan", again\nsecond line | with\ttab',
    ),
    make_row(account="=Formula BV", taken_on=dt.date(2025, 4, 3), note="-42 days"),
]


def utf16_le_with_bom(text: str) -> bytes:
    return codecs.BOM_UTF16_LE + text.encode("utf-16-le")


def utf16_be_with_bom(text: str) -> bytes:
    return codecs.BOM_UTF16_BE + text.encode("utf-16-be")


ENCODERS: dict[str, Callable[[str], bytes]] = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8 with BOM": lambda text: text.encode("utf-8-sig"),
    "utf-16 LE with BOM": utf16_le_with_bom,
    "utf-16 BE with BOM": utf16_be_with_bom,
    "utf-16 LE without BOM": lambda text: text.encode("utf-16-le"),
    "windows-1252": lambda text: text.encode("cp1252"),
    "excel download": to_excel_bytes,
}


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
@pytest.mark.parametrize("encoding", list(ENCODERS))
def test_the_same_rows_saved_in_any_encoding_and_separator_import_identically(
    encoding: str, sep: str
) -> None:
    data = ENCODERS[encoding](write_rows([(row, None) for row in MATRIX_ROWS], RUBRIC, sep))

    text = check_import(data)
    rows, errors = read_rows(text, RUBRIC)

    assert sniff_separator(text) == sep
    assert errors == []
    assert rows == MATRIX_ROWS


@pytest.mark.parametrize("encoding", [e for e in ENCODERS if e != "windows-1252"])
def test_characters_windows_1252_lacks_survive_every_unicode_encoding(encoding: str) -> None:
    row = make_row(account="Ĳsselmeer Ĳs", note="Łódź, 東京, 🦀, ŉ")

    rows, errors = read_rows(decode(ENCODERS[encoding](write_rows([(row, None)], RUBRIC, ";"))), RUBRIC)

    assert errors == []
    assert rows == [row]


BAD_CELLS: list[dict[str, str]] = [
    {"date": "2025-13-01"},
    {"payment": "maybe"},
    {"account": ""},
    {"missed_meetings": "-1"},
    {"kind": "lunch"},
    {"leadership_change": "perhaps"},
]


def handwritten_line(index: int, bad: dict[str, str], sep: str) -> str:
    account = bad.get("account", f"Client {index} – Zoë")
    cells = {k: v for k, v in bad.items() if k not in ("account", "date", "kind")}
    return line(
        account,
        date=bad.get("date", "2025-03-01"),
        kind=bad.get("kind", "screen"),
        cells=cells,
        note=f'"note {index}{sep} with the separator\nand a second line"' if index % 3 == 0 else "",
        sep=sep,
    )


@pytest.mark.parametrize("sep", [",", ";"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8 with BOM", "utf-16 LE with BOM", "windows-1252"])
@pytest.mark.parametrize("bad_at", [(), (4,), (1, 2, 7), (0, 3, 5, 6, 8, 9)])
def test_a_file_with_k_bad_rows_imports_the_others_and_names_exactly_the_k_lines(
    bad_at: tuple[int, ...], encoding: str, sep: str
) -> None:
    n = 10
    physical = [header(sep)]
    expected_bad_lines = []
    for index in range(n):
        if index in bad_at:
            expected_bad_lines.append(len("\n".join(physical).split("\n")) + 1)
        bad = BAD_CELLS[index % len(BAD_CELLS)] if index in bad_at else {}
        physical.append(handwritten_line(index, bad, sep))
    data = ENCODERS[encoding]("\r\n".join(physical) + "\r\n")

    rows, errors = read_rows(check_import(data), RUBRIC)

    assert len(rows) == n - len(bad_at)
    assert sorted({e.line for e in errors}) == expected_bad_lines
    assert len(errors) == len(bad_at)  # one problem per bad row, each named once
    assert [r.account for r in rows] == [f"Client {i} – Zoë" for i in range(n) if i not in bad_at]


@pytest.mark.parametrize(
    ("first_line", "sep"),
    [
        ("account,stage,date", ","),
        ("account;stage;date", ";"),
        ("account\tstage\tdate", "\t"),
        ("account|stage|date", "|"),
        ('"account;x","stage|y","date\tz"', ","),  # separators inside quotes do not count
        ('account;"a,b,c,d,e";date', ";"),
        ("\n\n  \naccount|date|kind", "|"),  # blank lines before the header are skipped
        ("Account ; Stage ; DATE", ";"),
        ("", ","),
        ("one column", ","),
    ],
)
def test_the_separator_is_the_one_that_splits_the_header_into_known_names(first_line: str, sep: str) -> None:
    assert sniff_separator(first_line + "\nx,y;z|w\tv\n") == sep


def test_a_tab_separated_file_with_the_rubric_dimensions_reads_with_tabs() -> None:
    text = header("\t") + "\n" + line("Tabbed, Inc; yes", sep="\t") + "\n"

    rows, errors = read_rows(text, RUBRIC)

    assert errors == []
    assert [r.account for r in rows] == ["Tabbed, Inc; yes"]


# --- decoding and the upload check -------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00", "not a CSV file: it is an Excel workbook"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a CSV file: it is a PNG image"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "not a CSV file: it is an old Excel (.xls)"),
        (b"SQLite format 3\x00\x10\x00", "not a CSV file: it is an SQLite database"),
        (b"%PDF-1.7\n", "not a CSV file: it is a PDF document"),
        (b"account,date\n\x00\x01\x02\x03binary", "not a CSV file: it holds binary data"),
        (bytes(range(256)) * 4, "not a CSV file: it holds binary data"),
        (b"account,date\n\x81\x8d\x8f", "not UTF-8, UTF-16 or Windows-1252 text (byte 0x81 at offset 13)"),
        (codecs.BOM_UTF8 + b"account\xff", "starts with a UTF-8 byte-order mark but is not valid UTF-8"),
        (codecs.BOM_UTF16_LE + b"a\x00\x00\x00", "not a CSV file: it holds binary data (NUL characters)"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8a\x00", "not valid UTF-16-LE"),  # a lone surrogate
    ],
)
def test_what_is_not_csv_text_gets_one_clear_message(data: bytes, message: str) -> None:
    with pytest.raises(CsvDecodeError) as caught:
        decode(data)

    assert message in str(caught.value)
    with pytest.raises(CsvDecodeError):
        check_import(data)


def test_utf32_with_a_byte_order_mark_is_not_mistaken_for_utf16() -> None:
    assert decode("account;Zoë".encode("utf-32")) == "account;Zoë"


def test_an_upload_over_the_limit_is_refused_with_its_size_and_the_limit() -> None:
    with pytest.raises(CsvDecodeError) as caught:
        check_import(b"a" * (MAX_IMPORT_BYTES + 1))

    assert str(caught.value) == "the file is 20.1 MB; the limit is 20 MB"
    assert MAX_IMPORT_BYTES == 20 * 1024 * 1024


def test_the_limit_can_be_set_and_a_file_at_the_limit_passes() -> None:
    data = (header() + "\n" + line() + "\n").encode()

    assert check_import(data, limit=len(data)) == data.decode()
    with pytest.raises(CsvDecodeError, match=r"^the file is 98 KB; the limit is 97 KB$"):
        check_import(b"x" * 100_001, limit=100_000)  # the size rounded up, the limit down
    with pytest.raises(CsvDecodeError, match=r"^the file is 3 MB; the limit is 2 MB$"):
        check_import(b"x" * 3 * 1024 * 1024, limit=2 * 1024 * 1024)


@pytest.mark.parametrize("data", [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b" \r\n\r\n", b"\t\n"])
def test_an_empty_upload_is_refused_as_empty(data: bytes) -> None:
    with pytest.raises(CsvDecodeError, match=r"^the file is empty; "):
        check_import(data)


def test_a_download_is_utf8_with_one_byte_order_mark() -> None:
    text = write_rows([(MATRIX_ROWS[0], None)], RUBRIC, ";")

    data = to_excel_bytes(text)

    assert data.startswith(codecs.BOM_UTF8) and not data[3:].startswith(codecs.BOM_UTF8)
    assert to_excel_bytes("\ufeff" + text) == data
    assert data[3:].decode("utf-8") == text
    assert decode(data) == text


# --- accounts and evidence downloads -----------------------------------------------------


def test_the_accounts_download_has_its_documented_columns_in_order() -> None:
    assert ACCOUNT_EXPORT_COLUMNS == (
        "account_id", "account", "company", "stage", "deal_value", "signed_on", "ended_on",
        "outcome", "assessments", "last_date", "score", "verdict", "status", "reason", "weekly_hours",
        "outcome_note", "created_at", "account_uid",
    )  # fmt: skip
    assert EVIDENCE_EXPORT_COLUMNS == ("account", "date", "note", "account_uid")


def test_a_semicolon_file_writes_decimal_commas_for_dutch_spreadsheets() -> None:
    row = {"account": "Zoë", "deal_value": Decimal("15000.50"), "assessments": 4, "score": 62.56}
    text = write_accounts([row], ";")
    cells = text.split("\r\n")[1].split(";")
    values = dict(zip(ACCOUNT_EXPORT_COLUMNS, cells, strict=True))
    # Quoted because a comma is a break character; a spreadsheet reads the quotes off.
    assert (values["deal_value"], values["score"], values["assessments"]) == ('"15000,50"', '"62,5"', "4")
    assert decimal_mark(";") == "," and decimal_mark(",") == "." and decimal_mark("\t") == "."


def test_an_account_row_is_written_with_iso_dates_plain_numbers_and_empty_nones() -> None:
    account = {
        "account_id": 12,
        "account": "Zoë Design",
        "company": None,
        "stage": Stage.CLIENT,
        "deal_value": Decimal("15000.00"),
        "signed_on": dt.date(2024, 11, 5),
        "outcome": None,
        "assessments": 4,
        "last_date": dt.date(2025, 3, 1),
        "score": 62.5,
        "verdict": Verdict.HELL_NO,
        "status": Status.WATCH,
        "reason": "payment",
        "not_a_column": "ignored",
    }

    text = write_accounts([account, {"account": "Bare"}], ",")

    assert text.split("\r\n") == [
        ",".join(ACCOUNT_EXPORT_COLUMNS),
        "12,Zoë Design,,client,15000.00,2024-11-05,,,4,2025-03-01,62.5,hell_no,watch,payment,,,,",
        ",Bare,,,,,,,,,,,,,,,,",
        "",
    ]


def test_the_evidence_log_is_written_in_the_order_given_with_iso_dates() -> None:
    entries = [("Zoë", dt.date(2025, 2, 1), "late, again;\nsecond line"), ("Acme", dt.date(2024, 12, 31), "")]

    cells = written_cells(write_evidence(entries, ";"), ";")

    assert cells == [
        ["account", "date", "note", "account_uid"],
        ["Zoë", "2025-02-01", "late, again;\nsecond line", ""],
        ["Acme", "2024-12-31", "", ""],
    ]


def test_a_separator_other_than_the_four_is_refused_by_every_writer() -> None:
    writers: list[Callable[[str], str]] = [
        lambda sep: write_rows([], RUBRIC, sep),
        lambda sep: write_accounts([], sep),
        lambda sep: write_evidence([], sep),
    ]
    for write in writers:
        with pytest.raises(ValueError, match="separator must be one of"):
            write(":")


# --- fingerprints ------------------------------------------------------------------------

BASE = make_row(
    kind=Kind.CHECKIN,
    gut=Verdict.HELL_NO,
    invoice_days_late=1,
    out_of_scope_requests=2,
    missed_meetings=3,
    after_hours_demands=4,
    leadership_change=False,
    note="Was fine.",
)


def test_a_row_fingerprint_is_a_stable_sha256_that_does_not_change_between_versions() -> None:
    assert row_fingerprint(BASE) == row_fingerprint(BASE.model_copy())
    # Pinned: a new digest for the same row would make a second import add every row again.
    assert row_fingerprint(BASE) == "fd28323e5686899730da1b5d14c3c0f1780fee222429dcb2a68e2532b4fe7d6a"


def variations() -> dict[str, Row]:
    changed: dict[str, Row] = {
        "account": BASE.model_copy(update={"account": "Acme Ltd"}),
        "account case": BASE.model_copy(update={"account": "ACME"}),
        "date": BASE.model_copy(update={"taken_on": dt.date(2025, 3, 2)}),
        "kind": BASE.model_copy(update={"kind": Kind.SCREEN}),
        "gut": BASE.model_copy(update={"gut": Verdict.HELL_YES}),
        "no gut": BASE.model_copy(update={"gut": None}),
        "note": BASE.model_copy(update={"note": "Was fine!"}),
        "empty note": BASE.model_copy(update={"note": ""}),
        "leadership_change": BASE.model_copy(update={"leadership_change": True}),
        "no leadership_change": BASE.model_copy(update={"leadership_change": None}),
    }
    for key in KEYS:
        changed[key] = BASE.model_copy(update={"answers": {**BASE.answers, key: Answer.YES}})
    for name in COUNT_COLUMNS:
        changed[name] = BASE.model_copy(update={name: getattr(BASE, name) + 1})
        changed[f"no {name}"] = BASE.model_copy(update={name: None})
        changed[f"0 {name}"] = BASE.model_copy(update={name: 0})
    return changed


def test_a_row_fingerprint_changes_with_every_field_of_the_assessment() -> None:
    prints = {what: row_fingerprint(row) for what, row in variations().items()}

    assert row_fingerprint(BASE) not in prints.values()
    assert len(set(prints.values())) == len(prints)
    assert all(len(p) == 64 and set(p) <= set("0123456789abcdef") for p in prints.values())


def test_a_row_fingerprint_ignores_the_stage_answer_order_and_line_ending_style() -> None:
    reordered = BASE.model_copy(update={"answers": dict(reversed(BASE.answers.items()))})
    client = BASE.model_copy(update={"stage": Stage.CLIENT})
    crlf = [BASE.model_copy(update={"note": "a\r\nb"}), BASE.model_copy(update={"note": "a\rb"})]

    assert row_fingerprint(reordered) == row_fingerprint(client) == row_fingerprint(BASE)
    assert {row_fingerprint(r) for r in crlf} == {row_fingerprint(BASE.model_copy(update={"note": "a\nb"}))}


@pytest.mark.parametrize("sep", [",", ";"])
def test_an_exported_row_imports_with_the_same_fingerprint_so_a_second_import_adds_nothing(sep: str) -> None:
    rows = [*ROWS, *MATRIX_ROWS, BASE]
    seen = {row_fingerprint(row) for row in rows}

    for encode in (to_excel_bytes, ENCODERS["windows-1252"]):
        data = encode(write_rows([(row, None) for row in rows], RUBRIC, sep))
        imported, errors = read_rows(check_import(data), RUBRIC)
        assert errors == []
        assert [row_fingerprint(row) for row in imported] == [row_fingerprint(row) for row in rows]
        assert {row_fingerprint(row) for row in imported} - seen == set()
