"""An invoice file from a bookkeeping program, into the clients' invoices: read, mapped, matched
to clients, stored; and every client's invoices out again as a file that reads back the same.

The app and the command line share every step: `prepare_import` reads a file and proposes a
column mapping (the one remembered for the file's header layout, else a guess), `run_import`
stores what it says (or, in a dry run, says what it would store), and the same file twice adds
nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from formats.invoices_csv import (
    Column,
    InvoiceLine,
    LineProblem,
    Sheet,
    guess_mapping,
    layout_key,
    parse_lines,
    read_sheet,
    write_invoices,
)
from i18n import _, format_integer, ngettext
from scoring import Stage
from scoring.invoices import Invoice, InvoiceField, Payment, make_invoice
from scoring.names import name_key
from services.invoices import default_currency
from storage import Repository
from storage.invoices import Merged

# --- reading a file ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    """A file read and mapped, before anything is stored: what the preview shows."""

    sheet: Sheet
    layout: str
    mapping: dict[str, Column | None]
    #: True when the mapping is the one a person confirmed for this layout before.
    remembered: bool
    lines: list[InvoiceLine]
    problems: list[LineProblem]
    #: Each customer name of the file and the account it is (None: not known yet; ask once).
    customers: dict[str, int | None]

    @property
    def unknown(self) -> list[str]:
        return sorted((name for name, account in self.customers.items() if account is None), key=str.casefold)


def prepare_import(
    repo: Repository, data: bytes, overrides: Mapping[str, str | None] | None = None
) -> Prepared:
    """Read an invoice file and map its columns: `overrides` (header: field name or None) over the
    mapping remembered for this header layout, else the guess. An override takes its field away
    from any other column (a later override from an earlier one), so a person who picks "Amount"
    for one column never has two. `CsvDecodeError` for a file that is no CSV text (too large,
    binary, no known encoding)."""
    sheet = read_sheet(data)
    layout = layout_key(sheet.headers)
    remembered = repo.invoice_layout(layout)
    mapping: dict[str, Column | None] = guess_mapping(sheet.headers)
    if remembered is not None:
        # The layout key ignores case and spaces around a header: so does the look-up.
        kept = {_header_key(header): value for header, value in remembered.items()}
        mapping = {header: _column(kept.get(_header_key(header))) for header in sheet.headers}
    for header, value in (overrides or {}).items():
        if header in mapping:
            chosen = _column(value)
            if chosen is not None:  # a field goes to one column: the one chosen last
                for other, field in mapping.items():
                    if field is chosen:
                        mapping[other] = None
            mapping[header] = chosen
    lines, problems = parse_lines(sheet, mapping, default_currency(repo))
    return Prepared(sheet, layout, mapping, remembered is not None, lines, problems, _customers(repo, lines))


def _header_key(header: str) -> str:
    return header.strip().casefold()


def _column(value: str | None) -> Column | None:
    if not value:
        return None
    try:
        return Column(value)
    except ValueError:
        return None


def _customers(repo: Repository, lines: Sequence[InvoiceLine]) -> dict[str, int | None]:
    """Which account each customer of the file is: the answer given before, else the one account
    whose name or company reads the same."""
    told = repo.customer_accounts()
    by_name: dict[str, set[int]] = {}
    for account in repo.accounts():
        for text in (account.name, account.company):
            if text:
                by_name.setdefault(name_key(text), set()).add(account.id)
    found: dict[str, int | None] = {}
    for line in lines:
        if line.customer in found:
            continue
        key = name_key(line.customer)
        if key in told:
            found[line.customer] = told[key]
            continue
        ids = by_name.get(key, set())
        found[line.customer] = next(iter(ids)) if len(ids) == 1 else None
    return found


@dataclass
class InvoiceImport:
    """What an import did (or, in a dry run, would do), by invoice and by line."""

    added: int = 0
    paid_more: int = 0
    unchanged: int = 0
    #: (line, invoice number) stored before with another date, amount or currency: kept as stored.
    other_facts: list[tuple[int, str]] = field(default_factory=list)
    #: (line, invoice number) stored before with more paid than the file says: kept as stored.
    less_paid: list[tuple[int, str]] = field(default_factory=list)
    problems: list[LineProblem] = field(default_factory=list)
    #: Customer names no account was given for: their lines were left out.
    skipped: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def stored(self) -> int:
        return self.added + self.paid_more

    @property
    def bad_lines(self) -> int:
        """Lines with a problem (a problem of the file as a whole is on line 1)."""
        return len({p.line for p in self.problems})

    @property
    def skipped_lines(self) -> int:
        return sum(self.skipped.values())

    @property
    def nothing_new(self) -> bool:
        """Every invoice of the file is stored already, as the file says: a file imported twice."""
        return (
            self.stored == 0
            and self.unchanged > 0
            and not (self.other_facts or self.less_paid or self.problems or self.skipped)
        )

    @property
    def complete(self) -> bool:
        """Every line was stored or was there already: none left out for a problem or a customer."""
        return not (self.problems or self.skipped)


def run_import(
    repo: Repository,
    prepared: Prepared,
    answers: Mapping[str, int] | None = None,
    *,
    dry_run: bool = False,
) -> InvoiceImport:
    """Store the invoices of a prepared file, in one transaction (or say what would be stored).

    `answers` gives an account for customer names the file does not match (`Prepared.unknown`); a
    real run remembers them and the mapping for the next file of this layout. Lines of a customer
    still unknown are left out and counted. Rows of one invoice (same customer and number) are one
    invoice, each row's payment one payment.
    """
    answers = dict(answers or {})
    report = InvoiceImport(problems=list(prepared.problems), dry_run=dry_run)
    accounts = {name: answers.get(name, account) for name, account in prepared.customers.items()}
    stages = {a.id: a.stage for a in repo.accounts()}
    grouped: dict[tuple[int, str], list[InvoiceLine]] = {}
    for row in prepared.lines:
        account = accounts.get(row.customer)
        if account is None or account not in stages:
            report.skipped[row.customer] = report.skipped.get(row.customer, 0) + 1
            continue
        grouped.setdefault((account, row.number), []).append(row)
    items: list[tuple[int, Invoice]] = []
    first_line: list[int] = []
    for (account, number), rows in grouped.items():
        head = rows[0]
        paid = [
            Payment(paid_on=r.paid_on, amount=r.paid) for r in rows if r.paid > 0 and r.paid_on is not None
        ]
        made = make_invoice(number, head.issued_on, head.due_on, head.amount, head.currency, paid)
        if isinstance(made, list):
            report.problems += [
                LineProblem(head.line, _header_of(prepared, p.field), p.message) for p in made
            ]
            continue
        items.append((account, made))
        first_line.append(head.line)
    outcomes = repo.merge_invoices(items, dry_run=dry_run) if items else []
    for (_account, invoice), line, outcome in zip(items, first_line, outcomes, strict=True):
        if outcome is Merged.ADDED:
            report.added += 1
        elif outcome is Merged.PAID_MORE:
            report.paid_more += 1
        elif outcome is Merged.UNCHANGED:
            report.unchanged += 1
        elif outcome is Merged.OTHER_FACTS:
            report.other_facts.append((line, invoice.number))
        else:
            report.less_paid.append((line, invoice.number))
    report.problems.sort(key=lambda p: p.line)
    if not dry_run:
        repo.remember_layout(
            prepared.layout, {h: (c.value if c else None) for h, c in prepared.mapping.items()}
        )
        told = {
            name: account
            for name, account in answers.items()
            if name in prepared.customers and account in stages
        }
        repo.remember_customers(told)
    return report


def _header_of(prepared: Prepared, field: InvoiceField) -> str:
    """The file's column a problem with `field` is about (the field's name when none is mapped)."""
    wanted = Column.PAID if field is InvoiceField.PAYMENT else Column(field.value)
    for header, column in prepared.mapping.items():
        if column is wanted:
            return header
    return wanted.value


# --- what an import says ---------------------------------------------------------------------
# The app and the command line say the same words.


def summary(report: InvoiceImport) -> str:
    """One sentence: what an import did or, in a dry run, would do."""
    if report.nothing_new:
        return ngettext(
            "Nothing new: the {n} invoice is already stored.",
            "Nothing new: all {n} invoices are already stored.",
            report.unchanged,
        ).format(n=format_integer(report.unchanged))
    kept = len(report.other_facts) + len(report.less_paid)
    if report.stored + report.unchanged + kept == 0 and report.complete:
        return _("This file holds no invoice.")
    if report.dry_run:
        added = ngettext("{n} invoice to add", "{n} invoices to add", report.added)
    else:
        added = ngettext("{n} invoice added", "{n} invoices added", report.added)
    counts = [
        added.format(n=format_integer(report.added)),
        ngettext("{n} with a new payment", "{n} with new payments", report.paid_more).format(
            n=format_integer(report.paid_more)
        ),
        ngettext("{n} unchanged", "{n} unchanged", report.unchanged).format(
            n=format_integer(report.unchanged)
        ),
    ]
    if kept:
        counts.append(
            ngettext("{n} kept as stored", "{n} kept as stored", kept).format(n=format_integer(kept))
        )
    trouble = []
    if report.problems:
        trouble.append(
            ngettext("{n} line with problems", "{n} lines with problems", report.bad_lines).format(
                n=format_integer(report.bad_lines)
            )
        )
    if report.skipped:
        trouble.append(
            ngettext(
                "{n} line of a customer with no client skipped",
                "{n} lines of customers with no client skipped",
                report.skipped_lines,
            ).format(n=format_integer(report.skipped_lines))
        )
    if not trouble:
        return ", ".join(counts) + "."
    # Translators: "12 invoices to add, 3 with new payments, 40 unchanged; 2 lines with problems."
    return _("{counts}; {problems}.").format(counts=", ".join(counts), problems=", ".join(trouble))


def notes(report: InvoiceImport) -> list[str]:
    """The invoices of the file kept as they were stored, by line: worth a look, not a problem."""
    found = [
        (
            line,
            _(
                "line {line}: invoice {number} is stored with another date or amount; kept the stored one"
            ).format(line=line, number=number),
        )
        for line, number in report.other_facts
    ]
    found += [
        (
            line,
            _(
                "line {line}: invoice {number} is stored with more paid than this file says; "
                "kept the stored payments"
            ).format(line=line, number=number),
        )
        for line, number in report.less_paid
    ]
    return [text for _line, text in sorted(found, key=lambda item: item[0])]


def problem_text(problem: LineProblem) -> str:
    """A problem as one line: where (line, column) and what."""
    if problem.field:
        return _("line {line}, column {column}: {problem}").format(
            line=problem.line, column=problem.field, problem=problem.message
        )
    return _("line {line}: {problem}").format(line=problem.line, problem=problem.message)


# --- downloads -------------------------------------------------------------------------------


def invoices_csv(repo: Repository, sep: str = ",") -> str:
    """Every client's invoices, one row per payment (`formats.invoices_csv.write_invoices`): the
    file an invoice import reads back as it was."""
    people = {a.id: a for a in repo.accounts()}
    found = {account: invoices for account, invoices in repo.all_invoices().items() if account in people}
    rows: list[tuple[str, Invoice, str]] = []
    for account_id in sorted(found, key=lambda i: (people[i].name.casefold(), people[i].name, i)):
        rows += [(people[account_id].name, invoice, people[account_id].uid) for invoice in found[account_id]]
    return write_invoices(rows, sep)


def clients_with_stage(repo: Repository, stage: Stage = Stage.CLIENT) -> list[tuple[int, str]]:
    """The accounts a customer name can be matched to, those of `stage` first, each as (id, how a
    person tells it: its name, and its company when it has one, as a bookkeeping file names it)."""
    found = sorted(repo.accounts(), key=lambda a: (a.stage is not stage, a.name.casefold(), a.id))
    return [(a.id, f"{a.name} · {a.company}" if a.company else a.name) for a in found]
