"""Two app replicas on one PostgreSQL database, as a team deploys them behind a sticky load balancer.

Each browser session stays on one `streamlit run` process; what it saves must be
what every other process shows next. Two real servers share one real PostgreSQL
database and one cookie secret; a check-in saved through the first is visible through
the second, in a session that was already open there, and a note saved through the
second is visible through the first. Needs THINSLICE_TEST_POSTGRES_URL (see tests/conftest.py).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect

from i18n import format_date
from scoring import AccountDraft, Answer, Kind
from storage import open_repository
from tests import factories
from tests.e2e.conftest import QUESTIONS, UI_TIMEOUT_MS, Server, main, open_page, pick, settle
from tests.e2e.test_clients_in_browser import fresh_checkin_form, open_tab, save, set_date

pytestmark = pytest.mark.e2e

NAME = "Replica Roasters"


def _client(url: str) -> int:
    """A client signed 40 days ago on a hell-yes baseline, stored straight into PostgreSQL."""
    today = dt.date.today()
    baseline = factories.assessment(today - dt.timedelta(days=45), answer=Answer.HELL_YES)
    repo = open_repository(url)
    try:
        stored = repo.add_client(AccountDraft(name=NAME), baseline, today - dt.timedelta(days=40), "baseline")
    finally:
        repo.close()
    return stored.account_id


def _new_page(browser: Browser) -> Page:
    """A browser context of its own: a different person, so a different session and replica."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(UI_TIMEOUT_MS)
    return context.new_page()


def test_a_check_in_saved_through_one_replica_is_visible_through_the_other(
    browser: Browser,
    start_server: Callable[[str], Server],
    new_postgres_database: Callable[[], str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = new_postgres_database()
    client = _client(url)
    # Replicas behind one load balancer share the cookie secret (and the database, and nothing else).
    monkeypatch.setenv("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_urlsafe(32))
    _, first = start_server(url)
    _, second = start_server(url)
    assert first != second

    # Someone is already looking at the client through the second replica.
    watcher = _new_page(browser)
    open_page(watcher, f"{second}/client?account={client}")
    expect(main(watcher)).to_contain_text("0 check-ins")

    # Someone else saves a check-in through the first replica.
    writer = _new_page(browser)
    day = dt.date.today() - dt.timedelta(days=3)
    panel = fresh_checkin_form(writer, f"{first}/client?account={client}")
    set_date(writer, "Check-in date", day)
    for group in range(QUESTIONS):
        pick(panel, group, "Hell yes")
    panel.get_by_label("Note on this period", exact=True).fill("Saved through the first replica.")
    save(writer, panel)
    expect(panel.get_by_text(f"Check-in of {format_date(day)} saved.", exact=True)).to_be_visible()

    # The second replica shows it on the next run of the page: nothing stale is cached there.
    watcher.reload()
    settle(watcher)
    expect(main(watcher)).to_contain_text("1 check-in")
    expect(main(watcher)).not_to_contain_text("0 check-ins")

    # And the other way round: a note added through the second replica shows on the first.
    notes = open_tab(watcher, "Evidence")
    notes.get_by_label("What was asked, said or done", exact=True).fill("Noted through the second replica.")
    notes.get_by_role("button", name="Add note").click()
    settle(watcher)
    expect(notes.get_by_text("Noted through the second replica.", exact=True)).to_be_visible()

    open_page(writer, f"{first}/client?account={client}")
    evidence = open_tab(writer, "Evidence")
    expect(evidence.get_by_text("Noted through the second replica.", exact=True)).to_be_visible()

    repo = open_repository(url)
    try:
        checkins = [s for s in repo.assessments(client) if s.assessment.kind is Kind.CHECKIN]
        assert [(s.assessment.taken_on, s.assessment.note) for s in checkins] == [
            (day, "Saved through the first replica.")
        ]
        assert [n.text for n in repo.evidence(client)] == ["Noted through the second replica."]
    finally:
        repo.close()
    watcher.context.close()
    writer.context.close()
