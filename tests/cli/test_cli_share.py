"""`python cli.py share`: print, list and revoke read-only scorecard links against a real SQLite file.

Each test prepares its own database file through the storage layer, runs the CLI as a
subprocess pointed at that file, then checks the result through the repository.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from scoring import AccountDraft, Answer, Assessment
from scoring.sharing import ShareLink, new_token
from storage import Repository, make_engine, upgrade
from storage.schema import accounts
from tests import factories

REPO = Path(__file__).resolve().parents[2]
CLI = REPO / "cli.py"
PUBLIC_URL = "https://slice.example"
URL = re.compile(r"https://slice\.example/scorecard\?t=([A-Za-z0-9_-]{43,})")
OK, ROWS_REJECTED, NOTHING_DONE = 0, 1, 2

Run = Callable[..., subprocess.CompletedProcess[str]]
AddAccount = Callable[[str], int]


def screen() -> Assessment:
    return factories.assessment(dt.date(2026, 3, 1), answer=Answer.YES)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def repo(engine: Engine) -> Repository:
    return Repository(engine)


@pytest.fixture
def add_account(repo: Repository) -> AddAccount:
    """A screened prospect called `name`; returns its id."""
    made = iter(range(1_000))

    def add(name: str) -> int:
        return repo.screen_prospect(AccountDraft(name=name), screen(), key=f"screen-{next(made)}").account_id

    return add


@pytest.fixture
def ada(add_account: AddAccount) -> int:
    return add_account("Ada Lovelace")


@pytest.fixture
def run(db_url: str, tmp_path: Path) -> Run:
    """`run(*args, public_url=...)` runs `cli.py share ARGS`; `public_url=None` leaves it unset."""
    base = {k: v for k, v in os.environ.items() if k != "THINSLICE_PUBLIC_URL"}

    def run(*args: str, public_url: str | None = PUBLIC_URL) -> subprocess.CompletedProcess[str]:
        env = base | {"THINSLICE_DATABASE_URL": db_url}
        if public_url is not None:
            env["THINSLICE_PUBLIC_URL"] = public_url
        result = subprocess.run(
            [sys.executable, str(CLI), "share", *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=tmp_path,
            env=env,
            timeout=60,
            check=False,
        )
        assert "Traceback" not in result.stdout + result.stderr, result.stderr
        return result

    return run


def token_from(result: subprocess.CompletedProcess[str]) -> str:
    """The token of the one URL printed; the whole of stdout must be that one line."""
    assert result.returncode == OK, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    match = URL.fullmatch(lines[0])
    assert match is not None, lines[0]
    return match.group(1)


def opened(repo: Repository, token: str) -> ShareLink:
    link = repo.live_share(token)
    assert link is not None
    return link


def one_line(stream: str) -> str:
    lines = stream.splitlines()
    assert len(lines) == 1, stream
    return lines[0]


# -- creating ------------------------------------------------------------------------------------


def test_share_by_name_prints_exactly_one_url_whose_token_opens_the_account(
    run: Run, repo: Repository, ada: int
) -> None:
    result = run("Ada Lovelace")

    token = token_from(result)
    assert opened(repo, token).account_id == ada


def test_share_by_name_ignores_case(run: Run, repo: Repository, ada: int) -> None:
    assert opened(repo, token_from(run("ada lovelace"))).account_id == ada


def test_share_by_id_opens_that_account(run: Run, repo: Repository, add_account: AddAccount) -> None:
    add_account("Ada Lovelace")
    grace = add_account("Grace Hopper")

    assert opened(repo, token_from(run(str(grace)))).account_id == grace


def test_each_share_prints_a_new_token(run: Run, repo: Repository, ada: int) -> None:
    first, second = token_from(run("Ada Lovelace")), token_from(run("Ada Lovelace"))

    assert first != second
    assert len(repo.shares(ada)) == 2


def test_the_stderr_note_says_the_link_is_shown_once_and_does_not_repeat_the_token(
    run: Run, ada: int
) -> None:
    result = run("Ada Lovelace")

    token = token_from(result)
    assert token not in result.stderr
    assert "once" in one_line(result.stderr)


def test_a_link_expires_after_30_days_by_default(run: Run, repo: Repository, ada: int) -> None:
    link = opened(repo, token_from(run("Ada Lovelace")))

    assert link.expires_at == link.created_at + dt.timedelta(days=30)


def test_days_7_sets_the_expiry_seven_days_out(run: Run, repo: Repository, ada: int) -> None:
    before = dt.datetime.now(dt.UTC)
    link = opened(repo, token_from(run("Ada Lovelace", "--days", "7")))
    after = dt.datetime.now(dt.UTC)

    assert link.expires_at == link.created_at + dt.timedelta(days=7)
    assert before <= link.created_at <= after


def test_never_makes_a_link_without_expiry(run: Run, repo: Repository, ada: int) -> None:
    token = token_from(run("Ada Lovelace", "--never"))

    assert opened(repo, token).expires_at is None
    assert repo.live_share(token, now=dt.datetime(2999, 1, 1, tzinfo=dt.UTC)) is not None


def test_notes_includes_private_notes_and_without_it_they_stay_out(
    run: Run, repo: Repository, ada: int
) -> None:
    with_notes = opened(repo, token_from(run("Ada Lovelace", "--notes")))
    without = opened(repo, token_from(run("Ada Lovelace")))

    assert with_notes.include_notes is True
    assert without.include_notes is False


def test_label_is_stored_with_the_link(run: Run, repo: Repository, ada: int) -> None:
    assert opened(repo, token_from(run("Ada Lovelace", "--label", "for Bob"))).label == "for Bob"


@pytest.mark.parametrize("public_url", ["http://127.0.0.1:8501", "http://localhost:8501", None])
def test_a_link_only_this_computer_can_open_says_so_and_how_to_fix_it(
    run: Run, ada: int, public_url: str | None
) -> None:
    result = run("Ada Lovelace", public_url=public_url)

    assert result.returncode == OK, result.stderr
    assert len(result.stdout.splitlines()) == 1  # the link alone, for scripts
    assert result.stdout.startswith(public_url or "http://localhost:8501")
    warning = result.stderr.splitlines()[-1]
    assert "nobody else can open it" in warning and "THINSLICE_PUBLIC_URL" in warning


def test_a_link_to_a_public_address_carries_no_warning(run: Run, ada: int) -> None:
    result = run("Ada Lovelace")

    token_from(result)
    assert "nobody else" not in result.stderr


# -- listing -------------------------------------------------------------------------------------


def test_list_shows_the_link_as_live_and_prints_no_token(run: Run, repo: Repository, ada: int) -> None:
    token = token_from(run("Ada Lovelace", "--label", "for Bob"))
    link = opened(repo, token)

    result = run("--list", "Ada Lovelace")

    assert result.returncode == OK, result.stderr
    row = one_line(result.stdout).split("\t")
    assert row[0] == str(link.id)
    assert row[1] == "live"
    assert "for Bob" in row
    assert token not in result.stdout


def test_list_shows_revoked_links_as_revoked_newest_first(run: Run, repo: Repository, ada: int) -> None:
    old = opened(repo, token_from(run("Ada Lovelace")))
    new = opened(repo, token_from(run("Ada Lovelace")))
    repo.revoke_share(old.id)

    result = run("--list", "Ada Lovelace")

    rows = [line.split("\t")[:2] for line in result.stdout.splitlines()]
    assert rows == [[str(new.id), "live"], [str(old.id), "revoked"]]


def test_list_of_an_account_without_links_says_so(run: Run, ada: int) -> None:
    result = run("--list", "Ada Lovelace")

    assert result.returncode == OK
    assert "no links" in one_line(result.stdout)


# -- revoking ------------------------------------------------------------------------------------


def test_revoke_by_token_withdraws_the_link_and_a_second_revoke_fails(
    run: Run, repo: Repository, ada: int
) -> None:
    token = token_from(run("Ada Lovelace"))

    first = run("--revoke", token)

    assert first.returncode == OK, first.stderr
    assert repo.live_share(token) is None
    second = run("--revoke", token)
    assert second.returncode == ROWS_REJECTED
    assert second.stdout == ""
    one_line(second.stderr)


def test_revoke_by_id_withdraws_the_link_and_a_second_revoke_fails(
    run: Run, repo: Repository, ada: int
) -> None:
    token = token_from(run("Ada Lovelace"))
    kept = token_from(run("Ada Lovelace"))
    link_id = opened(repo, token).id

    first = run("--revoke", str(link_id))

    assert first.returncode == OK, first.stderr
    assert repo.live_share(token) is None
    assert repo.live_share(kept) is not None
    second = run("--revoke", str(link_id))
    assert second.returncode == ROWS_REJECTED
    one_line(second.stderr)


@pytest.mark.parametrize(
    "target",
    [
        pytest.param("unknown-token", id="unknown-token"),
        pytest.param("9999", id="unknown-id"),
        pytest.param("99999999999999999999999", id="id-too-big-for-sqlite"),
        pytest.param("²", id="unicode-digit"),
    ],
)
def test_revoking_something_that_does_not_exist_exits_1_with_one_line(
    run: Run, repo: Repository, ada: int, target: str
) -> None:
    token = token_from(run("Ada Lovelace"))

    result = run("--revoke", new_token() if target == "unknown-token" else target)

    assert result.returncode == ROWS_REJECTED
    one_line(result.stderr)
    assert repo.live_share(token) is not None


def test_revoke_all_withdraws_every_link_and_prints_the_count(
    run: Run, repo: Repository, add_account: AddAccount
) -> None:
    add_account("Ada Lovelace")
    add_account("Grace Hopper")
    tokens = [
        token_from(run("Ada Lovelace")),
        token_from(run("Ada Lovelace", "--never")),
        token_from(run("Grace Hopper", "--days", "7")),
    ]
    already = token_from(run("Grace Hopper"))
    repo.revoke_token(already)

    result = run("--revoke-all")

    assert result.returncode == OK, result.stderr
    assert re.search(r"\b3\b", one_line(result.stdout))
    assert all(repo.live_share(token) is None for token in [*tokens, already])
    again = run("--revoke-all")
    assert re.search(r"\b0\b", one_line(again.stdout))


# -- refusals ------------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [("Nobody",), ("9999",), ("²",), ("--list", "Nobody")])
def test_an_unknown_account_exits_2_with_one_line_and_creates_nothing(
    run: Run, repo: Repository, ada: int, args: tuple[str, ...]
) -> None:
    result = run(*args)

    assert result.returncode == NOTHING_DONE
    assert result.stdout == ""
    one_line(result.stderr)
    assert repo.shares(ada) == []


def test_two_accounts_with_the_same_name_exit_2_naming_both_ids(
    run: Run, repo: Repository, add_account: AddAccount
) -> None:
    first, second = add_account("Ada Lovelace"), add_account("Ada Lovelace")

    result = run("Ada Lovelace")

    assert result.returncode == NOTHING_DONE
    assert result.stdout == ""
    message = one_line(result.stderr)
    assert {str(first), str(second)} <= set(re.findall(r"\d+", message))
    assert repo.shares(first) == repo.shares(second) == []


def test_the_id_still_works_when_two_accounts_share_a_name(
    run: Run, repo: Repository, add_account: AddAccount
) -> None:
    add_account("Ada Lovelace")
    second = add_account("Ada Lovelace")

    assert opened(repo, token_from(run(str(second)))).account_id == second


def test_share_without_an_account_exits_2(run: Run, ada: int) -> None:
    result = run()

    assert result.returncode == NOTHING_DONE
    assert result.stdout == ""
    one_line(result.stderr)


def test_an_account_without_a_screen_exits_2_and_gets_no_link(
    run: Run, repo: Repository, engine: Engine
) -> None:
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as conn:
        bare = conn.execute(
            accounts.insert()
            .values(name="Bare Account", created_at=now, updated_at=now)
            .returning(accounts.c.id)
        ).scalar_one()

    result = run("Bare Account")

    assert result.returncode == NOTHING_DONE
    assert result.stdout == ""
    one_line(result.stderr)
    assert repo.shares(bare) == []


def test_an_unknown_expiry_is_refused_by_the_parser(run: Run, repo: Repository, ada: int) -> None:
    result = run("Ada Lovelace", "--days", "3")

    assert result.returncode == NOTHING_DONE
    assert result.stdout == ""
    assert repo.shares(ada) == []


def test_a_token_that_starts_with_a_dash_is_revoked_like_any_other(
    run: Run, repo: Repository, ada: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Links made before tokens stopped starting with "-" may have one; argparse alone would
    # take "--revoke -abc…" for two options.
    dashed = "-" + new_token()[1:]
    monkeypatch.setattr("storage.shares.new_token", lambda: dashed)
    token, _link = repo.create_share(ada, days=7)
    assert token == dashed

    result = run("--revoke", dashed)

    assert result.returncode == OK, result.stderr
    assert repo.live_share(dashed) is None


def test_new_tokens_never_start_with_a_dash() -> None:
    # One in 64 would, drawn freely: 2,000 draws all but surely meet one.
    assert not any(new_token().startswith("-") for _ in range(2000))
