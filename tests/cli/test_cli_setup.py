"""Running `cli.py` as the README says, from a fresh clone: the wrong Python explains itself,
and `demo` says where it wrote."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CLI = REPO / "cli.py"
NOTHING_DONE = 2


def _run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args),
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )


def test_a_python_without_the_dependencies_says_how_to_run_it_in_two_lines(tmp_path: Path) -> None:
    # -S: no site-packages, so none of requirements.txt; -I: no PYTHONPATH, no user site either.
    bare = _run(sys.executable, "-S", "-I", "-c", "import sqlalchemy", cwd=tmp_path)
    assert bare.returncode != 0, "the test needs an interpreter that lacks the dependencies"

    result = _run(sys.executable, "-S", "-I", str(CLI), "demo", cwd=tmp_path)

    assert result.returncode == NOTHING_DONE
    assert "Traceback" not in result.stderr and result.stdout == ""
    first, second = result.stderr.splitlines()
    assert "sqlalchemy" in first and "run it as .venv/bin/python cli.py demo" in first
    assert "install with:" in second and "pip install -r requirements.txt" in second


def test_demo_says_which_database_it_filled(tmp_path: Path) -> None:
    database = tmp_path / "demo.db"
    env = os.environ | {"THINSLICE_DATABASE_URL": f"sqlite:///{database}"}

    result = _run(sys.executable, str(CLI), "demo", cwd=tmp_path, env=env)

    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    assert line.startswith("demo: added ") and line.endswith(f"example accounts to sqlite:///{database}")
    assert database.is_file()
