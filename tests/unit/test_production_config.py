"""The production settings in `.streamlit/config.toml`, and the Streamlit release they need.

Each setting is read as the file states it. Streamlit ignores an option it does not
know without a word, so a misspelt key would look hardened and be nothing: every key
is also checked against the options the installed Streamlit defines.
tests/e2e/test_production_server.py checks that a running server enforces them.
"""

from __future__ import annotations

import importlib.metadata
import tomllib
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.version import Version
from streamlit import config as streamlit_config

from formats import csvcodec

REPO_ROOT = Path(__file__).resolve().parents[2]
CONFIG = REPO_ROOT / ".streamlit" / "config.toml"
REQUIREMENTS = REPO_ROOT / "requirements.txt"
# Every published Streamlit advisory is fixed in 1.60 or earlier (see requirements.txt).
MIN_STREAMLIT = Version("1.60")
MB = 1024 * 1024

HARDENING = {
    "server.enableXsrfProtection": True,
    "server.enableCORS": True,
    "server.address": "127.0.0.1",
    "server.allowedHosts": ["localhost", "127.0.0.1"],
    "server.headless": True,
    "server.runOnSave": False,
    "server.fileWatcherType": "none",
    "server.enableStaticServing": False,
    "server.enableAgentApi": False,
    "client.toolbarMode": "minimal",
    "client.showErrorDetails": "none",
    "client.showErrorLinks": False,
    "client.disableDataExport": True,
    "client.showSidebarNavigation": False,
    "runner.magicEnabled": False,
    "browser.gatherUsageStats": False,
}


@pytest.fixture(scope="module")
def settings() -> dict[str, Any]:
    """The file flattened to Streamlit's own `section.option` names."""
    with CONFIG.open("rb") as file:
        parsed = tomllib.load(file)
    return {f"{section}.{key}": value for section, table in parsed.items() for key, value in table.items()}


@pytest.mark.parametrize(("option", "expected"), HARDENING.items(), ids=list(HARDENING))
def test_the_config_file_sets_each_hardening_option(
    settings: dict[str, Any], option: str, expected: object
) -> None:
    assert option in settings, f"{CONFIG.name} does not set {option}"
    assert settings[option] == expected


def test_the_server_refuses_uploads_larger_than_the_csv_import_takes(settings: dict[str, Any]) -> None:
    # maxUploadSize is in whole megabytes; the import limit must be one, or the two cannot agree.
    assert csvcodec.MAX_IMPORT_BYTES % MB == 0
    assert settings["server.maxUploadSize"] == csvcodec.MAX_IMPORT_BYTES // MB


def test_every_option_in_the_config_file_is_one_streamlit_knows(settings: dict[str, Any]) -> None:
    known = streamlit_config.get_config_options()
    unknown = sorted(option for option in settings if option not in known)
    assert unknown == [], f"Streamlit would silently ignore {unknown}"


def test_the_installed_streamlit_has_every_published_fix() -> None:
    installed = Version(importlib.metadata.version("streamlit"))
    assert installed >= MIN_STREAMLIT, f"streamlit {installed} is older than {MIN_STREAMLIT}"


def test_requirements_never_let_an_older_streamlit_in() -> None:
    lines = [line.split("#")[0].strip() for line in REQUIREMENTS.read_text().splitlines()]
    pins = [Requirement(line) for line in lines if line and Requirement(line).name.lower() == "streamlit"]
    assert len(pins) == 1, f"expected one streamlit line in {REQUIREMENTS.name}, found {len(pins)}"
    older = ["1.0.0", "1.40.0", "1.50.0", "1.59.0", "1.59.99"]
    admitted = list(pins[0].specifier.filter(older, prereleases=True))
    assert admitted == [], f"{pins[0]} admits streamlit {admitted}"
