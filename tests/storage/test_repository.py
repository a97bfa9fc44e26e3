"""The repository: what a user stores is what they get back, once, and nothing else."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import Engine, text

from scoring import AccountDraft, Answer, Assessment, Kind, Stage, Verdict, default_rubric
from services.portfolio import build_portfolio
from storage import NotFound, Refused, Repository, make_engine, open_repository, upgrade
from tests.helpers import stored_histories

MakeAssessment = Callable[..., Assessment]
MakeDraft = Callable[..., AccountDraft]
Count = Callable[[str], int]


def test_a_screen_survives_closing_and_reopening_the_database(
    db_url: str, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> None:
    keys = default_rubric().keys
    answers = {key: list(Answer)[i % len(Answer)] for i, key in enumerate(keys)}
    assessment = make_assessment(
        dt.date(2026, 2, 28), answers=answers, gut=Verdict.HELL_NO, note="Haggled twice.\nPaid late once."
    )
    first_engine = make_engine(db_url)
    upgrade(first_engine)
    stored = Repository(first_engine).screen_prospect(
        make_draft("Grace Hopper", "Compilers Inc", 12_500.5), assessment, "screen-1"
    )
    first_engine.dispose()

    reopened = open_repository(db_url)

    again = reopened.assessment(stored.id)
    assert again.assessment == assessment
    assert again.assessment.answers == answers
    assert again.assessment.gut is Verdict.HELL_NO
    assert again.assessment.note == "Haggled twice.\nPaid late once."
    assert (again.assessment.rubric_key, again.assessment.rubric_version) == ("thinslice", 1)
    assert again.assessment.taken_on == dt.date(2026, 2, 28)
    assert again.assessment.kind is Kind.SCREEN
    assert again == stored
    account = reopened.account(stored.account_id)
    assert (account.name, account.company, account.deal_value) == ("Grace Hopper", "Compilers Inc", 12_500.5)
    assert account.stage is Stage.PROSPECT
    assert account.created_at.tzinfo is not None
    assert reopened.assessments(stored.account_id) == [stored]


def test_screening_twice_with_the_same_key_stores_one_account_and_one_assessment(
    repo: Repository, count: Count, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> None:
    first = repo.screen_prospect(make_draft("Ada"), make_assessment(), "double-click")
    second = repo.screen_prospect(make_draft("Ada"), make_assessment(), "double-click")

    assert second.id == first.id
    assert second == first
    assert count("accounts") == 1
    assert count("assessments") == 1


def test_a_new_key_stores_a_new_prospect_even_with_the_same_name(
    repo: Repository, count: Count, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> None:
    first = repo.screen_prospect(make_draft("Ada"), make_assessment(), "attempt-1")
    second = repo.screen_prospect(make_draft("Ada"), make_assessment(), "attempt-2")

    assert second.account_id != first.account_id
    assert count("accounts") == 2
    assert count("assessments") == 2


def test_adding_an_assessment_twice_with_the_same_key_stores_it_once(
    repo: Repository, count: Count, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> None:
    screen = repo.screen_prospect(make_draft(), make_assessment(), "screen")
    later = make_assessment(dt.date(2026, 4, 1), answer=Answer.HELL_YES)

    first = repo.add_assessment(screen.account_id, later, "rescreen")
    second = repo.add_assessment(screen.account_id, later, "rescreen")

    assert second == first
    assert count("assessments") == 2


def test_a_check_in_without_a_gut_call_comes_back_without_one(
    repo: Repository, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> None:
    screen = repo.screen_prospect(make_draft(), make_assessment(), "screen")
    check_in = make_assessment(dt.date(2026, 6, 30), kind=Kind.CHECKIN, gut=None)

    stored = repo.add_assessment(screen.account_id, check_in, "check-in")

    assert repo.assessment(stored.id).assessment == check_in
    assert repo.assessment(stored.id).assessment.gut is None


def test_adding_an_assessment_to_a_missing_account_raises_not_found_and_writes_nothing(
    repo: Repository, count: Count, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> None:
    screen = repo.screen_prospect(make_draft(), make_assessment(), "screen")

    with pytest.raises(NotFound):
        repo.add_assessment(screen.account_id + 1000, make_assessment(), "orphan")

    assert count("assessments") == 1
    assert count("accounts") == 1
    # The failed attempt did not use up its key.
    stored = repo.add_assessment(screen.account_id, make_assessment(), "orphan")
    assert stored.account_id == screen.account_id


def test_reading_what_does_not_exist_raises_not_found(repo: Repository) -> None:
    with pytest.raises(NotFound):
        repo.account(1)
    with pytest.raises(NotFound):
        repo.assessment(1)
    assert repo.assessments(1) == []


UNUSUAL_TEXT = {
    "emoji": "👩🏽‍💻 Zoë’s 🚀 Rocket Co. 🇳🇱",
    "rtl_arabic": "شركة الأمل للتقنية المحدودة",
    "mixed_direction": "Acme \u202eevil\u202c شركة 123",
    "cjk": "株式会社テスト・北京科技有限公司・한국상사",
    "decomposed_accent": "Ame\u0301lie Poulain",  # NFD: must not be normalised to NFC
    "two_hundred_characters": ("名🙂é" * 67)[:200],
    "markup": "<script>alert(1)</script> **bold** `code` [x](javascript:alert(1)) &amp; ' \" \\",
}


@pytest.mark.parametrize("name", UNUSUAL_TEXT.values(), ids=UNUSUAL_TEXT.keys())
def test_unusual_text_comes_back_byte_identical(
    db_url: str, name: str, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> None:
    assert len(name) <= 200
    stored = open_repository(db_url).screen_prospect(
        make_draft(name, company=name), make_assessment(note=name), "unicode"
    )

    reopened = open_repository(db_url)

    account = reopened.account(stored.account_id)
    assert account.name.encode("utf-8") == name.encode("utf-8")
    assert account.company.encode("utf-8") == name.encode("utf-8")
    assert reopened.assessment(stored.id).assessment.note.encode("utf-8") == name.encode("utf-8")
    [row] = reopened.overview()
    assert row.account.name.encode("utf-8") == name.encode("utf-8")


def test_overview_lists_each_account_once_with_its_newest_assessment_and_count(
    repo: Repository, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> None:
    ada = repo.screen_prospect(make_draft("Ada"), make_assessment(dt.date(2026, 3, 1)), "ada-1")
    bob = repo.screen_prospect(make_draft("Bob"), make_assessment(dt.date(2026, 3, 20)), "bob-1")
    repo.add_assessment(ada.account_id, make_assessment(dt.date(2026, 3, 10)), "ada-2")
    # Added later but taken earlier: not the newest.
    repo.add_assessment(ada.account_id, make_assessment(dt.date(2026, 3, 5)), "ada-3")
    # Same day as ada-2 but stored after it: the newest.
    newest = repo.add_assessment(
        ada.account_id, make_assessment(dt.date(2026, 3, 10), answer=Answer.HELL_YES), "ada-4"
    )

    rows = repo.overview()

    assert [row.account.name for row in rows] == ["Ada", "Bob"]  # newest activity first
    by_name = {row.account.name: row for row in rows}
    assert by_name["Ada"].latest == newest
    assert by_name["Ada"].assessment_count == 4
    assert by_name["Bob"].latest == bob
    assert by_name["Bob"].assessment_count == 1


def test_overview_by_stage_lists_only_that_stage(
    repo: Repository, engine: Engine, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> None:
    prospect = repo.screen_prospect(make_draft("Prospect"), make_assessment(), "p")
    client = repo.screen_prospect(make_draft("Client"), make_assessment(), "c")
    with engine.begin() as conn:
        conn.execute(text("UPDATE accounts SET stage = 'client' WHERE id = :id"), {"id": client.account_id})

    prospects = repo.overview(Stage.PROSPECT)
    clients = repo.overview(Stage.CLIENT)

    assert [row.account.id for row in prospects] == [prospect.account_id]
    assert [row.account.id for row in clients] == [client.account_id]
    assert clients[0].account.stage is Stage.CLIENT
    assert clients[0].latest == client
    assert {row.account.id for row in repo.overview()} == {prospect.account_id, client.account_id}


def test_deleting_an_account_deletes_its_assessments(
    repo: Repository, engine: Engine, count: Count, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> None:
    gone = repo.screen_prospect(make_draft("Gone"), make_assessment(), "gone-1")
    repo.add_assessment(gone.account_id, make_assessment(dt.date(2026, 4, 1)), "gone-2")
    kept = repo.screen_prospect(make_draft("Kept"), make_assessment(), "kept-1")

    with engine.begin() as conn:
        conn.execute(text("DELETE FROM accounts WHERE id = :id"), {"id": gone.account_id})

    assert count("assessments") == 1
    assert repo.assessments(gone.account_id) == []
    assert repo.assessments(kept.account_id) == [kept]
    assert [row.account.name for row in repo.overview()] == ["Kept"]


# -- the data version that cached pages are keyed on ----------------------------------------------


def test_every_write_gives_the_data_a_new_version_and_reads_and_refusals_keep_it(
    db_url: str, repo: Repository, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> None:
    seen = [repo.data_version()]

    def changed() -> bool:
        now = repo.data_version()
        new = now not in seen
        seen.append(now)
        return new

    screened = repo.screen_prospect(make_draft(), make_assessment(dt.date(2026, 3, 1)), "v-1")
    assert changed()
    repo.screen_prospect(make_draft(), make_assessment(dt.date(2026, 3, 1)), "v-1")  # the same key again
    assert not changed()
    repo.overview()
    stored_histories(repo)
    assert not changed()
    repo.sign(screened.account_id, dt.date(2026, 3, 2))
    assert changed()
    checkin = make_assessment(dt.date(2026, 4, 1), kind=Kind.CHECKIN, gut=None)
    repo.add_checkin(screened.account_id, checkin, "v-2")
    assert changed()
    with pytest.raises(Refused):
        repo.add_checkin(screened.account_id, checkin, "v-3")  # same day: refused, rolled back
    assert not changed()
    repo.add_evidence(screened.account_id, dt.date(2026, 4, 2), "Late again.", "v-4")
    assert changed()
    repo.erase(screened.account_id)
    assert changed()
    # Another process writing is seen too: the version lives in the database, not in this object.
    other = open_repository(db_url)
    other.screen_prospect(make_draft("Other"), make_assessment(dt.date(2026, 3, 1)), "v-5")
    other.close()
    assert changed()


def test_first_screens_are_each_accounts_earliest_screen_whatever_came_later(
    repo: Repository, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> None:
    ada = repo.screen_prospect(make_draft("Ada"), make_assessment(dt.date(2026, 3, 5), note="first"), "a1")
    repo.add_assessment(ada.account_id, make_assessment(dt.date(2026, 3, 9), note="again"), "a2")
    repo.add_assessment(ada.account_id, make_assessment(dt.date(2026, 3, 1), note="backdated"), "a3")
    bob = repo.screen_prospect(make_draft("Bob"), make_assessment(dt.date(2026, 2, 1), note="bob"), "b1")
    repo.sign(bob.account_id, dt.date(2026, 2, 2))
    checkin = make_assessment(dt.date(2026, 1, 1), kind=Kind.CHECKIN, gut=None)
    with pytest.raises(Refused):
        repo.add_checkin(bob.account_id, checkin, "b2")  # before signing: not stored

    # Calibration compares each account's first screen, which its portfolio line carries.
    lines = build_portfolio(repo, default_rubric(), dt.date(2026, 4, 1))
    firsts = {line.overview.account.id: line.first_screen for line in lines}

    assert {k: v.note for k, v in firsts.items() if v is not None} == {
        ada.account_id: "backdated",
        bob.account_id: "bob",
    }
