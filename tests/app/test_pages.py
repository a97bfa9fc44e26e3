"""Every page, driven through Streamlit's AppTest from Home (home.py) as a person would reach it."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import PageLink

from scoring import Answer, Verdict, default_rubric
from storage import Repository

KEYS = default_rubric().keys


def _fill(
    at: AppTest, name: str | None, gut: Verdict, answers: dict[str, Answer], scope: str = "new"
) -> None:
    if name is not None:
        at.text_input(key=f"screen.{scope}.name").input(name)
    at.segmented_control(key=f"screen.{scope}.gut").set_value(gut)
    for key, answer in answers.items():
        at.segmented_control(key=f"screen.{scope}.q.{key}").set_value(answer)


def _submit(at: AppTest) -> None:
    at.button(key="FormSubmitter:screen-form-new-Get the verdict").click().run()


def _page_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [t.value for t in at.title] + [c.value for c in at.caption]
    return "\n".join(str(p) for p in parts)


def test_home_tells_a_new_user_what_to_do(app: AppTest) -> None:
    app.run()
    assert not app.exception
    assert "Nothing here yet" in app.info[0].value
    assert "cli.py demo" in _page_text(app)


def test_every_page_opens_on_an_empty_database(app: AppTest) -> None:
    app.run()
    for page in ("pages/screen.py", "pages/prospects.py", "pages/scorecard.py"):
        app.switch_page(page).run()
        assert not app.exception, page


def test_an_empty_submit_shows_errors_next_to_each_field_and_stores_nothing(
    app: AppTest, repo: Repository
) -> None:
    app.switch_page("pages/screen.py").run()
    _submit(app)
    messages = [e.value for e in app.error]
    assert "Give the prospect a name." in messages
    assert "Record your first impression: hell yes or hell no." in messages
    assert sum("Pick an answer" in m for m in messages) == len(KEYS)
    assert repo.count_accounts() == 0


def test_a_partly_answered_screen_names_only_the_missing_questions(app: AppTest, repo: Repository) -> None:
    app.switch_page("pages/screen.py").run()
    answers = {key: Answer.YES for key in KEYS if key != "payment"}
    _fill(app, "Half done", Verdict.HELL_YES, answers)
    _submit(app)
    assert [e.value for e in app.error] == ["Pick an answer. Not sure? “Unsure” is an answer too."]
    assert repo.count_accounts() == 0
    # The answers given are kept, so the person only adds the missing one.
    app.segmented_control(key="screen.new.q.payment").set_value(Answer.YES)
    _submit(app)
    assert repo.count_accounts() == 1


def test_a_valid_screen_is_saved_once_and_shows_its_verdict(app: AppTest, repo: Repository) -> None:
    app.switch_page("pages/screen.py").run()
    answers = {key: Answer.YES for key in KEYS} | {"payment": Answer.HELL_YES, "scope": Answer.HELL_YES}
    _fill(app, "Exactly Eighty", Verdict.HELL_NO, answers)
    _submit(app)
    assert not app.exception
    assert app.query_params["done"]
    banner = "\n".join(str(h.proto.body) for h in app.get("html"))
    assert "HELL YES" in banner and "Score 80 / 100" in banner
    assert "the rubric says **Hell yes**" in _page_text(app)
    assert repo.count_accounts() == 1
    assert len(repo.assessments(repo.overview()[0].account.id)) == 1


def test_opening_the_form_after_a_screen_starts_a_new_one(app: AppTest, repo: Repository) -> None:
    app.switch_page("pages/screen.py").run()
    _fill(app, "First", Verdict.HELL_YES, {key: Answer.HELL_YES for key in KEYS})
    _submit(app)
    first_key = app.session_state["screen.new.idempotency"]
    # The person follows the sidebar link back to the form instead of "Screen another".
    app.query_params.clear()
    app.switch_page("pages/screen.py").run()
    # A fresh generation of widgets, so the browser cannot keep showing the old answers.
    assert app.text_input(key="screen.new.g1.name").value == ""
    assert app.session_state["screen.new.g1.idempotency"] != first_key
    _fill(app, "Second", Verdict.HELL_YES, {key: Answer.HELL_YES for key in KEYS}, scope="new.g1")
    _submit(app)
    assert sorted(o.account.name for o in repo.overview()) == ["First", "Second"]


def test_screen_another_starts_a_fresh_screen(app: AppTest, repo: Repository) -> None:
    app.switch_page("pages/screen.py").run()
    _fill(app, "First", Verdict.HELL_YES, {key: Answer.HELL_YES for key in KEYS})
    _submit(app)
    next(b for b in app.button if b.label == "Screen another prospect").click().run()
    assert app.text_input(key="screen.new.g1.name").value == ""
    _fill(app, "Second", Verdict.HELL_YES, {key: Answer.HELL_YES for key in KEYS}, scope="new.g1")
    _submit(app)
    assert repo.count_accounts() == 2


def test_a_name_full_of_markup_is_shown_literally(app: AppTest, add_prospect: Callable[..., int]) -> None:
    account = add_prospect("<script>alert(1)</script> **bold** :red[x] $x$")
    app.switch_page("pages/scorecard.py")
    app.query_params["account"] = str(account)
    app.run()
    title = app.title[0].value
    # Every markdown-active character is escaped, so the browser shows the raw text.
    assert (
        "\\<script\\>" in title
        and "\\*\\*bold\\*\\*" in title
        and "\\:red\\[x\\]" in title
        and "\\$x\\$" in title
    )


def test_the_scorecard_explains_a_knockout(app: AppTest, add_prospect: Callable[..., int]) -> None:
    account = add_prospect("Rude Ltd", respect=Answer.NO)
    app.switch_page("pages/scorecard.py")
    app.query_params["account"] = str(account)
    app.run()
    text = _page_text(app)
    assert "Respect & ethics is a knockout" in text.replace("\\", "")
    assert "HELL NO" in "\n".join(str(h.proto.body) for h in app.get("html"))


def test_an_unknown_scorecard_says_so_instead_of_crashing(app: AppTest) -> None:
    app.switch_page("pages/scorecard.py")
    app.query_params["account"] = "999"
    app.run()
    assert not app.exception
    # It names what was not found ("No prospect or client #999"), no longer "That prospect does not
    # exist": the page shows clients as well, and the number is what the person can check.
    assert "No prospect or client #999." in app.warning[0].value
    app.query_params["account"] = "not-a-number"
    app.run()
    assert not app.exception


def test_home_puts_knockouts_first(app: AppTest, add_prospect: Callable[..., int]) -> None:
    add_prospect("Happy Client")
    add_prospect("Charming Bully", respect=Answer.HELL_NO)
    app.run()
    assert not app.exception
    # Alerts are links to the account (they were error boxes): the first names the knockout.
    links = [e for e in app.get("page_link") if isinstance(e, PageLink)]
    alerts = [link.value for link in links if "account=" in link.proto.query_string]
    assert len(alerts) == 1 and "Charming Bully" in alerts[0] and "Knockout" in alerts[0]
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Prospects"] == "2"
    assert metrics["Prospects at hell yes"] == "1"


def test_calibration_counts_how_often_gut_and_rubric_agreed(
    app: AppTest, add_prospect: Callable[..., int]
) -> None:
    add_prospect("Agreed")
    add_prospect("Disagreed", respect=Answer.HELL_NO)
    app.switch_page("pages/calibration.py").run()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Gut and rubric agreed"] == "50%"


def test_prospects_lists_and_filters_by_verdict(app: AppTest, add_prospect: Callable[..., int]) -> None:
    add_prospect("Yes Corp")
    add_prospect("No Corp", answer=Answer.NO)
    app.switch_page("pages/prospects.py").run()
    assert set(app.dataframe[0].value["Name"]) == {"Yes Corp", "No Corp"}
    app.segmented_control(key="prospects.filter").set_value("hell_no").run()
    assert list(app.dataframe[0].value["Name"]) == ["No Corp"]
    app.text_input(key="prospects.search").input("yes").run()
    assert app.dataframe[0].value.empty


def test_a_re_screen_adds_to_the_history_of_the_same_prospect(
    app: AppTest, repo: Repository, add_prospect: Callable[..., int]
) -> None:
    account = add_prospect("Second Look", answer=Answer.UNSURE)
    app.switch_page("pages/screen.py")
    app.query_params["account"] = str(account)
    app.run()
    assert not app.exception
    scope = str(account)
    _fill(app, None, Verdict.HELL_YES, {key: Answer.HELL_YES for key in KEYS}, scope=scope)
    app.button(key=f"FormSubmitter:screen-form-{scope}-Get the verdict").click().run()
    assert not app.exception
    assert repo.count_accounts() == 1
    assert len(repo.assessments(account)) == 2
