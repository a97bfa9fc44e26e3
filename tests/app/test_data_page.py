"""The Data page: downloads in the documented schema, and an import that previews before it writes."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.exc import OperationalError
from streamlit.testing.v1 import AppTest

import ui.data_view
from formats import csvcodec
from formats.answers_csv import answer_columns
from scoring import default_rubric
from services.demo import load_demo
from services.transfer import plan_import, run_import
from storage import Repository, StorageUnavailable, open_repository
from ui.data_view import EXPORTS, column_rows, download_bytes, file_name, preview

RUBRIC = default_rubric()
TODAY = dt.date.today()
BOM = b"\xef\xbb\xbf"
HEADER = ",".join(csvcodec.columns(RUBRIC)[: 5 + len(RUBRIC.keys) + 5])


def _row(
    account: str, day: str, kind: str = "screen", gut: str = "hell_yes", payment: str = "hell_yes"
) -> str:
    answers = ["hell_yes"] * len(RUBRIC.keys)
    answers[RUBRIC.keys.index("payment")] = payment
    return ",".join([account, "prospect", day, kind, gut, *answers, "", "", "", "", ""])


def _csv(*rows: str) -> bytes:
    return "\n".join([HEADER, *rows]).encode()


def _open(app: AppTest) -> AppTest:
    app.run()
    return app.switch_page("pages/data.py").run()


def _upload(app: AppTest, data: bytes, name: str = "history.csv") -> AppTest:
    return app.file_uploader(key="data.upload").set_value((name, data, "text/csv")).run()


def _metrics(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


# --- the page --------------------------------------------------------------------------


def test_the_page_opens_on_an_empty_database_with_every_download(app: AppTest) -> None:
    _open(app)
    assert not app.exception
    buttons = app.get("download_button")
    assert [b.proto.label for b in buttons] == [
        "Assessments",
        "Accounts",
        "Evidence log",
        "Their answers",
        "Invoices",
        "Hours a week",
        "Download everything (ZIP)",
        "Download a full backup",
    ]
    assert not app.error
    assert "data" in [link.proto.page for link in app.get("page_link")], "the sidebar links to the page"


def test_the_page_opens_on_a_demo_database(app: AppTest, db_url: str) -> None:
    load_demo(db_url)
    _open(app)
    assert not app.exception
    assert len(app.get("download_button")) == 8


def test_the_column_table_lists_the_assessment_columns_in_file_order(app: AppTest) -> None:
    _open(app)
    table = app.dataframe[0].value
    assert list(table["Column"]) == list(csvcodec.columns(RUBRIC, portable=True))


def test_the_separator_is_remembered_when_the_page_is_left(app: AppTest) -> None:
    _open(app)
    app.radio(key="data.separator.widget").set_value(";").run()
    app.switch_page("pages/prospects.py").run()
    app.switch_page("pages/data.py").run()
    assert app.radio(key="data.separator.widget").value == ";"
    assert app.session_state["data.separator"] == ";"


# --- what the downloads hold -----------------------------------------------------------


@pytest.mark.parametrize("sep", [",", ";"])
@pytest.mark.parametrize("what", [e.what for e in EXPORTS])
def test_every_download_is_utf8_with_a_bom_and_the_chosen_separator(
    repo: Repository, db_url: str, what: ui.data_view.What, sep: str
) -> None:
    load_demo(db_url)
    data = download_bytes(repo, RUBRIC, what, sep, TODAY)
    assert data.startswith(BOM) and not data.startswith(BOM + BOM)
    header = data[len(BOM) :].decode("utf-8").split("\r\n", 1)[0]
    expected = {
        "assessments": csvcodec.columns(RUBRIC, portable=True),
        "accounts": csvcodec.ACCOUNT_EXPORT_COLUMNS,
        "evidence": csvcodec.EVIDENCE_EXPORT_COLUMNS,
        "answers": answer_columns(),
    }[what]
    assert header == sep.join(expected)
    assert data.count(b"\r\n") > 1, "the demo has rows for every download"


def test_an_empty_database_downloads_just_the_header_as_a_template(repo: Repository) -> None:
    data = download_bytes(repo, RUBRIC, "assessments", ";", TODAY)
    assert data == BOM + (";".join(csvcodec.columns(RUBRIC, portable=True)) + "\r\n").encode()


def test_the_assessments_download_imports_into_an_empty_database_unchanged(
    repo: Repository, db_url: str, tmp_path: object
) -> None:
    load_demo(db_url)
    first = download_bytes(repo, RUBRIC, "assessments", ";", TODAY)
    empty = open_repository(f"sqlite:///{tmp_path}/empty.db")
    report = run_import(empty, plan_import(first, RUBRIC, TODAY))
    assert report.errors == []
    assert download_bytes(empty, RUBRIC, "assessments", ";", TODAY) == first


def test_file_names_carry_what_and_the_day() -> None:
    assert file_name("assessments", dt.date(2026, 3, 9)) == "thinslice-assessments-2026-03-09.csv"
    assert file_name("evidence", dt.date(2026, 3, 9)) == "thinslice-evidence-2026-03-09.csv"


def test_every_documented_column_says_what_it_holds() -> None:
    rows = column_rows(RUBRIC)
    assert [r["Column"] for r in rows] == list(csvcodec.columns(RUBRIC, portable=True))
    assert all(r["Holds"] for r in rows)
    assert "ignored on import" in next(r["Holds"] for r in rows if r["Column"] == "score")


# --- import ----------------------------------------------------------------------------


def test_an_upload_shows_a_preview_and_writes_nothing_until_the_button(
    app: AppTest, repo: Repository
) -> None:
    data = _csv(_row("Ann", "2026-01-05"), _row("Bob", "2026-01-06", gut=""), _row("Cas", "2026-01-07"))
    _upload(_open(app), data)
    assert not app.exception
    assert _metrics(app) == {"Rows to import": "2", "Accounts": "2", "Bad rows": "1"}
    added = app.dataframe[1].value
    assert list(added["Account"]) == ["Ann", "Cas"]
    assert list(added.columns) == ["Line", "Account", "Date", "Kind", "Gut", "Stage"]
    bad = app.dataframe[2].value
    assert (list(bad["Line"]), list(bad["Column"])) == ([3], ["gut"])
    assert app.button(key="data.import").label == "Import 2 rows"
    assert repo.count_accounts() == 0


def test_importing_adds_the_good_rows_and_a_second_import_adds_nothing(
    app: AppTest, repo: Repository
) -> None:
    data = _csv(_row("Ann", "2026-01-05"), _row("Bob", "2026-01-06", gut="maybe"), _row("Cas", "2026-01-07"))
    _upload(_open(app), data)
    app.button(key="data.import").click().run()
    assert not app.exception
    assert [s.value for s in app.success] == ["2 added, 0 already there, 2 new accounts."]
    assert sorted(a.name for a in repo.accounts()) == ["Ann", "Cas"]

    _upload(app, data, name="history-again.csv")
    app.button(key="data.import").click().run()
    assert [i.value for i in app.info] == ["0 added, 2 already there, 0 new accounts."]
    assert repo.count_accounts() == 2


def test_rows_the_database_refuses_are_reported_by_line(app: AppTest, repo: Repository) -> None:
    data = _csv(_row("Dee", "2026-02-01", kind="checkin", gut=""), _row("Eve", "2026-01-05"))
    _upload(_open(app), data)
    app.button(key="data.import").click().run()
    assert [s.value for s in app.success] == ["1 added, 0 already there, 1 new account."]
    assert "refused 1 row" in app.warning[0].value
    refused = app.dataframe[-1].value
    assert list(refused["Line"]) == [2] and "baseline" in refused["Problem"][0]


def test_a_file_that_is_no_csv_gets_one_clear_message(app: AppTest) -> None:
    _upload(_open(app), b"PK\x03\x04" + bytes(200), name="book.csv")
    assert not app.exception
    assert len(app.error) == 1 and "cannot be imported" in app.error[0].value
    assert not app.button and not app.metric


def test_a_header_that_does_not_fit_lists_missing_and_unknown_columns(app: AppTest) -> None:
    header = HEADER.replace("payment", "paymnet").replace(",scope,", ",**[here](https://x.example)**,")
    _upload(_open(app), f"{header}\nAnn,prospect,2026-01-05,screen,hell_yes\n".encode())
    assert not app.exception
    assert len(app.error) == 1
    message = app.error[0].value
    assert "Missing columns\\: payment, scope" in message
    # A column name is the file's text: shown as typed, never as a link.
    assert "Unknown columns\\: paymnet, \\*\\*\\[here\\]\\(https\\:" in message
    assert not app.button


def test_the_preview_lists_each_header_problem_whole_even_a_name_holding_a_semicolon() -> None:
    header = HEADER.replace("payment", '"pay;ment"')
    shown = preview(f"{header}\nAnn,prospect,2026-01-05,screen,hell_yes\n".encode(), RUBRIC)
    assert shown.plan is None
    assert shown.header == ("Missing columns: payment", "Unknown columns: pay;ment")


def test_a_file_with_only_bad_rows_cannot_be_imported(app: AppTest, repo: Repository) -> None:
    _upload(_open(app), _csv(_row("Ann", "not a date"), _row("Bob", "2026-01-05", payment="lots")))
    assert _metrics(app)["Bad rows"] == "2"
    button = app.button(key="data.import")
    assert button.label == "Import 0 rows" and button.disabled
    assert repo.count_accounts() == 0


def test_a_database_failure_during_import_is_a_message_not_a_traceback(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_: object) -> None:
        raise StorageUnavailable.from_error(OperationalError("INSERT", {}, Exception("database is locked")))

    monkeypatch.setattr(ui.data_view, "run_import", fail)
    _upload(_open(app), _csv(_row("Ann", "2026-01-05")))
    app.button(key="data.import").click().run()
    assert not app.exception
    assert "nothing was added" in app.error[0].value and "OperationalError" in app.error[0].value


def test_a_file_over_the_size_limit_is_refused_before_it_is_read() -> None:
    shown = preview(b"a" * (csvcodec.MAX_IMPORT_BYTES + 1), RUBRIC)
    assert shown.plan is None and "the limit is 20 MB" in shown.unreadable
