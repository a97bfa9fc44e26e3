"""Everything at once: the tables a portable export reads, and its import in one transaction.

An import (`Portable.import_portable`) brings every kind of data in, in the order one depends on
another (rubric versions, settings, accounts, assessments, evidence, links, their answers,
invoices, remembered names and layouts), all or nothing: a driver error anywhere leaves the
database as it was, and a dry run does the whole import and rolls it back, so its report is
exactly what the import would do.

Accounts are matched by their portable id (`accounts.uid`), or, for a row without one (a file
made outside the app), by name (and company, where the file has that column): a name that two
accounts share is reported, never guessed. What each row does is counted per kind: added, changed
or skipped (already there). The rules of change, one per kind of data, keep a file from taking
anything back: an account's empty cell never empties a field, a file never un-signs or un-ends
a client, a stored invoice or assessment is never altered, a revoked link stays revoked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Row, select, text, update

from scoring.invoices import Invoice, Payment
from scoring.names import name_key
from scoring.questionnaires import TheirSide, fingerprint
from storage import convert
from storage.base import Store
from storage.invoices import add_payments, insert_invoices, stored_invoices
from storage.questionnaires import Questionnaires
from storage.schema import (
    accounts,
    customer_names,
    evidence,
    invoice_layouts,
    invoices,
    new_uid,
    questionnaire_answers,
    questionnaire_links,
    rubric_versions,
    settings,
    share_links,
)

if TYPE_CHECKING:
    from storage.repository import ImportReport, ImportRow

Rows = list[tuple[int, dict[str, Any]]]

#: The kinds of data, in the order an import applies them (an export writes one file each).
KINDS = (
    "rubric_versions",
    "settings",
    "accounts",
    "assessments",
    "evidence",
    "share_links",
    "questionnaire_links",
    "answers",
    "invoices",
    "customer_names",
    "invoice_layouts",
)


@dataclass(frozen=True, slots=True)
class Owner:
    """Whose row it is, as a file names the account: its portable id ("" when the file has none)
    and its name."""

    uid: str
    name: str


@dataclass(frozen=True, slots=True)
class ImportedAnswers:
    line: int
    owner: Owner
    side: TheirSide


@dataclass(frozen=True, slots=True)
class ImportedInvoice:
    line: int
    owner: Owner
    invoice: Invoice


@dataclass
class PortableData:
    """What an import brings, each kind as rows already checked (`services.portable`)."""

    rubric_versions: Rows = field(default_factory=list)
    settings: Rows = field(default_factory=list)
    accounts: Rows = field(default_factory=list)
    assessments: list[ImportRow] = field(default_factory=list)
    evidence: Rows = field(default_factory=list)
    share_links: Rows = field(default_factory=list)
    questionnaire_links: Rows = field(default_factory=list)
    answers: list[ImportedAnswers] = field(default_factory=list)
    invoices: list[ImportedInvoice] = field(default_factory=list)
    customer_names: Rows = field(default_factory=list)
    invoice_layouts: Rows = field(default_factory=list)


@dataclass
class Tally:
    added: int = 0
    changed: int = 0
    skipped: int = 0


@dataclass(frozen=True, slots=True)
class Left:
    """A row the import left out, or kept only in part, and why (in the code's words: the caller
    words it for a person by `reason` and `subject`)."""

    kind: str
    line: int
    reason: str  # a key: "ambiguous", "rubric_differs", "invoice_differs", or "refused"
    subject: str  # the account's name, the version, the invoice number
    detail: str = ""  # for "ambiguous": how many accounts; for "refused": the rule's own words


@dataclass(frozen=True, slots=True)
class Change:
    """A stored row a file changed: which, and the fields it set."""

    kind: str
    line: int
    subject: str
    fields: tuple[str, ...]


@dataclass
class PortableReport:
    tallies: dict[str, Tally] = field(default_factory=lambda: {kind: Tally() for kind in KINDS})
    left: list[Left] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    new_accounts: int = 0


class _DryRun(Exception):
    def __init__(self, report: PortableReport) -> None:
        super().__init__("dry run")
        self.report = report


@dataclass
class _Known:
    id: int
    uid: str
    name: str
    company: str


class _Ambiguous(Exception):
    def __init__(self, count: int) -> None:
        super().__init__(str(count))
        self.count = count


class _Accounts:
    """The accounts as the transaction sees them, found by portable id or by name."""

    def __init__(self, conn: Connection) -> None:
        self.by_uid: dict[str, _Known] = {}
        self.by_name: dict[str, list[_Known]] = {}
        self.rows: dict[int, Row[Any]] = {}
        for row in conn.execute(select(accounts).order_by(accounts.c.id)):
            self.rows[row.id] = row
            self.add(_Known(row.id, row.uid or "", row.name, row.company or ""))

    def add(self, known: _Known) -> None:
        if known.uid:
            self.by_uid[known.uid] = known
        self.by_name.setdefault(known.name.strip(), []).append(known)

    def find(self, owner: Owner, company: str | None = None) -> _Known | None:
        """The account a row names; None when there is none yet; `_Ambiguous` when its name (and
        company, when given) fits more than one and the row has no portable id to tell them."""
        if owner.uid:
            return self.by_uid.get(owner.uid)
        found = self.by_name.get(owner.name.strip(), [])
        if company is not None:
            found = [k for k in found if k.company == company.strip()]
        if len(found) > 1:
            raise _Ambiguous(len(found))
        return found[0] if found else None


def _day(value: dt.date | str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


class Portable(Store):
    """The portable export's reads and its import."""

    if TYPE_CHECKING:

        def _import_rows_on(self, conn: Connection, rows: Iterable[ImportRow]) -> ImportReport: ...

    # -- reads ---------------------------------------------------------------------------------

    def portable_rows(self) -> dict[str, list[dict[str, Any]]]:
        """The tables no download of its own covers, as plain values, each in a stable order (one
        that does not depend on the ids a database gave): rubric versions, settings, share and
        questionnaire links with their account's portable id and name, remembered customer names
        and invoice layouts."""
        with self._read() as conn:
            owners = {
                row.id: (row.uid or "", row.name)
                for row in conn.execute(select(accounts.c.id, accounts.c.uid, accounts.c.name))
            }
            versions = [
                {**row._asdict(), "saved_at": convert.utc(row.saved_at)}
                for row in conn.execute(
                    select(rubric_versions).order_by(rubric_versions.c.rubric_key, rubric_versions.c.version)
                )
            ]
            chosen = [
                {**row._asdict(), "updated_at": convert.utc(row.updated_at)}
                for row in conn.execute(select(settings).order_by(settings.c.owner, settings.c.name))
            ]
            shares = [
                _owned(row, owners, "created_at", "expires_at", "revoked_at")
                for row in conn.execute(select(share_links).order_by(share_links.c.token_hash))
            ]
            # Each link with the fingerprint of the answers it brought: with the answers file, the
            # two find each other again wherever they are imported.
            brought = {
                row.link_id: row.fingerprint
                for row in conn.execute(
                    select(questionnaire_answers.c.link_id, questionnaire_answers.c.fingerprint).where(
                        questionnaire_answers.c.link_id.is_not(None)
                    )
                )
            }
            asked = [
                {
                    **_owned(row, owners, "created_at", "expires_at", "revoked_at", "used_at"),
                    "answered": brought.get(row.id, ""),
                }
                for row in conn.execute(
                    select(questionnaire_links).order_by(questionnaire_links.c.token_hash)
                )
            ]
            names = [
                {
                    **row._asdict(),
                    "account_uid": owners[row.account_id][0],
                    "account": owners[row.account_id][1],
                }
                for row in conn.execute(select(customer_names).order_by(customer_names.c.name_key))
            ]
            layouts = [
                {**row._asdict(), "updated_at": convert.utc(row.updated_at)}
                for row in conn.execute(select(invoice_layouts).order_by(invoice_layouts.c.layout))
            ]
        return {
            "rubric_versions": versions,
            "settings": chosen,
            "share_links": shares,
            "questionnaire_links": asked,
            "customer_names": names,
            "invoice_layouts": layouts,
        }

    # -- the import ----------------------------------------------------------------------------

    def import_portable(self, data: PortableData, *, dry_run: bool = False) -> PortableReport:
        """Bring `data` in, in one transaction (rolled back when `dry_run`): see the module."""
        try:
            with self._write() as conn:
                report = _Import(conn, self).run(data)
                if dry_run:
                    raise _DryRun(report)
        except _DryRun as done:
            return done.report
        return report


def _owned(row: Row[Any], owners: dict[int, tuple[str, str]], *moments: str) -> dict[str, Any]:
    values = row._asdict()
    for name in moments:
        if values[name] is not None:
            values[name] = convert.utc(values[name])
    uid, name = owners[row.account_id]
    return {**values, "account_uid": uid, "account": name}


class _Import:
    def __init__(self, conn: Connection, repo: Portable) -> None:
        self.conn = conn
        self.repo = repo
        self.report = PortableReport()
        self.known = _Accounts(conn)
        self.touched: set[int] = set()
        self.now = convert.now()
        #: The fingerprint of answers a link of the file brought, and the link's token hash.
        self.brought: dict[str, str] = {}

    def _ambiguous(self, kind: str, line: int, owner: Owner, many: _Ambiguous) -> None:
        self.report.left.append(Left(kind, line, "ambiguous", owner.name, str(many.count)))

    def _owner(self, kind: str, line: int, owner: Owner) -> _Known | None:
        """The account a row of `kind` is about; None, with the row left out and why, when there
        is none (this database lacks it and the import did not bring it) or its name is shared."""
        try:
            found = self.known.find(owner)
        except _Ambiguous as many:
            self._ambiguous(kind, line, owner, many)
            return None
        if found is None:
            self.report.left.append(Left(kind, line, "no_account", owner.name))
        return found

    def run(self, data: PortableData) -> PortableReport:
        self._rubric_versions(data.rubric_versions)
        self._settings(data.settings)
        self._accounts(data.accounts)
        if data.assessments:
            done = self.repo._import_rows_on(self.conn, data.assessments)
            tally = self.report.tallies["assessments"]
            tally.added += done.added
            tally.skipped += done.already_there
            self.report.new_accounts += done.new_accounts
            self.report.left += [Left("assessments", line, "refused", "", why) for line, why in done.errors]
            if done.new_accounts:
                self.known = _Accounts(self.conn)
        self._evidence(data.evidence)
        self._links(data.share_links, "share_links")
        self._links(data.questionnaire_links, "questionnaire_links")
        self._answers(data.answers)
        self._invoices(data.invoices)
        self._customer_names(data.customer_names)
        self._layouts(data.invoice_layouts)
        self.repo._touch(self.conn, self.touched)
        return self.report

    # Each kind, in the order `run` applies them.

    def _rubric_versions(self, rows: Rows) -> None:
        tally = self.report.tallies["rubric_versions"]
        stored = {
            (row.rubric_key, row.version): row.body
            for row in self.conn.execute(
                select(rubric_versions.c.rubric_key, rubric_versions.c.version, rubric_versions.c.body)
            )
        }
        for line, v in rows:
            at = (v["rubric_key"], v["version"])
            if at not in stored:
                self.conn.execute(
                    rubric_versions.insert().values(
                        rubric_key=v["rubric_key"],
                        version=v["version"],
                        saved_at=v["saved_at"],
                        saved_by=v.get("saved_by") or "",
                        reason=v.get("reason") or "",
                        body=v["body"],
                    )
                )
                stored[at] = v["body"]
                tally.added += 1
            elif stored[at] == v["body"]:
                tally.skipped += 1
            else:
                self.report.left.append(Left("rubric_versions", line, "rubric_differs", f"{at[0]} {at[1]}"))

    def _settings(self, rows: Rows) -> None:
        tally = self.report.tallies["settings"]
        stored = {(row.owner, row.name): row.value for row in self.conn.execute(select(settings))}
        for line, v in rows:
            at = (v.get("owner") or "", v["name"])
            value = v.get("value") or ""
            if at not in stored:
                self.conn.execute(
                    settings.insert().values(owner=at[0], name=at[1], value=value, updated_at=v["updated_at"])
                )
                tally.added += 1
            elif stored[at] == value:
                tally.skipped += 1
            else:
                self.conn.execute(
                    update(settings)
                    .where(settings.c.owner == at[0], settings.c.name == at[1])
                    .values(value=value, updated_at=v["updated_at"])
                )
                self.report.changes.append(Change("settings", line, at[1], ("value",)))
                tally.changed += 1
            stored[at] = value

    def _accounts(self, rows: Rows) -> None:
        tally = self.report.tallies["accounts"]
        explicit = False
        for line, v in rows:
            owner = Owner(v.get("account_uid") or "", v["account"].strip())
            company = v.get("company") if "company" in v else None
            try:
                found = self.known.find(owner, None if owner.uid else company)
            except _Ambiguous as many:
                self._ambiguous("accounts", line, owner, many)
                continue
            if found is None:
                explicit |= self._new_account(v, owner)
                tally.added += 1
                self.report.new_accounts += 1
                continue
            fields = self._update_account(found, v)
            if fields:
                self.report.changes.append(Change("accounts", line, owner.name, fields))
                tally.changed += 1
            else:
                tally.skipped += 1
        if explicit and not self.repo.is_sqlite:
            # Ids given by hand leave PostgreSQL's counter behind: the next account must not take one.
            self.conn.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('accounts', 'id'), (SELECT max(id) FROM accounts))"
                )
            )

    def _new_account(self, v: dict[str, Any], owner: Owner) -> bool:
        """Insert one account as the file has it; True when it kept the file's number."""
        wanted = v.get("account_id")
        keep = isinstance(wanted, int) and wanted > 0 and wanted not in self.known.rows
        uid = owner.uid or new_uid()
        signed_on = v.get("signed_on")
        stage = v.get("stage") or ("client" if signed_on else "prospect")
        values = {
            "uid": uid,
            "name": owner.name,
            "name_key": name_key(owner.name),
            "company": (v.get("company") or "").strip(),
            "deal_value": v.get("deal_value"),
            "stage": stage,
            "signed_on": signed_on,
            "ended_on": v.get("ended_on"),
            "outcome": v.get("outcome") or None,
            "outcome_note": v.get("outcome_note") or "",
            "weekly_hours": v.get("weekly_hours"),
            "created_at": v.get("created_at") or self.now,
            "updated_at": self.now,
        }
        if keep:
            values["id"] = wanted
        account_id = self.conn.execute(
            accounts.insert().values(**values).returning(accounts.c.id)
        ).scalar_one()
        row = self.conn.execute(select(accounts).where(accounts.c.id == account_id)).one()
        self.known.rows[account_id] = row
        self.known.add(_Known(account_id, uid, owner.name, str(values["company"])))
        self.touched.add(account_id)
        return keep

    def _update_account(self, found: _Known, v: dict[str, Any]) -> tuple[str, ...]:
        """Set what the file says differently, by the rules of change (see the module)."""
        row = self.known.rows[found.id]
        new: dict[str, Any] = {}
        name = v["account"].strip()
        if name and name != row.name:
            new["name"], new["name_key"] = name, name_key(name)
        company = (v.get("company") or "").strip()
        if company and company != (row.company or ""):
            new["company"] = company
        for column in ("deal_value", "weekly_hours"):
            if v.get(column) is not None and v[column] != row._mapping[column]:
                new[column] = v[column]
        if row.stage == "prospect" and v.get("stage") == "client":
            new["stage"] = "client"
            if v.get("signed_on") is not None:
                new["signed_on"] = v["signed_on"]
        if row.ended_on is None and v.get("ended_on") is not None:
            new["ended_on"] = v["ended_on"]
            new["outcome"] = v.get("outcome") or None
            new["outcome_note"] = v.get("outcome_note") or ""
        if not new:
            return ()
        self.conn.execute(
            update(accounts).where(accounts.c.id == found.id).values(**new, updated_at=self.now)
        )
        self.known.rows[found.id] = self.conn.execute(select(accounts).where(accounts.c.id == found.id)).one()
        if "name" in new:
            self.known = _Accounts(self.conn)
        self.touched.add(found.id)
        return tuple(column for column in new if column != "name_key")

    def _evidence(self, rows: Rows) -> None:
        tally = self.report.tallies["evidence"]
        stored = {
            (row.account_id, _day(row.noted_on), row.text)
            for row in self.conn.execute(select(evidence.c.account_id, evidence.c.noted_on, evidence.c.text))
        }
        for line, v in rows:
            owner = Owner(v.get("account_uid") or "", v["account"].strip())
            found = self._owner("evidence", line, owner)
            if found is None:
                continue
            note = v["note"].strip()
            mark = (found.id, v["date"], note)
            if mark in stored:
                tally.skipped += 1
                continue
            stored.add(mark)
            key = hashlib.sha256(f"{found.uid or found.id}\x1f{v['date']}\x1f{note}".encode()).hexdigest()
            self.conn.execute(
                evidence.insert().values(
                    account_id=found.id,
                    noted_on=v["date"],
                    text=note,
                    idempotency_key=f"import:{key[:64]}",
                    created_at=self.now,
                )
            )
            self.touched.add(found.id)
            tally.added += 1

    def _links(self, rows: Rows, kind: str) -> None:
        table = share_links if kind == "share_links" else questionnaire_links
        forward = ("revoked_at",) if kind == "share_links" else ("revoked_at", "used_at")
        tally = self.report.tallies[kind]
        stored = {row.token_hash: row for row in self.conn.execute(select(table))}
        for line, v in rows:
            owner = Owner(v.get("account_uid") or "", v["account"].strip())
            before = stored.get(v["token_hash"])
            if v.get("answered"):
                self.brought[v["answered"]] = v["token_hash"]
            if before is not None:
                moved = {
                    name: v[name]
                    for name in forward
                    if v.get(name) is not None and before._mapping[name] is None
                }
                if moved:
                    self.conn.execute(update(table).where(table.c.id == before.id).values(**moved))
                    self.report.changes.append(Change(kind, line, owner.name, tuple(moved)))
                    tally.changed += 1
                else:
                    tally.skipped += 1
                continue
            found = self._owner(kind, line, owner)
            if found is None:
                continue
            values = {name: v.get(name) for name in ("created_at", "expires_at", "revoked_at")}
            if kind == "share_links":
                values |= {"label": v.get("label") or "", "include_notes": bool(v.get("include_notes"))}
            else:
                values |= {
                    "kind": v["kind"],
                    "used_at": v.get("used_at"),
                    "sender": v.get("sender") or "",
                    "opening": v.get("opening") or "",
                }
            self.conn.execute(
                table.insert().values(account_id=found.id, token_hash=v["token_hash"], **values)
            )
            stored[v["token_hash"]] = self.conn.execute(
                select(table).where(table.c.token_hash == v["token_hash"])
            ).one()
            self.touched.add(found.id)
            tally.added += 1

    def _answers(self, rows: Sequence[ImportedAnswers]) -> None:
        tally = self.report.tallies["answers"]
        prints = {
            (row.account_id, row.fingerprint)
            for row in self.conn.execute(
                select(questionnaire_answers.c.account_id, questionnaire_answers.c.fingerprint)
            )
        }
        links = {
            row.token_hash: (row.id, row.account_id) for row in self.conn.execute(select(questionnaire_links))
        }
        answered = {
            row.link_id for row in self.conn.execute(select(questionnaire_answers.c.link_id)) if row.link_id
        }
        for item in rows:
            found = self._owner("answers", item.line, item.owner)
            if found is None:
                continue
            side = item.side
            mark = (found.id, fingerprint(side.kind, side.submitted_at, side.answers))
            if mark in prints:
                tally.skipped += 1
                continue
            prints.add(mark)
            link_id, link_account = links.get(self.brought.get(mark[1], ""), (None, None))
            if link_account != found.id or link_id in answered:
                link_id = None
            if link_id is not None:
                answered.add(link_id)
            Questionnaires.insert_answers(
                self.conn,
                found.id,
                link_id,
                side.kind,
                side.version,
                side.submitted_at,
                side.answers,
                side.language,
            )
            self.touched.add(found.id)
            tally.added += 1

    def _invoices(self, items: Sequence[ImportedInvoice]) -> None:
        tally = self.report.tallies["invoices"]
        resolved: list[tuple[ImportedInvoice, int]] = []
        for item in items:
            found = self._owner("invoices", item.line, item.owner)
            if found is None:
                continue
            resolved.append((item, found.id))
        ids = sorted({account_id for _, account_id in resolved})
        stored: dict[int, dict[str, Any]] = {}
        for start in range(0, len(ids), 5000):
            stored.update(stored_invoices(self.conn, invoices.c.account_id.in_(ids[start : start + 5000])))
        fresh: list[tuple[int, Invoice]] = []
        added: set[tuple[int, str]] = set()
        for item, account_id in resolved:
            new = item.invoice
            if (account_id, new.number) in added:
                tally.skipped += 1  # the same number twice in the file: the first one counts
                continue
            before = stored.get(account_id, {}).get(new.number)
            if before is None:
                fresh.append((account_id, new))
                added.add((account_id, new.number))
                tally.added += 1
                self.touched.add(account_id)
                continue
            old: Invoice = before.invoice
            if (old.issued_on, old.due_on, old.amount, old.currency) != (
                new.issued_on,
                new.due_on,
                new.amount,
                new.currency,
            ):
                self.report.left.append(
                    Left("invoices", item.line, "invoice_differs", new.number, item.owner.name)
                )
                continue
            extra = list((Counter(_paid(new.payments)) - Counter(_paid(old.payments))).elements())
            if not extra:
                tally.skipped += 1
                continue
            add_payments(
                self.conn, before.id, [Payment(paid_on=day, amount=amount) for day, amount in sorted(extra)]
            )
            self.report.changes.append(Change("invoices", item.line, new.number, ("payments",)))
            tally.changed += 1
            self.touched.add(account_id)
        if fresh:
            insert_invoices(self.conn, fresh)

    def _customer_names(self, rows: Rows) -> None:
        tally = self.report.tallies["customer_names"]
        stored = set(self.conn.execute(select(customer_names.c.name_key)).scalars())
        for line, v in rows:
            key = name_key(v["name"])
            if key in stored:
                tally.skipped += 1
                continue
            owner = Owner(v.get("account_uid") or "", v["account"].strip())
            found = self._owner("customer_names", line, owner)
            if found is None:
                continue
            self.conn.execute(
                customer_names.insert().values(name_key=key, account_id=found.id, name=v["name"].strip())
            )
            stored.add(key)
            tally.added += 1

    def _layouts(self, rows: Rows) -> None:
        tally = self.report.tallies["invoice_layouts"]
        stored = set(self.conn.execute(select(invoice_layouts.c.layout)).scalars())
        for _line, v in rows:
            if v["layout"] in stored:
                tally.skipped += 1
                continue
            self.conn.execute(
                invoice_layouts.insert().values(
                    layout=v["layout"], mapping=v["mapping"], updated_at=v["updated_at"]
                )
            )
            stored.add(v["layout"])
            tally.added += 1


def _paid(payments: Iterable[Payment]) -> list[tuple[dt.date, Any]]:
    return [(p.paid_on, p.amount) for p in payments]
