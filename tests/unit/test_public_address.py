"""A share link that only this computer can open is recognised, whichever way its address is written."""

from __future__ import annotations

import pytest

from scoring.public_address import PUBLIC_URL_VAR, is_local_only, local_only_warning


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:8501",
        "http://LOCALHOST:8501/scorecard?t=abc",
        "http://127.0.0.1:8501",
        "https://127.5.6.7",
        "http://[::1]:8501",
        "http://[::ffff:127.0.0.1]:8501",
        "http://app.localhost",
        "localhost:8501",
        "http://0.0.0.0:8501",
    ],
)
def test_addresses_of_this_computer_are_local_only(url: str) -> None:
    assert is_local_only(url)
    warning = local_only_warning(url)
    assert warning is not None and "nobody else can open it" in warning and PUBLIC_URL_VAR in warning


@pytest.mark.parametrize(
    "url",
    [
        "https://slice.example",
        "http://192.168.1.20:8501",
        "http://10.0.0.5",
        "http://[2001:db8::1]:8501",
        "http://localhost.example.com",
        "http://128.0.0.1",
        "",
        "not a url at all",
    ],
)
def test_addresses_others_can_reach_are_not(url: str) -> None:
    assert not is_local_only(url)
    assert local_only_warning(url) is None


def test_the_warning_names_the_host_it_found() -> None:
    warning = local_only_warning("http://127.0.0.1:8501")
    assert warning is not None and warning.startswith("This link points at 127.0.0.1, which is this computer")
