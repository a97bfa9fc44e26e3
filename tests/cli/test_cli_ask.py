"""`python cli.py ask`: questionnaire links made, listed and withdrawn against a real SQLite file.

Each test fills its own database through the repository, runs the CLI as a subprocess on it
(`run`, tests/cli/conftest.py), and looks at the result through the repository again.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine

from scoring import AccountDraft
from scoring.limits import QUESTIONNAIRE_OPEN_MAX, QUESTIONNAIRE_OPENING_MAX
from scoring.questionnaires import QuestionnaireKind
from services.settings import LOCAL, save_sender
from storage import Repository
from tests.cli.helpers import DEMO_DAY, NOTHING_DONE, OK, ROWS_REJECTED, Run, lines, one_line, screen

PUBLIC_URL = "https://slice.example"
URL = re.compile(r"https://slice\.example/questionnaire\?q=([A-Za-z0-9_-]{43,})")


@pytest.fixture(autouse=True)
def public_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THINSLICE_PUBLIC_URL", PUBLIC_URL)
    monkeypatch.setenv("LANG", "C")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)


@pytest.fixture
def repo(empty_db: Path, engine_on: Callable[[Path], Engine]) -> Repository:
    return Repository(engine_on(empty_db))


def prospect(repo: Repository, name: str = "Ada Lovelace") -> int:
    return repo.screen_prospect(AccountDraft(name=name), screen(), key=f"screen-{name}").account_id


def client(repo: Repository, name: str = "Grace Hopper") -> int:
    account_id = prospect(repo, name)
    repo.sign(account_id, DEMO_DAY)
    return account_id


def test_a_prospect_gets_the_fit_questionnaire_and_the_link_is_printed_once(
    run: Run, empty_db: Path, repo: Repository
) -> None:
    ada = prospect(repo)
    result = run(empty_db, "ask", "Ada Lovelace", "--from", "Studio  Noord", "--opening", "Hello Ada")
    assert result.returncode == OK, result.stderr
    token = URL.fullmatch(one_line(result.stdout))
    assert token is not None
    opened = repo.open_questionnaire(token.group(1))
    assert opened is not None and opened.account_id == ada
    assert opened.kind is QuestionnaireKind.FIT
    assert (opened.sender, opened.opening) == ("Studio Noord", "Hello Ada")
    assert opened.expires_at is not None and opened.expires_at - opened.created_at == dt.timedelta(days=30)
    said = one_line(result.stderr)
    assert "fit questionnaire link" in said and "shown only this once" in said
    assert token.group(1) not in result.stderr.decode()


def test_a_client_gets_the_review_and_the_sender_comes_from_the_settings(
    run: Run, empty_db: Path, repo: Repository
) -> None:
    grace = client(repo)
    save_sender(repo, LOCAL, "Studio Noord")
    result = run(empty_db, "ask", str(grace), "--days", "never")
    assert result.returncode == OK, result.stderr
    [link] = repo.questionnaire_links(grace)
    assert link.kind is QuestionnaireKind.REVIEW
    assert link.sender == "Studio Noord" and link.expires_at is None
    assert "review link" in one_line(result.stderr) and "never expires" in one_line(result.stderr)


def test_without_a_sender_it_says_to_pass_from_and_makes_nothing(
    run: Run, empty_db: Path, repo: Repository
) -> None:
    ada = prospect(repo)
    result = run(empty_db, "ask", "Ada Lovelace")
    assert result.returncode == NOTHING_DONE
    assert result.stdout == b""
    assert "--from NAME" in one_line(result.stderr)
    assert repo.questionnaire_links(ada) == []


def test_an_unknown_account_is_one_line(run: Run, empty_db: Path, repo: Repository) -> None:
    prospect(repo)
    result = run(empty_db, "ask", "Nobody", "--from", "Me")
    assert result.returncode == NOTHING_DONE
    assert one_line(result.stderr) == "ask: no account 'Nobody'; use its id or its exact name"


def test_the_unknown_account_is_said_in_dutch(run: Run, empty_db: Path, repo: Repository) -> None:
    prospect(repo)
    result = run(empty_db, "--lang", "nl", "ask", "Niemand", "--from", "Ik")
    assert result.returncode == NOTHING_DONE
    assert one_line(result.stderr) == "ask: geen relatie 'Niemand'; gebruik het id of de exacte naam"


def test_too_many_links_waiting_is_refused_in_one_line(run: Run, empty_db: Path, repo: Repository) -> None:
    ada = prospect(repo)
    for _ in range(QUESTIONNAIRE_OPEN_MAX):
        repo.create_questionnaire(ada, QuestionnaireKind.FIT, 30, "Me")
    result = run(empty_db, "ask", "Ada Lovelace", "--from", "Me")
    assert result.returncode == NOTHING_DONE
    assert result.stdout == b""
    said = one_line(result.stderr)
    assert said.startswith(f"ask: {QUESTIONNAIRE_OPEN_MAX} questionnaire links are already waiting")
    assert len(repo.questionnaire_links(ada)) == QUESTIONNAIRE_OPEN_MAX


def test_an_opening_too_long_is_refused(run: Run, empty_db: Path, repo: Repository) -> None:
    ada = prospect(repo)
    result = run(
        empty_db, "ask", "Ada Lovelace", "--from", "Me", "--opening", "x" * (QUESTIONNAIRE_OPENING_MAX + 1)
    )
    assert result.returncode == NOTHING_DONE
    assert "opening" in one_line(result.stderr)
    assert repo.questionnaire_links(ada) == []


def test_links_are_listed_with_their_state_and_one_is_withdrawn_once(
    run: Run, empty_db: Path, repo: Repository
) -> None:
    ada = prospect(repo)
    _, first = repo.create_questionnaire(ada, QuestionnaireKind.FIT, 7, "Me")
    token, second = repo.create_questionnaire(ada, QuestionnaireKind.FIT, None, "Studio")
    repo.submit_answers(token, 1, {"rate": "fair"}, "en")

    listed = run(empty_db, "ask", "--list", "Ada Lovelace")
    assert listed.returncode == OK, listed.stderr
    rows = [line.split("\t") for line in lines(listed.stdout)]
    assert [(r[0], r[1], r[2], r[5]) for r in rows] == [
        (str(second.id), "answered", "fit questionnaire", "Studio"),
        (str(first.id), "waiting for answers", "fit questionnaire", "Me"),
    ]

    withdrawn = run(empty_db, "ask", "--revoke", str(first.id))
    assert withdrawn.returncode == OK and one_line(withdrawn.stdout) == "ask: withdrawn"
    assert repo.questionnaire_link(first.id).revoked_at is not None
    again = run(empty_db, "ask", "--revoke", str(first.id))
    assert again.returncode == ROWS_REJECTED and "no questionnaire link" in one_line(again.stderr)
    answered = run(empty_db, "ask", "--revoke", str(second.id))
    assert answered.returncode == ROWS_REJECTED
    assert run(empty_db, "ask", "--revoke", "abc").returncode == ROWS_REJECTED
    assert "withdrawn" in run(empty_db, "ask", "--list", str(ada)).stdout.decode()


def test_no_account_named_is_one_line(run: Run, empty_db: Path) -> None:
    result = run(empty_db, "ask")
    assert result.returncode == NOTHING_DONE
    assert "ACCOUNT" in one_line(result.stderr)
