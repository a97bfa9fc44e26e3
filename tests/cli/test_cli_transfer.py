"""`python cli.py export | import | backup | restore | erase` against real SQLite files.

Every test runs the CLI as a subprocess (stdin not a terminal unless a test gives it
one) on temp-file databases filled through the storage layer: the demo data, copied
per test from one template with SQLite's backup API, plus accounts of the test's own.
Nothing the CLI prints may contain a traceback. The fixtures (`run`, `demo_db`,
`empty_db`, `engine_on`) are in tests/cli/conftest.py.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from formats.csvcodec import COMPUTED_COLUMNS, columns
from scoring import AccountDraft
from storage import Repository, make_engine
from storage.migrate import MIGRATIONS, current_revision, head_revision
from tests.cli.helpers import (
    BOM,
    DEMO_DAY,
    NOTHING_DONE,
    OK,
    ROWS_REJECTED,
    RUBRIC,
    TABLES,
    TODAY,
    Run,
    counts,
    file_bytes,
    lines,
    names,
    on_a_terminal,
    one_line,
    screen,
    url,
)

# The documented headers (README, "CSV schema"): spelled out, so a renamed column fails here.
ASSESSMENTS_HEADER = (
    "account,stage,date,kind,gut,negotiation_tone,price_pushback,champion,responsiveness,payment,"
    "scope,style_fit,respect,work_joy,business_health,invoice_days_late,out_of_scope_requests,"
    "missed_meetings,after_hours_demands,leadership_change,note,score,verdict,status,reason,"
    "account_uid,rubric_version,suggested"
)
ACCOUNTS_HEADER = (
    "account_id,account,company,stage,deal_value,signed_on,ended_on,outcome,assessments,last_date,"
    "score,verdict,status,reason,weekly_hours,outcome_note,created_at,account_uid"
)
EVIDENCE_HEADER = "account,date,note,account_uid"


def export(run: Run, db: Path, *args: str) -> bytes:
    result = run(db, "export", "--today", TODAY, *args)
    assert result.returncode == OK, result.stderr.decode()
    assert result.stderr == b""
    return result.stdout


# -- export --------------------------------------------------------------------------------------


def test_export_writes_every_assessment_with_the_documented_header_and_no_bom_on_stdout(
    run: Run, demo_db: Path
) -> None:
    out = export(run, demo_db)

    assert not out.startswith(BOM)
    assert lines(out)[0] == ASSESSMENTS_HEADER
    assert len(lines(out)) - 1 == counts(demo_db)["assessments"]


def test_semicolon_export_opens_with_semicolons_and_only_out_gets_a_bom(
    run: Run, demo_db: Path, tmp_path: Path
) -> None:
    on_stdout = export(run, demo_db, "--sep", ";")
    assert on_stdout.startswith(b"account;stage;date;")

    target = tmp_path / "export.csv"
    assert export(run, demo_db, "--sep", ";", "--out", str(target)) == b""
    written = target.read_bytes()
    assert written.startswith(BOM + b"account;stage;date;")
    assert written == BOM + on_stdout


@pytest.mark.parametrize(
    ("what", "header"),
    [("accounts", ACCOUNTS_HEADER), ("evidence", EVIDENCE_HEADER)],
    ids=["accounts", "evidence"],
)
def test_accounts_and_evidence_exports_have_their_documented_headers(
    run: Run, demo_db: Path, what: str, header: str
) -> None:
    out = lines(export(run, demo_db, "--what", what))

    assert out[0] == header
    assert len(out) - 1 == counts(demo_db)[what]


def test_export_to_a_folder_that_cannot_be_written_is_one_line(run: Run, demo_db: Path) -> None:
    result = run(demo_db, "export", "--out", "/proc/no/such/folder.csv")

    assert result.returncode == NOTHING_DONE
    assert "cannot write" in one_line(result.stderr)


# -- round trip ----------------------------------------------------------------------------------


def test_export_import_export_gives_the_same_bytes(
    run: Run, demo_db: Path, empty_db: Path, tmp_path: Path
) -> None:
    first = export(run, demo_db)
    (tmp_path / "all.csv").write_bytes(first)

    imported = run(empty_db, "import", "all.csv")

    assert imported.returncode == OK, imported.stderr.decode()
    assert imported.stderr == b""
    assert export(run, empty_db) == first


def test_a_semicolon_file_with_a_bom_imports_the_same_as_a_plain_one(
    run: Run, demo_db: Path, empty_db: Path, tmp_path: Path
) -> None:
    plain = export(run, demo_db)
    export(run, demo_db, "--sep", ";", "--out", "excel.csv")

    assert run(empty_db, "import", "excel.csv").returncode == OK
    assert export(run, empty_db) == plain


# -- import --------------------------------------------------------------------------------------


def assessment_file(rows: int, bad: dict[int, tuple[str, str]] | None = None) -> str:
    """`rows` screens of distinct accounts; `bad` maps a line number to a (column, cell) to spoil."""
    header = [c for c in columns(RUBRIC) if c not in COMPUTED_COLUMNS]
    out = [",".join(header)]
    for line in range(2, rows + 2):
        cells = dict.fromkeys(header, "")
        cells |= dict.fromkeys(RUBRIC.keys, "yes")
        cells |= {"account": f"Import {line}", "date": "2025-05-01", "kind": "screen", "gut": "hell_yes"}
        if bad and line in bad:
            column, value = bad[line]
            cells[column] = value
        out.append(",".join(cells[c] for c in header))
    return "\r\n".join(out) + "\r\n"


def test_importing_the_same_file_twice_adds_nothing_the_second_time(
    run: Run, demo_db: Path, empty_db: Path, tmp_path: Path
) -> None:
    (tmp_path / "all.csv").write_bytes(export(run, demo_db))
    total = counts(demo_db)["assessments"]

    first = run(empty_db, "import", "all.csv")
    after_first = counts(empty_db)
    second = run(empty_db, "import", "all.csv")

    assert first.returncode == OK and second.returncode == OK
    assert f"{total} added, 0 already there" in first.stdout.decode()
    assert f"0 added, {total} already there" in second.stdout.decode()
    assert counts(empty_db) == after_first
    assert after_first["assessments"] == total


def test_two_bad_rows_among_ten_import_eight_and_name_exactly_their_lines(
    run: Run, empty_db: Path, tmp_path: Path
) -> None:
    spoilt = {4: ("payment", "maybe"), 9: ("date", "31-12-2024")}
    (tmp_path / "ten.csv").write_text(assessment_file(10, spoilt), encoding="utf-8")

    result = run(empty_db, "import", "ten.csv")

    assert result.returncode == ROWS_REJECTED
    problems = lines(result.stderr)
    assert len(problems) == 2, problems
    assert problems[0].startswith("ten.csv: line 4, column payment: ")
    assert problems[1].startswith("ten.csv: line 9, column date: ")
    assert "8 added" in result.stdout.decode()
    assert counts(empty_db)["assessments"] == 8
    assert names(empty_db) == {f"Import {line}" for line in range(2, 12)} - {"Import 4", "Import 9"}


def test_a_check_in_without_a_baseline_is_reported_by_its_line(
    run: Run, empty_db: Path, tmp_path: Path
) -> None:
    text = assessment_file(2, {3: ("kind", "checkin")}).replace("Import 3", "Nobody Yet")
    (tmp_path / "orphan.csv").write_text(text, encoding="utf-8")

    result = run(empty_db, "import", "orphan.csv")

    assert result.returncode == ROWS_REJECTED
    assert one_line(result.stderr).startswith("orphan.csv: line 3")
    assert counts(empty_db)["assessments"] == 1


def test_dry_run_previews_and_writes_nothing(run: Run, demo_db: Path, empty_db: Path, tmp_path: Path) -> None:
    (tmp_path / "all.csv").write_bytes(export(run, demo_db))
    before = counts(empty_db)

    result = run(empty_db, "import", "all.csv", "--dry-run")

    assert result.returncode == OK, result.stderr.decode()
    preview = one_line(result.stdout)
    total, accounts = counts(demo_db)["assessments"], counts(demo_db)["accounts"]
    assert f"{total} good rows for {accounts} accounts, {accounts} of them new" in preview
    assert "nothing written" in preview
    assert counts(empty_db) == before


def test_dry_run_reports_bad_rows_and_exits_1(run: Run, empty_db: Path, tmp_path: Path) -> None:
    (tmp_path / "ten.csv").write_text(assessment_file(10, {5: ("respect", "?")}), encoding="utf-8")

    result = run(empty_db, "import", "ten.csv", "--dry-run")

    assert result.returncode == ROWS_REJECTED
    assert one_line(result.stderr).startswith("ten.csv: line 5, column respect: ")
    assert counts(empty_db)["assessments"] == 0


def test_a_header_that_does_not_fit_lists_missing_and_unknown_columns(
    run: Run, empty_db: Path, tmp_path: Path
) -> None:
    text = assessment_file(3).replace("payment", "paymnet", 1)
    (tmp_path / "typo.csv").write_text(text, encoding="utf-8")

    result = run(empty_db, "import", "typo.csv")

    assert result.returncode == NOTHING_DONE
    message = one_line(result.stderr)
    assert message.startswith("typo.csv: ")
    assert "missing columns: payment" in message
    assert "unknown columns: paymnet" in message
    assert result.stdout == b""
    assert counts(empty_db)["assessments"] == 0


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "not a CSV"),
        (b"PK\x03\x04" + bytes(200), "not a CSV"),
        (b"", "empty"),
    ],
    ids=["png", "xlsx", "empty"],
)
def test_a_file_that_is_no_csv_gets_one_line_and_exit_2(
    run: Run, empty_db: Path, tmp_path: Path, content: bytes, words: str
) -> None:
    (tmp_path / "odd.csv").write_bytes(content)

    result = run(empty_db, "import", "odd.csv")

    assert result.returncode == NOTHING_DONE
    assert words in one_line(result.stderr)
    assert counts(empty_db)["assessments"] == 0


def test_a_file_over_the_browsers_20_mb_limit_imports_from_the_command_line(
    run: Run, empty_db: Path, tmp_path: Path
) -> None:
    records = assessment_file(4, {5: ("payment", "maybe")}).split("\r\n")
    blank = [" " * 100_000] * 210  # 21 MB of blank lines between line 3 and the rest
    (tmp_path / "big.csv").write_text("\r\n".join(records[:3] + blank + records[3:]), encoding="utf-8")
    assert (tmp_path / "big.csv").stat().st_size > 20 * 1024 * 1024

    result = run(empty_db, "import", "big.csv")

    assert result.returncode == ROWS_REJECTED
    assert "3 added" in result.stdout.decode()
    assert one_line(result.stderr).startswith("big.csv: line 215, column payment: ")
    assert counts(empty_db)["assessments"] == 3


def test_a_missing_file_gets_one_line_and_exit_2(run: Run, empty_db: Path) -> None:
    result = run(empty_db, "import", "nowhere.csv")

    assert result.returncode == NOTHING_DONE
    assert one_line(result.stderr).startswith("nowhere.csv: cannot read the file")


# -- backup and restore --------------------------------------------------------------------------


def test_backup_while_a_reader_holds_a_transaction_is_a_consistent_copy(
    run: Run, demo_db: Path, tmp_path: Path
) -> None:
    expected = counts(demo_db)
    target = tmp_path / "backups" / "copy.db"
    with closing(sqlite3.connect(demo_db, isolation_level=None)) as reader:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM assessments").fetchone()  # the read transaction is open

        result = run(demo_db, "backup", target)

        assert reader.in_transaction
        reader.execute("COMMIT")

    assert result.returncode == OK, result.stderr.decode()
    assert str(target) in one_line(result.stdout)
    with closing(sqlite3.connect(target)) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert counts(target) == expected
    assert not list(target.parent.glob("*.partial"))


def test_restore_into_a_fresh_database_brings_back_every_row(run: Run, demo_db: Path, tmp_path: Path) -> None:
    backup = tmp_path / "copy.db"
    assert run(demo_db, "backup", backup).returncode == OK
    fresh = tmp_path / "fresh.db"

    result = run(fresh, "restore", backup, "--yes")

    assert result.returncode == OK, result.stderr.decode()
    assert counts(fresh) == counts(demo_db)
    assert names(fresh) == names(demo_db)


def test_restore_replaces_what_the_database_held(
    run: Run, demo_db: Path, empty_db: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "empty-copy.db"
    assert run(empty_db, "backup", backup).returncode == OK

    assert run(demo_db, "restore", backup, "--yes").returncode == OK

    assert counts(demo_db) == dict.fromkeys(TABLES, 0)


def test_restore_brings_an_older_backup_up_to_the_current_schema(
    run: Run, tmp_path: Path, engine_on: Callable[[Path], Engine]
) -> None:
    old = tmp_path / "old.db"
    engine = make_engine(url(old))
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    assert current_revision(engine) != head_revision()
    engine.dispose()
    target = tmp_path / "target.db"

    result = run(target, "restore", old, "--yes")

    assert result.returncode == OK, result.stderr.decode()
    assert current_revision(engine_on(target)) == head_revision()


def test_restoring_a_file_that_is_no_database_is_one_line_and_leaves_the_database_alone(
    run: Run, demo_db: Path, tmp_path: Path
) -> None:
    (tmp_path / "notes.txt").write_text("not a database at all\n" * 100, encoding="utf-8")
    before, before_bytes = counts(demo_db), file_bytes(demo_db)

    result = run(demo_db, "restore", "notes.txt", "--yes")

    assert result.returncode == NOTHING_DONE
    assert "not a Thin Slice backup" in one_line(result.stderr)
    assert counts(demo_db) == before
    assert file_bytes(demo_db) == before_bytes


def test_restoring_an_sqlite_file_without_our_tables_is_refused(
    run: Run, demo_db: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.db"
    with closing(sqlite3.connect(other)) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
    before = counts(demo_db)

    result = run(demo_db, "restore", other, "--yes")

    assert result.returncode == NOTHING_DONE
    assert "not a Thin Slice backup" in one_line(result.stderr)
    assert counts(demo_db) == before


def test_restore_without_a_terminal_and_without_yes_refuses(run: Run, demo_db: Path, tmp_path: Path) -> None:
    backup = tmp_path / "copy.db"
    assert run(demo_db, "backup", backup).returncode == OK
    empty = tmp_path / "target.db"

    result = run(empty, "restore", backup)

    assert result.returncode == NOTHING_DONE
    assert "--yes" in one_line(result.stderr)
    assert not empty.exists() or counts(empty)["accounts"] == 0


# -- erase ---------------------------------------------------------------------------------------

SECRET_NAME = "Zoë Quibbleworth-Erasmus"
SECRET_NOTE = "Pays in tulip bulbs, strictly 90 days late"
SECRET_EVIDENCE = "Called the board 'a bunch of amateurs' at the kick-off"


@pytest.fixture
def secret(demo_db: Path, engine_on: Callable[[Path], Engine]) -> int:
    """An account (with a note, evidence and a share link) among the demo ones; the engine is
    disposed before the CLI runs, so nothing of this process holds the file open."""
    engine = engine_on(demo_db)
    repo = Repository(engine)
    account_id = repo.screen_prospect(
        AccountDraft(name=SECRET_NAME, company="Quibble BV"), screen(SECRET_NOTE), "secret-1"
    ).account_id
    repo.add_evidence(account_id, DEMO_DAY, SECRET_EVIDENCE, "secret-evidence-1")
    repo.create_share(account_id, 30, True, "for the accountant")
    engine.dispose()
    return account_id


def test_erase_removes_the_name_and_notes_from_the_file_bytes_and_keeps_the_others(
    run: Run, demo_db: Path, secret: int
) -> None:
    before = counts(demo_db)
    others = names(demo_db) - {SECRET_NAME}
    on_disk = file_bytes(demo_db)
    assert SECRET_NAME.encode() in on_disk  # or the test below would prove nothing

    result = run(demo_db, "erase", SECRET_NAME, "--yes")

    assert result.returncode == OK, result.stderr.decode()
    on_disk = file_bytes(demo_db)
    for text in (SECRET_NAME, SECRET_NOTE, SECRET_EVIDENCE, "Quibble BV", "for the accountant"):
        assert text.encode("utf-8") not in on_disk, text
    assert names(demo_db) == others
    after = counts(demo_db)
    assert after["accounts"] == before["accounts"] - 1
    assert after["assessments"] == before["assessments"] - 1
    assert after["evidence"] == before["evidence"] - 1
    assert after["share_links"] == before["share_links"] - 1


def test_erase_by_id(run: Run, demo_db: Path, secret: int) -> None:
    assert run(demo_db, "erase", str(secret), "--yes").returncode == OK

    assert SECRET_NAME not in names(demo_db)


def test_erase_without_a_terminal_and_without_yes_refuses_and_deletes_nothing(
    run: Run, demo_db: Path, secret: int
) -> None:
    before = counts(demo_db)

    result = run(demo_db, "erase", SECRET_NAME)

    assert result.returncode == NOTHING_DONE
    assert "--yes" in one_line(result.stderr)
    assert counts(demo_db) == before


def test_erase_an_unknown_account_is_one_line(run: Run, demo_db: Path) -> None:
    before = counts(demo_db)

    result = run(demo_db, "erase", "Nobody At All", "--yes")

    assert result.returncode == NOTHING_DONE
    assert one_line(result.stderr) == "erase: no account 'Nobody At All'; use its id or its exact name"
    assert counts(demo_db) == before


def test_erase_on_a_terminal_asks_naming_the_account_and_no_keeps_it(demo_db: Path, secret: int) -> None:
    before = counts(demo_db)

    result = on_a_terminal(demo_db, "erase", SECRET_NAME, answer=b"no\n")

    assert result.returncode == NOTHING_DONE
    assert SECRET_NAME in result.stderr.decode()
    assert counts(demo_db) == before


def test_erase_on_a_terminal_goes_ahead_when_yes_is_typed(demo_db: Path, secret: int) -> None:
    result = on_a_terminal(demo_db, "erase", SECRET_NAME, answer=b"yes\n")

    assert result.returncode == OK, result.stderr.decode()
    assert SECRET_NAME not in names(demo_db)


# -- export everything about one account ---------------------------------------------------------


def test_export_account_json_holds_assessments_evidence_and_links_but_no_token(
    run: Run, demo_db: Path, engine_on: Callable[[Path], Engine], tmp_path: Path
) -> None:
    repo = Repository(engine_on(demo_db))
    account_id = repo.screen_prospect(AccountDraft(name=SECRET_NAME), screen(SECRET_NOTE), "s-1").account_id
    repo.add_evidence(account_id, DEMO_DAY, SECRET_EVIDENCE, "s-e-1")
    token, link = repo.create_share(account_id, 30, True, "for the accountant")

    result = run(demo_db, "export", "--account", SECRET_NAME, "--json", "me.json")

    assert result.returncode == OK, result.stderr.decode()
    assert result.stdout == b""  # --json alone: no CSV on stdout
    raw = (tmp_path / "me.json").read_bytes()
    assert SECRET_NAME.encode("utf-8") in raw  # ensure_ascii=False: "Zoë", not "Zo\u00eb"
    assert token.encode() not in raw
    bundle = json.loads(raw)
    assert bundle["account"]["name"] == SECRET_NAME
    assert [a["note"] for a in bundle["assessments"]] == [SECRET_NOTE]
    assert [e["text"] for e in bundle["evidence"]] == [SECRET_EVIDENCE]
    assert [s["id"] for s in bundle["share_links"]] == [link.id]
    assert bundle["share_links"][0]["label"] == "for the accountant"


def test_export_account_csv_holds_only_that_accounts_rows(
    run: Run, demo_db: Path, engine_on: Callable[[Path], Engine]
) -> None:
    repo = Repository(engine_on(demo_db))
    first = repo.screen_prospect(AccountDraft(name="Same Name"), screen("first"), "same-1").account_id
    repo.screen_prospect(AccountDraft(name="Same Name"), screen("second"), "same-2")

    by_id = lines(export(run, demo_db, "--account", str(first)))
    by_name = run(demo_db, "export", "--account", "Same Name")

    assert by_id[0] == ASSESSMENTS_HEADER
    assert len(by_id) == 2 and by_id[1].startswith("Same Name,") and ",first," in by_id[1]
    assert by_name.returncode == NOTHING_DONE
    assert "2 accounts are called 'Same Name'" in one_line(by_name.stderr)


def test_export_account_writes_json_and_csv_files_together(run: Run, demo_db: Path, tmp_path: Path) -> None:
    name = sorted(names(demo_db))[0]

    result = run(demo_db, "export", "--account", name, "--json", "a.json", "--out", "a.csv", "--sep", ";")

    assert result.returncode == OK, result.stderr.decode()
    assert result.stdout == b""
    assert json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["account"]["name"] == name
    csv_bytes = (tmp_path / "a.csv").read_bytes()
    assert csv_bytes.startswith(BOM + b"account;stage;")
    assert all(line.startswith(name) for line in lines(csv_bytes[len(BOM) :])[1:])


def test_json_without_account_is_refused(run: Run, demo_db: Path) -> None:
    result = run(demo_db, "export", "--json", "x.json")

    assert result.returncode == NOTHING_DONE
    assert "--account" in one_line(result.stderr)
