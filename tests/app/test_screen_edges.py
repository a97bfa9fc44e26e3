"""The screen page at its edges: a name that is already an account, text over a limit,
the words of a verdict, and what a fresh verdict asks of the browser (once)."""

from __future__ import annotations

import json
from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from scoring import AccountDraft, Answer, Verdict, default_rubric
from scoring.limits import NAME_MAX, NOTE_MAX
from storage import Repository
from tests import factories

KEYS = default_rubric().keys
SUBMIT = "FormSubmitter:screen-form-new-Get the verdict"


def _fill(at: AppTest, name: str, answers: dict[str, Answer], company: str = "") -> None:
    at.text_input(key="screen.new.name").input(name)
    if company:
        at.text_input(key="screen.new.company").input(company)
    at.segmented_control(key="screen.new.gut").set_value(Verdict.HELL_YES)
    for key, answer in answers.items():
        at.segmented_control(key=f"screen.new.q.{key}").set_value(answer)


def _text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.text]
    return "\n".join(str(p) for p in parts).replace("\\", "")


def _components(at: AppTest, name: str) -> list[dict[str, object]]:
    return [json.loads(c.proto.json) for c in at.get("bidi_component") if c.proto.component_name == name]


def _screen(app: AppTest) -> AppTest:
    return app.switch_page("pages/screen.py").run()


ALL_YES = dict.fromkeys(KEYS, Answer.YES)


def test_a_name_already_screened_offers_a_re_screen_instead_of_a_second_account(
    app: AppTest, repo: Repository
) -> None:
    first = repo.screen_prospect(
        AccountDraft(name="Pieter van Dijk", company="Van Dijk Bouw B.V."), factories.assessment(), "k1"
    ).account_id
    _screen(app)
    # Case and spacing do not make another person.
    _fill(app, "  pieter   VAN dijk ", ALL_YES, company="van dijk bouw b.v.")
    app.button(key=SUBMIT).click().run()
    assert not app.exception
    assert repo.count_accounts() == 1
    assert "You already have an account called “Pieter van Dijk”" in _text(app)
    assert "Pieter van Dijk at Van Dijk Bouw B.V., prospect since" in _text(app)
    labels = [b.label for b in app.button]
    assert "Re-screen the existing one" in labels and "Create a second account with this name" in labels

    next(b for b in app.button if b.label == "Re-screen the existing one").click().run()
    assert not app.exception
    assert repo.count_accounts() == 1
    assert len(repo.assessments(first)) == 2
    assert app.query_params["done"]


def test_a_second_account_of_the_same_name_is_made_only_on_purpose(app: AppTest, repo: Repository) -> None:
    repo.screen_prospect(AccountDraft(name="Pieter van Dijk"), factories.assessment(), "k1")
    _screen(app)
    _fill(app, "Pieter van Dijk", ALL_YES, company="Another Firm")
    app.button(key=SUBMIT).click().run()
    assert repo.count_accounts() == 1
    next(b for b in app.button if b.label == "Create a second account with this name").click().run()
    assert not app.exception
    assert sorted((o.account.name, o.account.company) for o in repo.overview()) == [
        ("Pieter van Dijk", ""),
        ("Pieter van Dijk", "Another Firm"),
    ]
    assert app.query_params["done"]


def test_a_new_name_is_saved_without_a_question(app: AppTest, repo: Repository) -> None:
    repo.screen_prospect(AccountDraft(name="Pieter van Dijk"), factories.assessment(), "k1")
    _screen(app)
    _fill(app, "Pieter van Dijken", ALL_YES)
    app.button(key=SUBMIT).click().run()
    assert repo.count_accounts() == 2
    assert "You already have" not in _text(app)


def test_a_name_company_and_note_over_the_limit_are_cut_and_named(app: AppTest, repo: Repository) -> None:
    _screen(app)
    name = "Pieter " + "n" * 300
    company = "Bouw " + "c" * 250
    note = "x" * (NOTE_MAX + 5)
    _fill(app, name, ALL_YES, company=company)
    app.text_area(key="screen.new.note").input(note)
    app.button(key=SUBMIT).click().run()
    assert not app.exception
    errors = [e.value for e in app.error]
    assert (
        f"The name was 307 characters long; it can have {NAME_MAX}, so only the first {NAME_MAX} are kept."
        in (" ".join(errors))
    )
    assert any(e.startswith("The company name was 255 characters long") for e in errors)
    assert any(e.startswith(f"The note was {NOTE_MAX + 5:,} characters long") for e in errors)
    assert "Give the prospect a name." not in errors
    assert repo.count_accounts() == 0
    # What was kept is in the fields, so a second click saves exactly that.
    assert app.text_input(key="screen.new.name").value == name[:NAME_MAX]
    app.button(key=SUBMIT).click().run()
    saved = repo.overview()[0]
    assert (saved.account.name, saved.account.company) == (name[:NAME_MAX], company[:NAME_MAX])
    assert saved.latest is not None and saved.latest.assessment.note == note[:NOTE_MAX]


def test_all_yes_says_a_lukewarm_yes_is_a_no_instead_of_naming_weak_spots(app: AppTest) -> None:
    _screen(app)
    _fill(app, "Lukewarm Ltd", ALL_YES)
    app.button(key=SUBMIT).click().run()
    text = _text(app)
    assert "a lukewarm yes is a no: a hell yes needs 80, and this scores 75." in text
    assert "Weakest spots" not in text
    # The top answer is the only one that will do: no "at least" before it.
    assert "from *Yes* to *Hell yes*" in text
    assert "at least" not in text


def test_at_least_is_said_only_where_a_better_answer_would_do_too(app: AppTest) -> None:
    _screen(app)
    _fill(app, "Nearly There", dict.fromkeys(KEYS, Answer.HELL_YES) | {"negotiation_tone": Answer.HELL_NO})
    app.button(key=SUBMIT).click().run()
    text = _text(app)
    assert "**Negotiation tone**: from *Hell no* to *at least No*" in text
    assert "A lukewarm yes is a no" not in text


def test_a_fresh_verdict_is_scrolled_to_and_its_draft_forgotten_once(app: AppTest) -> None:
    _screen(app)
    assert _components(app, "thinslice.scroll_into_view") == []
    _fill(app, "Scroll Once", ALL_YES)
    app.button(key=SUBMIT).click().run()
    assert [c["target"] for c in _components(app, "thinslice.scroll_into_view")] == [
        "[data-testid='ts-verdict']"
    ]
    forgets = [c for c in _components(app, "thinslice.draft") if c["clear"]]
    assert [c["store"] for c in forgets] == ["thinslice.draft.screen.new"]
    # A rerun of the same verdict (or a reload of its link) neither scrolls nor forgets again.
    app.run()
    assert _components(app, "thinslice.scroll_into_view") == []
    assert [c for c in _components(app, "thinslice.draft") if c["clear"]] == []


def test_discard_draft_empties_the_form_and_tells_the_browser_to_forget(
    app: AppTest, repo: Repository
) -> None:
    _screen(app)
    _fill(app, "Not Sure Yet", {k: a for k, a in ALL_YES.items() if k != "payment"})
    app.button(key=SUBMIT).click().run()  # one answer missing: nothing saved, the rest held
    discard = next(b for b in app.button if b.label == "Discard draft")
    discard.click().run()
    assert app.text_input(key="screen.new.g1.name").value == ""
    assert app.segmented_control(key="screen.new.g1.gut").value is None
    assert repo.count_accounts() == 0
    keeper = _components(app, "thinslice.draft")
    assert len(keeper) == 1 and keeper[0]["clear"] and keeper[0]["ask"] is True
    app.run()
    assert _components(app, "thinslice.draft")[0]["clear"] is None


def test_the_re_screen_page_keeps_no_name_fields_in_its_draft(
    app: AppTest, add_prospect: Callable[..., int]
) -> None:
    account = add_prospect("Second Look")
    app.switch_page("pages/screen.py")
    app.query_params["account"] = str(account)
    app.run()
    (keeper,) = _components(app, "thinslice.draft")
    fields = keeper["fields"]
    assert isinstance(fields, list)
    names = [f["name"] for f in fields]
    assert keeper["store"] == f"thinslice.draft.screen.{account}"
    assert (
        "name" not in names and "gut" in names and len([n for n in names if n.startswith("q.")]) == len(KEYS)
    )


def test_adding_an_existing_client_under_a_name_already_there_offers_no_re_screen(
    app: AppTest, repo: Repository, add_prospect: Callable[..., int]
) -> None:
    add_prospect("Old Friend")
    app.switch_page("pages/clients.py").run()
    app.text_input(key="screen.client.name").input("old friend")
    app.segmented_control(key="screen.client.gut").set_value(Verdict.HELL_YES)
    for key in KEYS:
        app.segmented_control(key=f"screen.client.q.{key}").set_value(Answer.HELL_YES)
    app.button(key="FormSubmitter:screen-form-client-Add the client").click().run()
    assert not app.exception
    assert repo.count_accounts() == 1
    assert "Open it, or make a new account" in _text(app)
    assert "Re-screen the existing one" not in [b.label for b in app.button]
    next(b for b in app.button if b.label == "Create a second account with this name").click().run()
    assert repo.count_accounts() == 2


def test_a_save_whose_run_was_cut_short_shows_its_verdict_not_a_duplicate(
    app: AppTest, repo: Repository
) -> None:
    """A double click: the first click's run stores the screen and is stopped by the second click
    before it can mark the attempt spent. The second run finds the stored screen by its key."""
    _screen(app)
    _fill(app, "Clicked twice", ALL_YES)
    key = app.session_state["screen.new.idempotency"]
    answers = {k: ALL_YES[k] for k in KEYS}
    first = repo.screen_prospect(
        AccountDraft(name="Clicked twice"), factories.assessment(answers=answers, gut=Verdict.HELL_YES), key
    )
    app.button(key=SUBMIT).click().run()
    assert not app.exception
    assert "You already have" not in _text(app)
    assert app.query_params["done"] == str(first.id)
    assert repo.count_accounts() == 1
