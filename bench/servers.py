"""`streamlit run` on 127.0.0.1 and Debian's Chromium, as the browser tests and the benchmark use them.

One place for how the app is started (the flags, the health check, a polite stop
that kills after a bound) so that what the benchmark measures is what the browser
tests drive.
"""

from __future__ import annotations

import functools
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path

from storage import ENV_VAR

REPO_ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STARTUP_TIMEOUT_S = 60
STOP_TIMEOUT_S = 10


class NotHealthy(RuntimeError):
    """A server that exited or did not answer its health check in time; the message ends with its log."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def healthy(base: str) -> bool:
    """Whether the Streamlit server at `base` (http://host:port) answers its health check."""
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
            return bool(response.read().decode().strip() == "ok")
    except (urllib.error.URLError, OSError):
        return False


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Terminate politely, kill after STOP_TIMEOUT_S. Safe to call twice."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=STOP_TIMEOUT_S)


def launch(
    url: str,
    script: str,
    port: int,
    log: Path,
    env: Mapping[str, str] | None = None,
    cpus: frozenset[int] | None = None,
) -> subprocess.Popen[bytes]:
    """`streamlit run script` on 127.0.0.1:port against the database at `url`, output into `log`;
    `env`, variables the script reads besides the database URL (a benchmark floor's input);
    `cpus`, the only processors the server may run on."""
    pin = None if cpus is None else functools.partial(os.sched_setaffinity, 0, cpus)
    with log.open("wb") as out:  # the child keeps its own handle
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                script,
                "--server.headless=true",
                "--server.address=127.0.0.1",
                f"--server.port={port}",
                "--browser.gatherUsageStats=false",
                "--server.fileWatcherType=none",
            ],
            cwd=REPO_ROOT,
            env={**os.environ, **(env or {}), ENV_VAR: url},
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=pin,
        )


def wait_until_healthy(proc: subprocess.Popen[bytes], base: str, log: Path, deadline: float) -> None:
    """Poll the health check (a port has no event to await) until it answers; NotHealthy, with the
    end of the log, when the server exits or `deadline` (time.monotonic()) passes. Stops it then."""
    while not healthy(base):
        if proc.poll() is not None or time.monotonic() > deadline:
            stop(proc)
            tail = log.read_text(errors="replace")[-3000:]
            raise NotHealthy(f"streamlit did not become healthy on {base}:\n{tail}")
        time.sleep(0.2)
