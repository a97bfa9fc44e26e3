"""`cli.py export --all` and `cli.py import` of the archive: the README's two commands that move
everything from SQLite to PostgreSQL, a damaged archive refused whole, and two accounts of one
name kept apart through the assessments file alone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

from scoring import AccountDraft, Answer
from storage import open_repository
from tests.cli.helpers import CLI, NOTHING_DONE, OK, TODAY, Run, screen
from tests.helpers import rezipped

NewDatabase = Callable[[], str]


def _cli(url: str, *args: str | Path, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    result = subprocess.run(
        [sys.executable, str(CLI), *map(str, args)],
        capture_output=True,
        cwd=cwd,
        env=os.environ | {"THINSLICE_DATABASE_URL": url},
        timeout=300,
        check=False,
    )
    assert b"Traceback" not in result.stdout + result.stderr, result.stderr.decode()
    return result


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zipped:
        return {name: zipped.read(name) for name in zipped.namelist()}


def test_two_commands_move_everything_from_sqlite_to_postgresql_and_it_exports_the_same(
    demo_db: Path, tmp_path: Path, new_postgres_database: NewDatabase
) -> None:
    sqlite, postgres = f"sqlite:///{demo_db}", new_postgres_database()

    out = _cli(sqlite, "export", "--all", "thinslice.zip", "--today", TODAY, cwd=tmp_path)
    assert out.returncode == OK, out.stderr.decode()
    moved = _cli(postgres, "import", "thinslice.zip", cwd=tmp_path)
    assert moved.returncode == OK, moved.stderr.decode()
    assert moved.stderr == b""
    said = moved.stdout.decode()
    assert "thinslice.zip: accounts.csv: " in said and " 0 left out" in said
    again = _cli(postgres, "export", "--all", "again.zip", "--today", TODAY, cwd=tmp_path)
    assert again.returncode == OK, again.stderr.decode()

    first, second = _members(tmp_path / "thinslice.zip"), _members(tmp_path / "again.zip")
    assert first.keys() == second.keys()
    for name in first:
        if name != "manifest.json":
            assert first[name] == second[name], name
    manifest = json.loads(first["manifest.json"])
    assert manifest["files"] == json.loads(second["manifest.json"])["files"]

    twice = _cli(postgres, "import", "thinslice.zip", cwd=tmp_path)
    assert twice.returncode == OK
    assert twice.stdout.decode().splitlines()[-1].startswith("thinslice.zip: 0 added, 0 changed, ")


def test_an_archive_with_a_damaged_line_imports_nothing_and_names_file_and_line(
    run: Run, demo_db: Path, empty_db: Path, tmp_path: Path
) -> None:
    assert run(demo_db, "export", "--all", "all.zip", "--today", TODAY).returncode == OK
    archive = (tmp_path / "all.zip").read_bytes()

    def bad_stage(text: str) -> str:
        lines = text.split("\r\n")
        cells = lines[3].split(",")
        cells[3] = "customer"  # the stage column: no such stage
        lines[3] = ",".join(cells)
        return "\r\n".join(lines)

    files = _members(tmp_path / "all.zip")
    (tmp_path / "damaged.zip").write_bytes(rezipped(archive, "accounts.csv", bad_stage))

    result = run(empty_db, "import", "damaged.zip")

    assert result.returncode == NOTHING_DONE
    errors = result.stderr.decode().splitlines()
    assert errors[0].startswith("damaged.zip: accounts.csv: line 4, column stage: 'customer' is not one of")
    assert errors[-1].startswith("damaged.zip: nothing imported: 1 line above is wrong")
    assert open_repository(f"sqlite:///{empty_db}").accounts() == []

    edited = dict(files, **{"accounts.csv": files["accounts.csv"] + b"x"})
    with zipfile.ZipFile(tmp_path / "edited.zip", "w") as out:
        for name, data in edited.items():
            out.writestr(name, data)
    refused = run(empty_db, "import", "edited.zip")
    assert refused.returncode == NOTHING_DONE
    assert "accounts.csv is not the file that was exported" in refused.stderr.decode()


def test_two_accounts_of_one_name_stay_two_through_the_assessments_file(
    run: Run, empty_db: Path, tmp_path: Path
) -> None:
    source = tmp_path / "source.db"
    repo = open_repository(f"sqlite:///{source}")
    first = repo.screen_prospect(
        AccountDraft(name="Pieter van Dijk", company="Bakkerij"), screen("first"), "1"
    )
    second = repo.screen_prospect(
        AccountDraft(name="Pieter van Dijk", company="Garage"), screen("second"), "2"
    )
    assert first.account_id != second.account_id

    assert run(source, "export", "--what", "assessments", "--out", "a.csv", "--today", TODAY).returncode == OK
    imported = run(empty_db, "import", "a.csv")

    assert imported.returncode == OK, imported.stderr.decode()
    target = open_repository(f"sqlite:///{empty_db}")
    people = target.accounts()
    assert [a.name for a in people] == ["Pieter van Dijk", "Pieter van Dijk"]
    assert {a.uid for a in people} == {a.uid for a in repo.accounts()}
    notes = sorted(s.assessment.note for a in people for s in target.assessments(a.id))
    assert notes == ["first", "second"]
    assert all(len(target.assessments(a.id)) == 1 for a in people)
    assert Answer.YES in target.assessments(people[0].id)[0].assessment.answers.values()


def test_export_all_wants_a_file_and_never_the_database(run: Run, demo_db: Path) -> None:
    to_terminal = run(demo_db, "export", "--all", "-")
    onto_itself = run(demo_db, "export", "--all", str(demo_db))
    mixed = run(demo_db, "export", "--all", "x.zip", "--what", "accounts")

    assert to_terminal.returncode == onto_itself.returncode == mixed.returncode == NOTHING_DONE
    assert "a ZIP archive is not text for the terminal" in to_terminal.stderr.decode()
    assert onto_itself.stderr and not mixed.stdout


def test_the_accounts_and_evidence_downloads_import_alone_and_bring_their_facts_back(
    run: Run, demo_db: Path, empty_db: Path
) -> None:
    for what in ("accounts", "evidence", "assessments"):
        assert run(demo_db, "export", "--what", what, "--out", f"{what}.csv", "--sep", ";").returncode == OK
    # Accounts first, then what is about them: each file alone, as a person would bring them.
    said = [run(empty_db, "import", f"{what}.csv") for what in ("accounts", "evidence", "assessments")]

    assert [result.returncode for result in said] == [OK, OK, OK], [r.stderr.decode() for r in said]
    source, target = (open_repository(f"sqlite:///{db}") for db in (demo_db, empty_db))
    facts = lambda repo: sorted(  # noqa: E731
        (
            a.uid,
            a.id,
            a.name,
            a.company,
            a.deal_value,
            a.stage,
            a.signed_on,
            a.ended_on,
            a.outcome,
            a.outcome_note,
        )
        for a in repo.accounts()
    )
    assert facts(target) == facts(source)
    assert len(target.all_evidence()) == len(source.all_evidence())
    assert sum(len(target.assessments(a.id)) for a in target.accounts()) == sum(
        len(source.assessments(a.id)) for a in source.accounts()
    )
    # The accounts file twice: all of it already there.
    again = run(empty_db, "import", "accounts.csv")
    assert "accounts.csv: 0 added, 0 changed, " in again.stdout.decode()
