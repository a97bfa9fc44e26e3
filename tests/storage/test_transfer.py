"""Data out and in at the storage level: lossless round trips, idempotent imports, erase, backup."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from formats import csvcodec
from scoring import default_rubric
from services.demo import load_demo
from services.transfer import assessments_csv, plan_import, run_import
from storage import open_repository
from tests.helpers import stored_histories

RUBRIC = default_rubric()
TODAY = dt.date(2026, 11, 23)
NewUrl = Callable[[], str]
HEADER = ",".join(csvcodec.columns(RUBRIC)[:20])


@pytest.fixture
def demo_url(db_url: str) -> str:
    load_demo(db_url, today=TODAY)
    return db_url


def _row(account: str, day: str, kind: str, gut: str = "", payment: str = "hell_yes") -> str:
    answers = ["hell_yes"] * 10
    answers[4] = payment
    return ",".join([account, "prospect", day, kind, gut, *answers, "", "", "", "", ""])


def test_export_then_import_into_an_empty_database_gives_the_same_export(
    demo_url: str, new_url: NewUrl
) -> None:
    first = assessments_csv(open_repository(demo_url), RUBRIC, TODAY)
    empty = open_repository(new_url())
    report = run_import(empty, plan_import(csvcodec.to_excel_bytes(first), RUBRIC, TODAY))
    assert report.errors == [] and report.added == first.count("\n") - 1
    assert assessments_csv(empty, RUBRIC, TODAY) == first


def test_importing_the_same_file_twice_adds_nothing_the_second_time(new_url: NewUrl) -> None:
    repo = open_repository(new_url())
    data = "\n".join([HEADER, _row("Ann", "2026-01-05", "screen", "hell_yes")]).encode()
    assert run_import(repo, plan_import(data, RUBRIC, TODAY)).added == 1
    again = run_import(repo, plan_import(data, RUBRIC, TODAY))
    assert (again.added, again.already_there) == (0, 1)
    assert repo.count_accounts() == 1


def test_a_check_in_without_a_baseline_is_refused_by_line_and_the_rest_lands(new_url: NewUrl) -> None:
    repo = open_repository(new_url())
    data = "\n".join(
        [
            HEADER,
            _row("Bea", "2026-02-01", "checkin"),  # line 2: no screen for Bea
            _row("Cas", "2026-01-01", "screen", "hell_yes"),
            _row("Cas", "2026-02-01", "checkin", payment="no"),
        ]
    ).encode()
    report = run_import(repo, plan_import(data, RUBRIC, TODAY))
    assert report.added == 2
    assert [line for line, _ in report.errors] == [2]
    cas = next(o.account for o in repo.overview() if o.account.name == "Cas")
    assert cas.stage.value == "client" and cas.signed_on == dt.date(2026, 1, 1)


def test_a_different_check_in_on_a_day_that_has_one_is_refused(new_url: NewUrl) -> None:
    repo = open_repository(new_url())
    base = [HEADER, _row("Dan", "2026-01-01", "screen", "hell_yes"), _row("Dan", "2026-02-01", "checkin")]
    run_import(repo, plan_import("\n".join(base).encode(), RUBRIC, TODAY))
    other = "\n".join([HEADER, _row("Dan", "2026-02-01", "checkin", payment="no")]).encode()
    report = run_import(repo, plan_import(other, RUBRIC, TODAY))
    assert report.added == 0 and "already has a different check-in on 2026-02-01" in report.errors[0][1]


@pytest.mark.sqlite_only
def test_erase_leaves_no_trace_of_the_name_in_the_database_files(demo_url: str, db_path: Path) -> None:
    repo = open_repository(demo_url)
    victim = next(o.account for o in repo.overview() if o.account.name == "Kees Mulder")
    repo.erase(victim.id)
    repo._engine.dispose()
    wal = db_path.with_name(db_path.name + "-wal")
    blob = db_path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    assert b"Kees Mulder" not in blob and b"Mulder Bouwgroep" not in blob
    assert b"Annelies de Graaf" in blob  # the search works: other accounts are still there


@pytest.mark.sqlite_only
def test_a_backup_taken_during_an_open_read_is_complete_and_restores(
    demo_url: str, db_path: Path, tmp_path: Path
) -> None:
    repo = open_repository(demo_url)
    reader = sqlite3.connect(db_path)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM assessments").fetchone()
    target = tmp_path / "backup.db"
    repo.backup(target)
    reader.close()
    copy = sqlite3.connect(target)
    assert copy.execute("SELECT count(*) FROM assessments").fetchone()[0] == sum(
        len(h) for h in stored_histories(repo).values()
    )
    copy.close()
    fresh = open_repository(f"sqlite:///{tmp_path / 'fresh.db'}")
    fresh.restore(target)
    assert open_repository(f"sqlite:///{tmp_path / 'fresh.db'}").count_accounts() == repo.count_accounts()
