"""Several Streamlit sessions writing to one SQLite file at the same time."""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy import Engine

from scoring import AccountDraft, Assessment
from storage import Repository, open_repository
from storage.migrate import current_revision, head_revision

MakeAssessment = Callable[..., Assessment]
MakeDraft = Callable[..., AccountDraft]
Count = Callable[[str], int]


def _run_together(work: list[Callable[[], None]]) -> list[BaseException]:
    """Start every callable in its own thread at the same instant; return what they raised."""
    start = threading.Barrier(len(work))
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(job: Callable[[], None]) -> None:
        start.wait()
        try:
            job()
        except BaseException as exc:  # collected and asserted by the caller
            with lock:
                errors.append(exc)

    threads = [threading.Thread(target=run, args=(job,)) for job in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a writer hung"
    return errors


def test_opening_a_fresh_database_from_eight_threads_at_once_migrates_it_without_errors(
    db_url: str, engine: Engine
) -> None:
    repos: list[Repository] = []
    errors = _run_together([lambda: repos.append(open_repository(db_url))] * 8)

    assert errors == []
    assert len(repos) == 8
    assert current_revision(engine) == head_revision()
    assert all(repo.count_accounts() == 0 for repo in repos)


def test_eight_sessions_submitting_the_same_key_at_once_store_it_once(
    db_url: str, count: Count, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> None:
    repos = [open_repository(db_url) for _ in range(8)]
    ids: list[int] = []

    def submit(repo: Repository) -> Callable[[], None]:
        return lambda: ids.append(repo.screen_prospect(make_draft(), make_assessment(), "same-key").id)

    errors = _run_together([submit(repo) for repo in repos])

    assert errors == []
    assert len(ids) == 8
    assert len(set(ids)) == 1
    assert count("accounts") == 1
    assert count("assessments") == 1


def test_eight_threads_sharing_one_repository_store_a_key_once(
    repo: Repository, count: Count, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> None:
    ids: list[int] = []

    def submit() -> None:
        ids.append(repo.screen_prospect(make_draft(), make_assessment(), "same-key").id)

    errors = _run_together([submit] * 8)

    assert errors == []
    assert len(set(ids)) == 1 and len(ids) == 8
    assert count("accounts") == 1
    assert count("assessments") == 1


def test_two_busy_writers_with_distinct_keys_all_land(
    db_url: str, count: Count, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> None:
    def writer(name: str) -> Callable[[], None]:
        repo = open_repository(db_url)

        def write() -> None:
            for i in range(25):
                repo.screen_prospect(make_draft(f"{name} {i}"), make_assessment(), f"{name}-{i}")

        return write

    errors = _run_together([writer("left"), writer("right")])

    assert errors == []  # in particular no "database is locked"
    assert count("accounts") == 50
    assert count("assessments") == 50
