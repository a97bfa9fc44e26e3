"""The app's server collects cyclic garbage less often than a small script would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_importing_the_shell_sets_the_servers_collector_thresholds() -> None:
    """A fresh process, so nothing imported before can have set them."""
    script = (
        "import gc; before = gc.get_threshold()\n"
        "from ui.shell import COLLECTOR_THRESHOLDS\n"
        "print(before, gc.get_threshold() == COLLECTOR_THRESHOLDS, COLLECTOR_THRESHOLDS[0] > before[0])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split()[-2:] == ["True", "True"]
