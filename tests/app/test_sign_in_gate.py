"""The sign-in gate's decisions through AppTest, which stands in for the identity provider.

`at.secrets` replaces the secrets file and `at.user` is what `st.user` returns, so these
cover the gate's reading of the configuration quickly; tests/e2e/test_sign_in.py signs
in for real through a provider.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

PROSPECT = "Opal Lantern Works"
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "ca9a29cc75adfaee04a1ef0065d7039674cde437e0469c1d978b4f671a59835b",
    "client_id": "thin-slice",
    "client_secret": "not-used-in-app-test",
    "server_metadata_url": "https://id.example.org/.well-known/openid-configuration",
}
ACCESS = {"allowed_emails": ["owner@example.org"], "allowed_domains": ["example.com"]}
EXAMPLE_SECRETS = Path(__file__).resolve().parents[2] / ".streamlit" / "secrets.toml.example"


def _text(at: AppTest) -> str:
    """Everything the page shows as text, tables included."""
    elements: list[Any] = [*at.markdown, *at.title, *at.caption, *at.warning, *at.error, *at.info]
    tables = [table.value.to_string() for table in at.dataframe]
    return "\n".join([*(str(element.value) for element in elements), *tables])


def _sidebar_links(at: AppTest) -> int:
    return len(at.sidebar.get("page_link"))


@pytest.fixture
def gated(app: AppTest, add_prospect: Callable[..., int]) -> AppTest:
    add_prospect(PROSPECT)
    app.secrets = {"auth": AUTH, "access": ACCESS}
    return app


def test_without_auth_in_the_secrets_there_is_no_gate(app: AppTest, add_prospect: Callable[..., int]) -> None:
    add_prospect(PROSPECT)
    app.user = {}
    app.run()
    assert not app.exception
    assert PROSPECT in _text(app)
    assert "Sign out" not in [button.label for button in app.button]
    assert "Signed in as" not in _text(app)


@pytest.mark.parametrize("page", ["home.py", "pages/prospects.py", "pages/clients.py", "pages/data.py"])
def test_a_signed_out_visitor_sees_only_the_sign_in_screen(gated: AppTest, page: str) -> None:
    gated.user = {"is_logged_in": False}
    if page != "home.py":
        gated.switch_page(page)
    gated.run()
    assert not gated.exception
    assert [button.label for button in gated.button] == ["Sign in"]
    assert PROSPECT not in _text(gated)
    assert _sidebar_links(gated) == 0


def test_a_listed_person_sees_the_app_and_who_is_signed_in(gated: AppTest) -> None:
    gated.user = {"is_logged_in": True, "email": "owner@example.org", "email_verified": True}
    gated.run()
    assert not gated.exception
    assert PROSPECT in _text(gated)
    assert "Signed in as `owner@example.org`" in [caption.value for caption in gated.sidebar.caption]
    assert _sidebar_links(gated) > 0


@pytest.mark.parametrize(
    ("access", "user", "says"),
    [
        pytest.param(
            ACCESS, {"email": "stranger@example.net"}, "is not open to that address", id="not-listed"
        ),
        pytest.param(ACCESS, {}, "did not share an e-mail address", id="no-email"),
        pytest.param(None, {"email": "owner@example.org"}, "nobody is on the allow-list yet", id="no-list"),
        pytest.param(
            {"allowed_email": ["owner@example.org"]},
            {"email": "owner@example.org"},
            "allowed_email",
            id="typo",
        ),
        pytest.param(
            "owner@example.org", {"email": "owner@example.org"}, "must be a section", id="not-a-section"
        ),
    ],
)
def test_a_signed_in_person_who_may_not_come_in_sees_why_and_no_data(
    app: AppTest, add_prospect: Callable[..., int], access: object, user: dict[str, object], says: str
) -> None:
    add_prospect(PROSPECT)
    app.secrets = {"auth": AUTH} if access is None else {"auth": AUTH, "access": access}
    app.user = {"is_logged_in": True, **user}
    app.run()
    assert not app.exception
    assert says in app.warning[0].value
    assert PROSPECT not in _text(app)
    assert [button.label for button in app.button] == ["Sign out"]
    assert _sidebar_links(app) == 0


@pytest.mark.parametrize(
    "user",
    [
        pytest.param({"is_logged_in": False}, id="signed-out"),
        pytest.param(
            {"is_logged_in": True, "email": "owner@example.org", "email_verified": True}, id="listed"
        ),
    ],
)
@pytest.mark.parametrize("page", ["home.py", "pages/prospects.py"])
def test_the_example_files_placeholder_cookie_secret_keeps_everyone_out(
    app: AppTest, add_prospect: Callable[..., int], page: str, user: dict[str, object]
) -> None:
    """The example file copied unchanged: anyone who knows the placeholder could forge a sign-in
    cookie, so even a listed, signed-in person is refused, and nobody is offered a sign-in."""
    add_prospect(PROSPECT)
    example = tomllib.loads(EXAMPLE_SECRETS.read_text(encoding="utf-8"))
    app.secrets = {"auth": example["auth"], "access": ACCESS}
    app.user = user
    if page != "home.py":
        app.switch_page(page)
    app.run()
    assert not app.exception
    assert PROSPECT not in _text(app)
    assert [button.label for button in app.button] == []
    assert _sidebar_links(app) == 0
    assert "[auth] cookie_secret is still a placeholder" in app.warning[0].value
    assert "secrets.token_hex(32)" in app.warning[0].value


def test_a_short_cookie_secret_keeps_everyone_out(app: AppTest, add_prospect: Callable[..., int]) -> None:
    add_prospect(PROSPECT)
    app.secrets = {"auth": {**AUTH, "cookie_secret": "an-app-test-cookie-secret"}, "access": ACCESS}
    app.user = {"is_logged_in": True, "email": "owner@example.org", "email_verified": True}
    app.run()
    assert not app.exception
    assert PROSPECT not in _text(app)
    assert [button.label for button in app.button] == []
    assert _sidebar_links(app) == 0
    assert "[auth] cookie_secret is too short" in app.warning[0].value
