"""Invoices, payments and hours in the database: exact amounts, whole saves, merges, erasure and backups.

Real SQLite and PostgreSQL (see conftest).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from scoring import AccountDraft, Assessment, default_rubric
from scoring.invoices import Invoice, Payment, ledger
from services.privacy import account_bundle
from storage import NotFound, Repository, open_repository
from storage.invoices import InvoicesChanged, Merged

MakeAssessment = Callable[..., Assessment]
Count = Callable[[str], int]
RULES = default_rubric().status
TODAY = dt.date(2026, 11, 1)


def _invoice(
    number: str, issued: dt.date, amount: str, currency: str = "EUR", *paid: tuple[dt.date, str]
) -> Invoice:
    return Invoice(
        number=number,
        issued_on=issued,
        due_on=issued + dt.timedelta(days=30),
        amount=Decimal(amount),
        currency=currency,
        payments=tuple(Payment(paid_on=day, amount=Decimal(value)) for day, value in paid),
    )


@pytest.fixture
def client(repo: Repository, make_assessment: MakeAssessment) -> int:
    stored = repo.add_client(
        AccountDraft(name="Bakkerij Jansen"), make_assessment(dt.date(2026, 1, 2)), dt.date(2026, 1, 2), "c-1"
    )
    return stored.account_id


def _series() -> list[Invoice]:
    """Paid later and later, the last one partly, plus one in yen: what every read must agree on."""
    made = []
    for n, late in enumerate([0, 3, 9, 20]):
        issued = dt.date(2026, 1, 5) + dt.timedelta(days=30 * n)
        made.append(
            _invoice(f"F-{n}", issued, "1210.10", "EUR", (issued + dt.timedelta(days=30 + late), "1210.10"))
        )
    issued = dt.date(2026, 5, 5)
    made.append(
        _invoice(
            "F-4",
            issued,
            "999999.99",
            "EUR",
            (dt.date(2026, 6, 20), "0.01"),
            (dt.date(2026, 7, 1), "500000.00"),
        )
    )
    made.append(_invoice("Y-1", dt.date(2026, 3, 1), "120000", "JPY"))
    return made


def test_amounts_come_back_exactly_with_every_payment(repo: Repository, client: int) -> None:
    repo.replace_invoices(client, _series())
    back = {i.number: i for i in repo.invoices(client)}
    assert back["F-4"].amount == Decimal("999999.99")
    assert [p.amount for p in back["F-4"].payments] == [Decimal("0.01"), Decimal("500000.00")]
    assert back["F-4"].outstanding == Decimal("499999.98")
    assert back["Y-1"].amount == Decimal("120000") and str(back["Y-1"].amount) == "120000"
    assert str(back["F-0"].amount) == "1210.10"
    assert {i.number: i for i in _series()} == back


def test_the_summed_read_says_what_the_full_read_says(repo: Repository, client: int) -> None:
    repo.replace_invoices(client, _series())
    full = ledger(repo.invoices(client), TODAY, RULES)
    summed = ledger(repo.invoice_ledgers()[client], TODAY, RULES)
    assert summed.totals == full.totals
    assert summed.slowing == full.slowing
    euros = [i for i in repo.invoice_ledgers()[client] if i.currency == "EUR"]
    assert ledger(euros, TODAY, RULES).slowing == ledger(_series()[:-1], TODAY, RULES).slowing is not None
    assert summed.average_days_late() == full.average_days_late()
    assert summed.latest_days_overdue() == full.latest_days_overdue()
    assert [i.days_late(TODAY) for i in summed.invoices] == [i.days_late(TODAY) for i in full.invoices]
    assert repo.invoice_ledgers([client + 1000]) == {}


def test_saving_the_table_replaces_it_whole(repo: Repository, client: int, count: Count) -> None:
    repo.replace_invoices(client, _series())
    repo.replace_invoices(client, _series()[:2])
    assert [i.number for i in repo.invoices(client)] == ["F-0", "F-1"]
    assert count("payments") == 2
    with pytest.raises(NotFound):
        repo.replace_invoices(client + 1000, _series())
    assert count("invoices") == 2


def test_a_save_stamps_the_account_for_the_lists(repo: Repository, client: int) -> None:
    before = repo.changes_since(None, 0)
    repo.replace_invoices(client, _series())
    after = repo.changes_since(before.epoch, before.seq)
    assert [a.id for a in after.accounts] == [client]
    assert [i.number for i in after.ledgers[client]][:1] == ["F-0"]
    repo.set_weekly_hours(client, 12.5)
    again = repo.changes_since(after.epoch, after.seq)
    assert [a.weekly_hours for a in again.accounts] == [12.5]


def test_merging_adds_new_numbers_and_only_what_was_paid_since(
    repo: Repository, client: int, count: Count
) -> None:
    first = _invoice("F-1", dt.date(2026, 3, 1), "100.00", "EUR", (dt.date(2026, 3, 20), "40.00"))
    assert repo.merge_invoices([(client, first)]) == [Merged.ADDED]
    assert repo.merge_invoices([(client, first)]) == [Merged.UNCHANGED]
    later = _invoice("F-1", dt.date(2026, 3, 1), "100.00", "EUR", (dt.date(2026, 4, 2), "100.00"))
    assert repo.merge_invoices([(client, later)], dry_run=True) == [Merged.PAID_MORE]
    assert count("payments") == 1  # a dry run writes nothing
    assert repo.merge_invoices([(client, later)]) == [Merged.PAID_MORE]
    [stored] = repo.invoices(client)
    assert [(p.paid_on, p.amount) for p in stored.payments] == [
        (dt.date(2026, 3, 20), Decimal("40.00")),
        (dt.date(2026, 4, 2), Decimal("60.00")),
    ]
    assert stored.settled_on == dt.date(2026, 4, 2)
    assert repo.merge_invoices([(client, first)]) == [Merged.LESS_PAID]
    moved = _invoice("F-1", dt.date(2026, 3, 2), "100.00")
    assert repo.merge_invoices([(client, moved)]) == [Merged.OTHER_FACTS]
    assert repo.invoices(client) == [stored]  # never changed by a file


def test_a_merge_for_an_account_gone_stores_nothing(repo: Repository, client: int, count: Count) -> None:
    good = _invoice("F-1", dt.date(2026, 3, 1), "100.00")
    with pytest.raises(NotFound):
        repo.merge_invoices([(client, good), (client + 1000, good)])
    assert count("invoices") == 0


def test_erasing_an_account_takes_its_invoices_payments_and_names(
    repo: Repository, client: int, count: Count
) -> None:
    repo.replace_invoices(client, _series())
    repo.remember_customers({"Jansen Bakkerij B.V.": client})
    assert repo.customer_accounts() != {}
    repo.erase(client, wait_s=0)
    assert (count("invoices"), count("payments"), count("customer_names")) == (0, 0, 0)


def test_hours_are_kept_and_cleared(repo: Repository, client: int) -> None:
    repo.set_weekly_hours(client, 7.5)
    assert repo.account(client).weekly_hours == 7.5
    repo.set_weekly_hours(client, None)
    assert repo.account(client).weekly_hours is None
    with pytest.raises(NotFound):
        repo.set_weekly_hours(client + 1000, 3)


def test_a_person_gets_their_invoices_with_their_data(repo: Repository, client: int) -> None:
    repo.replace_invoices(client, _series())
    repo.set_weekly_hours(client, 6)
    bundle = account_bundle(repo, client)
    assert bundle["account"]["weekly_hours"] == 6
    f4 = next(i for i in bundle["invoices"] if i["number"] == "F-4")
    assert f4["amount"] == "999999.99" and f4["payments"][0] == {"paid_on": "2026-06-20", "amount": "0.01"}


def test_a_layout_and_customer_names_are_remembered(repo: Repository, client: int) -> None:
    assert repo.invoice_layout("a" * 32) is None
    repo.remember_layout("a" * 32, {"Klant": "customer", "Btw": None})
    repo.remember_layout("a" * 32, {"Klant": "customer", "Btw": None, "Bedrag": "amount"})
    assert repo.invoice_layout("a" * 32) == {"Klant": "customer", "Btw": None, "Bedrag": "amount"}
    repo.remember_customers({"JANSEN  bakkerij": client})
    repo.remember_customers({"Jansen Bakkerij": client})  # the same name, told again
    assert list(repo.customer_accounts().values()) == [client]


@pytest.mark.sqlite_only
def test_a_backup_holds_the_invoices_and_a_restore_brings_them_back(
    repo: Repository, client: int, tmp_path: Path
) -> None:
    repo.replace_invoices(client, _series())
    repo.set_weekly_hours(client, 9)
    backup = tmp_path / "backup.db"
    repo.backup(backup)
    repo.replace_invoices(client, [])
    repo.restore(backup)
    assert {i.number for i in repo.invoices(client)} == {i.number for i in _series()}
    assert repo.account(client).weekly_hours == 9
    copy = open_repository(f"sqlite:///{backup}")
    assert copy.invoices(client) == repo.invoices(client)
    copy.close()


def test_a_save_from_invoices_no_longer_stored_writes_nothing(repo: Repository, client: int) -> None:
    repo.replace_invoices(client, _series())
    seen = repo.invoices(client)
    later = _invoice("F-9", dt.date(2026, 9, 1), "50.00")
    repo.merge_invoices([(client, later)])  # an import, between reading and saving
    with pytest.raises(InvoicesChanged):
        repo.replace_invoices(client, seen[:1], expected=seen)
    assert len(repo.invoices(client)) == len(seen) + 1
    repo.replace_invoices(client, seen[:1], expected=repo.invoices(client))  # from what is stored: saved
    assert [i.number for i in repo.invoices(client)] == [seen[0].number]
