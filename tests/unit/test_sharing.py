"""Capability links: the token, its hash, its shape check, a link's state and the URL handed out."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import string

import pytest

from scoring.sharing import ShareLink, hash_token, looks_like_token, new_token, share_url

CREATED = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)
EXPIRES = CREATED + dt.timedelta(days=30)
TICK = dt.timedelta(microseconds=1)
URL_SAFE = set(string.ascii_letters + string.digits + "-_")


def decoded(token: str) -> bytes:
    return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))


def link(**changes: object) -> ShareLink:
    values: dict[str, object] = {
        "id": 1,
        "account_id": 7,
        "created_at": CREATED,
        "expires_at": EXPIRES,
    }
    return ShareLink.model_validate(values | changes)


# -- the token ----------------------------------------------------------------------------------


def test_a_new_token_carries_256_random_bits() -> None:
    token = new_token()

    assert len(decoded(token)) == 32
    assert len(token) >= 43


def test_a_new_token_uses_only_url_safe_characters() -> None:
    for _ in range(100):
        assert set(new_token()) <= URL_SAFE


def test_a_thousand_new_tokens_are_all_different() -> None:
    tokens = [new_token() for _ in range(1_000)]

    assert len(set(tokens)) == 1_000
    assert len({decoded(t) for t in tokens}) == 1_000


def test_the_stored_hash_is_the_sha256_hex_digest_of_the_token() -> None:
    token = new_token()

    assert hash_token(token) == hashlib.sha256(token.encode("utf-8")).hexdigest()
    assert len(hash_token(token)) == 64
    assert token not in hash_token(token)


def test_different_tokens_hash_differently_and_the_same_token_hashes_the_same() -> None:
    first, second = new_token(), new_token()

    assert hash_token(first) == hash_token(first)
    assert hash_token(first) != hash_token(second)


# -- the shape check ----------------------------------------------------------------------------


def test_a_freshly_minted_token_looks_like_a_token() -> None:
    assert all(looks_like_token(new_token()) for _ in range(100))


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("A" * 42, id="one-character-short"),
        pytest.param("abc", id="short"),
        pytest.param("A" * 65, id="too-long"),
        pytest.param("A" * 42 + "+", id="plus-from-standard-base64"),
        pytest.param("A" * 42 + "/", id="slash-from-standard-base64"),
        pytest.param("A" * 43 + "=", id="padding"),
        pytest.param("A" * 21 + " " + "A" * 21, id="space"),
        pytest.param("A" * 42 + "é", id="non-ascii"),
        pytest.param("A" * 43 + "\n", id="trailing-newline"),
        pytest.param("'; DROP TABLE share_links; --" + "A" * 20, id="sql"),
    ],
)
def test_strings_that_are_short_empty_or_not_url_safe_do_not_look_like_tokens(text: str) -> None:
    assert not looks_like_token(text)


# -- a link's state -----------------------------------------------------------------------------


def test_a_link_is_live_until_just_before_its_expiry() -> None:
    share = link()

    assert share.is_live(EXPIRES - TICK)
    assert share.state(EXPIRES - TICK) == "live"


def test_a_link_is_expired_at_the_very_instant_it_expires() -> None:
    share = link()

    assert not share.is_live(EXPIRES)
    assert share.state(EXPIRES) == "expired"
    assert not share.is_live(EXPIRES + TICK)
    assert share.state(EXPIRES + TICK) == "expired"


def test_a_link_without_expiry_stays_live_forever() -> None:
    share = link(expires_at=None)
    far_future = dt.datetime(2999, 1, 1, tzinfo=dt.UTC)

    assert share.is_live(far_future)
    assert share.state(far_future) == "live"


def test_revocation_beats_a_link_that_would_still_be_live() -> None:
    share = link(revoked_at=CREATED + dt.timedelta(days=1))
    before_expiry = CREATED + dt.timedelta(days=2)

    assert not share.is_live(before_expiry)
    assert share.state(before_expiry) == "revoked"


def test_revocation_beats_a_link_that_never_expires() -> None:
    share = link(expires_at=None, revoked_at=CREATED + dt.timedelta(hours=1))

    assert not share.is_live(CREATED + dt.timedelta(hours=2))
    assert share.state(CREATED + dt.timedelta(hours=2)) == "revoked"


def test_a_revoked_link_that_has_also_expired_reads_as_revoked() -> None:
    share = link(revoked_at=CREATED + dt.timedelta(days=1))

    assert share.state(EXPIRES + dt.timedelta(days=1)) == "revoked"


# -- the URL ------------------------------------------------------------------------------------


@pytest.mark.parametrize("base", ["https://slice.example", "https://slice.example/"])
def test_the_url_is_the_scorecard_page_with_the_token_whether_or_not_the_base_ends_in_a_slash(
    base: str,
) -> None:
    token = new_token()

    assert share_url(base, token) == f"https://slice.example/scorecard?t={token}"


def test_the_url_keeps_a_base_path_such_as_a_reverse_proxy_prefix() -> None:
    assert (
        share_url("https://host.example/thinslice/", "tok")
        == "https://host.example/thinslice/scorecard?t=tok"
    )
