"""Several Streamlit sessions writing to one SQLite file at the same time."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

from sqlalchemy import Engine

from scoring import AccountDraft, Answer, Assessment, Kind, default_rubric
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


# -- a team's worth of check-ins at once --------------------------------------------------------

THREADS = 16
PER_THREAD = 50


def _checkin(day: dt.date, answer: Answer) -> Assessment:
    rubric = default_rubric()
    return Assessment(
        kind=Kind.CHECKIN,
        taken_on=day,
        answers=dict.fromkeys(rubric.keys, answer),
        note=f"check-in of {day:%Y-%m-%d}",
        rubric_key=rubric.key,
        rubric_version=rubric.version,
    )


def test_sixteen_threads_of_fifty_check_ins_each_sent_twice_store_exactly_eight_hundred(
    repo: Repository, count: Count, make_draft: MakeDraft, make_assessment: MakeAssessment
) -> None:
    """Every submission goes out twice, from two threads at about the same time (a double click
    racing a retry), all through one shared repository as the app's sessions share it."""
    clients = []
    for n in range(THREADS):
        screen = repo.screen_prospect(
            make_draft(f"Client {n}"), make_assessment(dt.date(2026, 1, 1)), f"s{n}"
        )
        repo.sign(screen.account_id, dt.date(2026, 1, 1))
        clients.append(screen.account_id)
    answers = list(Answer)
    # Submission g lands on client g % 16, on day g // 16: each client gets one check-in a day, and
    # consecutive submissions of one thread hit different clients, so threads overlap on clients.
    submissions = [
        (
            f"checkin-{g}",
            clients[g % THREADS],
            _checkin(dt.date(2026, 1, 2) + dt.timedelta(days=g // THREADS), answers[g % len(answers)]),
        )
        for g in range(THREADS * PER_THREAD)
    ]
    own = [submissions[t * PER_THREAD : (t + 1) * PER_THREAD] for t in range(THREADS)]
    stored: dict[str, set[int]] = {key: set() for key, _, _ in submissions}
    lock = threading.Lock()

    def worker(t: int) -> Callable[[], None]:
        # This thread's own fifty, interleaved with the fifty of the thread half-way round:
        # every key is sent by two threads.
        twin = own[(t + THREADS // 2) % THREADS]
        work = [item for pair in zip(own[t], twin, strict=True) for item in pair]

        def run() -> None:
            for key, client, assessment in work:
                got = repo.add_checkin(client, assessment, key)
                with lock:
                    stored[key].add(got.id)

        return run

    errors = _run_together([worker(t) for t in range(THREADS)])

    assert errors == []  # no "database is locked", no refusal, no unique-constraint error
    sent = len(submissions)
    assert all(len(ids) == 1 for ids in stored.values()), "a key came back with two different rows"
    assert len({next(iter(ids)) for ids in stored.values()}) == sent
    assert count("assessments") == THREADS + sent  # the screens plus every check-in, once
    histories = repo.histories()
    for client in clients:
        days = [s.assessment.taken_on for s in histories[client] if s.assessment.kind is Kind.CHECKIN]
        assert len(days) == PER_THREAD == len(set(days))
    print(f"\n{sent} check-ins sent twice each ({2 * sent} submissions) by {THREADS} threads: {sent} stored")
