"""Invoices, payments, planned hours, and what an invoice import remembers.

Every write that changes what a client's invoices or hours say touches the account
(`Store._touch`): Home's slowing-payment alert and the Capacity view follow one save at
the cost of that one account, like a check-in.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ColumnElement, Connection, delete, func, select, true

from i18n import currency_digits
from scoring.invoices import Billed, Invoice, Payment
from scoring.names import name_key
from storage import convert
from storage.base import Store
from storage.errors import Conflict, NotFound
from storage.schema import accounts, customer_names, invoice_layouts, invoices, payments

_E4 = Decimal(10_000)
_NOTHING = Decimal(0)


def to_e4(amount: Decimal) -> int:
    """An amount as whole ten-thousandths (exact: an invoice has at most the currency's decimals)."""
    return int((amount * _E4).to_integral_exact())


def from_e4(units: int, currency: str) -> Decimal:
    """Back to the amount, with the currency's own decimals ("1234.50" for EUR, "1234" for JPY)."""
    return Decimal(int(units)).scaleb(-4).quantize(_quantum(currency))


@functools.cache
def _quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-currency_digits(currency))


class InvoicesChanged(Conflict):
    """A save of a client's invoices that started from what is no longer stored."""


class Merged(StrEnum):
    """What an import did with one invoice of its file."""

    ADDED = "added"
    #: Stored before; the file shows more paid, and the difference is added as a payment.
    PAID_MORE = "paid_more"
    UNCHANGED = "unchanged"
    #: Stored before with another date, amount or currency: the stored invoice is kept as it is.
    OTHER_FACTS = "other_facts"
    #: Stored before with more paid than the file shows: the stored payments are kept.
    LESS_PAID = "less_paid"


@dataclass(frozen=True, slots=True)
class _Stored:
    id: int
    invoice: Invoice


class Invoices(Store):
    # -- reads ------------------------------------------------------------------------------------

    def invoices(self, account_id: int) -> list[Invoice]:
        """One client's invoices with every payment, by issue date."""
        with self._read() as conn:
            return [stored.invoice for stored in _account_invoices(conn, account_id)]

    def all_invoices(self) -> dict[int, list[Invoice]]:
        """Every account's invoices with every payment, by account, by issue date (a download)."""
        with self._read() as conn:
            found = stored_invoices(conn, true())
        return {account: [s.invoice for s in by_number.values()] for account, by_number in found.items()}

    def invoice_ledgers(self, account_ids: Collection[int] | None = None) -> dict[int, list[Billed]]:
        """Every invoice (of `account_ids`, when given) by account, by issue date, with its payments
        summed into one (the day that settled it, the amount paid): what days late, the totals and
        the slowing alert read, in two statements whatever the number of invoices."""
        where = None
        if account_ids is not None:
            where = accounts.c.id.in_(sorted({int(a) for a in account_ids}))
        with self._read() as conn:
            return ledgers(conn, where)

    def customer_accounts(self) -> dict[str, int]:
        """Every customer name an invoice import was told about, as `name_key` reads it, to its account."""
        with self._read() as conn:
            return {row.name_key: row.account_id for row in conn.execute(select(customer_names))}

    def invoice_layout(self, layout: str) -> dict[str, str | None] | None:
        with self._read() as conn:
            found = conn.execute(
                select(invoice_layouts.c.mapping).where(invoice_layouts.c.layout == layout)
            ).scalar_one_or_none()
        return dict(found) if isinstance(found, dict) else None

    # -- writes -----------------------------------------------------------------------------------

    def replace_invoices(
        self, account_id: int, new: Sequence[Invoice], *, expected: Sequence[Invoice] | None = None
    ) -> None:
        """Make `new` the client's invoices, payments and all (the client page's table, saved whole),
        in one transaction: an invoice left out is removed. `expected`: what the person saw; when
        the invoices are no longer that (an import, another person), `InvoicesChanged` and nothing
        is written."""
        with self._write() as conn:
            _lock_account(conn, account_id)
            if expected is not None:
                now = [stored.invoice for stored in _account_invoices(conn, account_id)]
                if now != list(expected):
                    raise InvoicesChanged(f"the invoices of account {account_id} changed")
            conn.execute(delete(invoices).where(invoices.c.account_id == account_id))
            insert_invoices(conn, [(account_id, invoice) for invoice in new])
            self._touch(conn, [account_id])

    def merge_invoices(self, items: Sequence[tuple[int, Invoice]], *, dry_run: bool = False) -> list[Merged]:
        """An import's invoices, each `(account id, invoice)`, merged into what is stored, in one
        transaction (none when `dry_run`, which only says what would happen).

        A new number is added with its payments. A stored one is never changed: when the file shows
        more paid, the difference is added as one payment dated the file's latest payment (or the
        file's payments themselves, when none was stored). The same file twice adds nothing.
        """
        if dry_run:
            with self._read() as conn:
                return _merge(conn, items, write=False)
        with self._write() as conn:
            outcomes = _merge(conn, items, write=True)
            self._touch(
                conn, {account for (account, _), done in zip(items, outcomes, strict=True) if _changed(done)}
            )
        return outcomes

    def set_weekly_hours(self, account_id: int, hours: float | None) -> None:
        with self._write() as conn:
            done = conn.execute(
                accounts.update().where(accounts.c.id == account_id).values(weekly_hours=hours)
            )
            if not done.rowcount:
                raise NotFound(f"no account with id {account_id}")
            self._touch(conn, [account_id])

    def set_hours_of(self, hours: Mapping[int, float | None]) -> None:
        """Many accounts' hours a week at once (an import of a file), in one transaction: all or none."""
        if not hours:
            return
        with self._write() as conn:
            for account_id, value in sorted(hours.items()):
                done = conn.execute(
                    accounts.update().where(accounts.c.id == account_id).values(weekly_hours=value)
                )
                if not done.rowcount:
                    raise NotFound(f"no account with id {account_id}")
            self._touch(conn, list(hours))

    def remember_customers(self, names: Mapping[str, int]) -> None:
        """Keep which account each customer name of an invoice file is (`name: account id`)."""
        if not names:
            return
        with self._write() as conn:
            keys = {name_key(name): (name, account) for name, account in names.items()}
            conn.execute(delete(customer_names).where(customer_names.c.name_key.in_(sorted(keys))))
            conn.execute(
                customer_names.insert(),
                [
                    {"name_key": key, "name": name[:200], "account_id": account}
                    for key, (name, account) in keys.items()
                ],
            )

    def remember_layout(self, layout: str, mapping: Mapping[str, str | None]) -> None:
        with self._write() as conn:
            conn.execute(delete(invoice_layouts).where(invoice_layouts.c.layout == layout))
            conn.execute(
                invoice_layouts.insert().values(
                    layout=layout, mapping=dict(mapping), updated_at=convert.now()
                )
            )


def ledgers(conn: Connection, where: ColumnElement[bool] | None) -> dict[int, list[Billed]]:
    """The invoices of the accounts `where` picks (all when None), by account, by issue date, each
    with its payments summed into one: see `Invoices.invoice_ledgers`."""
    paid = (
        select(
            payments.c.invoice_id,
            func.sum(payments.c.amount_e4).label("paid_e4"),
            func.max(payments.c.paid_on).label("last_paid"),
        )
        .group_by(payments.c.invoice_id)
        .subquery()
    )
    i = invoices.c
    query = (
        select(
            i.account_id,
            i.number,
            i.issued_on,
            i.due_on,
            i.amount_e4,
            i.currency,
            paid.c.paid_e4,
            paid.c.last_paid,
        )
        .outerjoin(paid, paid.c.invoice_id == i.id)
        .order_by(i.account_id, i.issued_on, i.due_on, i.number)
    )
    if where is not None:
        query = query.where(i.account_id.in_(select(accounts.c.id).where(where)))
    # Straight from the driver's cursor, as `Reads._columns` reads histories: a SQLAlchemy row and a
    # typed date per row cost more than the query. The only bound values are integers.
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(str(query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})))
        rows = cursor.fetchall()
    finally:
        cursor.close()
    found: dict[int, list[Billed]] = {}
    # Invoices repeat their dates and amounts (a month's invoices fall on few days, amounts are
    # round): each distinct one is converted once.
    days: dict[object, dt.date] = {}
    money: dict[tuple[int, str], Decimal] = {}

    def day(value: dt.date | str) -> dt.date:
        found_day = days.get(value)
        if found_day is None:
            found_day = days[value] = _day(value)
        return found_day

    def amount(units: int, currency: str) -> Decimal:
        key = (units, currency)
        found_amount = money.get(key)
        if found_amount is None:
            found_amount = money[key] = Decimal(units).scaleb(-4).quantize(_quantum(currency))
        return found_amount

    for account_id, number, issued, due, units, currency, paid_units, last in rows:
        spent = amount(paid_units, currency) if paid_units else _NOTHING
        billed = Billed(
            number,
            day(issued),
            day(due),
            amount(units, currency),
            currency,
            spent,
            None if last is None else day(last),
        )
        found.setdefault(account_id, []).append(billed)
    return found


def _changed(outcome: Merged) -> bool:
    return outcome in (Merged.ADDED, Merged.PAID_MORE)


def _lock_account(conn: Connection, account_id: int) -> None:
    if conn.execute(convert.locked(account_id)).first() is None:
        raise NotFound(f"no account with id {account_id}")


def _account_invoices(conn: Connection, account_id: int) -> list[_Stored]:
    return list(stored_invoices(conn, invoices.c.account_id == account_id).get(account_id, {}).values())


def stored_invoices(conn: Connection, where: ColumnElement[bool]) -> dict[int, dict[str, _Stored]]:
    """The invoices `where` picks, with every payment: account id -> number -> invoice."""
    rows = conn.execute(
        select(invoices).where(where).order_by(invoices.c.issued_on, invoices.c.due_on, invoices.c.number)
    ).all()
    ids = [row.id for row in rows]
    spent: dict[int, list[Payment]] = {}
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        currency = {row.id: row.currency for row in rows[start : start + 5000]}
        for pay in conn.execute(
            select(payments)
            .where(payments.c.invoice_id.in_(chunk))
            .order_by(payments.c.paid_on, payments.c.id)
        ):
            spent.setdefault(pay.invoice_id, []).append(
                Payment.model_construct(
                    paid_on=_day(pay.paid_on), amount=from_e4(pay.amount_e4, currency[pay.invoice_id])
                )
            )
    found: dict[int, dict[str, _Stored]] = {}
    for row in rows:
        found.setdefault(row.account_id, {})[row.number] = _Stored(
            row.id,
            Invoice.model_construct(
                number=row.number,
                issued_on=_day(row.issued_on),
                due_on=_day(row.due_on),
                amount=from_e4(row.amount_e4, row.currency),
                currency=row.currency,
                payments=tuple(spent.get(row.id, ())),
            ),
        )
    return found


def insert_invoices(conn: Connection, items: Sequence[tuple[int, Invoice]]) -> None:
    """New invoices and their payments, a few statements per thousands (an archive brings a team's
    48,000 at once): the invoices in one insert that gives back their ids in order, then every
    payment of them in one more."""
    created = convert.now()
    for start in range(0, len(items), _WRITE_CHUNK):
        part = items[start : start + _WRITE_CHUNK]
        rows = [
            {
                "account_id": account_id,
                "number": invoice.number,
                "issued_on": invoice.issued_on,
                "due_on": invoice.due_on,
                "amount_e4": to_e4(invoice.amount),
                "currency": invoice.currency,
                "created_at": created,
            }
            for account_id, invoice in part
        ]
        inserted = invoices.insert().returning(invoices.c.id, sort_by_parameter_order=True)
        ids = list(conn.execute(inserted, rows).scalars())
        paid = [
            {"invoice_id": invoice_id, "paid_on": p.paid_on, "amount_e4": to_e4(p.amount)}
            for invoice_id, (_account, invoice) in zip(ids, part, strict=True)
            for p in invoice.payments
        ]
        if paid:
            conn.execute(payments.insert(), paid)


#: Rows written by one statement: the driver's work is per row either way, this bounds memory.
_WRITE_CHUNK = 5000


def add_payments(conn: Connection, invoice_id: int, paid: Sequence[Payment]) -> None:
    if paid:
        conn.execute(
            payments.insert(),
            [{"invoice_id": invoice_id, "paid_on": p.paid_on, "amount_e4": to_e4(p.amount)} for p in paid],
        )


def _merge(conn: Connection, items: Sequence[tuple[int, Invoice]], *, write: bool) -> list[Merged]:
    account_ids = sorted({account for account, _ in items})
    stored: dict[int, dict[str, _Stored]] = {}
    for start in range(0, len(account_ids), 5000):
        stored.update(stored_invoices(conn, invoices.c.account_id.in_(account_ids[start : start + 5000])))
    known = (
        {row.id for row in conn.execute(select(accounts.c.id).where(accounts.c.id.in_(account_ids)))}
        if account_ids
        else set()
    )
    outcomes: list[Merged] = []
    fresh: list[tuple[int, Invoice]] = []
    for account_id, invoice in items:
        if account_id not in known:
            raise NotFound(f"no account with id {account_id}")
        before = stored.get(account_id, {}).get(invoice.number)
        if before is None:
            outcomes.append(Merged.ADDED)
            fresh.append((account_id, invoice))
            stored.setdefault(account_id, {})[invoice.number] = _Stored(0, invoice)
            continue
        old = before.invoice
        if (old.issued_on, old.due_on, old.amount, old.currency) != (
            invoice.issued_on,
            invoice.due_on,
            invoice.amount,
            invoice.currency,
        ):
            outcomes.append(Merged.OTHER_FACTS)
        elif invoice.paid == old.paid:
            outcomes.append(Merged.UNCHANGED)
        elif invoice.paid < old.paid:
            outcomes.append(Merged.LESS_PAID)
        else:
            outcomes.append(Merged.PAID_MORE)
            extra: tuple[Payment, ...] = invoice.payments
            if old.payments:
                extra = (
                    Payment(paid_on=max(p.paid_on for p in invoice.payments), amount=invoice.paid - old.paid),
                )
            if write and before.id:
                add_payments(conn, before.id, extra)
            stored[account_id][invoice.number] = _Stored(
                before.id, old.model_copy(update={"payments": old.payments + extra})
            )
    if write:
        insert_invoices(conn, fresh)
    return outcomes


def _day(value: dt.date | str) -> dt.date:
    """A date as the driver gives it: a date (PostgreSQL), or its ISO text (SQLite, and an aggregate
    over a date column there)."""
    return dt.date.fromisoformat(value) if type(value) is str else value  # type: ignore[return-value]
