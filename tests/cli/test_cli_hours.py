"""`python cli.py hours export | import` against real SQLite files: the planned hours a week go
out as a file and come back as they were, from that file or from the accounts download.

The CLI runs as a subprocess; what the database holds is read with plain sqlite3.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from storage import open_repository
from tests.cli.helpers import NOTHING_DONE, OK, ROWS_REJECTED, Run, lines, one_line, url
from tests.cli.test_cli_invoices import add_clients, write

BOM = "\ufeff"


def hours(db: Path) -> dict[str, float | None]:
    with closing(sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)) as conn:
        return dict(conn.execute("SELECT name, weekly_hours FROM accounts").fetchall())


@pytest.fixture
def planned(empty_db: Path) -> Path:
    """Three clients, one with a formula-like name, with 12.5 hours, 3 hours and none set."""
    add_clients(empty_db, "Bakkerij Jansen", '=Acme; "BV"', "Zoë")
    repo = open_repository(url(empty_db))
    ids = {a.name: a.id for a in repo.accounts()}
    repo.set_weekly_hours(ids["Bakkerij Jansen"], 12.5)
    repo.set_weekly_hours(ids['=Acme; "BV"'], 3)
    repo.close()
    return empty_db


@pytest.mark.parametrize("sep", [",", ";"])
def test_the_hours_export_imports_back_into_a_fresh_database_as_they_were(
    run: Run, planned: Path, tmp_path: Path, sep: str
) -> None:
    out = tmp_path / "hours.csv"
    assert run(planned, "hours", "export", "--out", str(out), "--sep", sep).returncode == OK
    text = out.read_bytes().decode("utf-8")
    assert text.startswith(BOM + f"client{sep}weekly_hours")
    assert "'=Acme" in text  # formula-safe
    if sep == ";":
        assert "12,5" in text  # decimal commas for a Dutch spreadsheet
    fresh = tmp_path / "fresh.db"
    add_clients(fresh, "Bakkerij Jansen", '=Acme; "BV"', "Zoë")
    result = run(fresh, "hours", "import", str(out))
    assert result.returncode == OK, result.stderr.decode()
    assert lines(result.stdout)[-1].endswith("2 changed, 1 already so.")
    assert hours(fresh) == hours(planned) == {"Bakkerij Jansen": 12.5, '=Acme; "BV"': 3.0, "Zoë": None}
    again = run(fresh, "hours", "import", str(out))
    assert lines(again.stdout)[-1].endswith("0 changed, 3 already so.")


def test_the_accounts_export_puts_the_hours_back_too(run: Run, planned: Path, tmp_path: Path) -> None:
    out = tmp_path / "accounts.csv"
    assert run(planned, "export", "--what", "accounts", "--out", str(out), "--sep", ";").returncode == OK
    fresh = tmp_path / "fresh.db"
    add_clients(fresh, "Bakkerij Jansen", '=Acme; "BV"', "Zoë")
    result = run(fresh, "hours", "import", str(out))
    assert result.returncode == OK, result.stderr.decode()
    assert hours(fresh) == hours(planned)


def test_a_dry_run_changes_nothing(run: Run, planned: Path, tmp_path: Path) -> None:
    file = write(tmp_path, "client,weekly_hours\nZoë,7.25\n")
    result = run(planned, "hours", "import", str(file), "--dry-run")
    assert result.returncode == OK
    assert "1 changed, 0 already so. Dry run: nothing changed." in lines(result.stdout)[-1]
    assert hours(planned)["Zoë"] is None


def test_bad_lines_are_named_and_the_good_ones_set_in_one_go(run: Run, planned: Path, tmp_path: Path) -> None:
    file = write(
        tmp_path,
        'client;weekly_hours\nZoë;7,5\nNobody;4\nBakkerij Jansen;veel\n=Acme; "BV";200\n;3\n',
    )
    result = run(planned, "hours", "import", str(file))
    assert result.returncode == ROWS_REJECTED
    said = lines(result.stderr)
    assert [line.split(": ", 1)[1].split(":")[0] for line in said] == [
        "line 3, column client",
        "line 4, column weekly_hours",
        "line 5, column weekly_hours",
        "line 6, column client",
    ]
    assert "no account has the name Nobody" in said[0]
    assert hours(planned) == {"Bakkerij Jansen": 12.5, '=Acme; "BV"': 3.0, "Zoë": 7.5}


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"name,hours\nZo\xc3\xab,3\n", "the header needs a client (or account) and a weekly_hours column"),
        (b"PK\x03\x04 not a csv", "not a CSV file"),
        (b"", "empty"),
    ],
)
def test_a_file_that_is_no_hours_file_changes_nothing(
    run: Run, planned: Path, tmp_path: Path, content: bytes, said: str
) -> None:
    file = tmp_path / "bad.csv"
    file.write_bytes(content)
    result = run(planned, "hours", "import", str(file))
    assert result.returncode in (NOTHING_DONE, ROWS_REJECTED)
    assert said in one_line(result.stderr)
    assert hours(planned)["Zoë"] is None
