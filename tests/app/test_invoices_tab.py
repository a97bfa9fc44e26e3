"""The client page's Invoices tab, the statement, and the check-in fact the invoices fill in.

Real pages through AppTest on a temporary SQLite file. AppTest cannot type into an
`st.data_editor`, so the tests that edit the table hand the page the edited frames the
editor would return (`_edited`), and the conversion is also tested on its own.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pandas as pd
import pytest
import streamlit
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import PageLink

from scoring import AccountDraft, Answer, Kind, Outcome, default_rubric
from scoring.invoices import Invoice, Payment, ledger
from services.invoices import InvoiceRow, PaymentRow, latest_due, save_table
from storage import Repository
from tests import factories
from ui.invoices_view import (
    amount_of,
    days_late_chart,
    invoice_frame,
    payment_frame,
    rows_from_frames,
    statement_csv_bytes,
    statement_html_bytes,
)

RUBRIC = default_rubric()
TODAY = dt.date.today()
LATE = (0, 3, 8, 15, 30)


def _client(repo: Repository, name: str, baseline_days_ago: int = 300) -> int:
    screen = factories.assessment(
        TODAY - dt.timedelta(days=baseline_days_ago), kind=Kind.SCREEN, answer=Answer.HELL_YES
    )
    return repo.add_client(
        AccountDraft(name=name), screen, TODAY - dt.timedelta(days=baseline_days_ago), f"client-{name}"
    ).account_id


def _paid_late(late: tuple[int, ...] = LATE, amount: str = "1200.00") -> list[Invoice]:
    """One invoice a month, each paid `late[n]` days after its 30-day due date."""
    invoices = []
    for n, days in enumerate(late):
        issued = TODAY - dt.timedelta(days=40 * (len(late) - n) + 60)
        due = issued + dt.timedelta(days=30)
        invoices.append(
            Invoice(
                number=f"F-2026-{n + 1:03}",
                issued_on=issued,
                due_on=due,
                amount=Decimal(amount),
                currency="EUR",
                payments=(Payment(paid_on=due + dt.timedelta(days=days), amount=Decimal(amount)),),
            )
        )
    return invoices


@pytest.fixture
def slowing(repo: Repository) -> int:
    """A client whose five invoices were paid 0, 3, 8, 15 and 30 days late: a steady slide."""
    account = _client(repo, "Slow Slide BV")
    repo.replace_invoices(account, _paid_late())
    return account


def _open(app: AppTest, account: int, tab: str = "Invoices", **params: str) -> AppTest:
    app.switch_page("pages/client.py")
    app.query_params["account"] = str(account)
    app.query_params["tab"] = tab
    for name, value in params.items():
        app.query_params[name] = value
    return app.run()


def _metrics(app: AppTest) -> dict[str, str]:
    return {str(m.label): str(m.value).replace("\\", "") for m in app.metric}


def _links(app: AppTest) -> list[str]:
    return [link.proto.query_string for link in app.get("page_link") if isinstance(link, PageLink)]


def _downloads(app: AppTest) -> list[str]:
    return [b.proto.label for b in app.get("download_button")]


def _save(app: AppTest, account: int) -> AppTest:
    return app.button(key=f"FormSubmitter:invoices-form-{account}-Save invoices").click().run()


# --- what the tab shows -------------------------------------------------------------------------


def test_the_invoices_tab_sits_after_check_in(app: AppTest, repo: Repository) -> None:
    account = _client(repo, "No Invoices Yet")
    _open(app, account)
    assert not app.exception
    assert [t.label for t in app.tabs] == ["History", "Check-in", "Invoices", "Evidence", "Let go", "Share"]
    assert app.query_params["tab"] == "Invoices"
    # Nothing to say yet, but the table to fill in is there.
    assert "No invoices yet" in app.info[0].value
    assert "Save invoices" in [b.label for b in app.button]
    assert not app.metric and not app.get("vega_lite_chart") and not _downloads(app)


def test_the_tab_says_what_the_invoices_say_and_warns_of_a_slide_with_its_playbook(
    app: AppTest, repo: Repository, slowing: int
) -> None:
    _open(app, slowing)
    assert not app.exception
    figures = _metrics(app)
    assert figures["Outstanding"] == "€0" and figures["Overdue"] == "€0"
    assert figures["Days late (avg.)"] == "11 days"  # (0 + 3 + 8 + 15 + 30) / 5
    assert figures["Days to pay (avg.)"] == "41 days"
    # No planned hours and no deal value: no rate, and the help says what would give one.
    assert figures["Hourly rate"] == "—"
    warning = app.warning[-1].value.replace("\\", "")
    assert warning.startswith("Payments are slowing: invoices F-2026-003, F-2026-004, F-2026-005")
    assert f"account={slowing}&tab=Let+go&reason=going_south" in _links(app)
    assert len(app.get("vega_lite_chart")) == 1
    # A steady slide is the going-south playbook: the statement is at the bottom, not under the warning.
    assert _downloads(app) == ["Statement (print or save as PDF)", "Statement as CSV"]


def test_the_playbook_link_opens_let_go_on_that_playbook(
    app: AppTest, repo: Repository, slowing: int
) -> None:
    _open(app, slowing, "Let go", reason="going_south")
    assert not app.exception
    assert app.selectbox(key=f"letgo.{slowing}.reason").value == "going_south"
    said = "\n".join(str(e.value) for e in [*app.info, *app.markdown]).lower()
    assert "payments are slowing: the invoices point at **business going south**" in said
    assert any(t.label.startswith("Exit message") for t in app.text_area)
    # A reason the rubric has no playbook for is ignored.
    _open(app, slowing, "Let go", reason="nonsense")
    assert not app.exception


def test_unpaid_parts_point_to_the_payment_playbook_with_the_statement_under_the_warning(
    app: AppTest, repo: Repository
) -> None:
    account = _client(repo, "Pays In Parts")
    invoices = _paid_late((0, 3, 8, 15))
    issued = TODAY - dt.timedelta(days=70)
    part = Payment(paid_on=TODAY - dt.timedelta(days=2), amount=Decimal("200.00"))
    invoices.append(
        Invoice(
            number="F-2026-099",
            issued_on=issued,
            due_on=issued + dt.timedelta(days=30),
            amount=Decimal("1200.00"),
            currency="EUR",
            payments=(part,),
        )
    )
    repo.replace_invoices(account, invoices)
    _open(app, account)
    assert not app.exception
    assert f"account={account}&tab=Let+go&reason=payment" in _links(app)
    # Shown once, right under the warning: no second pair at the bottom.
    assert _downloads(app) == ["Statement (print or save as PDF)", "Statement as CSV"]
    figures = _metrics(app)
    assert figures["Outstanding"] == "€1,000" and figures["Overdue"] == "€1,000"


def test_amounts_of_two_currencies_are_never_added(app: AppTest, repo: Repository) -> None:
    account = _client(repo, "Two Currencies")
    issued = TODAY - dt.timedelta(days=60)
    repo.replace_invoices(
        account,
        [
            Invoice(
                number="E-1",
                issued_on=issued,
                due_on=issued + dt.timedelta(days=30),
                amount=Decimal("100.00"),
                currency="EUR",
            ),
            Invoice(number="U-1", issued_on=issued, due_on=TODAY, amount=Decimal("50.00"), currency="USD"),
        ],
    )
    _open(app, account)
    figures = _metrics(app)
    assert figures["Outstanding"] == "€100  \n$50"
    assert figures["Overdue"] == "€100"  # the USD invoice is due today, not overdue


def test_an_ended_relationship_keeps_its_table_but_not_its_hours(app: AppTest, repo: Repository) -> None:
    account = _client(repo, "Ended But Owing")
    repo.replace_invoices(account, _paid_late((0, 1)))
    repo.end(account, Outcome.COMPLETED, TODAY - dt.timedelta(days=3), "")
    _open(app, account)
    assert not app.exception
    assert "Save invoices" in [b.label for b in app.button]
    assert f"invoices.{account}.hours" not in [n.key for n in app.number_input]


# --- the table ----------------------------------------------------------------------------------


@pytest.fixture
def edited(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, pd.DataFrame]]:
    """What the two editors hand back on the next run, as if a person had typed it: the page's
    `st.data_editor` returns these frames (by the start of its key) instead of its own."""
    frames: dict[str, pd.DataFrame] = {}
    real = streamlit.data_editor

    def editor(data: Any, *args: Any, key: str | None = None, **kwargs: Any) -> Any:
        shown = real(data, *args, key=key, **kwargs)
        for start, frame in frames.items():
            if key is not None and key.startswith(start):
                return frame
        return shown

    monkeypatch.setattr(streamlit, "data_editor", editor)
    yield frames


def test_saving_the_table_unchanged_keeps_every_invoice(app: AppTest, repo: Repository, slowing: int) -> None:
    before = repo.invoices(slowing)
    _save(_open(app, slowing), slowing)
    assert not app.exception
    assert [s.value for s in app.success] == ["Saved 5 invoices."]
    assert repo.invoices(slowing) == before


def test_a_save_that_started_before_an_import_stores_nothing_and_says_why(
    app: AppTest, repo: Repository, slowing: int, edited: dict[str, pd.DataFrame]
) -> None:
    _open(app, slowing)
    mine = invoice_frame(repo.invoices(slowing)[:1])  # the person deletes every row but one ...
    edited[f"invoices.{slowing}.table."] = mine
    edited[f"invoices.{slowing}.payments."] = payment_frame(repo.invoices(slowing)[:1])
    # ... while an import adds an invoice.
    came = Invoice(
        number="IMP-1",
        issued_on=dt.date(2026, 11, 1),
        due_on=dt.date(2026, 12, 1),
        amount=Decimal("99.00"),
        currency="EUR",
    )
    repo.merge_invoices([(slowing, came)])
    after_import = repo.invoices(slowing)
    _save(app, slowing)
    assert not app.exception
    assert not app.success
    assert any("changed while you edited them" in e.value for e in app.error)
    assert repo.invoices(slowing) == after_import  # the import's payment is kept, nothing deleted


def test_the_edited_table_is_stored_whole(
    app: AppTest, repo: Repository, slowing: int, edited: dict[str, pd.DataFrame]
) -> None:
    _open(app, slowing)
    invoices = invoice_frame(repo.invoices(slowing)[:2])
    # A new row: due from its terms, an amount with float noise, in dollars; the rest removed.
    new = {"number": "US-1", "issued": pd.Timestamp("2026-01-05"), "due": None, "terms": "14"}
    new |= {"amount": 0.1 + 0.2, "currency": "USD"}
    edited[f"invoices.{slowing}.table."] = pd.concat([invoices, pd.DataFrame([new])], ignore_index=True)
    payments = payment_frame(repo.invoices(slowing)[:2])
    edited[f"invoices.{slowing}.payments."] = payments
    _save(app, slowing)
    assert not app.exception
    assert [s.value for s in app.success] == ["Saved 3 invoices."]
    stored = {i.number: i for i in repo.invoices(slowing)}
    assert sorted(stored) == ["F-2026-001", "F-2026-002", "US-1"]
    assert stored["US-1"].due_on == dt.date(2026, 1, 19)
    assert stored["US-1"].amount == Decimal("0.30") and stored["US-1"].currency == "USD"
    assert stored["F-2026-002"].paid == Decimal("1200.00")


def test_a_bad_row_lists_the_problem_and_stores_nothing(
    app: AppTest, repo: Repository, slowing: int, edited: dict[str, pd.DataFrame]
) -> None:
    before = repo.invoices(slowing)
    _open(app, slowing)
    invoices = invoice_frame(before)
    invoices.at[1, "due"] = before[1].issued_on - dt.timedelta(days=1)
    payments = payment_frame(before)
    payments.at[0, "amount"] = 5000.0
    edited[f"invoices.{slowing}.table."] = invoices
    edited[f"invoices.{slowing}.payments."] = payments
    _save(app, slowing)
    assert not app.exception
    assert not app.success
    problems = app.error[-1].value.replace("\\", "")
    assert problems.startswith("Nothing was saved.")
    assert "Invoice row 2, due: the due date" in problems and "is before the issue date" in problems
    assert "Invoice row 1, payments: the payments (€5,000) are more than the invoice (€1,200)" in problems
    assert repo.invoices(slowing) == before


def test_editor_frames_become_the_rows_the_service_checks() -> None:
    invoices = pd.DataFrame(
        [
            {
                "number": " A-1 ",
                "issued": dt.date(2026, 1, 1),
                "due": None,
                "terms": "30",
                "amount": 0.1 + 0.2,
            },
            # An added row left empty is no row.
            {"number": None, "issued": None, "due": None, "terms": None, "amount": float("nan")},
            {
                "number": "Y-1",
                "issued": pd.Timestamp("2026-02-01"),
                "due": pd.Timestamp("2026-03-01"),
                "terms": "",
                "amount": 1234.4,
                "currency": "JPY",
            },
        ]
    )
    payments = pd.DataFrame(
        [
            {"invoice": "A-1", "paid_on": pd.Timestamp("2026-02-02"), "amount": 0.1},
            {"invoice": None, "paid_on": pd.NaT, "amount": None},
            {"invoice": "Y-1", "paid_on": None, "amount": 99.6},
        ]
    )
    rows, paid = rows_from_frames(invoices, payments, currency="EUR")
    assert rows == [
        InvoiceRow("A-1", dt.date(2026, 1, 1), None, 30, Decimal("0.3"), "EUR"),
        InvoiceRow("Y-1", dt.date(2026, 2, 1), dt.date(2026, 3, 1), None, Decimal("1234.0"), "JPY"),
    ]
    assert paid == [
        PaymentRow("A-1", dt.date(2026, 2, 2), Decimal("0.1")),
        PaymentRow("Y-1", None, Decimal("100.0")),  # yen are whole
    ]
    assert amount_of(float("nan"), "EUR") is None and amount_of("x", "EUR") is None


def test_the_stored_invoices_round_trip_through_the_editor_frames(repo: Repository, slowing: int) -> None:
    stored = repo.invoices(slowing)
    rows, paid = rows_from_frames(invoice_frame(stored), payment_frame(stored))
    assert save_table(repo, slowing, rows, paid) == []
    assert repo.invoices(slowing) == stored


# --- hours ---------------------------------------------------------------------------------------


def test_planned_hours_are_saved_when_changed_and_give_a_rate(
    app: AppTest, repo: Repository, slowing: int
) -> None:
    _open(app, slowing)
    app.number_input(key=f"invoices.{slowing}.hours").set_value(6.5).run()
    assert not app.exception
    assert repo.account(slowing).weekly_hours == 6.5
    assert any("Saved." in c.value for c in app.caption)
    rate = _metrics(app)["Hourly rate"]
    assert rate.startswith("€") and rate.endswith("/h")
    # Emptied: no hours said.
    app.number_input(key=f"invoices.{slowing}.hours").set_value(None).run()
    assert repo.account(slowing).weekly_hours is None


# --- the check-in's fact -------------------------------------------------------------------------


def test_the_check_in_starts_from_the_invoices_and_names_the_invoice(
    app: AppTest, repo: Repository, slowing: int
) -> None:
    _open(app, slowing, "Check-in")
    assert not app.exception
    field = app.number_input(key=f"checkin.{slowing}.signal.invoice_days_late")
    assert field.value == 30
    captions = [str(c.value).replace("\\", "") for c in app.caption]
    assert any("From the invoices: :gray-badge[F-2026-005] was paid 30 days late." in c for c in captions)
    # Still only a starting value: what the person puts in stays, run after run.
    field.set_value(10).run()
    app.run()
    assert app.number_input(key=f"checkin.{slowing}.signal.invoice_days_late").value == 10
    field = app.number_input(key=f"checkin.{slowing}.signal.invoice_days_late")
    field.set_value(None).run()
    app.run()
    assert app.number_input(key=f"checkin.{slowing}.signal.invoice_days_late").value is None


def test_an_open_invoice_is_named_as_overdue(app: AppTest, repo: Repository) -> None:
    account = _client(repo, "Open One")
    issued = TODAY - dt.timedelta(days=53)
    repo.replace_invoices(
        account,
        [
            Invoice(
                number="F-2026-014",
                issued_on=issued,
                due_on=issued + dt.timedelta(days=30),
                amount=Decimal("500.00"),
                currency="EUR",
            )
        ],
    )
    _open(app, account, "Check-in")
    assert app.number_input(key=f"checkin.{account}.signal.invoice_days_late").value == 23
    captions = [str(c.value).replace("\\", "") for c in app.caption]
    assert any("From the invoices: :gray-badge[F-2026-014] is 23 days overdue." in c for c in captions)


def test_a_client_without_invoices_starts_the_check_in_empty(app: AppTest, repo: Repository) -> None:
    account = _client(repo, "Nothing Billed")
    _open(app, account, "Check-in")
    assert app.number_input(key=f"checkin.{account}.signal.invoice_days_late").value is None
    assert not any("From the invoices" in str(c.value) for c in app.caption)


def _restored(db_url: str, account_id: int, kept: dict[str, object]) -> None:
    """One check-in form with the client's invoices, handed a kept draft on its first run."""
    import streamlit as st

    from scoring import default_rubric
    from storage import open_repository
    from ui.checkin_form import checkin_form, restore_draft
    from ui.invoices_view import client_ledger

    repo = open_repository(db_url)
    rubric = default_rubric()
    account = repo.account(account_id)
    if "handed" not in st.session_state:
        st.session_state["handed"] = True
        restore_draft(rubric, account, kept)
    checkin_form(repo, rubric, account, ledger=client_ledger(repo, rubric, account_id))


def test_a_kept_draft_wins_over_the_invoices_and_the_figure_itself_is_no_draft(
    repo: Repository, db_url: str, slowing: int
) -> None:
    app = AppTest.from_function(
        _restored, args=(db_url, slowing, {"signal.invoice_days_late": "12"}), default_timeout=60
    ).run()
    assert not app.exception
    assert app.number_input(key=f"checkin.{slowing}.signal.invoice_days_late").value == 12
    # The keeper treats the invoices' figure as an empty field: it makes no draft of its own, and
    # a form showing only it is still offered a kept draft.
    keeper = next(
        json.loads(c.proto.json)
        for c in app.get("bidi_component")
        if c.proto.component_name == "thinslice.draft"
    )
    field = next(f for f in keeper["fields"] if f["name"] == "signal.invoice_days_late")
    assert field["blank"] == "30"


# --- Home ----------------------------------------------------------------------------------------


def test_a_slowing_payer_on_home_opens_its_invoices(app: AppTest, repo: Repository, slowing: int) -> None:
    app.run()
    assert not app.exception
    links = {
        str(link.value): link.proto.query_string
        for link in app.get("page_link")
        if isinstance(link, PageLink) and f"account={slowing}" in link.proto.query_string
    }
    assert list(links.values()) == [f"account={slowing}&tab=Invoices"]
    assert "Slowing payments" in next(iter(links))


# --- pure pieces ---------------------------------------------------------------------------------


def test_the_latest_due_invoice_is_the_one_the_check_in_figure_comes_from() -> None:
    books = ledger(_paid_late(), TODAY, RUBRIC.status)
    latest = latest_due(books)
    assert latest is not None and latest.number == "F-2026-005"
    assert latest.days_late(TODAY) == books.latest_days_overdue() == 30
    assert latest_due(ledger([], TODAY, RUBRIC.status)) is None


def test_the_chart_needs_two_invoices_whose_lateness_is_known() -> None:
    assert days_late_chart(ledger(_paid_late((4,)), TODAY, RUBRIC.status), "en") is None
    drawn = days_late_chart(ledger(_paid_late(), TODAY, RUBRIC.status), "en")
    assert drawn is not None
    data, spec = drawn
    assert list(data["days"]) == list(LATE)
    assert spec["encoding"]["y"]["title"] == "Days late"


def test_the_statement_files_are_built_when_asked_for() -> None:
    invoices = _paid_late()
    page = statement_html_bytes("Slow Slide", "", "Ann", invoices, TODAY, Decimal(8), "en").decode("utf-8")
    assert "Statement of account" in page and "F-2026-005" in page
    rows = statement_csv_bytes("Slow Slide", invoices, TODAY, Decimal(0), ";", "nl").decode("utf-8-sig")
    lines = rows.splitlines()
    assert lines[0].startswith("invoice;issued_on") and len(lines) == 6
    assert "1200,00" in lines[1]  # a ";" file carries decimal commas
