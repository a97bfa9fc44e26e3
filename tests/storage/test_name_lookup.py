"""Looking an account up by name: each account's key (its name as a person reads it) is stored
beside the name by every write that sets one, and the look-up reads the matches only."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import Engine, column, select, table

from scoring import NAME_MAX, AccountDraft, Answer, Stage
from services.duplicates import accounts_named
from storage import Incoming, Repository, make_engine, open_repository, upgrade
from storage.migrate import MIGRATIONS
from storage.schema import accounts
from tests import factories

NOW = dt.datetime(2026, 11, 1, 9, 30, tzinfo=dt.UTC)


def _add(repo: Repository, name: str, company: str = "") -> int:
    screen = factories.assessment(answer=Answer.YES)
    return repo.screen_prospect(AccountDraft(name=name, company=company), screen, uuid.uuid4().hex).account_id


def _stored_keys(engine: Engine) -> dict[str, str]:
    """Each account's name and its stored key, read with SQL under the repository."""
    with engine.connect() as conn:
        return {name: key for name, key in conn.execute(select(accounts.c.name, accounts.c.name_key))}


def _backfill_batch() -> int:
    """Accounts per round of migration 0006's backfill, read from the migration itself."""
    spec = importlib.util.spec_from_file_location(
        "name_key_0006", MIGRATIONS / "versions" / "0006_name_key.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return int(module.BATCH)


def _accounts_at_0005(engine: Engine, names: list[str]) -> None:
    """A database as schema 0005 left it (no keys yet), holding accounts of `names` in that order."""
    upgrade(engine, "0005")
    old = table("accounts", column("name"), column("company"), column("created_at"), column("updated_at"))
    with engine.begin() as conn:
        conn.execute(
            old.insert(),
            [{"name": name, "company": "", "created_at": NOW, "updated_at": NOW} for name in names],
        )


def test_a_name_reads_the_same_whatever_its_case_and_spacing_and_no_longer_name_does(
    repo: Repository,
) -> None:
    spaced = _add(repo, "  pieter  VAN dijk ")
    longer = _add(repo, "Pieter van Dijken")
    assert [a.id for a in accounts_named(repo, "Pieter van Dijk")] == [spaced]
    assert [a.id for a in accounts_named(repo, "PIETER\tVAN DIJKEN")] == [longer]


def test_a_name_is_found_whatever_its_case_and_spacing_same_company_first(repo: Repository) -> None:
    elsewhere = _add(repo, "Łukasz  Nowak")
    same_company = _add(repo, "łukasz nowak", "Nowak Sp. z o.o.")
    _add(repo, "Łukasz Nowakowski")
    found = accounts_named(repo, "  ŁUKASZ NOWAK ", "nowak sp. z o.o.")
    assert [a.id for a in found] == [same_company, elsewhere]
    assert [a.id for a in accounts_named(repo, "łukasz nowak")] == [elsewhere, same_company]
    assert accounts_named(repo, "Nobody") == []
    assert accounts_named(repo, "   ") == []


def test_a_screen_and_an_existing_client_store_the_key_of_their_name(
    repo: Repository, engine: Engine
) -> None:
    _add(repo, "Jürgen  WEISS")
    screen = factories.assessment(dt.date(2026, 1, 5), answer=Answer.YES)
    repo.add_client(AccountDraft(name="STRAßE Müller"), screen, dt.date(2026, 1, 5), "client-1")

    assert _stored_keys(engine) == {"Jürgen  WEISS": "jürgen weiss", "STRAßE Müller": "strasse müller"}


def test_a_name_at_the_length_limit_whose_key_folds_longer_is_stored_and_found(repo: Repository) -> None:
    """Folding lengthens some letters ("ΐ" becomes three characters): the key has room for that."""
    name = "ΐ" * NAME_MAX
    stored = _add(repo, name)
    assert [a.id for a in accounts_named(repo, name.upper())] == [stored]


def test_an_import_stores_the_key_of_each_account_it_makes(repo: Repository, engine: Engine) -> None:
    screen = factories.assessment(dt.date(2026, 2, 1), answer=Answer.YES)
    report = repo.import_assessments(
        [
            Incoming(line=2, account="Ana  GARCÍA", stage=Stage.PROSPECT, assessment=screen, key="i-1"),
            Incoming(line=3, account="Søren Ørsted", stage=Stage.PROSPECT, assessment=screen, key="i-2"),
        ]
    )

    assert report.new_accounts == 2
    assert _stored_keys(engine) == {"Ana  GARCÍA": "ana garcía", "Søren Ørsted": "søren ørsted"}
    assert [a.name for a in accounts_named(repo, "ana garcía")] == ["Ana  GARCÍA"]


def test_account_names_lists_every_account_by_id(repo: Repository) -> None:
    first = _add(repo, "Jürgen Weiß")
    second = _add(repo, "ŁUKASZ Nowak", "Nowak Sp. z o.o.")
    assert repo.account_names() == [(first, "Jürgen Weiß"), (second, "ŁUKASZ Nowak")]


def test_migrating_a_database_made_at_0005_gives_every_account_the_key_of_its_name(
    db_url: str, engine: Engine
) -> None:
    """The backfill, across its batches: names that differ in case and spacing on either side of
    a batch's end, and at both ends of the table."""
    batch = _backfill_batch()
    filler = [f"Account {number:05d}" for number in range(batch + 2)]
    odd = ["  pieter  VAN dijk ", "Pieter van Dijken", "STRAßE\tMüller", "ŁUKASZ  NOWAK "]
    names = [odd[0], *filler[: batch - 2], odd[1], odd[2], *filler[batch - 2 :], odd[3]]
    _accounts_at_0005(engine, names)

    upgrade(engine)

    stored = _stored_keys(engine)
    assert len(stored) == len(names) > batch + 1
    assert {name: key for name, key in stored.items() if name in odd} == {
        "  pieter  VAN dijk ": "pieter van dijk",
        "Pieter van Dijken": "pieter van dijken",
        "STRAßE\tMüller": "strasse müller",
        "ŁUKASZ  NOWAK ": "łukasz nowak",
    }
    assert [name for name, key in stored.items() if key != " ".join(name.split()).casefold()] == []
    repo = open_repository(db_url)
    try:
        assert [a.name for a in accounts_named(repo, "Pieter van Dijk")] == ["  pieter  VAN dijk "]
        assert [a.name for a in accounts_named(repo, "łukasz nowak")] == ["ŁUKASZ  NOWAK "]
    finally:
        repo.close()


@pytest.mark.sqlite_only
def test_a_restored_backup_made_at_0005_is_found_by_name(repo: Repository, tmp_path: Path) -> None:
    old = tmp_path / "old-backup.db"
    engine = make_engine(f"sqlite:///{old}")
    try:
        _accounts_at_0005(engine, ["  pieter  VAN dijk "])
    finally:
        engine.dispose()
    with closing(sqlite3.connect(old)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0005",)
    _add(repo, "Pieter van Dijk")  # only in the database the backup replaces

    repo.restore(old)

    assert [a.name for a in accounts_named(repo, "Pieter van Dijk")] == ["  pieter  VAN dijk "]
