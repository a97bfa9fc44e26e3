"""`python cli.py invoices import | export` against real SQLite files.

The CLI runs as a subprocess (`run`, tests/cli/conftest.py); what the database holds afterwards is
read with plain sqlite3, not through the code under test.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from scoring import AccountDraft
from storage import open_repository
from tests import factories
from tests.cli.helpers import NOTHING_DONE, OK, ROWS_REJECTED, Run, lines, one_line, url
from tests.helpers import without_columns

DUTCH = (
    "Factuurnummer;Factuurdatum;Vervaldatum;Klant;Bedrag incl. btw;Betaald op;Openstaand\n"
    "2026-001;05-01-2026;04-02-2026;Bakkerij Jansen;€ 1.234,56;10-02-2026;0,00\n"
    "2026-002;05-02-2026;07-03-2026;Bakkerij Jansen;€ 500,00;;500,00\n"
    "2026-003;12-02-2026;14-03-2026;Acme BV;€ 2.000,00;20-03-2026;1.250,00\n"
)
Stored = tuple[str, str, int, str]


@pytest.fixture
def clients_db(empty_db: Path) -> Path:
    """A database with two clients, "Bakkerij Jansen" and "Acme BV"."""
    add_clients(empty_db, "Bakkerij Jansen", "Acme BV")
    return empty_db


def add_clients(db: Path, *names: str) -> None:
    repo = open_repository(url(db))
    try:
        for name in names:
            repo.add_client(
                AccountDraft(name=name), factories.assessment(dt.date(2025, 1, 1)), dt.date(2025, 1, 2), name
            )
    finally:
        repo.close()


def write(folder: Path, text: str, name: str = "export.csv", encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def uid_of(db: Path, name: str) -> str:
    return next(a.uid for a in open_repository(url(db)).accounts() if a.name == name)


def stored(db: Path) -> list[Stored]:
    """(client, invoice number, amount in ten-thousandths, currency), read with plain sqlite3."""
    with closing(sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)) as conn:
        return sorted(
            conn.execute(
                "SELECT a.name, i.number, i.amount_e4, i.currency FROM invoices i "
                "JOIN accounts a ON a.id = i.account_id"
            ).fetchall()
        )


def paid(db: Path) -> list[tuple[str, str, int]]:
    """(invoice number, paid on, amount in ten-thousandths) of every payment."""
    with closing(sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)) as conn:
        return sorted(
            conn.execute(
                "SELECT i.number, p.paid_on, p.amount_e4 FROM payments p "
                "JOIN invoices i ON i.id = p.invoice_id"
            ).fetchall()
        )


def rows(db: Path, table: str) -> int:
    with closing(sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


# --- import ----------------------------------------------------------------------------------


def test_a_dutch_export_is_read_with_no_help_and_imported(run: Run, clients_db: Path, tmp_path: Path) -> None:
    result = run(clients_db, "invoices", "import", write(tmp_path, DUTCH))
    assert result.returncode == OK, result.stderr.decode()
    out = lines(result.stdout)
    assert out[1:8] == [
        "  Factuurnummer -> number",
        "  Factuurdatum -> issued_on",
        "  Vervaldatum -> due_on",
        "  Klant -> customer",
        "  Bedrag incl. btw -> amount",
        "  Betaald op -> paid_on",
        "  Openstaand -> outstanding",
    ]
    assert out[-1].endswith("3 invoices added, 0 with new payments, 0 unchanged.")
    assert result.stderr == b""
    assert stored(clients_db) == [
        ("Acme BV", "2026-003", 20_000_000, "EUR"),
        ("Bakkerij Jansen", "2026-001", 12_345_600, "EUR"),
        ("Bakkerij Jansen", "2026-002", 5_000_000, "EUR"),
    ]
    assert paid(clients_db) == [("2026-001", "2026-02-10", 12_345_600), ("2026-003", "2026-03-20", 7_500_000)]


def test_the_same_file_twice_adds_nothing(run: Run, clients_db: Path, tmp_path: Path) -> None:
    file = write(tmp_path, DUTCH)
    assert run(clients_db, "invoices", "import", file).returncode == OK
    before = (stored(clients_db), paid(clients_db))
    again = run(clients_db, "invoices", "import", file)
    assert again.returncode == OK
    out = lines(again.stdout)
    assert out[0].endswith("columns read as remembered for this layout:")
    assert out[-1].endswith("Nothing new: all 3 invoices are already stored.")
    assert (stored(clients_db), paid(clients_db)) == before


def test_a_later_export_with_more_paid_adds_the_payment(run: Run, clients_db: Path, tmp_path: Path) -> None:
    run(clients_db, "invoices", "import", write(tmp_path, DUTCH))
    later = DUTCH.replace("20-03-2026;1.250,00", "02-04-2026;0,00")
    result = run(clients_db, "invoices", "import", write(tmp_path, later, "later.csv"))
    assert result.returncode == OK
    assert lines(result.stdout)[-1].endswith("0 invoices added, 1 with a new payment, 2 unchanged.")
    assert [p for p in paid(clients_db) if p[0] == "2026-003"] == [
        ("2026-003", "2026-03-20", 7_500_000),
        ("2026-003", "2026-04-02", 12_500_000),
    ]


def test_a_dry_run_stores_and_remembers_nothing(run: Run, clients_db: Path, tmp_path: Path) -> None:
    file = write(tmp_path, DUTCH.replace("Acme BV", "ACME Trading"))
    result = run(clients_db, "invoices", "import", file, "--dry-run", "--customer", "ACME Trading=Acme BV")
    assert result.returncode == OK, result.stderr.decode()
    assert lines(result.stdout)[-1].endswith(
        "3 invoices to add, 0 with new payments, 0 unchanged. Dry run: nothing stored."
    )
    assert stored(clients_db) == []
    assert (rows(clients_db, "customer_names"), rows(clients_db, "invoice_layouts")) == (0, 0)


def test_a_map_option_reads_a_column_the_guess_does_not_know(
    run: Run, clients_db: Path, tmp_path: Path
) -> None:
    file = write(tmp_path, DUTCH.replace("Factuurnummer", "Kenmerk"))
    unmapped = run(clients_db, "invoices", "import", file)
    assert unmapped.returncode == ROWS_REJECTED
    assert "line 1, column number: no column for the invoice number" in unmapped.stderr.decode()
    assert stored(clients_db) == []

    mapped = run(clients_db, "invoices", "import", file, "--map", "kenmerk=number")
    assert mapped.returncode == OK, mapped.stderr.decode()
    assert "  Kenmerk -> number" in lines(mapped.stdout)
    assert len(stored(clients_db)) == 3
    # Remembered for this layout: the next file of it needs no --map.
    again = run(clients_db, "invoices", "import", file)
    assert again.returncode == OK and "Nothing new" in lines(again.stdout)[-1]


def test_a_map_option_can_set_a_column_aside(run: Run, clients_db: Path, tmp_path: Path) -> None:
    result = run(clients_db, "invoices", "import", write(tmp_path, DUTCH), "--map", "Betaald op=ignore")
    assert result.returncode == ROWS_REJECTED
    assert "  Betaald op -> ignore" in lines(result.stdout)
    problems = lines(result.stderr)
    assert all("payment without a date" in p for p in problems) and len(problems) == 2


@pytest.mark.parametrize(
    ("option", "named"),
    [
        ("Nummer=number", "the file has no column 'Nummer'"),
        ("Klant=klant", "'klant' is not a field; use one of customer, number"),
        ("Klant", 'write it as "Header=field"'),
    ],
)
def test_a_bad_map_option_is_one_line_naming_it(
    run: Run, clients_db: Path, tmp_path: Path, option: str, named: str
) -> None:
    result = run(clients_db, "invoices", "import", write(tmp_path, DUTCH), "--map", option)
    assert result.returncode == NOTHING_DONE
    assert named in one_line(result.stderr)
    assert result.stdout == b"" and stored(clients_db) == []


def test_an_unknown_customer_is_listed_with_how_to_map_it(run: Run, clients_db: Path, tmp_path: Path) -> None:
    file = write(tmp_path, DUTCH.replace("Acme BV", "Acme Trading"))
    result = run(clients_db, "invoices", "import", file)
    assert result.returncode == ROWS_REJECTED
    assert lines(result.stdout)[-1].endswith(
        "2 invoices added, 0 with new payments, 0 unchanged; 1 line of a customer with no client skipped."
    )
    problem = one_line(result.stderr)
    assert "customer 'Acme Trading' matches no client: its 1 line was skipped" in problem
    assert '--customer "Acme Trading=Client name"' in problem
    assert [s[1] for s in stored(clients_db)] == ["2026-001", "2026-002"]

    told = run(clients_db, "invoices", "import", file, "--customer", "Acme Trading=Acme BV")
    assert told.returncode == OK, told.stderr.decode()
    assert ("Acme BV", "2026-003", 20_000_000, "EUR") in stored(clients_db)
    # Asked once: the next file knows the name.
    again = run(clients_db, "invoices", "import", file)
    assert again.returncode == OK and "Nothing new: all 3 invoices" in lines(again.stdout)[-1]


@pytest.mark.parametrize(
    ("option", "named"),
    [
        ("Nobody=Acme BV", "the file has no customer 'Nobody'"),
        ("Acme BV=Nobody", "no account 'Nobody'; use its id or its exact name"),
        ("Acme BV", 'write it as "Name=Client"'),
    ],
)
def test_a_bad_customer_option_is_one_line_naming_it(
    run: Run, clients_db: Path, tmp_path: Path, option: str, named: str
) -> None:
    result = run(clients_db, "invoices", "import", write(tmp_path, DUTCH), "--customer", option)
    assert result.returncode == NOTHING_DONE
    assert named in one_line(result.stderr)
    assert stored(clients_db) == []


def test_bad_lines_are_listed_by_line_and_column_and_the_good_ones_stored(
    run: Run, clients_db: Path, tmp_path: Path
) -> None:
    text = DUTCH + (
        "2026-004;05-03-2026;01-03-2026;Acme BV;€ 100,00;;100,00\n"  # due before issued
        "2026-005;05-03-2026;04-04-2026;Acme BV;honderd;;\n"
    )
    result = run(clients_db, "invoices", "import", write(tmp_path, text))
    assert result.returncode == ROWS_REJECTED
    problems = lines(result.stderr)
    assert [p.split(": ", 1)[1].split(":")[0] for p in problems] == [
        "line 5, column Vervaldatum",
        "line 6, column Bedrag incl. btw",
    ]
    assert lines(result.stdout)[-1].endswith(
        "3 invoices added, 0 with new payments, 0 unchanged; 2 lines with problems."
    )
    assert len(stored(clients_db)) == 3


def test_an_english_export_with_payment_terms_imports(run: Run, clients_db: Path, tmp_path: Path) -> None:
    text = (
        "Invoice #,Customer,Invoice date,Terms,Total,Currency,Amount paid,Payment date\n"
        'INV-7,Acme BV,2026-01-15,Net 30,"1,500.00",USD,500.00,2026-02-20\n'
    )
    result = run(clients_db, "invoices", "import", write(tmp_path, text))
    assert result.returncode == OK, result.stderr.decode()
    assert stored(clients_db) == [("Acme BV", "INV-7", 15_000_000, "USD")]
    assert paid(clients_db) == [("INV-7", "2026-02-20", 5_000_000)]


# --- files that are no invoice export -----------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"PK\x03\x04" + bytes(300), "not a CSV file: it is an Excel workbook"),
        (b"", "the file is empty"),
        (b"\xef\xbb\xbf\r\n  \r\n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "not a CSV file: it is a PNG image"),
        (bytes(range(256)) * 4, "not a CSV file"),
    ],
    ids=["workbook", "empty", "only-a-bom", "image", "binary"],
)
def test_a_damaged_file_is_one_line_and_nothing_is_stored(
    run: Run, clients_db: Path, tmp_path: Path, content: bytes, said: str
) -> None:
    file = tmp_path / "damaged.csv"
    file.write_bytes(content)
    result = run(clients_db, "invoices", "import", file)
    assert result.returncode == NOTHING_DONE
    assert said in one_line(result.stderr)
    assert stored(clients_db) == [] and rows(clients_db, "invoice_layouts") == 0


def test_a_file_over_50_mb_is_refused_before_it_is_read(run: Run, clients_db: Path, tmp_path: Path) -> None:
    file = tmp_path / "huge.csv"
    row = "2026-001;05-01-2026;04-02-2026;Bakkerij Jansen;€ 1.234,56;10-02-2026;0,00\n".encode()
    with file.open("wb") as out:
        out.write(DUTCH.splitlines()[0].encode() + b"\n")
        out.write(row * (50 * 1024 * 1024 // len(row) + 1))
    assert file.stat().st_size > 50 * 1024 * 1024
    result = run(clients_db, "invoices", "import", file)
    assert result.returncode == NOTHING_DONE
    assert "the limit is 20 MB" in one_line(result.stderr)
    assert stored(clients_db) == []


def test_a_missing_file_or_no_file_is_one_line(run: Run, clients_db: Path, tmp_path: Path) -> None:
    missing = run(clients_db, "invoices", "import", tmp_path / "nowhere.csv")
    assert missing.returncode == NOTHING_DONE and "cannot read the file" in one_line(missing.stderr)
    none = run(clients_db, "invoices", "import")
    assert none.returncode == NOTHING_DONE and "say which file" in one_line(none.stderr)


# --- export ----------------------------------------------------------------------------------


@pytest.mark.parametrize("sep", [",", ";"])
def test_the_export_imports_into_a_fresh_database_as_it_was(
    run: Run, clients_db: Path, tmp_path: Path, sep: str
) -> None:
    assert run(clients_db, "invoices", "import", write(tmp_path, DUTCH)).returncode == OK
    out = tmp_path / f"invoices{sep == ';'}.csv"
    assert run(clients_db, "invoices", "export", "--out", out, "--sep", sep).returncode == OK
    header = out.read_bytes().removeprefix(b"\xef\xbb\xbf").split(b"\r\n")[0].decode()
    assert header == sep.join(
        ["client", "invoice", "issued_on", "due_on", "amount", "currency", "paid_on", "paid", "account_uid"]
    )

    fresh = tmp_path / "fresh.db"
    add_clients(fresh, "Acme BV", "Bakkerij Jansen")  # the other way round: other ids
    result = run(fresh, "invoices", "import", out)
    assert result.returncode == OK, result.stderr.decode()
    assert stored(fresh) == stored(clients_db) and paid(fresh) == paid(clients_db)
    again = tmp_path / "again.csv"
    assert run(fresh, "invoices", "export", "--out", again, "--sep", sep).returncode == OK
    # The same file, but for the account ids: the fresh database's clients are accounts of its own.
    assert without_columns(again.read_text("utf-8"), ("account_uid",), sep) == without_columns(
        out.read_text("utf-8"), ("account_uid",), sep
    )


def test_the_export_to_stdout_has_no_bom(run: Run, clients_db: Path, tmp_path: Path) -> None:
    run(clients_db, "invoices", "import", write(tmp_path, DUTCH))
    result = run(clients_db, "invoices", "export", "--sep", ",")
    assert result.returncode == OK
    assert lines(result.stdout)[:2] == [
        "client,invoice,issued_on,due_on,amount,currency,paid_on,paid,account_uid",
        "Acme BV,2026-003,2026-02-12,2026-03-14,2000.00,EUR,2026-03-20,750.00,"
        + uid_of(clients_db, "Acme BV"),
    ]


def test_import_options_are_refused_on_export(run: Run, clients_db: Path) -> None:
    result = run(clients_db, "invoices", "export", "--dry-run")
    assert result.returncode == NOTHING_DONE
    assert "go with invoices import" in one_line(result.stderr)
