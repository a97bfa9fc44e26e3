"""The Data page's invoice import: mapping preview, customers asked once, a dry run before the
button, the report after it, and the Invoices download that imports back as it is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from formats import csvcodec
from scoring import AccountDraft, default_rubric
from services.invoice_import import prepare_import, run_import
from storage import Repository, open_repository
from tests import factories
from tests.helpers import without_columns
from ui.data_view import download_bytes, file_name
from ui.invoice_import_view import IMPORT_KEY, UPLOAD_KEY, column_names, customer_key, mapping_key

RUBRIC = default_rubric()
BOM = b"\xef\xbb\xbf"
DUTCH = (
    "Factuurnummer;Factuurdatum;Vervaldatum;Klant;Bedrag incl. btw;Betaald op;Openstaand\n"
    "2026-001;05-01-2026;04-02-2026;Bakkerij Jansen;€ 1.234,56;10-02-2026;0,00\n"
    "2026-002;05-02-2026;07-03-2026;Bakkerij Jansen;€ 500,00;;500,00\n"
    "2026-003;12-02-2026;14-03-2026;Acme BV;€ 2.000,00;20-03-2026;1.250,00\n"
)
AddClient = Callable[[str], int]


@pytest.fixture
def add_client(repo: Repository) -> AddClient:
    def add(name: str) -> int:
        baseline = factories.assessment(dt.date(2025, 1, 1))
        return repo.add_client(AccountDraft(name=name), baseline, dt.date(2025, 1, 2), name).account_id

    return add


@pytest.fixture
def clients(add_client: AddClient) -> dict[str, int]:
    return {name: add_client(name) for name in ("Bakkerij Jansen", "Acme BV")}


def _open(app: AppTest) -> AppTest:
    app.run()
    return app.switch_page("pages/data.py").run()


def _upload(app: AppTest, text: str | bytes, name: str = "facturen.csv") -> AppTest:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return app.file_uploader(key=UPLOAD_KEY).set_value((name, data, "text/csv")).run()


def _upload_id(app: AppTest) -> str:
    kept = app.session_state["data.invoices.prepared"]
    return str(kept[0][0])


def _mapping(app: AppTest) -> dict[str, str]:
    prefix = f"data.invoices.map.{_upload_id(app)}."
    return {box.label: str(box.value) for box in app.selectbox if box.key and box.key.startswith(prefix)}


def _messages(app: AppTest) -> list[str]:
    return [m.value for m in [*app.success, *app.info, *app.warning, *app.error]]


# --- the section ---------------------------------------------------------------------------


def test_the_empty_section_shows_only_the_upload(app: AppTest) -> None:
    _open(app)
    assert not app.exception
    assert "Invoices from your bookkeeping" in [m.value.removeprefix("#### ") for m in app.markdown]
    assert app.file_uploader(key=UPLOAD_KEY).proto.label == "Invoice file (CSV)"
    assert not app.get("selectbox") and not _messages(app)


def test_an_upload_shows_the_mapping_the_first_rows_and_what_would_happen(
    app: AppTest, repo: Repository, clients: dict[str, int]
) -> None:
    _upload(_open(app), DUTCH)
    assert not app.exception
    assert _mapping(app) == {
        "Factuurnummer": "number",
        "Factuurdatum": "issued_on",
        "Vervaldatum": "due_on",
        "Klant": "customer",
        "Bedrag incl\\. btw": "amount",
        "Betaald op": "paid_on",
        "Openstaand": "outstanding",
    }
    box = app.selectbox(key=mapping_key(_upload_id(app), 0))
    assert box.format_func("number") == "Invoice number" and box.format_func("") == "Ignore this column"
    first_rows = app.dataframe[-1].value
    assert list(first_rows.columns)[:2] == ["Line", "Factuurnummer"]
    assert list(first_rows["Line"]) == [2, 3, 4]
    assert [i.value for i in app.info] == ["3 invoices to add, 0 with new payments, 0 unchanged."]
    assert not app.button(key=IMPORT_KEY).disabled
    assert repo.all_invoices() == {}, "nothing is stored before the button"


def test_importing_stores_the_invoices_and_the_same_file_again_adds_nothing(
    app: AppTest, repo: Repository, clients: dict[str, int]
) -> None:
    _upload(_open(app), DUTCH)
    app.button(key=IMPORT_KEY).click().run()
    assert not app.exception
    assert [s.value for s in app.success] == ["3 invoices added, 0 with new payments, 0 unchanged."]
    assert [i.number for i in repo.invoices(clients["Bakkerij Jansen"])] == ["2026-001", "2026-002"]

    _upload(app, DUTCH, name="facturen-again.csv")
    assert "Mapping remembered from your last file of this layout." in [c.value for c in app.caption]
    assert [i.value for i in app.info] == ["Nothing new: all 3 invoices are already stored."]
    assert app.button(key=IMPORT_KEY).disabled


def test_a_customer_with_no_client_is_asked_once(
    app: AppTest, repo: Repository, clients: dict[str, int]
) -> None:
    text = DUTCH.replace("Acme BV", "ACME Trading")
    _upload(_open(app), text)
    question = app.selectbox(key=customer_key(_upload_id(app), "ACME Trading"))
    assert question.label == "Which client is ACME Trading?"
    assert question.value is None and question.format_func(None) == "— skip these lines —"
    assert app.warning[0].value == (
        "2 invoices to add, 0 with new payments, 0 unchanged; 1 line of a customer with no client skipped."
    )
    question.set_value(clients["Acme BV"]).run()
    assert [i.value for i in app.info] == ["3 invoices to add, 0 with new payments, 0 unchanged."]
    app.button(key=IMPORT_KEY).click().run()
    assert [i.number for i in repo.invoices(clients["Acme BV"])] == ["2026-003"]

    _upload(app, text.replace("2026-003", "2026-004"), name="next-month.csv")
    assert not [b for b in app.selectbox if b.key and b.key.startswith("data.invoices.customer.")]
    assert [i.value for i in app.info] == ["1 invoice to add, 0 with new payments, 2 unchanged."]


def test_changing_a_column_reads_the_file_again_by_the_new_mapping(
    app: AppTest, repo: Repository, clients: dict[str, int]
) -> None:
    _upload(_open(app), DUTCH.replace("Factuurnummer", "Kenmerk"))
    assert _mapping(app)["Kenmerk"] == ""
    problems = app.dataframe[-1].value
    assert (list(problems["Line"]), list(problems["Column"])) == ([1], ["number"])
    assert "no column for the invoice number" in problems["Problem"][0]
    assert app.button(key=IMPORT_KEY).disabled

    app.selectbox(key=mapping_key(_upload_id(app), 0)).set_value("number").run()
    assert not app.exception
    assert _mapping(app)["Kenmerk"] == "number"
    assert [i.value for i in app.info] == ["3 invoices to add, 0 with new payments, 0 unchanged."]

    # A field goes to one column: choosing the customer for another column takes it from "Klant".
    app.selectbox(key=mapping_key(_upload_id(app), 1)).set_value("customer").run()
    mapping = _mapping(app)
    assert (mapping["Factuurdatum"], mapping["Klant"]) == ("customer", "")


def test_lines_with_problems_are_listed_and_the_report_keeps_them(
    app: AppTest, repo: Repository, clients: dict[str, int]
) -> None:
    text = DUTCH + "2026-004;05-03-2026;01-03-2026;Acme BV;€ 100,00;;100,00\n"
    _upload(_open(app), text)
    summary = "4 invoices to add, 0 with new payments, 0 unchanged; 1 line with problems."
    assert [w.value for w in app.warning] == [summary.replace("4 invoices", "3 invoices")]
    problems = app.dataframe[-1].value
    assert (list(problems["Line"]), list(problems["Column"])) == ([5], ["Vervaldatum"])
    app.button(key=IMPORT_KEY).click().run()
    assert [s.value for s in app.success] == [
        "3 invoices added, 0 with new payments, 0 unchanged; 1 line with problems."
    ]
    assert list(app.dataframe[-1].value["Line"]) == [5]


def test_an_invoice_stored_with_other_facts_is_a_note(
    app: AppTest, repo: Repository, clients: dict[str, int]
) -> None:
    _upload(_open(app), DUTCH)
    app.button(key=IMPORT_KEY).click().run()
    _upload(app, DUTCH.replace("€ 500,00;;500,00", "€ 550,00;;550,00"), name="corrected.csv")
    assert [i.value for i in app.info] == [
        "0 invoices to add, 0 with new payments, 2 unchanged, 1 kept as stored."
    ]
    notes = [m.value for m in app.markdown if m.value.startswith("- ")]
    assert notes == [
        "- line 3\\: invoice 2026\\-002 is stored with another date or amount; kept the stored one"
    ]


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"PK\x03\x04" + bytes(200), "it is an Excel workbook"),
        (b"", "The file is empty"),
        (b"a" * (csvcodec.MAX_IMPORT_BYTES + 1), "the limit is 20 MB"),
    ],
    ids=["workbook", "empty", "too-large"],
)
def test_a_file_that_cannot_be_read_is_one_message(app: AppTest, data: bytes, said: str) -> None:
    _upload(_open(app), data)
    assert not app.exception
    assert len(app.error) == 1
    assert app.error[0].value.startswith("This file cannot be imported.") and said in app.error[0].value
    assert not app.get("selectbox") and not app.button


def test_a_header_of_user_text_is_shown_as_text() -> None:
    assert column_names(("**[x](https://e.example)**", "", "Bedrag", "Bedrag")) == [
        "**[x](https://e.example)**",
        "(column 2)",
        "Bedrag",
        "Bedrag\u00a0",
    ]


def test_a_hostile_header_and_customer_are_shown_escaped(app: AppTest, clients: dict[str, int]) -> None:
    text = (
        "Factuurnummer;Factuurdatum;Vervaldatum;Klant;Bedrag;**[click](https://e.example)**\n"
        "F-1;05-01-2026;04-02-2026;**[evil](https://e.example)**;100,00;x\n"
    )
    _upload(_open(app), text)
    assert not app.exception
    labels = [box.label for box in app.selectbox]
    assert "\\*\\*\\[click\\]\\(https\\:" in labels[5]
    assert any(label.startswith("Which client is \\*\\*\\[evil\\]") for label in labels)


# --- the download --------------------------------------------------------------------------


def test_the_invoices_download_is_offered_beside_the_others(app: AppTest) -> None:
    _open(app)
    labels = [b.proto.label for b in app.get("download_button")]
    assert labels[:5] == ["Assessments", "Accounts", "Evidence log", "Their answers", "Invoices"]
    assert file_name("invoices", dt.date(2026, 3, 9)) == "thinslice-invoices-2026-03-09.csv"


@pytest.mark.parametrize("sep", [",", ";"])
def test_the_invoices_download_imports_into_a_fresh_database_as_it_was(
    repo: Repository, clients: dict[str, int], tmp_path: object, sep: str
) -> None:
    run_import(repo, prepare_import(repo, DUTCH.encode()))
    data = download_bytes(repo, RUBRIC, "invoices", sep, dt.date.today())
    assert data.startswith(BOM)
    assert data[len(BOM) :].split(b"\r\n")[0].decode() == sep.join(
        ["client", "invoice", "issued_on", "due_on", "amount", "currency", "paid_on", "paid", "account_uid"]
    )
    fresh = open_repository(f"sqlite:///{tmp_path}/fresh.db")
    for name in ("Acme BV", "Bakkerij Jansen"):
        fresh.add_client(
            AccountDraft(name=name), factories.assessment(dt.date(2025, 1, 1)), dt.date(2025, 1, 2), name
        )
    report = run_import(fresh, prepare_import(fresh, data))
    assert report.complete and report.added == 3
    assert {a.name: fresh.invoices(a.id) for a in fresh.accounts()} == {
        a.name: repo.invoices(a.id) for a in repo.accounts()
    }
    # The same file, but for the account ids: the fresh database's clients are accounts of its own.
    again = download_bytes(fresh, RUBRIC, "invoices", sep, dt.date.today())
    assert without_columns(again.decode(), ("account_uid",), sep) == without_columns(
        data.decode(), ("account_uid",), sep
    )
