"""Load a rubric from its TOML file, refusing a broken one with a precise message."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from scoring.models import Rubric

DEFAULT_RUBRIC_PATH = Path(__file__).with_name("default_rubric.toml")


class RubricError(ValueError):
    """A rubric file that cannot be used. The message names the file, the field and the problem;
    `problems` holds one such line per problem (a command prints each on a line of its own)."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems if problems is not None else [message]


def _location(data: Any, loc: tuple[int | str, ...]) -> str:
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


def parse_rubric(text: str, source: str = "<rubric>") -> Rubric:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RubricError(f"{source}: not valid TOML: {exc}") from None
    try:
        return Rubric.model_validate(data)
    except ValidationError as exc:
        problems = [f"{_location(data, tuple(err['loc']))}: {err['msg']}" for err in exc.errors()]
        raise RubricError(
            f"{source}: " + "; ".join(problems), [f"{source}: {problem}" for problem in problems]
        ) from None


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
