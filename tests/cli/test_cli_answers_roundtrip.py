"""Their answers out and back in: `cli.py export --what answers` and `cli.py import` of that file,
against real SQLite files, and everything about one account including its questionnaires.

The answers are submitted through the repository on a copy of the demo database; a fresh
database gets the same accounts by importing the demo's assessments export first.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import Engine

from scoring import Stage
from scoring.questionnaires import QuestionnaireKind
from services.privacy import account_bundle
from storage import Repository
from tests.cli.helpers import BOM, NOTHING_DONE, OK, ROWS_REJECTED, TODAY, Run, lines, one_line

HEADER = (
    "account,kind,submitted_at,language,version,rate,payment_terms,decision_maker,reply_speed,"
    "meetings,deliverables,revisions,situation,work_you_like,worries,clarity,communication,value,"
    "recommend,one_change,account_uid"
)
FIT: dict[str, str | int] = {
    "rate": "needs_lower",
    "payment_terms": "net_60",
    "decision_maker": "other_absent",
    "reply_speed": "week",
    "meetings": "several_a_week",
    "deliverables": "open",
    "revisions": "unlimited",
    "situation": "under_pressure",
    "work_you_like": '=HYPERLINK("http://evil.example","click"); also, "this"\nand a second line',
    "worries": "Ÿ€ – nothing; really",
}
SECOND_FIT: dict[str, str | int] = FIT | {"rate": "fair", "worries": "@SUM(A1)"}
REVIEW: dict[str, str | int] = {
    "clarity": "clear",
    "communication": "badly",
    "value": "good",
    "recommend": 3,
    "one_change": "+1 faster",
}


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "C")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)


def answered(db: Path, engine_on: Callable[[Path], Engine]) -> Repository:
    """Three answer sets, submitted through links as a respondent's page does."""
    repo = Repository(engine_on(db))
    accounts = repo.accounts()
    prospect = next(a for a in accounts if a.stage is Stage.PROSPECT)
    client = next(a for a in accounts if a.stage is Stage.CLIENT)
    for account, kind, answers, language in (
        (prospect, QuestionnaireKind.FIT, FIT, "nl"),
        (prospect, QuestionnaireKind.FIT, SECOND_FIT, "en"),
        (client, QuestionnaireKind.REVIEW, REVIEW, "en"),
    ):
        token, _ = repo.create_questionnaire(account.id, kind, 30, "Studio Noord")
        repo.submit_answers(token, 1, answers, language)
    return repo


def stored_answers(db: Path) -> int:
    with closing(sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)) as conn:
        return int(conn.execute("SELECT count(*) FROM questionnaire_answers").fetchone()[0])


def export(run: Run, db: Path, *args: str) -> bytes:
    result = run(db, "export", "--today", TODAY, *args)
    assert result.returncode == OK, result.stderr.decode()
    return result.stdout


def same_accounts(run: Run, source: Path, target: Path, tmp_path: Path) -> None:
    """`target` gets the accounts of `source`, through the assessments export and import."""
    (tmp_path / "assessments.csv").write_bytes(export(run, source))
    assert run(target, "import", "assessments.csv").returncode == OK


def test_export_import_export_gives_the_same_file_and_a_second_import_adds_nothing(
    run: Run, demo_db: Path, empty_db: Path, tmp_path: Path, engine_on: Callable[[Path], Engine]
) -> None:
    repo = answered(demo_db, engine_on)
    total = len(repo.their_answers())
    export(run, demo_db, "--what", "answers", "--sep", ",", "--out", "answers.csv")
    first = (tmp_path / "answers.csv").read_bytes()
    assert first.startswith(BOM)
    assert lines(first[len(BOM) :])[0] == HEADER
    same_accounts(run, demo_db, empty_db, tmp_path)

    imported = run(empty_db, "import", "answers.csv")
    assert imported.returncode == OK, imported.stderr.decode()
    assert imported.stderr == b""
    assert f"{total} added, 0 already there" in imported.stdout.decode()
    assert stored_answers(empty_db) == total

    export(run, empty_db, "--what", "answers", "--sep", ",", "--out", "again.csv")
    assert (tmp_path / "again.csv").read_bytes() == first

    twice = run(empty_db, "import", "answers.csv")
    assert twice.returncode == OK
    assert f"0 added, {total} already there" in twice.stdout.decode()
    assert stored_answers(empty_db) == total


def test_a_dutch_semicolon_file_reads_back_the_same_rows(
    run: Run, demo_db: Path, empty_db: Path, tmp_path: Path, engine_on: Callable[[Path], Engine]
) -> None:
    answered(demo_db, engine_on)
    dutch = export(run, demo_db, "--lang", "nl", "--what", "answers")
    assert dutch.startswith(HEADER.replace(",", ";").encode())  # Dutch settings: `;` by default
    (tmp_path / "dutch.csv").write_bytes(BOM + dutch)
    same_accounts(run, demo_db, empty_db, tmp_path)

    imported = run(empty_db, "--lang", "nl", "import", "dutch.csv")
    assert imported.returncode == OK, imported.stderr.decode()
    assert export(run, empty_db, "--what", "answers", "--sep", ",") == export(
        run, demo_db, "--what", "answers", "--sep", ","
    )


def test_bad_rows_are_named_by_line_and_the_good_rows_are_imported(
    run: Run, demo_db: Path, empty_db: Path, tmp_path: Path, engine_on: Callable[[Path], Engine]
) -> None:
    same_accounts(run, demo_db, empty_db, tmp_path)
    name = Repository(engine_on(demo_db)).accounts()[0].name
    (tmp_path / "bad.csv").write_text(
        "account,kind,submitted_at,rate,recommend\n"
        f"{name},fit,2026-05-04T09:30:00Z,fair,\n"  # 2: good
        "Nobody Known,fit,2026-05-04T09:30:00Z,fair,\n"  # 3: unknown account
        f"{name},fit,2026-05-04T09:30:00Z,bargain,\n"  # 4: unknown choice key
        f"{name},fit,04/05/2026,fair,\n"  # 5: bad date
        f"{name},poll,2026-05-04T09:30:00Z,fair,\n"  # 6: unknown kind
        f"{name},review,2026-05-05T09:30:00Z,,9\n",  # 7: good
        encoding="utf-8",
    )
    dry = run(empty_db, "import", "bad.csv", "--dry-run")
    assert dry.returncode == ROWS_REJECTED and stored_answers(empty_db) == 0

    result = run(empty_db, "import", "bad.csv")
    assert result.returncode == ROWS_REJECTED
    assert "2 added, 0 already there" in result.stdout.decode()
    assert lines(result.stderr) == [
        "bad.csv: line 3, column account: no account 'Nobody Known'; import its assessments first, "
        "or add it in the app",
        "bad.csv: line 4, column rate: 'bargain' is not one of its choices; use fair, high_but_fine, "
        "needs_lower, no_quote",
        "bad.csv: line 5, column submitted_at: '04/05/2026' is not a date and time; "
        "use YYYY-MM-DDTHH:MM:SSZ (UTC)",
        "bad.csv: line 6, column kind: 'poll' is not a questionnaire; use fit or review",
    ]
    assert stored_answers(empty_db) == 2
    assert "Nobody Known" not in export(run, empty_db, "--what", "accounts").decode()


def test_an_answers_file_with_a_broken_header_is_refused(run: Run, empty_db: Path, tmp_path: Path) -> None:
    (tmp_path / "broken.csv").write_text("account,submitted_at,rate\nAda,2026-05-04T09:30:00Z,fair\n")
    result = run(empty_db, "import", "broken.csv")
    assert result.returncode == NOTHING_DONE
    assert "missing columns: kind" in one_line(result.stderr)


def test_everything_about_an_account_includes_its_questionnaires_and_never_a_token(
    run: Run, demo_db: Path, engine_on: Callable[[Path], Engine]
) -> None:
    repo = Repository(engine_on(demo_db))
    # A prospect of the demo that has answered no questionnaire yet.
    account = next(a for a in repo.accounts() if a.stage is Stage.PROSPECT and not repo.their_answers(a.id))
    token, link = repo.create_questionnaire(account.id, QuestionnaireKind.FIT, 7, "Studio Noord", "Hi there")
    side = repo.submit_answers(token, 1, FIT, "nl")
    waiting_token, waiting = repo.create_questionnaire(
        account.id, QuestionnaireKind.FIT, None, "Studio Noord"
    )

    bundle = account_bundle(repo, account.id)
    assert [(q["id"], q["kind"], q["sender"]) for q in bundle["questionnaire_links"]] == [
        (waiting.id, "fit", "Studio Noord"),
        (link.id, "fit", "Studio Noord"),
    ]
    assert bundle["questionnaire_links"][1]["opening"] == "Hi there"
    assert bundle["questionnaire_links"][1]["used_at"] is not None
    assert bundle["their_answers"] == [
        {
            "id": side.id,
            "kind": "fit",
            "version": 1,
            "submitted_at": side.submitted_at.isoformat(),
            "language": "nl",
            "link_id": link.id,
            "answers": FIT,
        }
    ]
    written = run(demo_db, "export", "--account", str(account.id), "--json", "-")
    assert written.returncode == OK
    assert json.loads(written.stdout)["their_answers"] == bundle["their_answers"]
    text = written.stdout.decode()
    assert token not in text and waiting_token not in text
    # Another account's bundle holds its own answers only, never this one's.
    for other in repo.accounts():
        if other.id != account.id:
            assert all(a["id"] != side.id for a in account_bundle(repo, other.id)["their_answers"])
