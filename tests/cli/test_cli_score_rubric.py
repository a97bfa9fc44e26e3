"""`cli.py score FILE --rubric RUBRIC.toml`: the same file scored with a rubric of your own, and a
broken rubric refused with one line per problem, nothing written."""

from __future__ import annotations

from pathlib import Path

from scoring.rubric import DEFAULT_RUBRIC_PATH
from tests.cli.test_cli_score import RUBRIC, csv_file, data_line, run, scored


def _rubric_file(tmp_path: Path, old: str, new: str) -> Path:
    text = DEFAULT_RUBRIC_PATH.read_text(encoding="utf-8")
    assert old in text, f"the default rubric no longer holds {old!r}"
    path = tmp_path / "mine.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_stricter_threshold_turns_a_yes_into_a_no(tmp_path: Path) -> None:
    # All "yes" and two "hell yes": 80 on the default rubric, exactly its threshold.
    cells = {key: "yes" for key in RUBRIC.keys} | {"negotiation_tone": "hell_yes", "style_fit": "hell_yes"}
    path = csv_file(tmp_path, data_line("Edge", **cells))
    mine = _rubric_file(tmp_path, "threshold = 80", "threshold = 90")

    default = run("score", str(path), "--today", "2025-06-01", cwd=tmp_path)
    stricter = run("score", str(path), "--today", "2025-06-01", "--rubric", str(mine), cwd=tmp_path)

    assert default.returncode == 0 and stricter.returncode == 0, stricter.stderr
    assert scored(default.stdout)["Edge"]["verdict"] == "hell_yes"
    assert scored(stricter.stdout)["Edge"]["verdict"] == "hell_no"
    assert scored(stricter.stdout)["Edge"]["score"] == scored(default.stdout)["Edge"]["score"]


def test_a_broken_rubric_gets_one_line_per_problem_and_nothing_is_written(tmp_path: Path) -> None:
    path = csv_file(tmp_path, data_line("Anyone"))
    broken = _rubric_file(tmp_path, "threshold = 80", "threshold = 120")
    text = broken.read_text(encoding="utf-8").replace(
        'key = "negotiation_tone"', 'key = "negotiation_tone"\nweight = 0', 1
    )
    broken.write_text(text, encoding="utf-8")
    out = tmp_path / "scored.csv"

    done = run("score", str(path), "--rubric", str(broken), "--out", str(out), cwd=tmp_path)

    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 2, done.stderr
    assert any("verdict.threshold" in line for line in lines)
    assert any(".weight" in line and "(" in line for line in lines), "names the dimension"
    assert all(line.startswith(str(broken)) for line in lines)
    assert "Traceback" not in done.stderr
    assert not out.exists()


def test_a_missing_rubric_file_is_one_line(tmp_path: Path) -> None:
    path = csv_file(tmp_path, data_line("Anyone"))
    done = run("score", str(path), "--rubric", str(tmp_path / "nope.toml"), cwd=tmp_path)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert "cannot read the rubric file" in done.stderr
