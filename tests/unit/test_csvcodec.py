"""The assessment CSV: what goes out comes back in, bad rows are named, nothing runs as a formula."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from scoring import Answer, Assessment, Kind, Signals, Stage, StatusRules, Verdict, default_rubric, evaluate
from scoring.csvcodec import (
    COMPUTED_COLUMNS,
    COUNT_MAX,
    NO_BASELINE,
    SIGNAL_COLUMNS,
    HeaderError,
    Row,
    RowError,
    Scored,
    columns,
    decode,
    read_numbered_rows,
    read_rows,
    score_rows,
    status_window,
    to_assessment,
    write_rows,
)
from scoring.status import Status, client_status

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
    text = write_rows([Scored(ROWS[1], result, Status.LET_GO, "payment"), Scored(ROWS[0], None)], RUBRIC)

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

    assert errors == [RowError(3, "kind", NO_BASELINE)]
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
    base = Assessment(
        kind=Kind.SCREEN,
        taken_on=day,
        gut=Verdict.HELL_YES,
        answers=baseline,
        rubric_key="t",
        rubric_version=1,
    )
    history = []
    for gap, answered in checkins:
        day += dt.timedelta(days=gap)
        history.append(
            Assessment(kind=Kind.CHECKIN, taken_on=day, answers=answered, rubric_key="t", rubric_version=1)
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
