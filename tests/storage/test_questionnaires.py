"""Questionnaire links and their answers in the database: only hashes stored, open/used/expired/
withdrawn links, one answer set per link even when submitted twice at once, the limit of waiting
links, erasure, and an import that adds an answer set once."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import pytest
from sqlalchemy import Engine, select

from scoring import AccountDraft, Assessment
from scoring.lifecycle import Refused
from scoring.limits import QUESTIONNAIRE_OPEN_MAX
from scoring.questionnaires import QuestionnaireKind, TheirSide
from scoring.sharing import hash_token
from storage import LinkClosed, NotFound, Repository, convert
from storage.schema import questionnaire_links

MakeAssessment = Callable[..., Assessment]
MakeDraft = Callable[..., AccountDraft]
Count = Callable[[str], int]

FIT = QuestionnaireKind.FIT
REVIEW = QuestionnaireKind.REVIEW
ANSWERS: dict[str, str | int] = {"rate": "fair", "payment_terms": "net_30", "worries": "None at all"}
TICK = dt.timedelta(microseconds=1)


@pytest.fixture
def new_account(
    repo: Repository, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> Callable[..., int]:
    made = iter(range(1_000))

    def create(name: str = "Ada Lovelace") -> int:
        return repo.screen_prospect(
            make_draft(name=name), make_assessment(), key=f"s-{next(made)}"
        ).account_id

    return create


@pytest.fixture
def account(new_account: Callable[..., int]) -> int:
    return new_account()


def _ask(repo: Repository, account: int, days: int | None = 30, kind: QuestionnaireKind = FIT) -> str:
    token, _link = repo.create_questionnaire(account, kind, days, "Studio Noord")
    return token


# -- making and opening a link -------------------------------------------------------------------


def test_a_new_link_opens_and_only_its_hash_is_stored(repo: Repository, account: int, engine: Engine) -> None:
    token, link = repo.create_questionnaire(account, FIT, 30, "  Studio   Noord ", "  Hi Ana  ")
    assert link.sender == "Studio Noord" and link.opening == "Hi Ana"
    assert link.state(convert.now()) == "open"
    assert repo.open_questionnaire(token) == link
    with engine.connect() as conn:
        rows = conn.execute(select(questionnaire_links)).all()
    assert [row.token_hash for row in rows] == [hash_token(token)]
    assert not any(token in str(value) for row in rows for value in row)


def test_a_token_that_is_not_one_opens_nothing(repo: Repository, account: int) -> None:
    _ask(repo, account)
    for token in ("", "nope", "x" * 43, "' OR 1=1 --"):
        assert repo.open_questionnaire(token) is None
        with pytest.raises(LinkClosed):
            repo.submit_answers(token, 1, ANSWERS, "en")


def test_a_link_for_no_account_is_not_made(repo: Repository) -> None:
    with pytest.raises(NotFound):
        repo.create_questionnaire(999, FIT, 30, "Studio Noord")


def test_a_link_expires_at_its_moment(repo: Repository, account: int) -> None:
    token, link = repo.create_questionnaire(account, FIT, 7, "Studio Noord")
    assert link.expires_at == link.created_at + dt.timedelta(days=7)
    assert repo.open_questionnaire(token, now=link.expires_at - TICK) == link
    assert repo.open_questionnaire(token, now=link.expires_at) is None
    never, forever = repo.create_questionnaire(account, FIT, None, "Studio Noord")
    assert forever.expires_at is None
    assert repo.open_questionnaire(never, now=convert.now() + dt.timedelta(days=3650)) is not None


def test_an_expired_link_takes_no_answers(
    repo: Repository, account: int, count: Count, monkeypatch: pytest.MonkeyPatch
) -> None:
    token, link = repo.create_questionnaire(account, FIT, 7, "Studio Noord")
    assert link.expires_at is not None
    later = link.expires_at + dt.timedelta(seconds=1)
    monkeypatch.setattr(convert, "now", lambda: later)
    with pytest.raises(LinkClosed):
        repo.submit_answers(token, 1, ANSWERS, "en")
    assert count("questionnaire_answers") == 0


def test_a_withdrawn_link_opens_nothing_and_takes_no_answers(
    repo: Repository, account: int, count: Count
) -> None:
    token, link = repo.create_questionnaire(account, FIT, 30, "Studio Noord")
    assert repo.revoke_questionnaire(link.id) is True
    assert repo.revoke_questionnaire(link.id) is False, "withdrawn once"
    assert repo.open_questionnaire(token) is None
    with pytest.raises(LinkClosed):
        repo.submit_answers(token, 1, ANSWERS, "en")
    assert count("questionnaire_answers") == 0
    [listed] = repo.questionnaire_links(account)
    assert listed.state(convert.now()) == "revoked"


# -- answers -------------------------------------------------------------------------------------


def test_answers_are_stored_once_and_close_the_link(repo: Repository, account: int, count: Count) -> None:
    token, link = repo.create_questionnaire(account, FIT, 30, "Studio Noord")
    side = repo.submit_answers(token, 1, ANSWERS, "nl")
    assert side.account_id == account and side.link_id == link.id and side.kind is FIT
    assert side.answers == ANSWERS and side.language == "nl" and side.version == 1
    assert repo.open_questionnaire(token) is None
    with pytest.raises(LinkClosed):
        repo.submit_answers(token, 1, {**ANSWERS, "worries": "second try"}, "nl")
    assert count("questionnaire_answers") == 1
    assert repo.their_answers(account) == [side]
    [listed] = repo.questionnaire_links(account)
    assert listed.state(convert.now()) == "answered"
    assert repo.revoke_questionnaire(link.id) is False, "an answered link cannot be withdrawn"


def test_a_submitted_link_changes_the_data_version_and_stamps_the_account(
    repo: Repository, account: int
) -> None:
    token = _ask(repo, account)
    before = repo.data_version()
    repo.submit_answers(token, 1, ANSWERS, "en")
    assert repo.data_version() != before


def test_one_link_submitted_from_eight_threads_at_once_stores_one_answer_set(
    repo: Repository, account: int, count: Count
) -> None:
    token = _ask(repo, account)
    start = threading.Barrier(8)
    stored: list[TheirSide] = []
    closed: list[int] = []
    other: list[BaseException] = []
    lock = threading.Lock()

    def submit(n: int) -> None:
        start.wait()
        try:
            side = repo.submit_answers(token, 1, {**ANSWERS, "worries": f"thread {n}"}, "en")
        except LinkClosed:
            with lock:
                closed.append(n)
        except BaseException as exc:  # asserted below
            with lock:
                other.append(exc)
        else:
            with lock:
                stored.append(side)

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert other == []
    assert len(stored) == 1 and len(closed) == 7
    assert count("questionnaire_answers") == 1
    assert repo.their_answers(account) == stored


def test_many_respondents_with_the_same_answers_at_once_are_all_stored(
    repo: Repository, new_account: Callable[..., int], count: Count, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Links of several accounts answered alike in the same second: an answer set each."""
    moment = convert.now().replace(microsecond=0)
    tokens = [_ask(repo, new_account(f"Respondent {n}")) for n in range(5)]
    monkeypatch.setattr(convert, "now", lambda: moment)
    for token in tokens:
        repo.submit_answers(token, 1, ANSWERS, "en")
    assert count("questionnaire_answers") == len(tokens)


def test_their_answers_are_per_account_oldest_first(
    repo: Repository, new_account: Callable[..., int]
) -> None:
    first, second = new_account("First"), new_account("Second")
    a = repo.submit_answers(_ask(repo, first), 1, {**ANSWERS, "worries": "a"}, "en")
    b = repo.submit_answers(_ask(repo, second), 1, {**ANSWERS, "worries": "b"}, "en")
    c = repo.submit_answers(_ask(repo, first, kind=REVIEW), 1, {"recommend": 8}, "en")
    assert repo.their_answers(first) == [a, c]
    assert repo.their_answers(second) == [b]
    assert repo.their_answers() == [a, c, b]


# -- the limit of waiting links ------------------------------------------------------------------


def test_too_many_waiting_links_are_refused_until_one_is_withdrawn_or_answered(
    repo: Repository, account: int, new_account: Callable[..., int]
) -> None:
    tokens = [_ask(repo, account) for _ in range(QUESTIONNAIRE_OPEN_MAX)]
    with pytest.raises(Refused, match=f"{QUESTIONNAIRE_OPEN_MAX} questionnaire links are already waiting"):
        _ask(repo, account)
    # The limit is per account.
    _ask(repo, new_account("Someone else"))
    [newest, *_rest] = repo.questionnaire_links(account)
    repo.revoke_questionnaire(newest.id)
    _ask(repo, account)
    repo.submit_answers(tokens[0], 1, ANSWERS, "en")
    _ask(repo, account)
    with pytest.raises(Refused):
        _ask(repo, account)


def test_expired_links_do_not_count_as_waiting(
    repo: Repository, account: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(QUESTIONNAIRE_OPEN_MAX):
        _ask(repo, account, days=7)
    later = convert.now() + dt.timedelta(days=8)
    monkeypatch.setattr(convert, "now", lambda: later)
    _ask(repo, account)


# -- erasure and import --------------------------------------------------------------------------


def test_erasing_the_account_removes_its_links_and_answers(
    repo: Repository, account: int, new_account: Callable[..., int], count: Count
) -> None:
    kept = new_account("Kept")
    repo.submit_answers(_ask(repo, account), 1, ANSWERS, "en")
    _ask(repo, account)
    repo.submit_answers(_ask(repo, kept), 1, ANSWERS | {"worries": "kept"}, "en")
    repo.erase(account, wait_s=0)
    assert count("questionnaire_links") == 1
    assert count("questionnaire_answers") == 1
    assert repo.their_answers(account) == [] and repo.questionnaire_links(account) == []
    assert [side.account_id for side in repo.their_answers()] == [kept]


def _side(account: int, worries: str, at: dt.datetime) -> TheirSide:
    return TheirSide(
        id=0,
        account_id=account,
        link_id=None,
        kind=FIT,
        version=1,
        submitted_at=at,
        language="nl",
        answers={**ANSWERS, "worries": worries},
    )


def test_importing_the_same_answers_twice_adds_them_once(
    repo: Repository, account: int, count: Count
) -> None:
    at = dt.datetime(2026, 4, 1, 9, 30, tzinfo=dt.UTC)
    rows = [(account, _side(account, "one", at)), (account, _side(account, "two", at))]
    assert repo.import_their_answers(rows) == (2, 0)
    assert repo.import_their_answers(rows) == (0, 2)
    # Within one file too, and whatever fraction of the second the file carries.
    again = _side(account, "three", at)
    assert repo.import_their_answers([(account, again), (account, again.model_copy(update={"id": 5}))]) == (
        1,
        1,
    )
    assert count("questionnaire_answers") == 3
    stored = repo.their_answers(account)
    assert [s.answers["worries"] for s in stored] == ["one", "two", "three"]
    assert all(s.link_id is None and s.language == "nl" and s.submitted_at == at for s in stored)


def test_an_import_naming_no_account_adds_nothing(repo: Repository, account: int, count: Count) -> None:
    at = dt.datetime(2026, 4, 1, 9, 30, tzinfo=dt.UTC)
    with pytest.raises(NotFound):
        repo.import_their_answers([(account, _side(account, "one", at)), (999, _side(999, "two", at))])
    assert count("questionnaire_answers") == 0


def test_a_submitted_set_is_recognised_by_an_import_of_it(repo: Repository, account: int) -> None:
    side = repo.submit_answers(_ask(repo, account), 1, ANSWERS, "en")
    assert repo.import_their_answers([(account, side)]) == (0, 1)
