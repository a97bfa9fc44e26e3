"""Load a rubric from its TOML file, refusing a broken one with a precise message."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from scoring.models import Answer, Rubric

DEFAULT_RUBRIC_PATH = Path(__file__).with_name("default_rubric.toml")

#: What a file says for "no floor" (`VerdictRules.floor` None): TOML has no null.
NO_FLOOR = "none"

_ANSWER: TypeAdapter[Answer] = TypeAdapter(Answer)
_BOOL: TypeAdapter[bool] = TypeAdapter(bool)


class RubricError(ValueError):
    """A rubric file that cannot be used. The message names the file, the field and the problem;
    `problems` holds one such line per problem (a command prints each on a line of its own)."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems if problems is not None else [message]


Location = tuple[int | str, ...]


def _location(data: Any, loc: Location) -> str:
    """Turn pydantic's ('dimensions', 3, 'weight') into 'dimensions[3] (payment).weight'."""
    parts: list[str] = []
    node = data
    for item in loc:
        if isinstance(item, int):
            label = f"[{item}]"
            if isinstance(node, list) and 0 <= item < len(node):
                node = node[item]
                if isinstance(node, dict) and isinstance(node.get("key"), str):
                    label += f" ({node['key']})"
            parts.append(label)
        else:
            parts.append(("." if parts else "") + item)
            node = node.get(item) if isinstance(node, dict) else None
    return "".join(parts) or "(top level)"


def _read_no_floor(data: dict[str, Any]) -> dict[str, Any]:
    """`floor = "none"` in a file is a rubric without a floor (a copy: the caller's data stays)."""
    verdict = data.get("verdict")
    if isinstance(verdict, dict) and verdict.get("floor") == NO_FLOOR:
        return {**data, "verdict": {**verdict, "floor": None}}
    return data


def _answer(raw: Any) -> Answer | None:
    try:
        return _ANSWER.validate_python(raw)
    except ValidationError:
        return None


def _true(raw: Any) -> bool:
    try:
        return _BOOL.validate_python(raw)
    except ValidationError:
        return False


def _items(raw: Any) -> list[tuple[int, dict[str, Any]]]:
    return (
        [(i, item) for i, item in enumerate(raw) if isinstance(item, dict)] if isinstance(raw, list) else []
    )


def _rule_problems(data: Any) -> list[tuple[Location, str]]:
    """The problems the rubric's own rules find (`Rubric`, `VerdictRules` validators), checked on the
    raw data so they show beside every field error: pydantic runs those rules only once every field
    under them is valid. Each message is word for word the model's, so a problem both find is listed
    once; each names the exact field, and each dimension, where the model names the first."""
    found: list[tuple[Location, str]] = []
    if not isinstance(data, dict):
        return found
    verdict = data.get("verdict")
    if isinstance(verdict, dict):
        for name in ("floor", "knockout_at"):
            if name in verdict and _answer(verdict[name]) is Answer.HELL_YES:
                found.append((("verdict", name), f"{name} cannot be hell_yes: no answer could ever pass it"))
    asked = _items(data.get("dimensions"))
    retired = _items(data.get("retired"))
    for field, items in (("dimensions", asked), ("retired", retired)):
        seen: set[str] = set()
        for i, item in items:
            key = item.get("key")
            if isinstance(key, str):
                if key in seen:
                    found.append(((field, i, "key"), f"dimension key {key!r} appears twice"))
                seen.add(key)
    asked_keys = {item["key"] for _i, item in asked if isinstance(item.get("key"), str)}
    for i, item in retired:
        key = item.get("key")
        if _true(item.get("knockout", False)):
            found.append(
                (
                    ("retired", i, "knockout"),
                    f"retired dimension {key!r} cannot be a knockout: it is no longer asked",
                )
            )
        if isinstance(key, str) and key in asked_keys:
            found.append((("retired", i, "key"), f"dimension key {key!r} is both asked and retired"))
    return found + _reason_problems(data)


def _reason_problems(data: dict[str, Any]) -> list[tuple[Location, str]]:
    """A dimension's reason must be one Thin Slice has a playbook for: a built-in one
    (`scoring/playbooks.toml`) or one of the rubric's own `[[reasons]]`."""
    from scoring.playbooks import playbooks  # here: the playbooks module imports the models

    own = {item.get("key") for _i, item in _items(data.get("reasons"))}
    known = set(playbooks()) | {key for key in own if isinstance(key, str)}
    found: list[tuple[Location, str]] = []
    for field in ("dimensions", "retired"):
        for i, item in _items(data.get(field)):
            reason = item.get("reason")
            if isinstance(reason, str) and reason not in known:
                choices = ", ".join(sorted(playbooks()))
                message = (
                    f"{reason!r} is no reason Thin Slice knows: use one of {choices}, "
                    "or add it under [[reasons]] with its title, why and steps"
                )
                found.append(((field, i, "reason"), message))
    return found


def _problems(data: Any, exc: ValidationError) -> list[str]:
    """Every problem of a rubric that failed validation, one "<field>: <problem>" line each, in the
    order of the file's fields; a problem pydantic and the rule checks both find is listed once."""
    rules = _rule_problems(data)
    theirs = {message for _loc, message in rules}
    found: list[tuple[Location, str]] = []
    for err in exc.errors():
        message = err["msg"]
        if err["type"] == "value_error":
            message = message.removeprefix("Value error, ")
            if message in theirs:
                continue
        found.append((tuple(err["loc"]), message))
    found += rules
    fields = [info.alias or name for name, info in Rubric.model_fields.items()]

    def place(problem: tuple[Location, str]) -> tuple[int, int]:
        loc = problem[0]
        field = fields.index(loc[0]) if loc and loc[0] in fields else len(fields)
        item = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else -1
        return field, item

    lines = [f"{_location(data, loc)}: {message}" for loc, message in sorted(found, key=place)]
    return list(dict.fromkeys(lines))


def parse_rubric(text: str, source: str = "<rubric>") -> Rubric:
    """A rubric from the text of its TOML file (`scoring.rubric_file.dump_rubric` writes one).

    A broken one raises `RubricError` listing every problem it can find at once, one line each:
    "<source>: <field>: <problem>", e.g. "my.toml: dimensions[3] (payment).weight: ...".
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RubricError(f"{source}: not valid TOML: {exc}") from None
    return rubric_from_data(data, source)


def rubric_from_data(data: Any, source: str = "<rubric>") -> Rubric:
    """A rubric from the data of a rubric file (what TOML reads, or an editor's fields in that
    shape), checked exactly as `parse_rubric` checks a file: every problem at once, one line each."""
    if isinstance(data, dict):
        data = _read_no_floor(data)
    try:
        rubric = Rubric.model_validate(data)
    except ValidationError as exc:
        problems = _problems(data, exc)
        raise RubricError(
            f"{source}: " + "; ".join(problems), [f"{source}: {problem}" for problem in problems]
        ) from None
    # What the model cannot check itself: a reason is known to the playbooks.
    unknown = [f"{_location(data, loc)}: {message}" for loc, message in _reason_problems(data)]
    if unknown:
        raise RubricError(f"{source}: " + "; ".join(unknown), [f"{source}: {problem}" for problem in unknown])
    return rubric


def load_rubric(path: Path | str) -> Rubric:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RubricError(f"{path}: cannot read the rubric file: {exc}") from None
    return parse_rubric(text, str(path))


@cache
def default_rubric() -> Rubric:
    return load_rubric(DEFAULT_RUBRIC_PATH)
