"""Files after a dimension was added: its column comes at the end, a row taken before it leaves the
cell empty, and such a file, or one made before the dimension existed, imports back."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable

from scoring import AccountDraft, Answer, Rubric, default_rubric
from services import rubrics
from services.transfer import assessments_csv, plan_text, run_import
from storage import Repository, open_repository
from tests import factories

TODAY = dt.date(2026, 6, 1)
NEW = "timeliness"


def _with_timeliness(rubric: Rubric) -> Rubric:
    data = rubric.model_dump(mode="json", by_alias=True)
    data["dimensions"].append(
        {"key": NEW, "label": "Timeliness", "prospect": "On time?", "client": "On time?", "reason": "payment"}
    )
    return Rubric.model_validate(data)


def _header(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text)))


def test_an_added_dimension_is_the_last_column_and_a_file_round_trips(
    repo: Repository, new_url: Callable[[], str]
) -> None:
    repo.screen_prospect(AccountDraft(name="Before"), factories.assessment(dt.date(2026, 1, 5)), "b")
    old_file = assessments_csv(repo, default_rubric(), TODAY)
    grown = rubrics.save(repo, _with_timeliness(default_rubric()), based_on=1).rubric
    answers = {**dict.fromkeys(default_rubric().keys, Answer.YES), NEW: Answer.HELL_NO}
    after = factories.assessment(dt.date(2026, 2, 5), answers=answers, rubric=grown)
    repo.screen_prospect(AccountDraft(name="After"), after, "a")

    text = assessments_csv(repo, grown, TODAY, book=rubrics.book(repo, grown))
    header = _header(text)
    assert header[: len(_header(old_file))] == _header(old_file)  # nothing moved
    assert header[-1] == NEW
    rows = {row["account"]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows["Before"][NEW] == "" and rows["After"][NEW] == "hell_no"

    # Into another database with the same rubric: both rows come back, the old one without it.
    other = open_repository(new_url())
    try:
        rubrics.save(other, grown, based_on=1)
        report = run_import(other, plan_text(text, rubrics.current(other), TODAY))
        assert (report.added, report.errors) == (2, [])
        stored = {o.account.name: other.assessments(o.account.id)[0].assessment for o in other.overview()}
        assert NEW not in stored["Before"].answers
        assert stored["After"].answers[NEW] is Answer.HELL_NO
        # A file made before the dimension existed has no such column: it imports as well.
        fresh = open_repository(new_url())
        try:
            rubrics.save(fresh, grown, based_on=1)
            plan = plan_text(old_file, rubrics.current(fresh), TODAY)
            assert plan.header_error is None
            assert run_import(fresh, plan).added == 1
        finally:
            fresh.close()
    finally:
        other.close()


def test_a_row_may_leave_the_added_dimension_blank_but_no_other(repo: Repository) -> None:
    grown = _with_timeliness(default_rubric())
    text = "account,date,kind,gut," + ",".join(grown.keys) + "\r\n"
    text += "Ada,2026-01-05,screen,hell_yes," + ",".join(["yes"] * 9) + ",,\r\n"
    plan = plan_text(text, grown, TODAY)
    assert plan.rows == [] and [(e.line, e.column) for e in plan.errors] == [(2, "business_health")]


def test_a_retired_dimension_keeps_its_column_and_its_old_answers(
    repo: Repository, new_url: Callable[[], str]
) -> None:
    repo.screen_prospect(AccountDraft(name="Before"), factories.assessment(dt.date(2026, 1, 5)), "b")
    built_in = default_rubric()
    old_header = _header(assessments_csv(repo, built_in, TODAY))
    style = built_in.dimension("style_fit")
    kept = tuple(d for d in built_in.dimensions if d.key != "style_fit")
    retired = rubrics.save(
        repo, built_in.model_copy(update={"dimensions": kept, "retired": (style,)}), based_on=1
    ).rubric
    after = factories.assessment(dt.date(2026, 2, 5), rubric=retired)
    repo.screen_prospect(AccountDraft(name="After"), after, "a")

    text = assessments_csv(repo, retired, TODAY)
    assert _header(text) == old_header  # no column dropped or moved
    rows = {row["account"]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows["Before"]["style_fit"] == "yes" and rows["After"]["style_fit"] == ""

    other = open_repository(new_url())
    try:
        rubrics.save(other, retired, based_on=1)
        report = run_import(other, plan_text(text, rubrics.current(other), TODAY))
        assert (report.added, report.errors) == (2, [])
    finally:
        other.close()
