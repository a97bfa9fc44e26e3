"""Who gets in once sign-in is on: the `[access]` allow-list, the decision on a signed-in address,
and the `[auth]` cookie secret that must not be guessable."""

from __future__ import annotations

import base64
import re
import secrets
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ui.access import (
    COOKIE_SECRET_PLACEHOLDERS,
    AccessConfigError,
    AllowList,
    Decision,
    check_cookie_secret,
    decide,
    parse_allow_list,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_SECRETS = REPO_ROOT / ".streamlit" / "secrets.toml.example"
TEAM = parse_allow_list({"allowed_emails": ["Owner@Example.org"], "allowed_domains": ["example.com"]})


def test_the_allow_list_loads_without_streamlit() -> None:
    """A fresh interpreter, since this one may have imported streamlit for another test."""
    probe = "import sys, ui.access; sys.exit('streamlit' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO_ROOT, timeout=60, check=False)
    assert done.returncode == 0


def test_a_listed_address_gets_in_whatever_its_case_or_spacing() -> None:
    assert decide(TEAM, "owner@example.org") is Decision.ALLOWED
    assert decide(TEAM, "  OWNER@EXAMPLE.ORG ") is Decision.ALLOWED


def test_anyone_at_a_listed_domain_gets_in() -> None:
    assert decide(TEAM, "new.hire@example.com") is Decision.ALLOWED
    assert decide(TEAM, "Boss@EXAMPLE.COM") is Decision.ALLOWED


def test_a_listed_address_does_not_open_its_whole_domain() -> None:
    assert decide(TEAM, "someone.else@example.org") is Decision.NOT_LISTED


@pytest.mark.parametrize(
    "email",
    [
        "mallory@evil-example.com",
        "mallory@notexample.com",
        "mallory@example.com.evil.org",
        "mallory@sub.example.com",
        "mallory@example.co",
        "example.com@evil.org",
        "mallory@evil.org@example.co",
        "owner@example.org.evil.org",
        "owner.example.org@evil.org",
    ],
)
def test_a_look_alike_address_or_domain_stays_out(email: str) -> None:
    assert decide(TEAM, email) is Decision.NOT_LISTED


def test_the_domain_is_what_follows_the_last_at_sign() -> None:
    assert decide(TEAM, '"odd@evil.org"@example.com') is Decision.ALLOWED
    assert decide(TEAM, "odd@example.com@evil.org") is Decision.NOT_LISTED


@given(
    local=st.from_regex(r"[a-z0-9._+-]{1,20}", fullmatch=True),
    domain=st.from_regex(r"[a-z0-9-]{1,12}(\.[a-z0-9-]{1,12}){0,3}", fullmatch=True),
)
@settings(deadline=None)
def test_a_domain_entry_admits_exactly_its_own_domain(local: str, domain: str) -> None:
    allow = AllowList(domains=frozenset({"example.com"}))
    expected = Decision.ALLOWED if domain == "example.com" else Decision.NOT_LISTED
    assert decide(allow, f"{local}@{domain}") is expected


@pytest.mark.parametrize("verified", [False, "false", "False"])
def test_an_address_the_provider_has_not_verified_stays_out(verified: object) -> None:
    assert decide(TEAM, "owner@example.org", verified) is Decision.UNVERIFIED


@pytest.mark.parametrize("verified", [True, "true", None])
def test_a_verified_address_or_one_from_a_provider_that_does_not_say_gets_in(verified: object) -> None:
    assert decide(TEAM, "owner@example.org", verified) is Decision.ALLOWED


@pytest.mark.parametrize("email", [None, "", "   ", "no-at-sign", "@example.com", "owner@", 42])
def test_a_sign_in_without_a_usable_address_stays_out(email: object) -> None:
    assert decide(TEAM, email) is Decision.NO_EMAIL


@pytest.mark.parametrize(
    "section",
    [None, {}, {"allowed_emails": [], "allowed_domains": []}],
)
def test_without_an_allow_list_nobody_gets_in(section: dict[str, object] | None) -> None:
    allow = parse_allow_list(section)
    assert allow.is_empty
    assert decide(allow, "owner@example.org") is Decision.NO_ALLOW_LIST


def test_entries_are_read_case_insensitively_and_a_domain_may_start_with_an_at_sign() -> None:
    allow = parse_allow_list(
        {"allowed_emails": [" Ann@Example.ORG "], "allowed_domains": ["@Agency.Example"]}
    )
    assert allow == AllowList(emails=frozenset({"ann@example.org"}), domains=frozenset({"agency.example"}))


def test_a_single_string_is_read_as_a_list_of_one() -> None:
    allow = parse_allow_list({"allowed_emails": "ann@example.org", "allowed_domains": "example.com"})
    assert allow == AllowList(emails=frozenset({"ann@example.org"}), domains=frozenset({"example.com"}))


@pytest.mark.parametrize(
    ("section", "names"),
    [
        ({"allowed_email": ["ann@example.org"]}, "unknown keys: allowed_email"),
        ({"allowed_emails": {"ann": "ann@example.org"}}, "allowed_emails must be a list"),
        ({"allowed_domains": 7}, "allowed_domains must be a list"),
        (
            {"allowed_emails": ["ann@example.org", "example.com"]},
            "allowed_emails[1] is not an e-mail address",
        ),
        ({"allowed_emails": [7]}, "allowed_emails[0] is not an e-mail address"),
        ({"allowed_domains": ["*.example.com"]}, "allowed_domains[0] is not a domain"),
        ({"allowed_domains": ["ann@example.com"]}, "allowed_domains[0] is not a domain"),
        ({"allowed_domains": ["example.com", ""]}, "allowed_domains[1] is not a domain"),
        ({"allowed_domains": [".example.com"]}, "allowed_domains[0] is not a domain"),
        ({"allowed_domains": ["https://example.com"]}, "allowed_domains[0] is not a domain"),
    ],
)
def test_a_broken_allow_list_is_refused_naming_the_key(section: dict[str, object], names: str) -> None:
    with pytest.raises(AccessConfigError, match=re.escape(names)):
        parse_allow_list(section)


def test_a_refused_entry_is_not_repeated_in_the_message() -> None:
    """The message can reach a signed-in stranger, so it must not leak who is on the list."""
    with pytest.raises(AccessConfigError) as refused:
        parse_allow_list({"allowed_emails": ["ann@example.org", "bob-at-example.org"]})
    assert "bob" not in str(refused.value)


def test_the_example_secrets_file_has_a_valid_allow_list_and_every_auth_key() -> None:
    example = tomllib.loads(EXAMPLE_SECRETS.read_text(encoding="utf-8"))
    assert set(example["auth"]) == {
        "redirect_uri",
        "cookie_secret",
        "client_id",
        "client_secret",
        "server_metadata_url",
    }
    assert not parse_allow_list(example["access"]).is_empty


def _example_cookie_secret() -> object:
    return tomllib.loads(EXAMPLE_SECRETS.read_text(encoding="utf-8"))["auth"]["cookie_secret"]


def test_the_example_files_cookie_secret_is_a_known_placeholder() -> None:
    """Keeps the list in code and the example file in step: edit one, this fails until the other follows."""
    assert _example_cookie_secret() in COOKIE_SECRET_PLACEHOLDERS


def test_the_example_files_cookie_secret_copied_unchanged_is_refused() -> None:
    with pytest.raises(AccessConfigError, match=re.escape("[auth] cookie_secret is still a placeholder")):
        check_cookie_secret({"cookie_secret": _example_cookie_secret()})


@pytest.mark.parametrize(
    "secret",
    [
        "replace-with-a-long-random-string",
        "  REPLACE-WITH-A-LONG-RANDOM-STRING  ",
        "please-replace-me-with-something-long-and-random",
        "changeme-changeme-changeme-changeme",
        "Change-Me-Before-You-Deploy-This-App-Anywhere",
        "change_me_before_you_deploy_this_app_anywhere",
        "your-cookie-secret-goes-here-and-is-long",
        "placeholder-placeholder-placeholder",
        "x" * 64,
        "0" * 64,
    ],
)
def test_a_placeholder_cookie_secret_is_refused_however_long(secret: str) -> None:
    with pytest.raises(AccessConfigError, match=re.escape("[auth] cookie_secret is still a placeholder")):
        check_cookie_secret({"cookie_secret": secret})


@pytest.mark.parametrize(
    "secret",
    [
        "",
        "   ",
        "secret",
        "an-app-test-cookie-secret",
        "9f2c4e1a7b3d8f6e0c5a2b9d4e7f1a",  # 30 hex characters
        " 9f2c4e1a7b3d8f6e0c5a2b9d4e7f1a  ",  # 33 with the spaces, which do not count
    ],
)
def test_a_cookie_secret_under_32_characters_is_refused(secret: str) -> None:
    with pytest.raises(AccessConfigError, match=re.escape("[auth] cookie_secret is too short")):
        check_cookie_secret({"cookie_secret": secret})


@pytest.mark.parametrize(
    ("auth", "says"),
    [
        ({"redirect_uri": "https://slice.example.com/oauth2callback"}, "[auth] cookie_secret is missing"),
        ({"cookie_secret": None}, "[auth] cookie_secret is missing"),
        ({"cookie_secret": 12345678901234567890123456789012345}, "[auth] cookie_secret must be a string"),
        ({"cookie_secret": [secrets.token_hex(32)]}, "[auth] cookie_secret must be a string"),
        ("not-a-section", "[auth] must be a section"),
    ],
)
def test_a_missing_or_mistyped_cookie_secret_is_refused(auth: object, says: str) -> None:
    with pytest.raises(AccessConfigError, match=re.escape(says)):
        check_cookie_secret(auth)


@pytest.mark.parametrize(
    "secret",
    [
        "replace-with-a-long-random-string",
        "q7Zp2k",
        "x" * 64,
        None,
        12345,
    ],
)
def test_a_refused_cookie_secret_message_says_how_to_make_one_and_never_repeats_it(secret: object) -> None:
    """The refusal is shown to anyone who opens a page, so it names the key, never the value."""
    with pytest.raises(AccessConfigError) as refused:
        check_cookie_secret({"cookie_secret": secret})
    message = str(refused.value)
    assert "[auth] cookie_secret" in message
    assert 'python -c "import secrets; print(secrets.token_hex(32))"' in message
    if isinstance(secret, str):
        assert secret not in message


@pytest.mark.parametrize(
    "secret",
    [
        pytest.param(secrets.token_hex(32), id="token_hex(32)"),
        pytest.param(secrets.token_hex(16), id="token_hex(16)"),
        pytest.param(secrets.token_urlsafe(32), id="token_urlsafe(32)"),
        pytest.param(base64.b64encode(secrets.token_bytes(32)).decode(), id="base64"),
        pytest.param("correct horse battery staple, then seventeen more words", id="passphrase"),
    ],
)
def test_a_long_random_cookie_secret_is_accepted(secret: str) -> None:
    check_cookie_secret({"cookie_secret": secret, "client_id": "thin-slice"})


def test_no_random_hex_or_base64_secret_is_mistaken_for_a_placeholder() -> None:
    """Random bytes, not Hypothesis: it would rightly find all-zero bytes, which are refused."""
    for _ in range(2000):
        raw = secrets.token_bytes(24)
        for secret in (raw.hex(), base64.b64encode(raw).decode(), base64.urlsafe_b64encode(raw).decode()):
            check_cookie_secret({"cookie_secret": secret})
