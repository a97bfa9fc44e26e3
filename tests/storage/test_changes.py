"""Reading only what changed: every write that changes an account stamps it with the write's number,
in commit order, so a reader that knows the accounts as of one number misses nothing by asking
for what came after it. Real SQLite and PostgreSQL, real threads."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from scoring import AccountDraft, Assessment, Kind, Outcome, Stage
from scoring.accounts import AccountOverview
from storage import Repository, open_repository
from storage.records import Changes
from storage.repository import Incoming

MakeAssessment = Callable[..., Assessment]


def _ids(changes: Changes) -> set[int]:
    return {item.account.id for item in changes.overviews()}


def _screen(repo: Repository, make_assessment: MakeAssessment, name: str) -> int:
    return repo.screen_prospect(AccountDraft(name=name), make_assessment(), f"key-{name}").account_id


def test_a_first_look_reads_every_account_and_then_only_what_changed(
    repo: Repository, make_assessment: MakeAssessment
) -> None:
    first = _screen(repo, make_assessment, "First")
    second = _screen(repo, make_assessment, "Second")

    everything = repo.changes_since(None, 0)
    assert everything.complete and _ids(everything) == {first, second} and everything.count == 2

    nothing = repo.changes_since(everything.epoch, everything.seq)
    assert not nothing.complete and nothing.overviews() == [] and nothing.seq == everything.seq

    third = _screen(repo, make_assessment, "Third")
    after = repo.changes_since(everything.epoch, everything.seq)
    assert not after.complete and _ids(after) == {third} and after.count == 3
    assert after.seq > everything.seq
    [item] = after.overviews()
    assert item.latest is not None and item.assessment_count == 1  # as the overview has it


def test_every_write_to_an_account_or_its_assessments_marks_it_changed(
    repo: Repository, make_assessment: MakeAssessment
) -> None:
    account = _screen(repo, make_assessment, "Kees")
    other = _screen(repo, make_assessment, "Other")
    seen = repo.changes_since(None, 0)

    def changed_by(write: Callable[[], object]) -> set[int]:
        nonlocal seen
        write()
        after = repo.changes_since(seen.epoch, seen.seq)
        assert not after.complete
        seen = after
        return _ids(after)

    day = dt.date(2026, 3, 1)
    assert changed_by(lambda: repo.add_assessment(account, make_assessment(day), "again")) == {account}
    assert changed_by(lambda: repo.sign(account, day)) == {account}
    checkin = make_assessment(day + dt.timedelta(days=30), kind=Kind.CHECKIN, gut=None)
    assert changed_by(lambda: repo.add_checkin(account, checkin, "checkin")) == {account}
    assert changed_by(lambda: repo.end(account, Outcome.COMPLETED, day + dt.timedelta(days=40))) == {account}
    # A note and a share link do not change what a list shows of the account.
    assert changed_by(lambda: repo.add_evidence(other, day, "Paid on time.", "note")) == set()
    [item] = repo.changes_since(None, 0).overviews()[:1]  # newest activity first
    assert item.account.id == account and item.account.stage is Stage.CLIENT


def test_a_refused_write_changes_nothing(repo: Repository, make_assessment: MakeAssessment) -> None:
    account = _screen(repo, make_assessment, "Prospect")
    seen = repo.changes_since(None, 0)
    checkin = make_assessment(dt.date(2026, 4, 1), kind=Kind.CHECKIN, gut=None)
    with pytest.raises(Exception, match="client"):
        repo.add_checkin(account, checkin, "too-early")  # a prospect has no check-ins
    after = repo.changes_since(seen.epoch, seen.seq)
    assert after.seq == seen.seq and after.overviews() == []


def test_an_erased_account_shows_in_the_count(repo: Repository, make_assessment: MakeAssessment) -> None:
    gone = _screen(repo, make_assessment, "Gone")
    _screen(repo, make_assessment, "Stays")
    seen = repo.changes_since(None, 0)
    repo.erase(gone, wait_s=0)
    after = repo.changes_since(seen.epoch, seen.seq)
    assert not after.complete and after.overviews() == [] and after.count == 1


def test_an_import_marks_the_accounts_it_added_to(repo: Repository, make_assessment: MakeAssessment) -> None:
    known = _screen(repo, make_assessment, "Known")
    _screen(repo, make_assessment, "Untouched")
    seen = repo.changes_since(None, 0)
    report = repo.import_assessments(
        [
            Incoming(2, "Known", Stage.PROSPECT, make_assessment(dt.date(2026, 5, 1)), "import-1"),
            Incoming(3, "New one", Stage.PROSPECT, make_assessment(dt.date(2026, 5, 1)), "import-2"),
        ]
    )
    assert report.added == 2
    after = repo.changes_since(seen.epoch, seen.seq)
    names = {item.account.name for item in after.overviews()}
    assert names == {"Known", "New one"} and known in _ids(after) and after.count == 3


def test_a_number_from_another_epoch_or_ahead_of_the_database_reads_everything(
    repo: Repository, make_assessment: MakeAssessment
) -> None:
    _screen(repo, make_assessment, "One")
    seen = repo.changes_since(None, 0)
    assert repo.changes_since("another database", seen.seq).complete
    assert repo.changes_since(seen.epoch, seen.seq + 1).complete  # a restore of an older copy


@pytest.mark.sqlite_only
def test_a_restore_starts_a_new_epoch(
    repo: Repository, tmp_path: Path, make_assessment: MakeAssessment
) -> None:
    _screen(repo, make_assessment, "Before")
    other = open_repository(f"sqlite:///{tmp_path / 'other.db'}")
    for n in range(5):  # more writes than the live database has: its numbers run ahead
        _screen(other, make_assessment, f"From the backup {n}")
    other.backup(tmp_path / "backup.db")
    other.close()
    seen = repo.changes_since(None, 0)

    repo.restore(tmp_path / "backup.db")

    after = repo.changes_since(seen.epoch, seen.seq)
    assert after.complete and after.epoch != seen.epoch
    assert {item.account.name for item in after.overviews()} == {f"From the backup {n}" for n in range(5)}


def test_a_reader_following_concurrent_writers_misses_nothing(
    repo: Repository, db_url: str, make_assessment: MakeAssessment
) -> None:
    """Writers on engines of their own (as other servers) screen and check in while a reader keeps
    asking for what changed since its last look: what it pieces together is what is stored."""
    writers = 4
    per_writer = 15
    errors: list[BaseException] = []

    def write(n: int) -> None:
        own = open_repository(db_url)
        try:
            for i in range(per_writer):
                made = own.screen_prospect(
                    AccountDraft(name=f"W{n}-{i}"), make_assessment(), f"w{n}-{i}"
                ).account_id
                if i % 3 == 0:
                    own.add_assessment(made, make_assessment(dt.date(2026, 3, 2)), f"w{n}-{i}-again")
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            own.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    known: dict[int, AccountOverview] = {}
    seen = repo.changes_since(None, 0)
    for thread in threads:
        thread.start()
    for _ in range(10_000):  # bounded: the writers finish long before
        changes = repo.changes_since(seen.epoch, seen.seq)
        assert not changes.complete
        known.update({item.account.id: item for item in changes.overviews()})
        assert changes.count == len(known)  # nothing erased, and nothing missed so far
        seen = changes
        if not any(thread.is_alive() for thread in threads):
            break
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    final = repo.changes_since(seen.epoch, seen.seq)
    known.update({item.account.id: item for item in final.overviews()})
    truth = {item.account.id: item for item in repo.overview()}
    assert known.keys() == truth.keys() and len(truth) == writers * per_writer
    assert {i: (o.assessment_count, o.latest and o.latest.id) for i, o in known.items()} == {
        i: (o.assessment_count, o.latest and o.latest.id) for i, o in truth.items()
    }


def test_the_changed_accounts_read_as_columns_are_the_overview(
    repo: Repository, make_assessment: MakeAssessment
) -> None:
    """Lists take each account's newest assessment from the histories read with the changes; it
    must be what the ranked overview query gives, to the stored id, time and signals."""
    from scoring import Answer, Signals
    from tests import factories

    screened = _screen(repo, make_assessment, "Screened Twice")
    repo.add_assessment(screened, make_assessment(dt.date(2026, 4, 1), note="again, with a note"), "again")
    client = _screen(repo, make_assessment, "Signed")
    repo.sign(client, dt.date(2026, 3, 2))
    checkin = factories.assessment(
        dt.date(2026, 4, 2),
        kind=Kind.CHECKIN,
        gut=None,
        answer=Answer.YES,
        signals=Signals(invoice_days_late=12),
        suggested={"payment": Answer.NO},
    )
    repo.add_checkin(client, checkin, "checkin")
    repo.add_checkin(client, factories.assessment(dt.date(2026, 4, 3), kind=Kind.CHECKIN, gut=None), "c2")

    everything = repo.changes_since(None, 0)
    assert everything.overviews() == repo.overview()
    repo.add_checkin(client, factories.assessment(dt.date(2026, 4, 20), kind=Kind.CHECKIN, gut=None), "c3")
    [item] = repo.changes_since(everything.epoch, everything.seq).overviews()
    assert item == next(o for o in repo.overview() if o.account.id == client)
    assert item.assessment_count == 4 and item.latest is not None
    assert item.latest.created_at.tzinfo is not None
