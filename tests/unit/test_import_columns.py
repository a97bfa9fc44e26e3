"""Reading a file for an import: column by column, a chunk of rows at a time, each distinct cell
parsed once, with the same rows, the same problems and the same fingerprints as row by row."""

from __future__ import annotations

import datetime as dt

from formats import csvcodec
from formats.csvcodec import Fingerprints, HeaderError, read_columns, row_fingerprint
from scoring import default_rubric

RUBRIC = default_rubric()
HEADER = [c for c in csvcodec.columns(RUBRIC) if c not in csvcodec.COMPUTED_COLUMNS]


def _file(rows: list[dict[str, str]], header: list[str] = HEADER) -> str:
    out = [",".join(header)]
    for given in rows:
        cells = dict.fromkeys(header, "") | dict.fromkeys(RUBRIC.keys, "yes")
        cells |= {"account": "Ann", "date": "2026-01-05", "kind": "screen", "gut": "hell_yes"} | given
        out.append(",".join(cells[c] for c in header))
    return "\r\n".join(out) + "\r\n"


def _read(text: str, size: int) -> tuple[list[tuple[int, csvcodec.Row]], list[csvcodec.RowError]]:
    rows: list[tuple[int, csvcodec.Row]] = []
    errors: list[csvcodec.RowError] = []
    for chunk in read_columns(text, RUBRIC, today=dt.date(2026, 6, 1), size=size):
        if chunk.header_error is not None:
            return [], [chunk.header_error]
        rows.extend(zip(chunk.line, chunk.rows(), strict=True))
        errors.extend(chunk.errors)
    return rows, errors


def test_the_same_bad_cell_on_two_lines_is_reported_on_both() -> None:
    text = _file([{"payment": "maybe"}, {}, {"payment": "maybe", "date": "2026-13-01"}])

    rows, errors = csvcodec.read_numbered_rows(text, RUBRIC)

    assert [line for line, _ in rows] == [3]
    assert [(e.line, e.column) for e in errors] == [(2, "payment"), (4, "date"), (4, "payment")]
    assert errors[0].message == errors[2].message


def test_chunks_of_any_size_read_the_same_rows_and_problems() -> None:
    rows = [
        {"account": "Bo", "kind": "checkin", "gut": ""},
        {"gut": ""},  # line 3: a screen with no gut call
        {"date": "2026-07-01"},  # line 4: after today
        {"account": "Zoë", "note": '"two\nlines"', "invoice_days_late": "12", "leadership_change": "yes"},
        {"stage": "client", "respect": "3"},  # line 7, after the note's two lines
    ]
    too_long = "Ann," + "x" * 200_000  # line 8: more than the csv module takes in one cell
    text = _file(rows) + too_long + "\r\n"

    whole = _read(text, 10_000)

    assert [line for line, _ in whole[0]] == [2, 5, 7]
    assert [e.line for e in whole[1]] == [3, 4, 8]
    assert "cannot read the file from here on" in whole[1][-1].message
    for size in (1, 2, 3):
        assert _read(text, size) == whole


def test_a_screen_in_a_later_chunk_without_a_gut_column_is_a_header_problem() -> None:
    header = [c for c in HEADER if c != "gut"]
    rows = [{"kind": "checkin"}] * 3 + [{"kind": "screen"}]

    _, errors = _read(_file(rows, header), size=2)

    assert len(errors) == 1 and isinstance(errors[0], HeaderError)
    assert "missing columns: gut" in errors[0].message


def test_fingerprints_from_columns_are_the_fingerprints_of_the_rows() -> None:
    text = _file(
        [
            {},
            {"account": 'Zoë "Z" Łukasz', "note": '"crlf\r\nand cr\rand é"', "invoice_days_late": "0"},
            {"kind": "checkin", "gut": "", "leadership_change": "no", "missed_meetings": "3"},
            {"gut": "hell_no", "note": "'=formula-looking"},
        ]
    )
    fingerprints = Fingerprints(RUBRIC.keys)
    (chunk,) = list(read_columns(text, RUBRIC))

    found = [
        fingerprints.of(account, day, kind, gut, answers, signals, note)
        for account, day, kind, gut, answers, signals, note in zip(
            chunk.account,
            chunk.taken_on,
            chunk.kind,
            chunk.gut,
            chunk.answers,
            chunk.signals,
            chunk.note,
            strict=True,
        )
    ]

    assert len(found) == 4
    assert found == [row_fingerprint(row) for row in chunk.rows()]
