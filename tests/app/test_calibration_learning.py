"""The Calibration page's "What your outcomes teach": figures per dimension, and a suggestion that
opens the rubric editor with the changed rubric."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from streamlit.testing.v1 import AppTest

from scoring import AccountDraft, Answer, Kind, Outcome
from storage import Repository
from tests import factories
from ui import rubric_draft

TODAY = dt.date.today()


def _client(repo: Repository, name: str, **answers: Answer) -> int:
    screen = factories.assessment(TODAY - dt.timedelta(days=200), overrides=answers)
    return repo.add_client(AccountDraft(name=name), screen, TODAY - dt.timedelta(days=190), name).account_id


def _ended(repo: Repository, name: str, outcome: Outcome, answers: Mapping[str, Answer]) -> None:
    repo.end(_client(repo, name, **answers), outcome, TODAY - dt.timedelta(days=10), "")


def _four_and_four(repo: Repository) -> None:
    """Four completed relationships whose screen said Hell yes to champion buy-in, four gone bust
    after a No."""
    for n in range(4):
        _ended(repo, f"Good {n}", Outcome.COMPLETED, {"champion": Answer.HELL_YES})
        _ended(repo, f"Bust {n}", Outcome.WENT_BUST, {"champion": Answer.NO})


def _texts(app: AppTest) -> str:
    return " ".join(
        [m.value for m in app.markdown] + [c.value for c in app.caption] + [i.value for i in app.info]
    )


def test_below_the_minimum_the_section_says_what_is_missing_and_suggests_nothing(
    app: AppTest, repo: Repository
) -> None:
    _ended(repo, "Good", Outcome.COMPLETED, {"champion": Answer.HELL_YES})
    _ended(repo, "Bust", Outcome.WENT_BUST, {"champion": Answer.NO})
    app.switch_page("pages/calibration.py").run()
    assert not app.exception
    text = _texts(app)
    assert "What your outcomes teach" in text
    assert "50% is a coin toss, 100% a perfect split." in text
    assert "this needs 2 more good outcomes, 2 more bad outcomes, and 2 more of either kind." in text
    assert "Suggestions start from 3 good and 3 bad outcomes, 8 in all." in text
    assert not [b for b in app.button if b.label == "Try it in the editor"]


def test_a_clear_split_shows_its_figures_and_picture_and_a_suggestion_opens_the_editor(
    app: AppTest, repo: Repository
) -> None:
    _four_and_four(repo)
    app.switch_page("pages/calibration.py").run()
    assert not app.exception
    text = _texts(app)
    assert (
        "A screen that answered Champion buy-in No or lower came before 4 of 4 bad outcomes "
        "and 0 of 4 good ones. Raise its weight from 1 to 2." in text.replace("\\", "")
    )
    table = app.dataframe[-1].value
    champion = table[table["Dimension"] == "Champion buy-in"].iloc[0]
    assert champion["Tells apart"] == "100%"
    assert (champion["Good (mean)"], champion["Bad (mean)"], champion["Difference"]) == ("4", "1", "+3")
    assert (champion["Good (n)"], champion["Bad (n)"]) == ("4", "4")
    charts = app.get("vega_lite_chart")
    assert len(charts) == 2  # the gut-and-rubric picture, and the good-and-bad one
    tries = [b for b in app.button if b.label == "Try it in the editor"]
    assert len(tries) == 2  # a heavier weight, and a knockout
    tries[0].click().run()
    assert not app.exception
    held = app.session_state[rubric_draft._KEY]
    assert held.rubric.dimension("champion").weight == 2.0
    assert "Raise its weight from 1 to 2." in held.why
    assert [t.value for t in app.title] == ["Rubric"]  # landed on the editor


def test_clients_now_at_let_go_count_as_bad_outcomes(app: AppTest, repo: Repository) -> None:
    for n in range(3):
        _ended(repo, f"Good {n}", Outcome.COMPLETED, {})
    troubled = _client(repo, "Sinking")
    for weeks in (8, 4):
        checkin = factories.assessment(
            TODAY - dt.timedelta(weeks=weeks), kind=Kind.CHECKIN, answer=Answer.HELL_NO
        )
        repo.add_checkin(troubled, checkin, f"sinking-{weeks}")
    app.switch_page("pages/calibration.py").run()
    assert not app.exception
    bad = next(m for m in app.metric if m.label == "Bad outcomes")
    assert bad.value == "1"
    # Every screen had a hell-yes gut call and answered Yes throughout (75: a hell no by the rubric).
    assert (
        "Counting the clients now at let go or fire now as bad outcomes too: your gut was right "
        "3 of 4 times, the rubric 1 of 4." in _texts(app)
    )
