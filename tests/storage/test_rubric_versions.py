"""Rubric versions on a real database: saved once, never changed, restored as new versions."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Engine, text

from scoring import RubricError, default_rubric
from scoring.models import Rubric
from services import rubrics
from storage import Repository, StorageError


def _heavier_payment(rubric: Rubric, weight: float = 2.0) -> Rubric:
    dims = tuple(
        d.model_copy(update={"weight": weight}) if d.key == "payment" else d for d in rubric.dimensions
    )
    return rubric.model_copy(update={"dimensions": dims})


def test_without_a_saved_version_the_built_in_rubric_is_in_use(repo: Repository) -> None:
    assert rubrics.current(repo) == default_rubric()
    listed = rubrics.versions(repo)
    assert [v.number for v in listed] == [1]
    assert listed[0].built_in


def test_a_save_is_the_next_version_with_its_date_author_and_reason(repo: Repository) -> None:
    before = repo.data_version()
    saved = rubrics.save(
        repo,
        _heavier_payment(default_rubric()),
        based_on=1,
        saved_by="ada@example.com",
        reason="late payers  hurt",
    )
    assert saved.number == 2
    assert rubrics.current(repo).dimension("payment").weight == 2.0
    assert rubrics.current(repo).version == 2
    newest = rubrics.versions(repo)[0]
    assert (newest.number, newest.saved_by, newest.reason) == (2, "ada@example.com", "late payers hurt")
    assert newest.saved_at is not None
    # Every cached list is read again: the scores changed.
    assert repo.data_version() != before


def test_an_exported_version_reads_back_as_the_same_rubric(repo: Repository) -> None:
    rubrics.save(repo, _heavier_payment(default_rubric()), based_on=1)
    from scoring.rubric import parse_rubric

    assert parse_rubric(rubrics.export_text(repo, 2)) == rubrics.version(repo, 2).rubric
    assert parse_rubric(rubrics.export_text(repo, 1)) == default_rubric()


def test_a_saved_version_cannot_be_changed_or_removed_even_with_sql(repo: Repository, engine: Engine) -> None:
    rubrics.save(repo, _heavier_payment(default_rubric()), based_on=1)
    body = rubrics.export_text(repo, 2)
    for statement in (
        "UPDATE rubric_versions SET body = 'x'",
        "UPDATE rubric_versions SET version = 7",
        "DELETE FROM rubric_versions",
    ):
        with pytest.raises(Exception, match="never changed or removed"), engine.begin() as conn:
            conn.execute(text(statement))
    assert rubrics.export_text(repo, 2) == body


def test_restoring_an_old_version_adds_a_new_one_with_its_content(repo: Repository) -> None:
    rubrics.save(repo, _heavier_payment(default_rubric()), based_on=1, reason="first")
    restored = rubrics.restore(repo, 1, saved_by="ada@example.com")
    assert restored.number == 3
    assert restored.rubric.model_copy(update={"version": 1}) == default_rubric()
    assert restored.reason == "Restored version 1."
    assert [v.number for v in rubrics.versions(repo)] == [3, 2, 1]
    # Version 2 is still there as it was.
    assert rubrics.version(repo, 2).rubric.dimension("payment").weight == 2.0
    with pytest.raises(rubrics.Unchanged):
        rubrics.restore(repo, 1)


def test_saving_what_is_in_use_saves_nothing(repo: Repository, count: object) -> None:
    with pytest.raises(rubrics.Unchanged):
        rubrics.save(repo, default_rubric(), based_on=1)
    assert [v.number for v in rubrics.versions(repo)] == [1]


def test_an_edit_started_from_an_older_version_is_refused(repo: Repository) -> None:
    rubrics.save(repo, _heavier_payment(default_rubric()), based_on=1)
    with pytest.raises(rubrics.VersionTaken) as refused:
        rubrics.save(repo, _heavier_payment(default_rubric(), 3.0), based_on=1)
    assert refused.value.latest == 2
    assert rubrics.current(repo).dimension("payment").weight == 2.0


def test_four_saves_at_once_from_the_same_version_keep_exactly_one(repo: Repository) -> None:
    start = threading.Barrier(4)
    outcomes: list[object] = []

    def save(weight: float) -> None:
        start.wait()
        try:
            outcomes.append(rubrics.save(repo, _heavier_payment(default_rubric(), weight), based_on=1).number)
        except (rubrics.VersionTaken, StorageError) as exc:
            outcomes.append(type(exc).__name__)

    threads = [threading.Thread(target=save, args=(w,)) for w in (2.0, 3.0, 4.0, 5.0)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(map(str, outcomes)) == ["2", "VersionTaken", "VersionTaken", "VersionTaken"]
    assert [v.number for v in rubrics.versions(repo)] == [2, 1]


def test_a_dimension_cannot_disappear_but_can_be_retired(repo: Repository) -> None:
    rubric = default_rubric()
    style = rubric.dimension("style_fit")
    gone = rubric.model_copy(
        update={"dimensions": tuple(d for d in rubric.dimensions if d.key != "style_fit")}
    )
    with pytest.raises(RubricError) as refused:
        rubrics.save(repo, gone, based_on=1)
    assert refused.value.problems == [
        "dimensions: 'style_fit' was part of version 1; retire it instead of removing it"
    ]
    retired = gone.model_copy(update={"retired": (style,)})
    assert rubrics.save(repo, retired, based_on=1).rubric.retired == (style,)


def test_a_broken_file_is_refused_line_by_line_and_nothing_is_saved(repo: Repository) -> None:
    broken = rubrics.export_text(repo).replace("threshold = 80", "threshold = 180")
    broken = broken.replace('key = "scope"', 'key = "payment"')
    with pytest.raises(RubricError) as refused:
        rubrics.import_text(repo, broken, source="mine.toml")
    lines = refused.value.problems
    assert any(line.startswith("mine.toml: verdict.threshold") for line in lines), lines
    assert any("payment" in line and "twice" in line for line in lines), lines
    assert [v.number for v in rubrics.versions(repo)] == [1]


def test_an_imported_file_becomes_the_next_version_whatever_it_says(repo: Repository) -> None:
    text_ = (
        rubrics.export_text(repo)
        .replace("version = 1", "version = 40")
        .replace("threshold = 80", "threshold = 75")
    )
    saved = rubrics.import_text(repo, text_, source="mine.toml")
    assert saved.number == 2
    assert saved.rubric.verdict.threshold == 75
    assert saved.reason == "Imported from mine.toml."
