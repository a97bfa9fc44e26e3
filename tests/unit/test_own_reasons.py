"""Reasons to let go of the user's own: written into the rubric with their playbook, refused when
a dimension names a reason nobody wrote, read back from the file, and offered when letting go."""

from __future__ import annotations

from typing import Any

import pytest

from scoring import RubricError, default_rubric
from scoring.playbooks import draft_message, known_reasons, playbook, playbooks, playbooks_for, steps_for
from scoring.rubric import parse_rubric, rubric_from_data
from scoring.rubric_file import differences, dump_rubric

OWN = {
    "key": "slow_to_decide",
    "title": {"en": "Slow to decide", "nl": "Traag met beslissen"},
    "why": "Weeks pass between a question and its answer; the work stalls and so does your cash.",
    "steps": ["Set a decision date for every open question.", 'Say "no answer by then is a no".'],
}


def _with_own(**changes: Any) -> dict[str, Any]:
    data = default_rubric().model_dump(mode="json", by_alias=True)
    data["reasons"] = [OWN]
    data["dimensions"][3]["reason"] = "slow_to_decide"  # responsiveness
    data.update(changes)
    return data


def test_a_reason_of_your_own_is_known_and_has_its_playbook() -> None:
    rubric = rubric_from_data(_with_own())
    assert "slow_to_decide" in known_reasons(rubric) and "slow_to_decide" not in playbooks()
    book = playbook("slow_to_decide", rubric)
    assert (book.title, book.steps[0]) == ("Slow to decide", "Set a decision date for every open question.")
    assert steps_for("slow_to_decide", (), rubric) == book.steps
    message = draft_message("slow_to_decide", "Ada", "Grace", rubric=rubric)
    assert message.startswith("Hi Ada,\n") and message.endswith("Grace")
    assert draft_message(
        "slow_to_decide", "Ada", "Grace", rubric=rubric, language="nl", formal=True
    ).startswith("Beste Ada,\n")
    # The built-in reasons stay as they were, and a rubric without reasons of its own is the built-in book.
    assert playbooks_for(rubric)["payment"] is playbooks()["payment"]
    assert playbooks_for(default_rubric()) is playbooks()


def test_it_travels_in_the_file_and_shows_as_a_change() -> None:
    rubric = rubric_from_data(_with_own())
    text = dump_rubric(rubric)
    assert "[[reasons]]" in text and 'key = "slow_to_decide"' in text
    assert parse_rubric(text) == rubric
    lines = [str(d) for d in differences(default_rubric(), rubric)]
    assert "New reason to let go: Slow to decide" in lines


def test_a_reason_nobody_wrote_is_refused_naming_the_dimension() -> None:
    data = _with_own(reasons=[])
    with pytest.raises(RubricError) as refused:
        rubric_from_data(data, "mine.toml")
    assert len(refused.value.problems) == 1
    assert refused.value.problems[0].startswith(
        "mine.toml: dimensions[3] (responsiveness).reason: 'slow_to_decide' is no reason Thin Slice knows"
    )


def test_a_reason_of_your_own_needs_a_title_a_why_and_a_step() -> None:
    broken = {**OWN, "title": "", "steps": []}
    with pytest.raises(RubricError) as refused:
        rubric_from_data(_with_own(reasons=[broken]), "mine.toml")
    fields = sorted(line.split(": ")[1] for line in refused.value.problems)
    assert fields == ["reasons[0] (slow_to_decide).steps", "reasons[0] (slow_to_decide).title"]
