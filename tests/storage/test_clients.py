"""Clients: signing, backdated clients, check-ins, the evidence log, endings and old databases."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable

import pytest
from alembic import command
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

import storage.migrate
from scoring import AccountDraft, Answer, Assessment, Kind, Outcome, Signals, Stage, Verdict, default_rubric
from storage import NotFound, Refused, Repository, open_repository, upgrade
from storage.engine import WRITE
from storage.migrate import current_revision, head_revision
from tests import factories
from tests.helpers import stored_histories

MakeAssessment = Callable[..., Assessment]
MakeDraft = Callable[..., AccountDraft]
Count = Callable[[str], int]

SCREENED_ON = dt.date(2026, 3, 1)
SIGNED_ON = dt.date(2026, 3, 15)


def checkin(
    taken_on: dt.date,
    *,
    answer: Answer = Answer.YES,
    signals: Signals | None = None,
    suggested: dict[str, Answer] | None = None,
    note: str = "",
) -> Assessment:
    """A check-in on the default rubric, without a gut call."""
    return factories.assessment(
        taken_on, kind=Kind.CHECKIN, answer=answer, note=note, signals=signals, suggested=suggested or {}
    )


@pytest.fixture
def client_id(repo: Repository, make_draft: MakeDraft, make_assessment: MakeAssessment) -> int:
    """A prospect screened on SCREENED_ON and signed on SIGNED_ON."""
    screen = repo.screen_prospect(make_draft("Client"), make_assessment(SCREENED_ON), "client-screen")
    repo.sign(screen.account_id, SIGNED_ON)
    return screen.account_id


def _updated_at(engine: Engine, account_id: int) -> str:
    with engine.connect() as conn:
        return str(
            conn.execute(
                text("SELECT updated_at FROM accounts WHERE id = :id"), {"id": account_id}
            ).scalar_one()
        )


# -- signing ------------------------------------------------------------------------------------


def test_signing_a_screened_prospect_makes_it_a_client_with_its_signing_date(
    db_url: str, repo: Repository, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> None:
    screen = repo.screen_prospect(make_draft(), make_assessment(SCREENED_ON), "screen")
    assert repo.account(screen.account_id).stage is Stage.PROSPECT
    assert repo.account(screen.account_id).signed_on is None

    signed = repo.sign(screen.account_id, SIGNED_ON)

    assert signed.stage is Stage.CLIENT
    assert signed.signed_on == SIGNED_ON
    reopened = open_repository(db_url).account(screen.account_id)
    assert reopened == signed
    assert reopened.active
    assert [row.account.id for row in repo.overview(Stage.CLIENT)] == [screen.account_id]
    assert repo.overview(Stage.PROSPECT) == []


def test_signing_on_the_day_of_the_first_screen_is_allowed(
    repo: Repository, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> None:
    screen = repo.screen_prospect(make_draft(), make_assessment(SCREENED_ON), "screen")

    assert repo.sign(screen.account_id, SCREENED_ON).signed_on == SCREENED_ON


def test_signing_twice_keeps_the_first_signing_date(
    repo: Repository, count: Count, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> None:
    screen = repo.screen_prospect(make_draft(), make_assessment(SCREENED_ON), "screen")
    first = repo.sign(screen.account_id, SIGNED_ON)

    second = repo.sign(screen.account_id, SIGNED_ON + dt.timedelta(days=30))

    assert second == first
    assert repo.account(screen.account_id).signed_on == SIGNED_ON
    assert count("accounts") == 1
    assert count("assessments") == 1


def test_signing_before_the_first_screen_is_refused_naming_that_date(
    repo: Repository, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> None:
    screen = repo.screen_prospect(make_draft(), make_assessment(dt.date(2026, 3, 10)), "screen")
    # A rescreen taken earlier than the first one stored: the earliest date is what counts.
    repo.add_assessment(screen.account_id, make_assessment(dt.date(2026, 3, 5)), "rescreen")

    with pytest.raises(Refused, match=r"before the first screen \(2026-03-05\)"):
        repo.sign(screen.account_id, dt.date(2026, 3, 4))

    account = repo.account(screen.account_id)
    assert account.stage is Stage.PROSPECT
    assert account.signed_on is None
    assert repo.sign(screen.account_id, dt.date(2026, 3, 5)).stage is Stage.CLIENT


def test_signing_an_unknown_account_raises_not_found(repo: Repository) -> None:
    with pytest.raises(NotFound):
        repo.sign(42, SIGNED_ON)


def test_signing_an_account_without_a_screen_is_refused(
    repo: Repository, engine: Engine, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> None:
    screen = repo.screen_prospect(make_draft(), make_assessment(SCREENED_ON), "screen")
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM assessments WHERE id = :id"), {"id": screen.id})
    # A check-in is not a baseline: it does not make the account signable either.
    repo.add_assessment(screen.account_id, checkin(SIGNED_ON), "stray-check-in")

    with pytest.raises(Refused, match="Screen the prospect before signing"):
        repo.sign(screen.account_id, SIGNED_ON)

    assert repo.account(screen.account_id).stage is Stage.PROSPECT


# -- clients who were never screened here ------------------------------------------------------


def test_adding_a_client_stores_its_backdated_baseline_and_signing_date(
    db_url: str, repo: Repository, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> None:
    baseline = make_assessment(dt.date(2024, 6, 1), answer=Answer.HELL_YES, note="From memory.")

    stored = repo.add_client(
        make_draft("Old Friend", "Legacy Ltd", 9_000.0), baseline, dt.date(2024, 7, 1), "c"
    )

    reopened = open_repository(db_url)
    account = reopened.account(stored.account_id)
    assert account.stage is Stage.CLIENT
    assert account.signed_on == dt.date(2024, 7, 1)
    assert (account.name, account.company, account.deal_value) == ("Old Friend", "Legacy Ltd", 9_000.0)
    assert account.active
    assert reopened.assessments(stored.account_id) == [stored]
    assert stored.assessment == baseline
    assert stored.assessment.kind is Kind.SCREEN
    assert stored.assessment.taken_on == dt.date(2024, 6, 1)


def test_adding_a_client_signed_on_the_baseline_day_is_allowed(
    repo: Repository, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> None:
    stored = repo.add_client(make_draft(), make_assessment(SCREENED_ON), SCREENED_ON, "c")

    assert repo.account(stored.account_id).signed_on == SCREENED_ON


def test_adding_a_client_signed_before_its_baseline_is_refused_and_writes_nothing(
    repo: Repository, count: Count, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> None:
    with pytest.raises(Refused, match="signed before its baseline"):
        repo.add_client(make_draft(), make_assessment(SCREENED_ON), SCREENED_ON - dt.timedelta(days=1), "c")

    assert count("accounts") == 0
    assert count("assessments") == 0


def test_adding_a_client_with_a_check_in_as_its_baseline_is_refused_and_writes_nothing(
    repo: Repository, count: Count, make_draft: MakeDraft
) -> None:
    with pytest.raises(Refused, match="baseline is a screen"):
        repo.add_client(make_draft(), checkin(SCREENED_ON), SIGNED_ON, "c")

    assert count("accounts") == 0
    assert count("assessments") == 0


def test_adding_a_client_twice_with_the_same_key_stores_it_once(
    repo: Repository, count: Count, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> None:
    first = repo.add_client(make_draft(), make_assessment(SCREENED_ON), SIGNED_ON, "double-click")
    second = repo.add_client(make_draft(), make_assessment(SCREENED_ON), SIGNED_ON, "double-click")

    assert second == first
    assert count("accounts") == 1
    assert count("assessments") == 1


# -- check-ins ----------------------------------------------------------------------------------


def test_a_check_in_of_a_prospect_is_refused_until_it_is_signed(
    repo: Repository, count: Count, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> None:
    screen = repo.screen_prospect(make_draft(), make_assessment(SCREENED_ON), "screen")

    with pytest.raises(Refused, match=r"^Sign "):
        repo.add_checkin(screen.account_id, checkin(SIGNED_ON), "check-in")

    assert count("assessments") == 1
    repo.sign(screen.account_id, SIGNED_ON)
    stored = repo.add_checkin(screen.account_id, checkin(SIGNED_ON), "check-in")
    assert stored.assessment.kind is Kind.CHECKIN


def test_a_check_in_before_the_signing_date_is_refused(
    repo: Repository, count: Count, client_id: int
) -> None:
    with pytest.raises(Refused, match=r"before the client was signed \(2026-03-15\)"):
        repo.add_checkin(client_id, checkin(SIGNED_ON - dt.timedelta(days=1)), "too-early")

    assert count("assessments") == 1
    assert repo.add_checkin(client_id, checkin(SIGNED_ON), "on-the-day").assessment.taken_on == SIGNED_ON


def test_a_check_in_of_an_unknown_account_raises_not_found(repo: Repository) -> None:
    with pytest.raises(NotFound):
        repo.add_checkin(42, checkin(SIGNED_ON), "orphan")


def test_a_screen_handed_to_add_checkin_is_refused(
    repo: Repository, count: Count, client_id: int, make_assessment: MakeAssessment
) -> None:
    with pytest.raises(Refused):
        repo.add_checkin(client_id, make_assessment(dt.date(2026, 4, 1)), "not-a-check-in")

    assert count("assessments") == 1


def test_a_second_check_in_on_the_same_day_is_refused_naming_the_date_and_writes_nothing(
    repo: Repository, engine: Engine, count: Count, client_id: int
) -> None:
    day = dt.date(2026, 4, 1)
    first = repo.add_checkin(client_id, checkin(day), "first")
    before = _updated_at(engine, client_id)

    with pytest.raises(Refused, match="2026-04-01"):
        repo.add_checkin(client_id, checkin(day, answer=Answer.HELL_NO), "second")

    assert count("assessments") == 2
    assert repo.assessments(client_id)[-1] == first
    assert _updated_at(engine, client_id) == before
    # The refused attempt did not use up its key.
    moved = repo.add_checkin(client_id, checkin(day + dt.timedelta(days=1)), "second")
    assert moved.assessment.taken_on == dt.date(2026, 4, 2)


def test_adding_a_check_in_twice_with_the_same_key_stores_one_row(
    repo: Repository, count: Count, client_id: int
) -> None:
    first = repo.add_checkin(client_id, checkin(dt.date(2026, 4, 1)), "double-click")
    second = repo.add_checkin(client_id, checkin(dt.date(2026, 4, 1)), "double-click")

    assert second == first
    assert count("assessments") == 2  # the baseline and one check-in


def test_two_clients_can_each_have_a_check_in_on_the_same_day(
    repo: Repository, client_id: int, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> None:
    other = repo.add_client(make_draft("Other"), make_assessment(SCREENED_ON), SIGNED_ON, "other")
    day = dt.date(2026, 4, 1)

    mine = repo.add_checkin(client_id, checkin(day), "mine")
    theirs = repo.add_checkin(other.account_id, checkin(day), "theirs")

    assert mine.account_id != theirs.account_id
    assert mine.assessment.taken_on == theirs.assessment.taken_on == day


def test_a_screen_on_the_same_day_as_a_check_in_is_allowed(
    repo: Repository, client_id: int, make_assessment: MakeAssessment
) -> None:
    day = dt.date(2026, 4, 1)
    check_in = repo.add_checkin(client_id, checkin(day), "check-in")

    screen = repo.add_assessment(client_id, make_assessment(day), "rescreen")

    assert [a.assessment.kind for a in repo.assessments(client_id)] == [
        Kind.SCREEN,
        Kind.CHECKIN,
        Kind.SCREEN,
    ]
    assert repo.assessments(client_id)[1:] == [check_in, screen]


def test_a_check_in_on_the_day_of_a_screen_is_allowed(
    repo: Repository, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> None:
    client = repo.add_client(make_draft(), make_assessment(SCREENED_ON), SCREENED_ON, "c")

    stored = repo.add_checkin(client.account_id, checkin(SCREENED_ON), "check-in")

    assert [a.id for a in repo.assessments(client.account_id)] == [client.id, stored.id]


SIGNALS = {
    "all_facts": Signals(
        invoice_days_late=0,
        out_of_scope_requests=3,
        missed_meetings=1,
        after_hours_demands=10_000,
        leadership_change=False,
    ),
    "leadership_changed": Signals(leadership_change=True),
    "only_leadership_unchanged": Signals(leadership_change=False),
    "only_zero_days_late": Signals(invoice_days_late=0),
    "leadership_unknown": Signals(invoice_days_late=12, leadership_change=None),
}


@pytest.mark.parametrize("signals", SIGNALS.values(), ids=SIGNALS.keys())
def test_check_in_signals_and_suggestions_come_back_exactly(
    db_url: str, repo: Repository, engine: Engine, client_id: int, signals: Signals
) -> None:
    suggested = {"payment": Answer.HELL_NO, "scope": Answer.NO, "respect": Answer.UNSURE}
    check_in = checkin(dt.date(2026, 4, 1), signals=signals, suggested=suggested, note="Late again.")

    stored = repo.add_checkin(client_id, check_in, "check-in")

    again = open_repository(db_url).assessment(stored.id)
    assert again == stored
    assert again.assessment == check_in
    assert again.assessment.signals == signals
    assert again.assessment.signals.leadership_change is signals.leadership_change
    assert again.assessment.signals.invoice_days_late == signals.invoice_days_late
    assert again.assessment.suggested == suggested
    assert all(isinstance(answer, Answer) for answer in again.assessment.suggested.values())
    with engine.connect() as conn:
        raw = conn.execute(
            text("SELECT signals FROM assessments WHERE id = :id"), {"id": stored.id}
        ).scalar_one()
    # A signal that is set (even to False or 0) is stored, never mistaken for "no signals".
    assert raw is not None
    stored_json = raw if isinstance(raw, dict) else json.loads(raw)  # PostgreSQL decodes JSON itself
    assert stored_json["leadership_change"] is signals.leadership_change


def test_a_check_in_without_signals_stores_null_and_reads_back_empty(
    db_url: str, repo: Repository, engine: Engine, client_id: int
) -> None:
    check_in = checkin(dt.date(2026, 4, 1))

    stored = repo.add_checkin(client_id, check_in, "check-in")

    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT signals, suggested FROM assessments WHERE id = :id"), {"id": stored.id}
        ).one()
    assert (row.signals, row.suggested) == (None, None)
    again = open_repository(db_url).assessment(stored.id).assessment
    assert again == check_in
    assert again.signals == Signals()
    assert again.signals.is_empty()
    assert again.suggested == {}


def test_sessions_racing_to_check_in_on_the_same_day_store_one_and_refuse_the_rest(
    db_url: str, count: Count, client_id: int
) -> None:
    repos = [open_repository(db_url) for _ in range(6)]
    start = threading.Barrier(len(repos))
    stored: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def submit(repo: Repository, key: str) -> None:
        start.wait()
        try:
            result = repo.add_checkin(client_id, checkin(dt.date(2026, 4, 1)), key)
            with lock:
                stored.append(result.id)
        except BaseException as exc:  # collected and asserted below
            with lock:
                errors.append(exc)

    threads = [threading.Thread(target=submit, args=(r, f"key-{i}")) for i, r in enumerate(repos)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not any(thread.is_alive() for thread in threads), "a writer hung"
    assert len(stored) == 1
    assert len(errors) == len(repos) - 1
    assert all(isinstance(exc, Refused) for exc in errors), errors
    assert count("assessments") == 2


# -- the database itself guards one check-in a day ----------------------------------------------


def _copy_assessment(engine: Engine, assessment_id: int, key: str) -> None:
    """Insert a copy of a stored assessment (same account, kind and day) with plain SQL."""
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO assessments (account_id, kind, taken_on, gut, answers, note, rubric_key,"
                " rubric_version, idempotency_key, created_at, signals, suggested)"
                " SELECT account_id, kind, taken_on, gut, answers, note, rubric_key, rubric_version,"
                " :key, created_at, signals, suggested FROM assessments WHERE id = :id"
            ),
            {"key": key, "id": assessment_id},
        )


def test_the_database_refuses_a_second_same_day_check_in_written_around_the_repository(
    repo: Repository, engine: Engine, count: Count, client_id: int
) -> None:
    stored = repo.add_checkin(client_id, checkin(dt.date(2026, 4, 1)), "check-in")

    # SQLite names the columns, PostgreSQL the index.
    with pytest.raises(IntegrityError, match=r"assessments\.account_id, assessments\.taken_on|checkin_day"):
        _copy_assessment(engine, stored.id, "raw-copy")

    assert count("assessments") == 2


def test_the_database_allows_two_screens_on_one_day(
    repo: Repository, engine: Engine, count: Count, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> None:
    screen = repo.screen_prospect(make_draft(), make_assessment(SCREENED_ON), "screen")

    _copy_assessment(engine, screen.id, "raw-copy")

    assert count("assessments") == 2
    assert [a.assessment for a in repo.assessments(screen.account_id)] == [screen.assessment] * 2


# -- the evidence log ---------------------------------------------------------------------------


def test_evidence_comes_back_dated_and_newest_first(repo: Repository, client_id: int) -> None:
    march = repo.add_evidence(client_id, dt.date(2026, 3, 20), "Paid on time.", "e1")
    may = repo.add_evidence(client_id, dt.date(2026, 5, 2), "Asked for a discount.", "e2")
    april = repo.add_evidence(client_id, dt.date(2026, 4, 9), "New CFO.", "e3")
    may_later = repo.add_evidence(client_id, dt.date(2026, 5, 2), "Then paid anyway.", "e4")

    notes = repo.evidence(client_id)

    assert notes == [may_later, may, april, march]
    assert [(n.noted_on, n.text) for n in notes] == [
        (dt.date(2026, 5, 2), "Then paid anyway."),
        (dt.date(2026, 5, 2), "Asked for a discount."),
        (dt.date(2026, 4, 9), "New CFO."),
        (dt.date(2026, 3, 20), "Paid on time."),
    ]
    assert all(n.account_id == client_id and n.created_at.tzinfo is not None for n in notes)


def test_evidence_of_one_account_is_not_shown_on_another(
    repo: Repository, client_id: int, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> None:
    other = repo.screen_prospect(make_draft("Other"), make_assessment(), "other")
    repo.add_evidence(client_id, SIGNED_ON, "Mine.", "e1")

    assert repo.evidence(other.account_id) == []
    assert [n.text for n in repo.evidence(client_id)] == ["Mine."]


def test_evidence_is_stored_without_surrounding_whitespace(repo: Repository, client_id: int) -> None:
    note = repo.add_evidence(client_id, SIGNED_ON, "  \n\tLine one\n\n  indented line\t \n ", "e1")

    assert note.text == "Line one\n\n  indented line"
    assert repo.evidence(client_id) == [note]


@pytest.mark.parametrize("blank", ["", "   ", "\n\t \r\n"], ids=["empty", "spaces", "whitespace"])
def test_empty_evidence_is_refused_and_writes_nothing(
    repo: Repository, count: Count, client_id: int, blank: str
) -> None:
    with pytest.raises(Refused, match="Write what happened"):
        repo.add_evidence(client_id, SIGNED_ON, blank, "e1")

    assert count("evidence") == 0


def test_adding_evidence_twice_with_the_same_key_stores_it_once(
    repo: Repository, count: Count, client_id: int
) -> None:
    first = repo.add_evidence(client_id, SIGNED_ON, "Paid late.", "double-click")
    second = repo.add_evidence(client_id, SIGNED_ON, "Paid late.", "double-click")

    assert second == first
    assert count("evidence") == 1


def test_evidence_for_an_unknown_account_raises_not_found_and_keeps_its_key_free(
    repo: Repository, count: Count, client_id: int
) -> None:
    with pytest.raises(NotFound):
        repo.add_evidence(client_id + 1000, SIGNED_ON, "Lost note.", "e1")

    assert count("evidence") == 0
    assert repo.add_evidence(client_id, SIGNED_ON, "Found a home.", "e1").account_id == client_id


UNUSUAL_TEXT = {
    "emoji": "👩🏽‍💻 Zoë’s 🚀 Rocket Co. 🇳🇱",
    "rtl_arabic": "شركة الأمل للتقنية المحدودة",
    "mixed_direction": "Acme \u202eevil\u202c شركة 123",
    "cjk": "株式会社テスト・北京科技有限公司・한국상사",
    "decomposed_accent": "Ame\u0301lie Poulain",  # NFD: must not be normalised to NFC
    "markup": "<script>alert(1)</script> **bold** `code` [x](javascript:alert(1)) &amp; ' \" \\ %s {0}",
    "sql": "'); DROP TABLE evidence; --",
    "long": "名🙂é\n" * 5_000 + "end",
}


@pytest.mark.parametrize("note", UNUSUAL_TEXT.values(), ids=UNUSUAL_TEXT.keys())
def test_unusual_evidence_text_comes_back_byte_identical(
    db_url: str, repo: Repository, client_id: int, note: str
) -> None:
    repo.add_evidence(client_id, SIGNED_ON, note, "e1")

    [again] = open_repository(db_url).evidence(client_id)

    assert again.text.encode("utf-8") == note.encode("utf-8")


def test_deleting_an_account_deletes_its_evidence(
    repo: Repository,
    engine: Engine,
    count: Count,
    client_id: int,
    make_draft: MakeDraft,
    make_assessment: MakeAssessment,
) -> None:
    kept = repo.screen_prospect(make_draft("Kept"), make_assessment(), "kept")
    repo.add_evidence(client_id, SIGNED_ON, "One.", "e1")
    repo.add_evidence(client_id, SIGNED_ON, "Two.", "e2")
    kept_note = repo.add_evidence(kept.account_id, SIGNED_ON, "Kept.", "e3")

    with engine.begin() as conn:
        conn.execute(text("DELETE FROM accounts WHERE id = :id"), {"id": client_id})

    assert count("evidence") == 1
    assert repo.evidence(client_id) == []
    assert repo.evidence(kept.account_id) == [kept_note]


# -- endings ------------------------------------------------------------------------------------


def test_ending_a_client_records_outcome_date_and_note(db_url: str, repo: Repository, client_id: int) -> None:
    assert repo.account(client_id).active

    ended = repo.end(client_id, Outcome.LET_GO, dt.date(2026, 9, 30), "  Paid late three times.\n")

    assert ended.outcome is Outcome.LET_GO
    assert ended.ended_on == dt.date(2026, 9, 30)
    assert ended.outcome_note == "Paid late three times."
    assert not ended.active
    assert ended.stage is Stage.CLIENT
    assert ended.signed_on == SIGNED_ON
    assert open_repository(db_url).account(client_id) == ended


def test_ending_without_a_note_stores_an_empty_note(repo: Repository, client_id: int) -> None:
    ended = repo.end(client_id, Outcome.COMPLETED, dt.date(2026, 9, 30))

    assert ended.outcome is Outcome.COMPLETED
    assert ended.outcome_note == ""
    assert not ended.active


def test_ending_twice_keeps_the_first_ending(repo: Repository, client_id: int) -> None:
    first = repo.end(client_id, Outcome.THEY_LEFT, dt.date(2026, 9, 30), "Moved in-house.")

    second = repo.end(client_id, Outcome.WENT_BUST, dt.date(2026, 12, 1), "Insolvent.")

    assert second == first
    account = repo.account(client_id)
    assert (account.outcome, account.ended_on, account.outcome_note) == (
        Outcome.THEY_LEFT,
        dt.date(2026, 9, 30),
        "Moved in-house.",
    )
    assert not account.active


def test_ending_an_unknown_account_raises_not_found(repo: Repository) -> None:
    with pytest.raises(NotFound):
        repo.end(42, Outcome.COMPLETED, dt.date(2026, 9, 30))


# -- histories ----------------------------------------------------------------------------------


def test_each_history_reads_oldest_first_and_the_columnar_read_agrees(
    repo: Repository, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> None:
    ada = repo.add_client(
        make_draft("Ada"), make_assessment(dt.date(2026, 1, 10)), dt.date(2026, 1, 20), "a0"
    )
    bob = repo.screen_prospect(make_draft("Bob"), make_assessment(dt.date(2026, 2, 1)), "b0")
    ada_march = repo.add_checkin(ada.account_id, checkin(dt.date(2026, 3, 1)), "a1")
    bob_early = repo.add_assessment(bob.account_id, make_assessment(dt.date(2026, 1, 5)), "b1")
    ada_feb = repo.add_checkin(ada.account_id, checkin(dt.date(2026, 2, 1)), "a2")
    # Same day as ada_march, stored later: comes after it.
    ada_march_screen = repo.add_assessment(ada.account_id, make_assessment(dt.date(2026, 3, 1)), "a3")

    assert repo.assessments(ada.account_id) == [ada, ada_feb, ada_march, ada_march_screen]
    assert repo.assessments(bob.account_id) == [bob_early, bob]
    # What lists and exports read for thousands of accounts: the same rows in the same order.
    columns = repo.assessment_columns()
    read = [(columns.account_id[i], columns.assessment(i)) for i in range(len(columns))]
    assert read == [(s.account_id, s.assessment) for s in (ada, ada_feb, ada_march, ada_march_screen)] + [
        (s.account_id, s.assessment) for s in (bob_early, bob)
    ]


def test_histories_of_an_empty_database_are_empty(repo: Repository) -> None:
    assert stored_histories(repo) == {}
    assert len(repo.assessment_columns()) == 0


# -- databases created before clients existed ---------------------------------------------------


def test_a_database_at_revision_0001_keeps_its_data_when_upgraded_to_head(engine: Engine) -> None:
    cfg = storage.migrate._config()
    with engine.execution_options(**{WRITE: True}).connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.commit()
    assert current_revision(engine) == "0001"
    answers = json.dumps(dict.fromkeys(default_rubric().keys, "yes"))
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO accounts (id, name, company, deal_value, stage, created_at, updated_at)"
                " VALUES (1, 'Ada', 'Engines', 500.0, 'prospect', :at, :at),"
                " (2, 'Bob', '', NULL, 'prospect', :at, :at)"
            ),
            {"at": "2026-03-01 09:00:00.000000"},
        )
        for id_, account_id, taken_on, key in [
            (1, 1, "2026-03-01", "a1"),
            (2, 1, "2026-03-08", "a2"),
            (3, 2, "2026-03-02", "b1"),
        ]:
            conn.execute(
                text(
                    "INSERT INTO assessments (id, account_id, kind, taken_on, gut, answers, note,"
                    " rubric_key, rubric_version, idempotency_key, created_at)"
                    " VALUES (:id, :account_id, 'screen', :taken_on, 'hell_yes', :answers, 'Old note.',"
                    " 'thinslice', 1, :key, :at)"
                ),
                {
                    "id": id_,
                    "account_id": account_id,
                    "taken_on": taken_on,
                    "answers": answers,
                    "key": key,
                    "at": "2026-03-01 09:00:00.000000",
                },
            )

        if engine.dialect.name == "postgresql":
            # Rows inserted with explicit ids leave PostgreSQL's sequences behind; move them on,
            # as any real data load (pg_restore, COPY) does.
            for table in ("accounts", "assessments"):
                sequence = f"pg_get_serial_sequence('{table}', 'id')"
                conn.execute(text(f"SELECT setval({sequence}, (SELECT max(id) FROM {table}))"))

    upgrade(engine)

    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        accounts = conn.execute(
            text("SELECT id, name, signed_on, ended_on, outcome, outcome_note FROM accounts ORDER BY id")
        ).all()
        assessments = conn.execute(
            text("SELECT id, account_id, signals, suggested FROM assessments ORDER BY id")
        ).all()
    assert [tuple(row) for row in accounts] == [
        (1, "Ada", None, None, None, ""),
        (2, "Bob", None, None, None, ""),
    ]
    assert [tuple(row) for row in assessments] == [(1, 1, None, None), (2, 1, None, None), (3, 2, None, None)]

    repo = Repository(engine)
    ada = repo.account(1)
    assert (ada.stage, ada.signed_on, ada.outcome, ada.outcome_note, ada.active) == (
        Stage.PROSPECT,
        None,
        None,
        "",
        True,
    )
    history = stored_histories(repo)
    assert {k: [a.id for a in v] for k, v in history.items()} == {1: [1, 2], 2: [3]}
    old = history[1][0].assessment
    assert (old.taken_on, old.gut, old.note, old.signals, old.suggested) == (
        dt.date(2026, 3, 1),
        Verdict.HELL_YES,
        "Old note.",
        Signals(),
        {},
    )
    assert repo.evidence(1) == []
    # The old prospect can now be signed, checked in and noted on.
    assert repo.sign(1, dt.date(2026, 3, 10)).stage is Stage.CLIENT
    repo.add_checkin(1, checkin(dt.date(2026, 4, 1)), "new-check-in")
    with pytest.raises(Refused):
        repo.add_checkin(1, checkin(dt.date(2026, 4, 1)), "same-day")
    assert repo.add_evidence(1, dt.date(2026, 4, 1), "Still here.", "n1").text == "Still here."
