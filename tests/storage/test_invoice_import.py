"""An invoice import through `services.invoice_import` on a real database (SQLite, and PostgreSQL
when THINSLICE_TEST_POSTGRES_URL is set): what is merged, what is kept, what is remembered, and
that a refused transaction leaves nothing behind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest

from scoring import AccountDraft, default_rubric
from scoring.invoices import Invoice, Payment
from services.invoice_import import InvoiceImport, invoices_csv, prepare_import, run_import
from services.invoices import InvoiceRow, PaymentRow, ledger_of, save_table
from storage import NotFound, Repository, open_repository
from tests import factories
from tests.helpers import without_columns

Count = Callable[[str], int]
NewUrl = Callable[[], str]
RUBRIC = default_rubric()
TODAY = dt.date(2026, 6, 1)
DUTCH_HEADER = "Factuurnummer;Factuurdatum;Vervaldatum;Klant;Bedrag incl. btw;Betaald op;Openstaand"


def _client(repo: Repository, name: str, company: str = "") -> int:
    stored = repo.add_client(
        AccountDraft(name=name, company=company),
        factories.assessment(dt.date(2025, 1, 1)),
        dt.date(2025, 1, 2),
        f"client-{name}",
    )
    return stored.account_id


def _dutch(*rows: str) -> bytes:
    return "\n".join([DUTCH_HEADER, *rows]).encode("utf-8")


def _import(
    repo: Repository, data: bytes, answers: dict[str, int] | None = None, *, dry_run: bool = False
) -> InvoiceImport:
    return run_import(repo, prepare_import(repo, data), answers, dry_run=dry_run)


def _payments(invoice: Invoice) -> list[tuple[dt.date, Decimal]]:
    return [(p.paid_on, p.amount) for p in invoice.payments]


# --- merging into what is stored ---------------------------------------------------------------


def test_a_new_invoice_is_added_with_its_payment(repo: Repository) -> None:
    jansen = _client(repo, "Bakkerij Jansen")
    report = _import(repo, _dutch("F-1;05-01-2026;04-02-2026;Bakkerij Jansen;€ 1.234,56;10-02-2026;234,56"))
    assert (report.added, report.paid_more, report.unchanged, report.problems) == (1, 0, 0, [])
    [invoice] = repo.invoices(jansen)
    assert (invoice.number, invoice.issued_on, invoice.due_on) == (
        "F-1",
        dt.date(2026, 1, 5),
        dt.date(2026, 2, 4),
    )
    assert (invoice.amount, invoice.currency) == (Decimal("1234.56"), "EUR")
    assert _payments(invoice) == [(dt.date(2026, 2, 10), Decimal("1000.00"))]


def test_the_same_file_twice_adds_nothing_the_second_time(repo: Repository, count: Count) -> None:
    _client(repo, "Bakkerij Jansen")
    data = _dutch(
        "F-1;05-01-2026;04-02-2026;Bakkerij Jansen;€ 1.234,56;10-02-2026;0,00",
        "F-2;05-02-2026;07-03-2026;Bakkerij Jansen;€ 500,00;;500,00",
    )
    assert _import(repo, data).added == 2
    before = (count("invoices"), count("payments"))
    again = _import(repo, data)
    assert (again.added, again.paid_more, again.unchanged) == (0, 0, 2)
    assert again.nothing_new
    assert (count("invoices"), count("payments")) == before == (2, 1)


def test_a_later_export_with_more_paid_adds_one_payment_of_the_difference(
    repo: Repository, count: Count
) -> None:
    jansen = _client(repo, "Bakkerij Jansen")
    _import(repo, _dutch("F-1;05-01-2026;04-02-2026;Bakkerij Jansen;1.000,00;10-02-2026;600,00"))
    report = _import(repo, _dutch("F-1;05-01-2026;04-02-2026;Bakkerij Jansen;1.000,00;03-03-2026;100,00"))
    assert (report.added, report.paid_more, report.unchanged) == (0, 1, 0)
    [invoice] = repo.invoices(jansen)
    assert _payments(invoice) == [
        (dt.date(2026, 2, 10), Decimal("400.00")),
        (dt.date(2026, 3, 3), Decimal("500.00")),
    ]
    assert count("payments") == 2


def test_a_file_that_shows_less_paid_keeps_the_stored_payments_and_says_so(repo: Repository) -> None:
    jansen = _client(repo, "Bakkerij Jansen")
    _import(repo, _dutch("F-1;05-01-2026;04-02-2026;Bakkerij Jansen;1.000,00;10-02-2026;0,00"))
    report = _import(repo, _dutch("F-1;05-01-2026;04-02-2026;Bakkerij Jansen;1.000,00;;1.000,00"))
    assert report.less_paid == [(2, "F-1")] and report.stored == 0
    [invoice] = repo.invoices(jansen)
    assert invoice.paid == Decimal("1000.00")


def test_other_facts_for_a_stored_number_keep_the_stored_invoice_and_say_so(repo: Repository) -> None:
    jansen = _client(repo, "Bakkerij Jansen")
    _import(repo, _dutch("F-1;05-01-2026;04-02-2026;Bakkerij Jansen;1.000,00;;1.000,00"))
    report = _import(
        repo,
        _dutch(
            "F-2;05-01-2026;04-02-2026;Bakkerij Jansen;50,00;;50,00",
            "F-1;05-01-2026;04-02-2026;Bakkerij Jansen;1.100,00;;1.100,00",
        ),
    )
    assert report.other_facts == [(3, "F-1")] and report.added == 1
    amounts = {i.number: i.amount for i in repo.invoices(jansen)}
    assert amounts == {"F-1": Decimal("1000.00"), "F-2": Decimal("50.00")}


def test_a_bad_line_is_reported_and_the_good_lines_are_stored(repo: Repository, count: Count) -> None:
    _client(repo, "Bakkerij Jansen")
    report = _import(
        repo,
        _dutch(
            "F-1;05-01-2026;04-02-2026;Bakkerij Jansen;100,00;;100,00",
            "F-2;05-02-2026;01-01-2026;Bakkerij Jansen;100,00;;100,00",  # due before issued
            "F-3;05-03-2026;04-04-2026;Bakkerij Jansen;twee;;",
        ),
    )
    assert report.added == 1
    assert [(p.line, p.field) for p in report.problems] == [(3, "Vervaldatum"), (4, "Bedrag incl. btw")]
    assert not report.complete
    assert count("invoices") == 1


def test_a_dry_run_stores_and_remembers_nothing(repo: Repository, count: Count) -> None:
    _client(repo, "Acme")
    data = _dutch("F-1;05-01-2026;04-02-2026;Someone Else;100,00;;100,00")
    prepared = prepare_import(repo, data)
    report = run_import(repo, prepared, {"Someone Else": repo.accounts()[0].id}, dry_run=True)
    assert report.added == 1 and report.dry_run
    assert (count("invoices"), count("customer_names"), count("invoice_layouts")) == (0, 0, 0)
    assert prepare_import(repo, data).unknown == ["Someone Else"]


def test_when_the_database_refuses_the_import_nothing_of_it_remains(
    repo: Repository, count: Count, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "Nothing is half stored": an account erased between the check and the write fails the
    whole transaction, the other client's invoice included, and nothing is remembered."""
    _client(repo, "Bakkerij Jansen")
    gone = _client(repo, "Acme")
    data = _dutch(
        "F-1;05-01-2026;04-02-2026;Bakkerij Jansen;100,00;;100,00",
        "F-2;05-01-2026;04-02-2026;Acme;100,00;;100,00",
    )
    prepared = prepare_import(repo, data)
    as_read = repo.accounts()
    repo.erase(gone)
    monkeypatch.setattr(repo, "accounts", lambda: as_read)  # read before the erase
    with pytest.raises(NotFound):
        run_import(repo, prepared, {"Acme": gone})
    assert (count("invoices"), count("payments")) == (0, 0)
    assert (count("customer_names"), count("invoice_layouts")) == (0, 0)


# --- what an import remembers ------------------------------------------------------------------


def test_the_mapping_and_the_customer_answers_are_used_by_the_next_file(repo: Repository) -> None:
    acme = _client(repo, "Acme", company="Acme Holding")
    data = b"Ref,Customer,Date,Due date,Total\nA-1,ACME Corp.,2026-01-05,2026-02-04,100.00\n"
    first = prepare_import(repo, data, {"Ref": "number"})
    assert not first.remembered and first.unknown == ["ACME Corp."]
    assert run_import(repo, first, {"ACME Corp.": acme}).added == 1

    later = b"REF,Customer,Date,Due date,Total\nA-2,acme  CORP.,2026-02-05,2026-03-04,200.00\n"
    again = prepare_import(repo, later)
    assert again.remembered
    assert again.mapping["REF"] is not None and again.mapping["REF"].value == "number"
    assert again.customers == {"acme  CORP.": acme}
    assert run_import(repo, again).added == 1
    assert [i.number for i in repo.invoices(acme)] == ["A-1", "A-2"]


def test_a_customer_name_matches_a_client_by_its_company_too(repo: Repository) -> None:
    acme = _client(repo, "Ann de Vries", company="Acme Holding BV")
    prepared = prepare_import(repo, _dutch("F-1;05-01-2026;04-02-2026;acme holding bv;100,00;;100,00"))
    assert prepared.customers == {"acme holding bv": acme} and prepared.unknown == []


def test_an_erased_account_takes_its_remembered_customer_names_with_it(
    repo: Repository, count: Count
) -> None:
    acme = _client(repo, "Acme")
    data = _dutch("F-1;05-01-2026;04-02-2026;Acme Trading;100,00;;100,00")
    run_import(repo, prepare_import(repo, data), {"Acme Trading": acme})
    assert repo.customer_accounts() and count("customer_names") == 1
    repo.erase(acme)
    assert repo.customer_accounts() == {} and count("customer_names") == 0
    assert prepare_import(repo, data).unknown == ["Acme Trading"]


def test_choosing_a_field_for_one_column_takes_it_from_the_column_that_had_it(repo: Repository) -> None:
    data = b"Invoice number,Reference,Customer,Date,Due date,Total\nF-1,R-1,Acme,2026-01-05,2026-02-04,10\n"
    prepared = prepare_import(repo, data, {"Reference": "number"})
    assert prepared.mapping["Reference"] is not None and prepared.mapping["Reference"].value == "number"
    assert prepared.mapping["Invoice number"] is None
    assert prepared.problems == [] and [line.number for line in prepared.lines] == ["R-1"]


# --- the same figures however the invoices came in --------------------------------------------

# Four invoices, each paid later than the one before: the slowing alert's "in a row" pattern.
INVOICES = (
    ("F-1", "2026-01-05", "2026-02-04", "1000.00", "2026-02-04"),
    ("F-2", "2026-02-05", "2026-03-07", "1200.00", "2026-03-17"),
    ("F-3", "2026-03-05", "2026-04-04", "800.00", "2026-04-24"),
    ("F-4", "2026-04-05", "2026-05-05", "950.00", ""),
)


def test_invoices_entered_by_hand_and_imported_give_the_same_ledger(new_url: NewUrl) -> None:
    by_hand = open_repository(new_url())
    imported = open_repository(new_url())
    typed = _client(by_hand, "Acme")
    read = _client(imported, "Acme")
    problems = save_table(
        by_hand,
        typed,
        [
            InvoiceRow(n, dt.date.fromisoformat(i), dt.date.fromisoformat(d), None, Decimal(a), "EUR")
            for n, i, d, a, _paid in INVOICES
        ],
        [PaymentRow(n, dt.date.fromisoformat(p), Decimal(a)) for n, _i, _d, a, p in INVOICES if p],
    )
    assert problems == []
    lines = ["invoice,client,issued_on,due_on,amount,currency,paid_on,paid"]
    lines += [f"{n},Acme,{i},{d},{a},EUR,{p},{a if p else ''}" for n, i, d, a, p in INVOICES]
    report = _import(imported, "\n".join(lines).encode())
    assert report.added == 4 and report.complete

    hand = ledger_of(by_hand, RUBRIC, typed, TODAY)
    mine = ledger_of(imported, RUBRIC, read, TODAY)
    assert hand.invoices == mine.invoices
    assert hand.totals == mine.totals
    assert hand.average_days_late() == mine.average_days_late()
    assert hand.latest_days_overdue() == mine.latest_days_overdue() == (TODAY - dt.date(2026, 5, 5)).days
    assert hand.slowing is not None and hand.slowing == mine.slowing
    assert [n for n, _days in mine.slowing.invoices] == ["F-2", "F-3", "F-4"]


def test_the_invoices_download_imports_into_a_fresh_database_as_it_was(new_url: NewUrl) -> None:
    first = open_repository(new_url())
    hostile = '=cmd; "quoted", really'
    for name in ("Acme", hostile):
        _client(first, name)
    ids = {a.name: a.id for a in first.accounts()}
    first.replace_invoices(
        ids["Acme"],
        [
            Invoice(
                number="F-1",
                issued_on=dt.date(2026, 1, 5),
                due_on=dt.date(2026, 2, 4),
                amount=Decimal("1234.56"),
                currency="EUR",
                payments=(
                    Payment(paid_on=dt.date(2026, 2, 1), amount=Decimal("1000")),
                    Payment(paid_on=dt.date(2026, 3, 1), amount=Decimal("234.56")),
                ),
            ),
            Invoice(
                number="+1",
                issued_on=dt.date(2026, 2, 5),
                due_on=dt.date(2026, 3, 7),
                amount=Decimal("5000"),
                currency="JPY",
            ),
        ],
    )
    first.replace_invoices(
        ids[hostile],
        [
            Invoice(
                number="@x",
                issued_on=dt.date(2026, 1, 5),
                due_on=dt.date(2026, 2, 4),
                amount=Decimal("99.95"),
                currency="USD",
                payments=(Payment(paid_on=dt.date(2026, 1, 20), amount=Decimal("50")),),
            )
        ],
    )
    for sep in (",", ";"):
        fresh = open_repository(new_url())
        for name in (hostile, "Acme"):  # other ids than in the first database
            _client(fresh, name)
        text = invoices_csv(first, sep)
        report = _import(fresh, text.encode("utf-8"))
        assert report.complete, report.problems
        assert report.added == 3
        assert _by_name(fresh) == _by_name(first)
        # The same file, but for the account ids: the fresh database's clients are accounts of its own.
        assert without_columns(invoices_csv(fresh, sep), ("account_uid",), sep) == without_columns(
            text, ("account_uid",), sep
        )
        assert {a.uid for a in fresh.accounts()} <= set(
            invoices_csv(fresh, sep).replace(sep, "\r\n").split("\r\n")
        )


def _by_name(repo: Repository) -> dict[str, list[Invoice]]:
    return {a.name: repo.invoices(a.id) for a in repo.accounts()}
