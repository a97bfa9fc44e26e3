"""A file's problems in the reader's language: line and column named in Dutch, keys left English.

(Dutch words need the compiled `nl` catalog.)
"""

from __future__ import annotations

import datetime as dt

from formats import csvcodec
from i18n import use_language
from scoring import Rubric

TODAY = dt.date(2025, 6, 30)


def _file(rubric: Rubric, *rows: str) -> str:
    header = [c for c in csvcodec.columns(rubric) if c not in csvcodec.COMPUTED_COLUMNS]
    return "\n".join([",".join(header), *rows]) + "\n"


def _row(rubric: Rubric, date: str = "2025-03-01", answer: str = "hell_yes", gut: str = "hell_yes") -> str:
    signals = [""] * len(csvcodec.SIGNAL_COLUMNS)
    return ",".join(["Acme", "prospect", date, "screen", gut, *[answer] * len(rubric.keys), *signals, ""])


def test_a_bad_cell_names_line_and_column_in_dutch_and_keeps_the_keys(rubric: Rubric) -> None:
    text = _file(rubric, _row(rubric), _row(rubric, date="2025-13-01"), _row(rubric, gut=""))
    with use_language("nl"):
        _rows, errors = csvcodec.read_rows(text, rubric, today=TODAY)
        lines = [str(error) for error in errors]

    assert lines == [
        "regel 3, kolom date: '2025-13-01' is geen datum; gebruik JJJJ-MM-DD",
        "regel 4, kolom gut: een screening heeft een onderbuikgevoel nodig; gebruik hell_yes of hell_no",
    ]


def test_a_header_that_does_not_fit_is_worded_in_dutch(rubric: Rubric) -> None:
    with use_language("nl"):
        _rows, errors = csvcodec.read_rows(
            "account,stage,date,kind,gut,colour\nA,prospect,2025-01-01,screen,\n", rubric
        )
        line = str(errors[0])

    assert line.startswith("regel 1: ontbrekende kolommen: ")
    assert line.endswith("; onbekende kolommen: colour")


def test_a_file_that_is_no_csv_says_so_in_dutch() -> None:
    with use_language("nl"):
        try:
            csvcodec.check_import(b"%PDF-1.7 ...")
        except csvcodec.CsvDecodeError as exc:
            message = str(exc)

    assert message == "geen CSV-bestand: het is een PDF-document"


def test_a_file_over_the_limit_gives_sizes_as_dutch_writes_them() -> None:
    with use_language("nl"):
        try:
            csvcodec.check_import(b"x" * (1024 * 1024 * 21 // 2), limit=10 * 1024 * 1024)
        except csvcodec.CsvDecodeError as exc:
            message = str(exc)

    assert message == "het bestand is 10,5 MB; het maximum is 10 MB"


def test_the_same_problems_read_in_english_without_a_language(rubric: Rubric) -> None:
    text = _file(rubric, _row(rubric, date="2025-13-01"))
    _rows, errors = csvcodec.read_rows(text, rubric, today=TODAY)

    assert [str(error) for error in errors] == [
        "line 2, column date: '2025-13-01' is not a date; use YYYY-MM-DD"
    ]
