"""The portfolio is computed once per data version, and is never stale after a save.

Home, Prospects and Clients all show the portfolio. At a few thousand accounts
computing it is the expensive part of a page run, so it is cached on the database's
data version (a token every write replaces, on any replica) and rebuilt only for the
accounts whose rows changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection

from streamlit.testing.v1 import AppTest

from scoring import AccountDraft, Answer, Kind, default_rubric
from services.portfolio import compute_portfolio, forget
from storage import Repository, make_engine, open_repository
from storage.records import Changes
from tests import factories

RUBRIC = default_rubric()
TODAY = dt.date(2026, 11, 23)


def _names(app: AppTest) -> str:
    """Everything the page wrote as text or in its tables."""
    texts = [str(m.value) for m in app.markdown] + [str(df.value.to_dict()) for df in app.dataframe]
    return "\n".join(texts)


def test_a_prospect_added_by_another_process_shows_on_the_next_run_of_home(
    app: AppTest, db_url: str, add_prospect: Callable[..., int]
) -> None:
    add_prospect("First Prospect")
    app.run()
    assert "First Prospect" in _names(app)
    assert "Second Prospect" not in _names(app)

    # Written through a repository of its own, as another replica would: nothing in this
    # process is told, only the data version in the database changes.
    other = open_repository(db_url)
    other.screen_prospect(
        AccountDraft(name="Second Prospect"), factories.assessment(answer=Answer.HELL_YES), "from-elsewhere"
    )
    other.close()

    app.run()
    assert not app.exception
    assert "Second Prospect" in _names(app)


class CountingRepository(Repository):
    """A real repository that also records which accounts' histories each call read."""

    def __init__(self, url: str) -> None:
        super().__init__(make_engine(url))
        self.reads: list[Collection[int] | None] = []

    def changes_since(self, epoch: str | None, seq: int) -> Changes:
        changes = super().changes_since(epoch, seq)
        if changes.complete:
            self.reads.append(None)
        elif changes.accounts:
            self.reads.append(sorted(set(changes.histories.account_id)))
        return changes


def test_after_a_check_in_only_that_clients_history_is_read_again(
    db_url: str, add_prospect: Callable[..., int]
) -> None:
    repo = CountingRepository(db_url)
    ids = [add_prospect(f"Account {n}") for n in range(5)]
    repo.sign(ids[2], dt.date.today())

    first = compute_portfolio(repo, RUBRIC, TODAY)
    again = compute_portfolio(repo, RUBRIC, TODAY)
    checkin = factories.assessment(kind=Kind.CHECKIN, answer=Answer.HELL_NO)
    repo.add_checkin(ids[2], checkin, "check-in")
    after = compute_portfolio(repo, RUBRIC, TODAY)

    assert repo.reads == [None, [ids[2]]]  # everything once, nothing the second time, then one account
    assert [line.overview.account.id for line in first] == [line.overview.account.id for line in again]
    changed = next(line for line in after if line.overview.account.id == ids[2])
    assert changed.status is not None and changed.overview.assessment_count == 2
    assert changed.trend[-1] < changed.trend[0]  # the hell-no check-in is in the new line
    repo.close()


def test_a_first_look_says_it_is_reading_and_leaves_only_the_portfolio(
    app: AppTest, add_prospect: Callable[..., int]
) -> None:
    add_prospect("Only One")
    forget()  # as after a start: nothing kept
    app.run()
    assert not app.exception
    # The waiting note and its empty table are gone once the lines are there.
    assert not [c for c in app.caption if "Reading every account" in str(c.value)]
    assert [list(df.value["Name"]) for df in app.dataframe] == [["Only One"]]
    app.run()  # kept now: nothing to wait for
    assert [list(df.value["Name"]) for df in app.dataframe] == [["Only One"]]
