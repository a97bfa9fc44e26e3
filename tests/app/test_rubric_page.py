"""The Rubric page: edit a weight, see the what-if, save a version, see the lists follow, restore."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from scoring import Answer
from services import rubrics
from storage import Repository
from ui import routes

WEIGHT = "ts-rubric-{gen}-payment-weight"


def _gen(app: AppTest) -> int:
    return int(app.session_state["ts-rubric-gen"])


def _texts(app: AppTest) -> str:
    return " ".join(
        [m.value for m in app.markdown]
        + [c.value for c in app.caption]
        + [str(e.value) for e in app.error]
        + [str(s.value) for s in app.success]
    ).replace("\\", "")


def _links(app: AppTest) -> list[str]:
    return [str(link.proto.label) for link in app.get("page_link")]


def _scores(app: AppTest) -> dict[str, float]:
    table = app.dataframe[0].value
    return dict(zip(table["Name"], table["Score"], strict=True))


def test_edit_a_weight_see_what_if_save_see_the_lists_then_restore(
    app: AppTest, repo: Repository, add_prospect: Callable[..., int]
) -> None:
    # 95 with equal weights (payment Unsure, the rest Hell yes): a hell yes that a heavy payment sinks.
    add_prospect("Edgewater", payment=Answer.UNSURE)
    add_prospect("Steady Co")
    app.switch_page(routes.RUBRIC).run()
    assert not app.exception
    assert "No changes yet: this is version 1, the rubric in use." in _texts(app)

    app.number_input(key=WEIGHT.format(gen=_gen(app))).set_value(10.0).run()
    assert not app.exception
    text = _texts(app)
    assert "Payment reliability: weight 1 → 10" in text
    flips = [label for label in _links(app) if "Edgewater" in label]
    assert len(flips) == 1 and "Hell yes → :red[**Hell no**]" in flips[0]
    assert not [label for label in _links(app) if "Steady Co" in label]
    assert [m.value for m in app.metric][:1] == ["1"]

    why = next(t for t in app.text_input if t.label == "Why this change (one line, kept with the version)")
    why.input("late payers cost us most")
    save = next(b for b in app.button if b.label == "Save as version 2")
    save.click().run()
    assert not app.exception
    assert "Saved as version 2. Every page now scores with it." in _texts(app)
    assert rubrics.current(repo).dimension("payment").weight == 10.0
    assert rubrics.versions(repo)[0].reason == "late payers cost us most"

    prospects = AppTest.from_file(app._script_path, default_timeout=60)
    prospects.switch_page(routes.PROSPECTS).run()
    assert not prospects.exception
    # 73.68…, shown cut to one decimal (a score never reads higher than it is).
    assert _scores(prospects)["Edgewater"] == pytest.approx(100 * (9 * 4 + 10 * 2) / (19 * 4), abs=0.1)

    app.switch_page(routes.RUBRIC).run()
    compare_old = app.selectbox(key="ts-rubric-compare-old")
    assert compare_old.value == 1
    assert "Payment reliability: weight 1 → 10" in _texts(app)
    restore = next(b for b in app.button if b.label == "Restore version 1")
    restore.click().run()
    assert not app.exception
    assert "Version 1 restored as version 3." in _texts(app)
    assert rubrics.current(repo).dimension("payment").weight == 1.0
    assert [v.number for v in rubrics.versions(repo)] == [3, 2, 1]

    prospects.run()
    assert _scores(prospects)["Edgewater"] == 95


def test_a_broken_edit_says_what_is_wrong_and_offers_no_save(app: AppTest, repo: Repository) -> None:
    app.switch_page(routes.RUBRIC).run()
    gen = _gen(app)
    app.text_input(key=f"ts-rubric-{gen}-payment-label").input("").run()
    assert not app.exception
    errors = " ".join(str(e.value) for e in app.error).replace("\\", "")
    assert "This rubric cannot be used yet; nothing is saved:" in errors
    assert "dimensions[4] (payment).label" in errors
    assert not [b for b in app.button if str(b.label).startswith("Save as version")]
    assert [v.number for v in rubrics.versions(repo)] == [1]


def test_retiring_a_knockout_is_refused_until_it_stops_being_one(app: AppTest, repo: Repository) -> None:
    app.switch_page(routes.RUBRIC).run()
    gen = _gen(app)
    app.toggle(key=f"ts-rubric-{gen}-respect-asked").set_value(False).run()
    errors = " ".join(str(e.value) for e in app.error).replace("\\", "")
    assert "retired" in errors and "respect" in errors and "knockout" in errors
    app.toggle(key=f"ts-rubric-{gen}-respect-knockout").set_value(False).run()
    assert not app.error
    assert "Retired: Respect & ethics" in _texts(app) or "Respect & ethics" in _texts(app)


def test_a_dimension_added_in_the_editor_is_asked_from_then_on_and_old_scores_say_so(
    app: AppTest, repo: Repository, add_prospect: Callable[..., int]
) -> None:
    old = add_prospect("Before The Change")
    app.switch_page(routes.RUBRIC).run()

    # The add form's fields come after every dimension's own: the last of each label.
    next(w for w in app.text_input if w.label == "Key").input("timeliness")
    [w for w in app.text_input if w.label == "Dimension"][-1].input("Timeliness")
    asks = [w for w in app.text_area if w.label == "Question at the screen"]
    asks[-1].input("Did they keep to the dates they set themselves?")
    later = [w for w in app.text_area if w.label == "Question at a check-in"]
    later[-1].input("Did they keep to the dates they set this period?")
    next(b for b in app.button if b.label == "Add to the edit").click().run()
    assert not app.exception
    assert "New dimension: Timeliness" in _texts(app)
    assert [e.label for e in app.expander][-2:] == ["Timeliness", "Add a dimension"]
    next(b for b in app.button if b.label == "Save as version 2").click().run()
    assert not app.exception
    saved = rubrics.current(repo)
    assert saved.keys[-1] == "timeliness" and saved.version == 2

    screen = AppTest.from_file(app._script_path, default_timeout=60)
    screen.switch_page(routes.SCREEN).run()
    assert not screen.exception
    asked = " ".join([str(r.label) for r in screen.radio] + [m.value for m in screen.markdown])
    assert "Did they keep to the dates they set themselves?" in asked

    card = AppTest.from_file(app._script_path, default_timeout=60)
    card.switch_page(routes.SCORECARD)
    card.query_params["account"] = str(old)
    card.run()
    assert not card.exception
    captions = " ".join(c.value for c in card.caption).replace("\\", "")
    assert (
        "Assessments taken before Timeliness was asked are scored over the dimensions they asked" in captions
    )


def test_a_new_dimension_can_bring_a_reason_to_let_go_of_its_own(app: AppTest, repo: Repository) -> None:
    app.switch_page(routes.RUBRIC).run()
    next(w for w in app.text_input if w.label == "Key").input("decisions")
    [w for w in app.text_input if w.label == "Dimension"][-1].input("Decision speed")
    [w for w in app.text_area if w.label == "Question at the screen"][-1].input(
        "Do they decide within a week?"
    )
    [w for w in app.text_area if w.label == "Question at a check-in"][-1].input(
        "Did they decide within a week?"
    )
    next(w for w in app.text_input if w.label == "Title of your reason").input("Slow to decide")
    next(w for w in app.text_area if w.label == "Why it is a reason to let go").input("The work stalls.")
    next(w for w in app.text_area if w.label == "Steps, one a line").input(
        "Set a decision date.\n\nAsk once more."
    )
    next(b for b in app.button if b.label == "Add to the edit").click().run()
    assert not app.exception
    text = _texts(app)
    assert "New dimension: Decision speed" in text and "New reason to let go: Slow to decide" in text
    next(b for b in app.button if b.label == "Save as version 2").click().run()
    saved = rubrics.current(repo)
    assert saved.dimension("decisions").reason == "slow_to_decide"
    (own,) = saved.reasons
    assert [step.en for step in own.steps_text] == ["Set a decision date.", "Ask once more."]


def test_a_version_saved_elsewhere_replaces_an_editor_with_nothing_edited(
    app: AppTest, repo: Repository
) -> None:
    app.switch_page(routes.RUBRIC).run()
    assert "No changes yet: this is version 1, the rubric in use." in _texts(app)
    v1 = rubrics.current(repo)
    lower = v1.model_copy(update={"verdict": v1.verdict.model_copy(update={"threshold": 70.0})})
    rubrics.save(repo, lower, based_on=1)
    app.run()
    assert not app.exception and not app.warning
    assert "No changes yet: this is version 2, the rubric in use." in _texts(app)
    assert app.number_input(key=f"ts-rubric-{_gen(app)}-threshold").value == 70
