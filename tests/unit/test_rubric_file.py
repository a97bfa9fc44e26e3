"""A rubric as a file: written and read back the same, refused with every problem at once, and
what changed between two versions worded line by line."""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from i18n import use_language
from scoring import (
    DEFAULT_RUBRIC_PATH,
    Answer,
    Dimension,
    Rubric,
    RubricError,
    StatusRules,
    VerdictRules,
    default_rubric,
    parse_rubric,
)
from scoring.models import Localized
from scoring.rubric_file import RULE_LABELS, RULES, differences, dump_rubric, summary

RUBRIC = default_rubric()
DEFAULT_TEXT = DEFAULT_RUBRIC_PATH.read_text(encoding="utf-8")


def changed(rubric: Rubric, **update: object) -> Rubric:
    """A copy validated again (as an edit in the editor would be)."""
    return Rubric.model_validate({**rubric.model_dump(), **update})


def dim(key: str, **update: object) -> Dimension:
    return Dimension.model_validate({**RUBRIC.dimension(key).model_dump(), **update})


def with_dims(rubric: Rubric, *dims: Dimension, retired: tuple[Dimension, ...] = ()) -> Rubric:
    return Rubric.model_validate({**rubric.model_dump(), "dimensions": dims, "retired": retired})


def replaced(rubric: Rubric, *dims: Dimension) -> Rubric:
    """`rubric` with each of `dims` in place of the dimension of the same key."""
    new = {d.key: d for d in dims}
    return with_dims(rubric, *(new.get(d.key, d) for d in rubric.dimensions), retired=rubric.retired)


def lines(old: Rubric, new: Rubric) -> list[str]:
    return [str(d) for d in differences(old, new)]


# --- the file -------------------------------------------------------------------------------


def test_the_default_rubric_written_and_read_back_is_the_same_rubric() -> None:
    text = dump_rubric(RUBRIC)

    assert parse_rubric(text) == RUBRIC
    assert hash(parse_rubric(text)) == hash(RUBRIC)


def test_the_file_has_the_layout_of_the_default_file() -> None:
    text = dump_rubric(RUBRIC)
    data = tomllib.loads(text)

    assert text.startswith("# Thin Slice rubric")
    assert list(data) == ["key", "version", "name", "verdict", "status", "dimensions"]
    assert data["name"] == {"en": "Thin Slice default", "nl": "Thin Slice standaard"}
    assert data["verdict"] == tomllib.loads(DEFAULT_TEXT)["verdict"]
    assert data["status"] == tomllib.loads(DEFAULT_TEXT)["status"]
    first = data["dimensions"][0]
    assert list(first) == ["key", "reason", "label", "prospect", "client", "hint", "source", "weight"]
    assert first["weight"] == 1, "the weight is written even when it is the default"
    assert [d["key"] for d in data["dimensions"] if d.get("knockout")] == ["respect"]


def test_a_text_in_english_only_is_written_as_a_plain_string() -> None:
    rubric = replaced(RUBRIC, dim("payment", label="Paying"))

    assert 'label = "Paying"\n' in dump_rubric(rubric)
    assert parse_rubric(dump_rubric(rubric)) == rubric


def test_no_floor_is_written_as_none_and_read_back() -> None:
    rubric = changed(RUBRIC, verdict=VerdictRules(floor=None))

    assert 'floor = "none"' in dump_rubric(rubric)
    assert parse_rubric(dump_rubric(rubric)).verdict.floor is None


def test_retired_dimensions_are_written_after_the_asked_ones() -> None:
    rubric = with_dims(RUBRIC, *RUBRIC.dimensions[:6], retired=RUBRIC.dimensions[6:7])
    text = dump_rubric(rubric)

    assert text.index("\n[[retired]]") > text.rindex("\n[[dimensions]]")
    assert parse_rubric(text) == rubric


def test_every_field_of_a_rubric_is_written() -> None:
    """A field added to the models must be added to the file too (and to `RULES`, for a rule)."""
    assert set(Rubric.model_fields) == {
        "key",
        "version",
        "name_text",
        "verdict",
        "status",
        "dimensions",
        "retired",
        "reasons",
    }
    assert set(RULE_LABELS) == {f"verdict.{name}" for name in VerdictRules.model_fields} | {
        f"status.{name}" for name in StatusRules.model_fields
    }


tricky = st.sampled_from(
    ['say "hi"', "back\\slash", "two\nlines", "tab\there", "emoji 🎯✅", "\x00\x1f\x7f", "é"]
)
some_text = tricky | st.text(min_size=1, max_size=40)
worded = st.builds(Localized, en=some_text, nl=st.none() | some_text)
hints = st.builds(Localized, en=some_text | st.just(""), nl=st.none() | st.just("") | some_text)
labels = st.builds(
    Localized, en=st.text(min_size=1, max_size=60), nl=st.none() | st.text(min_size=1, max_size=60)
)


@st.composite
def edited_rubrics(draw: st.DrawFn) -> Rubric:
    """The default rubric with other weights, knockouts, texts and rules; some dimensions retired."""
    dims = []
    for d in RUBRIC.dimensions:
        dims.append(
            Dimension.model_validate(
                {
                    **d.model_dump(),
                    "label": draw(st.just(d.label_text) | labels),
                    "prospect": draw(st.just(d.prospect_text) | worded),
                    "hint": draw(st.just(d.hint_text) | hints),
                    "source": draw(st.just(d.source) | st.just("") | some_text),
                    "weight": draw(
                        st.floats(min_value=0, max_value=100, exclude_min=True) | st.sampled_from([1, 2])
                    ),
                    "knockout": draw(st.booleans()),
                    "reason": draw(st.just(d.reason) | st.none()),
                }
            )
        )
    retired_count = draw(st.integers(0, 3))
    retired = tuple(d.model_copy(update={"knockout": False}) for d in dims[:retired_count])
    rules = VerdictRules(
        threshold=draw(st.floats(min_value=0, max_value=100)),
        floor=draw(st.sampled_from([None, Answer.HELL_NO, Answer.NO, Answer.UNSURE, Answer.YES])),
        knockout_at=draw(st.sampled_from([Answer.HELL_NO, Answer.NO, Answer.UNSURE, Answer.YES])),
    )
    status = StatusRules(
        cadence_days=draw(st.integers(1, 366)),
        watch_score_drop=draw(st.floats(min_value=0, max_value=100, exclude_min=True)),
        let_go_hell_no_streak=draw(st.integers(1, 12)),
    )
    return Rubric.model_validate(
        {
            "key": draw(st.from_regex(r"[a-z][a-z0-9_]{0,39}", fullmatch=True)),
            "version": draw(st.integers(1, 10_000)),
            "name": draw(labels),
            "verdict": rules,
            "status": status,
            "dimensions": dims[retired_count:],
            "retired": retired,
        }
    )


@settings(deadline=None, max_examples=150)
@given(edited_rubrics())
def test_an_edited_rubric_written_and_read_back_is_the_same_rubric(rubric: Rubric) -> None:
    assert parse_rubric(dump_rubric(rubric)) == rubric


@settings(deadline=None)
@given(some_text)
def test_any_text_survives_the_file(text: str) -> None:
    rubric = changed(RUBRIC, name=Localized(en=text, nl=text + '"'))

    assert parse_rubric(dump_rubric(rubric)).name_text == rubric.name_text


# --- a broken file --------------------------------------------------------------------------


def edited(old: str, new: str, text: str = DEFAULT_TEXT) -> str:
    assert text.count(old) == 1, f"the default rubric no longer contains {old!r} once"
    return text.replace(old, new)


RETIRED_STYLE_FIT = '\n[[retired]]\nkey = "style_fit"\nlabel = "Style fit"\nprospect = "?"\nclient = "?"\n'
RETIRED_OLD = '\n[[retired]]\nkey = "old_one"\nlabel = "Old"\nprospect = "?"\nclient = "?"\nknockout = true\n'


def problems(text: str) -> list[str]:
    with pytest.raises(RubricError) as caught:
        parse_rubric(text, "mine.toml")
    assert str(caught.value) == "mine.toml: " + "; ".join(
        p.removeprefix("mine.toml: ") for p in caught.value.problems
    )
    return caught.value.problems


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            edited('key = "payment"', 'key = "payment"\ncolour = "red"'),
            ["mine.toml: dimensions[4] (payment).colour: Extra inputs are not permitted"],
            id="unknown key",
        ),
        pytest.param(
            edited('key = "champion"', 'key = "champion"\nweight = 0'),
            ["mine.toml: dimensions[2] (champion).weight: Input should be greater than 0"],
            id="weight zero",
        ),
        pytest.param(
            edited("threshold = 80", "threshold = -1"),
            ["mine.toml: verdict.threshold: Input should be greater than or equal to 0"],
            id="threshold below 0",
        ),
        pytest.param(
            edited('floor = "hell_no"', 'floor = "hell_yes"'),
            ["mine.toml: verdict.floor: floor cannot be hell_yes: no answer could ever pass it"],
            id="floor hell yes",
        ),
        pytest.param(
            edited('key = "style_fit"', 'key = "scope"'),
            ["mine.toml: dimensions[6] (scope).key: dimension key 'scope' appears twice"],
            id="duplicate key",
        ),
        pytest.param(
            DEFAULT_TEXT + RETIRED_OLD,
            [
                "mine.toml: retired[0] (old_one).knockout: "
                "retired dimension 'old_one' cannot be a knockout: it is no longer asked"
            ],
            id="knockout on a retired dimension",
        ),
        pytest.param(
            DEFAULT_TEXT + RETIRED_STYLE_FIT,
            ["mine.toml: retired[0] (style_fit).key: dimension key 'style_fit' is both asked and retired"],
            id="asked and retired",
        ),
        pytest.param(
            DEFAULT_TEXT + RETIRED_STYLE_FIT.replace("style_fit", "gone") * 2,
            ["mine.toml: retired[1] (gone).key: dimension key 'gone' appears twice"],
            id="duplicate retired key",
        ),
    ],
)
def test_a_broken_rubric_gets_one_line_naming_the_field(text: str, expected: list[str]) -> None:
    """Alone, each problem is one line: the check on the raw file and the model's own rule never
    both report it."""
    assert problems(text) == expected


def test_every_problem_is_listed_at_once_in_the_order_of_the_file() -> None:
    text = edited('key = "style_fit"', 'key = "scope"')
    text = edited("threshold = 80", "threshold = 120", text)
    text = edited('knockout_at = "no"', 'knockout_at = "hell_yes"', text)
    text = edited('key = "payment"', 'key = "payment"\nweight = -2', text)
    text += RETIRED_STYLE_FIT.replace('"?"\n', '"?"\nknockout = true\n', 1)

    assert problems(text) == [
        "mine.toml: verdict.threshold: Input should be less than or equal to 100",
        "mine.toml: verdict.knockout_at: knockout_at cannot be hell_yes: no answer could ever pass it",
        "mine.toml: dimensions[4] (payment).weight: Input should be greater than 0",
        "mine.toml: dimensions[6] (scope).key: dimension key 'scope' appears twice",
        "mine.toml: retired[0] (style_fit).knockout: "
        "retired dimension 'style_fit' cannot be a knockout: it is no longer asked",
    ]


def test_a_key_used_three_times_is_named_at_each_repeat() -> None:
    text = edited('key = "style_fit"', 'key = "scope"')
    text = edited('key = "work_joy"', 'key = "scope"', text)

    assert problems(text) == [
        "mine.toml: dimensions[6] (scope).key: dimension key 'scope' appears twice",
        "mine.toml: dimensions[8] (scope).key: dimension key 'scope' appears twice",
    ]


def test_a_rule_the_model_checks_the_same_way_is_not_listed_twice() -> None:
    text = edited('floor = "hell_no"', 'floor = "hell_yes"')
    text = edited('knockout_at = "no"', 'knockout_at = "hell_yes"', text)

    assert problems(text) == [
        "mine.toml: verdict.floor: floor cannot be hell_yes: no answer could ever pass it",
        "mine.toml: verdict.knockout_at: knockout_at cannot be hell_yes: no answer could ever pass it",
    ]


def test_a_file_that_is_not_toml_is_one_line() -> None:
    assert len(problems("key = ")) == 1


# --- what changed ---------------------------------------------------------------------------


def test_equal_rubrics_have_no_differences() -> None:
    assert differences(RUBRIC, RUBRIC) == []
    assert differences(RUBRIC, parse_rubric(dump_rubric(RUBRIC))) == []
    assert summary([]) == "No changes"


def test_a_new_version_number_alone_is_no_change() -> None:
    assert differences(RUBRIC, changed(RUBRIC, version=RUBRIC.version + 1)) == []


def test_the_rules_that_changed_read_as_old_and_new() -> None:
    new = changed(
        RUBRIC,
        verdict=VerdictRules(threshold=75, floor=None),
        status=StatusRules(cadence_days=14, watch_steps_below_baseline=1),
    )

    assert lines(RUBRIC, new) == [
        "Hell yes from score: 80 → 75",
        "Floor for every dimension: Hell no → off",
        "Check-in every: 30 days → 14 days",
        "Watch when a dimension is below its baseline by: 2 steps → 1 step",
    ]


def test_a_small_change_never_reads_as_the_same_number() -> None:
    new = changed(RUBRIC, verdict=VerdictRules(threshold=79.9999))

    assert lines(RUBRIC, new) == ["Hell yes from score: 80 → 79.9999"]


def test_dimension_changes_read_line_by_line_in_the_order_of_the_rubric() -> None:
    champion = dim("champion", prospect="Is the boss in?", weight=2)
    payment = dim("payment", weight=2.5)
    respect = dim("respect", knockout=False)
    scope = dim("scope", knockout=True, reason="payment", hint="Careful.", source="Me")
    new = replaced(
        changed(RUBRIC, name=Localized(en="Mine", nl="De mijne")), champion, payment, respect, scope
    )

    assert lines(RUBRIC, new) == [
        "Name: Thin Slice default → Mine",
        "Champion buy-in: question at the screen reworded",
        "Champion buy-in: weight 1 → 2",
        "Payment reliability: weight 1 → 2.5",
        "Scope discipline: hint reworded",
        "Scope discipline: now a knockout",
        "Scope discipline: reason to let go scope_creep → payment",
        "Scope discipline: source changed",
        "Respect & ethics: no longer a knockout",
    ]
    assert [(d.dimension, d.field) for d in differences(RUBRIC, new)][:3] == [
        (None, "name"),
        ("champion", "prospect"),
        ("champion", "weight"),
    ]
    assert summary(differences(RUBRIC, new)) == "9 changes"


def test_new_retired_removed_and_asked_again_dimensions() -> None:
    timeliness = Dimension(key="timeliness", label="Timeliness", prospect="On time?", client="On time?")
    old = with_dims(RUBRIC, *RUBRIC.dimensions[:8], retired=(dim("work_joy"),))
    new = with_dims(
        RUBRIC,
        *RUBRIC.dimensions[:6],
        RUBRIC.dimensions[7],
        dim("work_joy"),
        timeliness,
        retired=(dim("style_fit"),),
    )

    assert lines(old, new) == [
        "Asked again: Work you want",
        "New dimension: Timeliness",
        "Retired: Style fit",
    ]
    assert lines(new, with_dims(new, *new.dimensions)) == ["Removed: Style fit"]
    assert lines(new, with_dims(new, *new.dimensions[:-1], retired=new.retired)) == ["Removed: Timeliness"]


def test_a_new_order_is_one_line() -> None:
    new = with_dims(RUBRIC, *reversed(RUBRIC.dimensions))

    assert lines(RUBRIC, new) == ["The dimensions are asked in a new order."]


def test_a_rename_reads_in_the_current_language() -> None:
    new = replaced(RUBRIC, dim("negotiation_tone", label={"en": "Tone", "nl": "Toon"}))
    only_dutch = replaced(RUBRIC, dim("negotiation_tone", label={"en": "Negotiation tone", "nl": "Toon"}))

    assert lines(RUBRIC, new) == ["Renamed: Negotiation tone → Tone"]
    assert lines(RUBRIC, only_dutch) == ["Negotiation tone: name reworded in another language"]
    kept = differences(RUBRIC, new)
    with use_language("nl"):
        assert "Onderhandelingstoon" in str(kept[0]) and "Toon" in str(kept[0])


def test_every_rule_has_a_label_and_a_help_sentence() -> None:
    for rule in RULES:
        assert str(rule.label) and str(rule.help).endswith("."), rule.path
        assert rule.value(getattr(getattr(RUBRIC, rule.section), rule.name))
