"""Share links in the database: only hashes stored, live/expired/revoked look-ups, revocation, cascades."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from scoring import AccountDraft, Assessment
from scoring.sharing import ShareLink, hash_token, new_token
from storage import NotFound, Repository, make_engine, upgrade

MakeAssessment = Callable[..., Assessment]
MakeDraft = Callable[..., AccountDraft]
Count = Callable[[str], int]
NewAccount = Callable[..., int]

TICK = dt.timedelta(microseconds=1)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@pytest.fixture
def new_account(repo: Repository, make_draft: MakeDraft, make_assessment: MakeAssessment) -> NewAccount:
    """A screened prospect; returns its id."""
    made = iter(range(1_000))

    def create(name: str = "Ada Lovelace") -> int:
        stored = repo.screen_prospect(make_draft(name=name), make_assessment(), key=f"screen-{next(made)}")
        return stored.account_id

    return create


@pytest.fixture
def account(new_account: NewAccount) -> int:
    return new_account()


def share(
    repo: Repository, account_id: int, days: int | None = 30, **options: object
) -> tuple[str, ShareLink]:
    return repo.create_share(account_id, days, **options)  # type: ignore[arg-type]


# -- only the hash is stored ---------------------------------------------------------------------


@pytest.fixture
def own_engine(db_url: str) -> Iterator[Engine]:
    """An engine this test disposes itself, so SQLite checkpoints and closes its files."""
    engine = make_engine(db_url)
    upgrade(engine)
    yield engine
    engine.dispose()


def file_bytes(db_path: Path) -> bytes:
    """The database file and, when there is one, its write-ahead log."""
    wal = db_path.with_name(db_path.name + "-wal")
    return db_path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


@pytest.mark.sqlite_only
def test_the_raw_token_is_nowhere_in_the_database_files_only_its_hash(
    own_engine: Engine, db_path: Path, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> None:
    repo = Repository(own_engine)
    account_id = repo.screen_prospect(make_draft(), make_assessment(), key="k").account_id
    tokens = [share(repo, account_id, days)[0] for days in (7, 30, 90, None, 30)]
    repo.revoke_token(tokens[0])
    repo.revoke_all()

    while_open = file_bytes(db_path)
    own_engine.dispose()
    after_close = file_bytes(db_path)

    for contents in (while_open, after_close):
        for token in tokens:
            assert token.encode("ascii") not in contents
            assert base64.urlsafe_b64decode(token + "=") not in contents  # nor its raw random bytes
            assert hash_token(token).encode("ascii") in contents  # the search does find what is there


# -- which tokens open a link --------------------------------------------------------------------


def test_a_live_token_opens_its_link(repo: Repository, account: int) -> None:
    token, created = share(repo, account)

    found = repo.live_share(token)

    assert found == created
    assert found is not None and found.account_id == account


def test_each_token_opens_only_its_own_link(repo: Repository, new_account: NewAccount) -> None:
    first, second = new_account("Ada"), new_account("Grace")
    token_a, link_a = share(repo, first)
    token_b, link_b = share(repo, second)

    assert repo.live_share(token_a) == link_a
    assert repo.live_share(token_b) == link_b


def test_an_unknown_token_opens_nothing(repo: Repository, account: int) -> None:
    share(repo, account)

    assert repo.live_share(new_token()) is None


@pytest.mark.parametrize(
    "mangle",
    [
        pytest.param(lambda t: "", id="empty"),
        pytest.param(lambda t: t[:20], id="truncated"),
        pytest.param(lambda t: t[:-1], id="one-character-short"),
        pytest.param(lambda t: t + "!", id="with-punctuation"),
        pytest.param(lambda t: t + "\n", id="with-newline"),
        pytest.param(lambda t: t + "=", id="padded"),
        pytest.param(lambda t: t.swapcase(), id="wrong-case"),
        pytest.param(lambda t: hash_token(t), id="its-hash"),
    ],
)
def test_a_malformed_or_altered_token_opens_nothing(
    repo: Repository, account: int, mangle: Callable[[str], str]
) -> None:
    token, _ = share(repo, account)

    assert repo.live_share(mangle(token)) is None
    assert repo.live_share(token) is not None


def test_a_link_opens_until_just_before_its_expiry_and_not_from_then_on(
    repo: Repository, account: int
) -> None:
    token, link = share(repo, account, days=7)
    assert link.expires_at is not None

    assert repo.live_share(token, now=link.expires_at - TICK) == link
    assert repo.live_share(token, now=link.expires_at) is None
    assert repo.live_share(token, now=link.expires_at + dt.timedelta(days=1)) is None


def test_a_link_expires_the_number_of_days_after_it_was_created(repo: Repository, account: int) -> None:
    before = utcnow()
    for days in (7, 30, 90):
        _, link = share(repo, account, days=days)
        assert link.expires_at == link.created_at + dt.timedelta(days=days)
        assert before <= link.created_at <= utcnow()


def test_a_never_expiring_link_has_no_expiry_and_opens_far_in_the_future(
    repo: Repository, account: int
) -> None:
    token, link = share(repo, account, days=None)

    assert link.expires_at is None
    assert repo.live_share(token, now=dt.datetime(2999, 12, 31, tzinfo=dt.UTC)) == link


def test_a_revoked_link_stops_working_on_the_very_next_lookup(
    repo: Repository, account: int, db_url: str
) -> None:
    token, link = share(repo, account)
    other_engine = make_engine(db_url)  # another server process on the same file
    other_process = Repository(other_engine)
    try:
        assert repo.live_share(token) is not None
        assert other_process.live_share(token) is not None

        assert repo.revoke_share(link.id) is True

        assert repo.live_share(token) is None
        assert other_process.live_share(token) is None
    finally:
        other_engine.dispose()


def test_a_revoked_never_expiring_link_opens_nothing(repo: Repository, account: int) -> None:
    token, link = share(repo, account, days=None)

    repo.revoke_share(link.id)

    assert repo.live_share(token) is None


# -- listing -------------------------------------------------------------------------------------


def test_links_are_listed_newest_first_each_with_its_state(repo: Repository, new_account: NewAccount) -> None:
    account, other = new_account("Ada"), new_account("Grace")
    _, week = share(repo, account, days=7)
    _, forever = share(repo, account, days=None)
    _, month = share(repo, account, days=30)
    share(repo, other)
    repo.revoke_share(forever.id)

    listed = repo.shares(account)
    in_ten_days = utcnow() + dt.timedelta(days=10)

    assert [link.id for link in listed] == [month.id, forever.id, week.id]
    assert [link.state(in_ten_days) for link in listed] == ["live", "revoked", "expired"]
    assert [link.state(utcnow()) for link in listed] == ["live", "revoked", "live"]
    assert listed[1].revoked_at is not None


def test_an_account_without_links_lists_none(repo: Repository, account: int) -> None:
    assert repo.shares(account) == []


# -- revoking ------------------------------------------------------------------------------------


def test_revoking_a_link_twice_reports_false_the_second_time(repo: Repository, account: int) -> None:
    _, link = share(repo, account)

    assert repo.revoke_share(link.id) is True
    first_revoked_at = repo.shares(account)[0].revoked_at
    assert repo.revoke_share(link.id) is False
    assert repo.shares(account)[0].revoked_at == first_revoked_at


def test_revoking_an_unknown_link_id_reports_false(repo: Repository, account: int) -> None:
    share(repo, account)

    assert repo.revoke_share(9_999) is False


def test_revoking_by_token_withdraws_that_link_only(repo: Repository, account: int) -> None:
    token, link = share(repo, account)
    kept_token, _ = share(repo, account)

    assert repo.revoke_token(token) is True

    assert repo.live_share(token) is None
    assert repo.live_share(kept_token) is not None
    assert repo.revoke_token(token) is False
    assert {s.id: s.state(utcnow()) for s in repo.shares(account)}[link.id] == "revoked"


def test_revoking_an_unknown_or_malformed_token_reports_false(repo: Repository, account: int) -> None:
    token, _ = share(repo, account)

    assert repo.revoke_token(new_token()) is False
    assert repo.revoke_token("not a token") is False
    assert repo.revoke_token("") is False
    assert repo.live_share(token) is not None


def test_revoke_all_counts_the_live_links_and_afterwards_no_token_opens(
    repo: Repository, new_account: NewAccount
) -> None:
    first, second = new_account("Ada"), new_account("Grace")
    tokens = [share(repo, first)[0], share(repo, first, days=None)[0], share(repo, second, days=7)[0]]
    already, _ = share(repo, second)
    repo.revoke_token(already)

    assert repo.revoke_all() == 3

    assert all(repo.live_share(token) is None for token in [*tokens, already])
    assert {link.state(utcnow()) for link in repo.shares(first) + repo.shares(second)} == {"revoked"}
    assert repo.revoke_all() == 0


def test_revoke_all_with_no_links_revokes_nothing(repo: Repository, account: int) -> None:
    assert repo.revoke_all() == 0


# -- options -------------------------------------------------------------------------------------


@pytest.mark.parametrize("include_notes", [True, False])
def test_include_notes_and_label_round_trip(repo: Repository, account: int, include_notes: bool) -> None:
    token, created = share(repo, account, include_notes=include_notes, label="For Bob at Initech")

    for link in (created, repo.live_share(token), repo.shares(account)[0]):
        assert link is not None
        assert link.include_notes is include_notes
        assert link.label == "For Bob at Initech"


def test_a_link_leaves_notes_out_and_has_no_label_by_default(repo: Repository, account: int) -> None:
    token, _ = share(repo, account)

    link = repo.live_share(token)

    assert link is not None
    assert link.include_notes is False
    assert link.label == ""


def test_a_label_is_trimmed_and_cut_to_200_characters(repo: Repository, account: int) -> None:
    _, padded = share(repo, account, label="  for Bob  ")
    _, long = share(repo, account, label="x" * 300)

    assert padded.label == "for Bob"
    assert long.label == "x" * 200


# -- accounts ------------------------------------------------------------------------------------


def test_deleting_an_account_deletes_its_links_and_their_tokens_stop_working(
    repo: Repository, new_account: NewAccount, engine: Engine, count: Count
) -> None:
    gone, kept = new_account("Ada"), new_account("Grace")
    gone_tokens = [share(repo, gone)[0], share(repo, gone, days=None)[0]]
    kept_token, _ = share(repo, kept)

    with engine.begin() as conn:
        conn.execute(text("DELETE FROM accounts WHERE id = :id"), {"id": gone})

    assert count("share_links") == 1
    assert repo.shares(gone) == []
    assert all(repo.live_share(token) is None for token in gone_tokens)
    assert repo.live_share(kept_token) is not None


def test_a_link_for_an_unknown_account_is_refused_and_nothing_is_stored(
    repo: Repository, account: int, count: Count
) -> None:
    with pytest.raises(NotFound):
        repo.create_share(account + 1_000, 30)

    assert count("share_links") == 0
