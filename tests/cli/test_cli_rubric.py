"""`python cli.py rubric`: show, versions, export, import and restore against a real SQLite file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine

from scoring import default_rubric
from scoring.rubric import parse_rubric
from services import rubrics
from storage import Repository
from tests.cli.helpers import NOTHING_DONE, OK, Run, lines, one_line


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "C")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)


@pytest.fixture
def repo(empty_db: Path, engine_on: Callable[[Path], Engine]) -> Repository:
    return Repository(engine_on(empty_db))


def _exported(run: Run, db: Path, *args: str) -> str:
    done = run(db, "rubric", "export", *args)
    assert done.returncode == OK, done.stderr
    return done.stdout.decode("utf-8")


def test_export_edit_import_versions_restore(
    run: Run, empty_db: Path, repo: Repository, tmp_path: Path
) -> None:
    text = _exported(run, empty_db)
    assert parse_rubric(text) == default_rubric()

    mine = tmp_path / "mine.toml"
    mine.write_text(text.replace("threshold = 80", "threshold = 70"), encoding="utf-8")
    dry = run(empty_db, "rubric", "import", mine, "--dry-run")
    assert dry.returncode == OK, dry.stderr
    assert lines(dry.stdout) == [
        "- Hell yes from score: 80 → 70",
        f"{mine}: 1 change to version 1; dry run, nothing saved",
    ]
    assert rubrics.current(repo).version == 1

    done = run(empty_db, "rubric", "import", mine, "--reason", "fewer no's")
    assert done.returncode == OK, done.stderr
    assert one_line(done.stdout) == f"{mine}: saved as version 2"
    assert rubrics.current(repo).verdict.threshold == 70

    listed = lines(run(empty_db, "rubric", "versions").stdout)
    assert len(listed) == 2
    assert listed[0].startswith("v2  ") and listed[0].endswith("fewer no's")
    assert listed[1].startswith("v1  built in")

    assert parse_rubric(_exported(run, empty_db, "--version", "1")) == default_rubric()
    shown = run(empty_db, "rubric", "show").stdout.decode()
    assert "Thin Slice default, version 2" in shown and "Hell yes from score: 70" in shown
    assert "respect              Respect & ethics             weight 1 (10% of the score)  knockout" in shown

    back = run(empty_db, "rubric", "restore", "1")
    assert back.returncode == OK, back.stderr
    assert one_line(back.stdout) == "Version 3 saved: version 1 restored."
    assert rubrics.current(repo).verdict.threshold == 80


def test_a_broken_file_is_refused_one_line_per_problem(run: Run, empty_db: Path, tmp_path: Path) -> None:
    text = _exported(run, empty_db)
    broken = tmp_path / "broken.toml"
    broken.write_text(
        text.replace("threshold = 80", "threshold = 180").replace('key = "scope"', 'key = "payment"'),
        encoding="utf-8",
    )
    done = run(empty_db, "rubric", "import", broken)
    assert done.returncode == NOTHING_DONE
    problems = lines(done.stderr)
    assert problems[-1] == "rubric import: nothing saved"
    assert len(problems) >= 3
    assert all(line.startswith(str(broken)) for line in problems[:-1]), problems
    assert any("verdict.threshold" in line for line in problems)
    assert any("'payment' appears twice" in line for line in problems)
    assert len(lines(run(empty_db, "rubric", "versions").stdout)) == 1


def test_a_missing_version_and_a_missing_file_say_so(run: Run, empty_db: Path) -> None:
    done = run(empty_db, "rubric", "export", "--version", "9")
    assert done.returncode == NOTHING_DONE
    assert one_line(done.stderr) == "There is no version 9 of the rubric."
    done = run(empty_db, "rubric", "import", "nothing-here.toml")
    assert done.returncode == NOTHING_DONE
    assert "nothing-here.toml: cannot read the rubric file" in one_line(done.stderr)
    done = run(empty_db, "rubric", "restore", "1")
    assert done.returncode == NOTHING_DONE
    assert one_line(done.stderr) == "Version 1 is the rubric in use already."


def test_export_to_the_database_file_is_refused(run: Run, empty_db: Path, repo: Repository) -> None:
    done = run(empty_db, "rubric", "export", "--out", empty_db)
    assert done.returncode == NOTHING_DONE
    # The database is untouched: it still opens and reads.
    assert empty_db.read_bytes()[:15] == b"SQLite format 3"
    assert rubrics.current(repo) == default_rubric()
