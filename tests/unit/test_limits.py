"""Every limit a person can run into is declared once, and the forms, the CSV reader and
the models refuse exactly the same values at its edge."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from formats.csvcodec import columns, read_rows
from scoring import AccountDraft, Assessment, Kind, Signals, Verdict, default_rubric, limits
from scoring.limits import COUNT_MAX, LIMITS, NAME_MAX, NOTE_MAX

RUBRIC = default_rubric()


def test_each_limit_in_the_table_has_a_name_of_its_own_help_text_and_its_constant() -> None:
    names = [limit.name for limit in LIMITS]
    assert len(set(names)) == len(names)
    for limit in LIMITS:
        assert limit.help.strip(), f"{limit.name} says nothing about what it limits"
        assert getattr(limits, limit.name) == limit.value


def _file(**cells: str) -> str:
    values = dict.fromkeys(columns(RUBRIC), "")
    values.update(account="Acme", date="2025-03-01", kind="screen", gut="hell_yes")
    values.update(dict.fromkeys(RUBRIC.keys, "yes"))
    values.update(cells)
    return ",".join(values) + "\n" + ",".join(values.values()) + "\n"


def _assessment(**fields: object) -> Assessment:
    return Assessment.model_validate(
        {
            "kind": Kind.SCREEN,
            "taken_on": dt.date(2025, 3, 1),
            "gut": Verdict.HELL_YES,
            "answers": dict.fromkeys(RUBRIC.keys, "yes"),
            "rubric_key": RUBRIC.key,
            "rubric_version": RUBRIC.version,
            **fields,
        }
    )


@pytest.mark.parametrize("extra", [0, 1])
def test_a_note_is_taken_up_to_note_max_by_the_reader_and_the_model_alike(extra: int) -> None:
    note = "n" * (NOTE_MAX + extra)
    rows, errors = read_rows(_file(note=note), RUBRIC)
    assert len(rows) == 1 - extra and len(errors) == extra
    if extra:
        with pytest.raises(ValidationError):
            _assessment(note=note)
    else:
        assert _assessment(note=note).note == rows[0].note


@pytest.mark.parametrize("extra", [0, 1])
def test_a_signal_count_is_taken_up_to_count_max_by_the_reader_and_the_model_alike(extra: int) -> None:
    count = COUNT_MAX + extra
    rows, errors = read_rows(_file(kind="checkin", missed_meetings=str(count)), RUBRIC)
    assert len(rows) == 1 - extra and len(errors) == extra
    if extra:
        with pytest.raises(ValidationError):
            Signals(missed_meetings=count)
    else:
        assert Signals(missed_meetings=count).missed_meetings == rows[0].missed_meetings


@pytest.mark.parametrize("extra", [0, 1])
def test_an_account_name_is_taken_up_to_name_max_by_the_reader_and_the_form_alike(extra: int) -> None:
    name = "a" * (NAME_MAX + extra)
    rows, errors = read_rows(_file(account=name), RUBRIC)
    assert len(rows) == 1 - extra and len(errors) == extra
    if extra:
        with pytest.raises(ValidationError):
            AccountDraft(name=name)
    else:
        assert AccountDraft(name=name).name == rows[0].account
