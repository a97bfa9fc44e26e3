"""Loading the rubric file: the default one works, a broken one is refused precisely."""

from __future__ import annotations

import pytest

from scoring import (
    DEFAULT_RUBRIC_PATH,
    Answer,
    RubricError,
    default_rubric,
    load_rubric,
    parse_rubric,
)

DEFAULT_TEXT = DEFAULT_RUBRIC_PATH.read_text(encoding="utf-8")
VERSION_LINE = DEFAULT_TEXT.splitlines().index("version = 1") + 1


def test_the_default_rubric_has_the_ten_stable_keys_in_order(default_keys):
    rubric = default_rubric()

    assert len(rubric.dimensions) == 10
    assert rubric.keys == default_keys
    assert rubric.key == "thinslice"
    assert rubric.version >= 1


def test_respect_is_the_only_knockout_in_the_default_rubric():
    rubric = default_rubric()

    assert [d.key for d in rubric.dimensions if d.knockout] == ["respect"]


def test_the_default_rubric_uses_the_documented_verdict_rules():
    rules = default_rubric().verdict

    assert rules.threshold == 80
    assert rules.floor is Answer.HELL_NO
    assert rules.knockout_at is Answer.NO


def test_every_default_dimension_has_both_phrasings_and_equal_weight():
    for dim in default_rubric().dimensions:
        assert dim.prospect.strip(), dim.key
        assert dim.client.strip(), dim.key
        assert dim.prospect != dim.client, dim.key
        assert dim.weight == 1.0, dim.key


def test_a_plain_string_is_the_same_text_in_every_language():
    rubric = parse_rubric(edited(PAYMENT_LABEL, 'label = "Paying"\n'))

    assert rubric.dimension("payment").label_text.text("en") == "Paying"
    assert rubric.dimension("payment").label_text.text("nl") == "Paying"


def test_a_language_left_out_reads_the_english():
    rubric = parse_rubric(edited(PAYMENT_LABEL, 'label = { en = "Paying" }\n'))

    assert rubric.dimension("payment").label_text.text("nl") == "Paying"


def test_a_rubric_dumped_and_read_back_is_the_same_rubric():
    rubric = default_rubric()
    again = type(rubric).model_validate(rubric.model_dump(mode="json"))

    assert again == rubric
    assert hash(again) == hash(rubric)


def test_loading_the_default_file_from_disk_gives_the_default_rubric():
    assert load_rubric(DEFAULT_RUBRIC_PATH) == default_rubric()
    assert load_rubric(str(DEFAULT_RUBRIC_PATH)) == default_rubric()


def line_starting(start: str) -> str:
    """The one line of the default rubric that starts with `start`, with its line break."""
    lines = [line for line in DEFAULT_TEXT.splitlines(keepends=True) if line.startswith(start)]
    assert len(lines) == 1, f"the default rubric no longer has one line starting {start!r}"
    return lines[0]


PAYMENT_PROSPECT = line_starting('prospect = { en = "Did they agree to clear payment terms')
PAYMENT_LABEL = line_starting('label = { en = "Payment reliability"')


def edited(old: str, new: str) -> str:
    assert DEFAULT_TEXT.count(old) == 1, f"the default rubric no longer contains {old!r} once"
    return DEFAULT_TEXT.replace(old, new)


BROKEN = {
    "bad_toml": (
        edited("version = 1", "version = "),
        ["not valid TOML", f"line {VERSION_LINE}"],
    ),
    "negative_weight": (
        edited('key = "champion"', 'key = "champion"\nweight = -1'),
        ["dimensions[2] (champion).weight", "greater than 0"],
    ),
    "duplicate_key": (
        edited('key = "style_fit"', 'key = "scope"'),
        ["dimensions", "'scope' appears twice"],
    ),
    "missing_prospect_phrasing": (
        edited(PAYMENT_PROSPECT, ""),
        ["dimensions[4] (payment).prospect", "Field required"],
    ),
    "prospect_phrasing_without_english": (
        edited(PAYMENT_PROSPECT, 'prospect = { nl = "Betaalden ze op tijd?" }\n'),
        ["dimensions[4] (payment).prospect.en", "Field required"],
    ),
    "prospect_phrasing_in_an_unknown_language": (
        edited(PAYMENT_PROSPECT, 'prospect = { en = "Paid on time?", xx = "?" }\n'),
        ["dimensions[4] (payment).prospect.xx", "Extra inputs are not permitted"],
    ),
    "dutch_label_too_long": (
        edited(PAYMENT_LABEL, f'label = {{ en = "Payment", nl = "{"Betaling " * 10}" }}\n'),
        ["dimensions[4] (payment).label", "at most 60 characters"],
    ),
    "hell_yes_floor": (
        edited('floor = "hell_no"', 'floor = "hell_yes"'),
        ["verdict", "floor cannot be hell_yes"],
    ),
    "unknown_field": (
        edited('key = "payment"', 'key = "payment"\ncolour = "red"'),
        ["dimensions[4] (payment).colour", "Extra inputs are not permitted"],
    ),
    "unknown_floor_word": (
        edited('floor = "hell_no"', 'floor = "nope"'),
        ["verdict.floor", "'hell_no'"],
    ),
    "threshold_above_100": (
        edited("threshold = 80", "threshold = 120"),
        ["verdict.threshold", "less than or equal to 100"],
    ),
    "version_zero": (
        edited("version = 1", "version = 0"),
        ["version", "greater than or equal to 1"],
    ),
    "key_not_a_stable_key": (
        edited('key = "scope"', 'key = "Scope Discipline"'),
        ["dimensions[5] (Scope Discipline).key", "pattern"],
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_rubric_file_is_refused_naming_file_field_and_problem(tmp_path, case):
    text, expected = BROKEN[case]
    path = tmp_path / "my rubric.toml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(RubricError) as caught:
        load_rubric(path)

    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    for part in expected:
        assert part in message


def test_every_problem_in_a_rubric_file_is_reported_at_once(tmp_path):
    text = edited('key = "champion"', 'key = "champion"\nweight = -1')
    text = text.replace('key = "payment"', 'key = "payment"\ncolour = "red"')
    path = tmp_path / "rubric.toml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(RubricError) as caught:
        load_rubric(path)

    assert "dimensions[2] (champion).weight" in str(caught.value)
    assert "dimensions[4] (payment).colour" in str(caught.value)


def test_a_missing_rubric_file_is_refused_naming_it(tmp_path):
    path = tmp_path / "nowhere.toml"

    with pytest.raises(RubricError, match="cannot read the rubric file") as caught:
        load_rubric(path)

    assert str(path) in str(caught.value)


def test_a_rubric_file_that_is_not_utf8_is_refused_naming_it(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes(b'name = "Caf\xe9"\n')

    with pytest.raises(RubricError) as caught:
        load_rubric(path)

    assert str(path) in str(caught.value)


def test_a_rubric_text_is_refused_naming_its_source():
    with pytest.raises(RubricError) as caught:
        parse_rubric('key = "x"\nversion = 1\nname = "X"\ndimensions = []', "pasted text")

    assert str(caught.value).startswith("pasted text: dimensions:")


def test_a_rubric_without_dimensions_is_refused():
    with pytest.raises(RubricError, match="dimensions: Field required"):
        parse_rubric('key = "x"\nversion = 1\nname = "X"\n')


def test_a_changed_copy_of_a_rubric_has_its_own_keys_and_hash() -> None:
    """`keys` and the hash are computed once per rubric; a copy with other dimensions must not reuse them."""
    rubric = default_rubric()
    assert rubric.keys[0] == "negotiation_tone" and hash(rubric) == hash(default_rubric())
    fewer = rubric.model_copy(update={"dimensions": rubric.dimensions[1:]})
    assert fewer.keys == rubric.keys[1:]
    assert hash(fewer) != hash(rubric) and fewer != rubric
    assert hash(rubric.model_copy()) == hash(rubric) and rubric.model_copy() == rubric
