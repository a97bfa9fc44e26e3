"""Their answers as CSV (formats.answers_csv): the documented columns, formula-safe cells in either
separator, and a reader that keeps the good rows and names each bad one by line and column."""

from __future__ import annotations

import codecs
import datetime as dt

import pytest

from formats import csvcodec
from formats.answers_csv import answer_columns, is_answers_file, read_answers, write_answers
from scoring.questionnaires import QuestionnaireKind, TheirSide, questionnaires

# The documented header (README, "CSV schema"): spelled out, so a renamed column fails here.
HEADER = (
    "account,kind,submitted_at,language,version,rate,payment_terms,decision_maker,reply_speed,"
    "meetings,deliverables,revisions,situation,work_you_like,worries,clarity,communication,value,"
    "recommend,one_change,account_uid"
)
MOMENT = dt.datetime(2026, 5, 4, 9, 30, 15, tzinfo=dt.UTC)
FIT: dict[str, str | int] = {
    "rate": "fair",
    "payment_terms": "net_60",
    "decision_maker": "me_joining",
    "reply_speed": "same_day",
    "meetings": "weekly",
    "deliverables": "open",
    "revisions": "unlimited",
    "situation": "growing",
    "work_you_like": '=HYPERLINK("http://evil","x"); and more, "quoted"\nsecond line',
    "worries": "-2+3",
}
REVIEW: dict[str, str | int] = {
    "clarity": "clear",
    "communication": "well",
    "value": "good",
    "recommend": 8,
    "one_change": "@SUM(A1)",
}


def side(kind: QuestionnaireKind, answers: dict[str, str | int], moment: dt.datetime = MOMENT) -> TheirSide:
    return TheirSide(
        id=1,
        account_id=1,
        link_id=None,
        kind=kind,
        version=1,
        submitted_at=moment,
        language="nl",
        answers=answers,
    )


SIDES = [
    ("Ada; Lovelace", side(QuestionnaireKind.FIT, FIT)),
    ("=Bob", side(QuestionnaireKind.REVIEW, REVIEW, MOMENT + dt.timedelta(microseconds=654321))),
]


def test_the_columns_are_the_documented_ones_in_questionnaire_order() -> None:
    assert ",".join(answer_columns()) == HEADER
    keys = [q.key for kind in QuestionnaireKind for q in questionnaires()[kind].questions]
    assert answer_columns()[5:-1] == tuple(keys)


@pytest.mark.parametrize("sep", csvcodec.SEPARATORS)
def test_what_is_written_reads_back_the_same_in_either_separator(sep: str) -> None:
    text = write_answers(SIDES, sep)
    assert text.splitlines()[0] == HEADER.replace(",", sep)
    read = read_answers(text)
    assert read.errors == [] and read.header_error is None
    assert [(r.account, r.kind, r.submitted_at, r.language, r.version, r.answers) for r in read.rows] == [
        ("Ada; Lovelace", QuestionnaireKind.FIT, MOMENT, "nl", 1, FIT),
        # Written to the second, in UTC.
        ("=Bob", QuestionnaireKind.REVIEW, MOMENT, "nl", 1, REVIEW),
    ]
    assert [r.line for r in read.rows] == [2, 4]  # the text answer spans two lines


def test_submitted_at_is_utc_to_the_second() -> None:
    amsterdam = dt.timezone(dt.timedelta(hours=2))
    moment = dt.datetime(2026, 5, 4, 11, 30, 15, 999, tzinfo=amsterdam)
    text = write_answers([("Ada", side(QuestionnaireKind.REVIEW, REVIEW, moment))])
    assert ",2026-05-04T09:30:15Z," in text.splitlines()[1]


@pytest.mark.parametrize("sep", csvcodec.SEPARATORS)
def test_no_cell_can_run_as_a_formula(sep: str) -> None:
    text = write_answers(SIDES, sep)
    for line in text.splitlines()[1:]:
        for cell in line.split(sep):
            assert cell.lstrip('"')[:1] not in tuple("=+-@"), cell
    assert "'=Bob" in text and "'@SUM(A1)" in text and "'-2+3" in text


def test_an_excel_file_with_a_bom_in_windows_1252_reads() -> None:
    text = write_answers([("Zoë Café", side(QuestionnaireKind.REVIEW, REVIEW))], ";")
    data = text.encode("cp1252")
    read = read_answers(csvcodec.decode(data))
    assert [r.account for r in read.rows] == ["Zoë Café"]
    assert read_answers(csvcodec.decode(csvcodec.to_excel_bytes(text))).rows[0].account == "Zoë Café"
    assert csvcodec.to_excel_bytes(text).startswith(codecs.BOM_UTF8)


def test_a_semicolon_file_with_dutch_numbers_reads() -> None:
    text = (
        "account;kind;submitted_at;language;version;recommend;clarity\r\n"
        "Ada;review;2026-05-04 09:30;nl;1;7,0;Clear\r\n"
    )
    read = read_answers(text)
    assert read.errors == []
    assert read.rows[0].answers == {"recommend": 7, "clarity": "clear"}
    assert read.rows[0].submitted_at == dt.datetime(2026, 5, 4, 9, 30, tzinfo=dt.UTC)


def test_each_bad_row_is_named_by_line_and_column_and_the_good_rows_are_kept() -> None:
    text = (
        "account,kind,submitted_at,language,version,rate,clarity,recommend\r\n"
        "Ada,fit,2026-05-04T09:30:00Z,en,1,fair,,\r\n"  # 2: good
        "Ada,fit,2026-05-04T09:30:00Z,en,1,cheap,,\r\n"  # 3: unknown choice key
        "Ada,fit,yesterday,en,1,fair,,\r\n"  # 4: bad date
        "Ada,survey,2026-05-04T09:30:00Z,en,1,fair,,\r\n"  # 5: unknown kind
        "Ada,review,2026-05-04T09:30:00Z,en,1,,clear,11\r\n"  # 6: scale out of range
        "Ada,review,2026-05-04T09:30:00Z,en,1,fair,clear,\r\n"  # 7: a fit question on a review
        ",review,2026-05-04T09:30:00Z,en,x,,clear,\r\n"  # 8: no account, bad version
        "Bea,review,2026-05-04T09:30:00Z,en,1,,,\r\n"  # 9: no answers
        "Bea,review,2026-05-04T09:30:00Z,,,,clear,\r\n"  # 10: good, language and version default
    )
    read = read_answers(text)
    assert [(r.line, r.account) for r in read.rows] == [(2, "Ada"), (10, "Bea")]
    assert read.rows[1].language == "en" and read.rows[1].version == 1
    assert [(e.line, e.column) for e in read.errors] == [
        (3, "rate"),
        (4, "submitted_at"),
        (5, "kind"),
        (6, "recommend"),
        (7, "rate"),
        (8, "account"),
        (8, "version"),
        (9, ""),
    ]
    assert "fair, high_but_fine, needs_lower, no_quote" in str(read.errors[0])
    assert str(read.errors[0]).startswith("line 3, column rate: 'cheap'")


def test_a_header_without_the_needed_columns_reads_no_row() -> None:
    read = read_answers("account,submitted_at,rate\r\nAda,2026-05-04T09:30:00Z,fair\r\n")
    assert read.rows == [] and read.header_error is not None
    assert "missing columns: kind" in str(read.header_error)
    assert read_answers("").header_error is not None


def test_an_answers_file_is_told_from_an_assessments_file_by_its_header() -> None:
    assert is_answers_file(write_answers(SIDES, ";"))
    assert is_answers_file("\ufeffaccount;kind;submitted_at\r\n")
    assert not is_answers_file("account,stage,date,kind,gut\r\n")
    assert not is_answers_file("")
