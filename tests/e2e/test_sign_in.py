"""Sign-in in a real browser: Streamlit's st.login against a real OIDC provider on 127.0.0.1.

The provider (tests/e2e/oidc_provider.py) is a real HTTP server in this process; the
app is a real `streamlit run` whose secrets file lives in the test's temp dir, handed
over with STREAMLIT_SECRETS_FILES (the environment form of `--secrets.files`), so the
repo's `.streamlit/` is never touched. Every sign-in goes browser -> /auth/login ->
provider /authorize -> /oauth2callback, where Streamlit exchanges the code for an
RS256 id_token and verifies it against the provider's JWKS.

The redirect_uri in the secrets is `http://127.0.0.1:{port}/oauth2callback`: Streamlit
fills in its own `server.port`. The provider only accepts the URI registered after the
server is up, so a wrong port would fail the flow, not pass it.

Selectors (Streamlit 1.67): the sidebar is `[data-testid="stSidebar"]`, present only when
something is drawn in it; `st.warning` is `[data-testid="stAlertContentWarning"]`.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from scoring import AccountDraft, Answer
from storage import open_repository
from tests import factories
from tests.e2e.conftest import Server, main, open_page, settle
from tests.e2e.oidc_provider import OidcProvider, Person

pytestmark = pytest.mark.e2e

CLIENT_ID = "thin-slice-e2e"
PROSPECT = "Quartz Harbour Studio"
LISTED_ADDRESS = "Owner@Example.org"
LISTED_DOMAIN = "example.com"
GATED_PATHS = ("/", "/screen", "/prospects", "/calibration", "/data")


@pytest.fixture
def account_id(db_url: str) -> int:
    """A screened prospect in the database the server will use: the data that must stay hidden."""
    assessment = factories.assessment(answer=Answer.HELL_YES)
    repo = open_repository(db_url)
    return repo.screen_prospect(AccountDraft(name=PROSPECT), assessment, "e2e-sign-in-1").account_id


@pytest.fixture
def provider() -> Iterator[OidcProvider]:
    with OidcProvider(client_id=CLIENT_ID, client_secret=secrets.token_urlsafe(24)) as provider:
        yield provider


@pytest.fixture
def gated(
    provider: OidcProvider,
    start_server: Callable[[str], Server],
    db_url: str,
    account_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> str:
    """The base URL of a server with sign-in on and an allow-list of one address and one domain."""
    secrets_file = tmp_path / "secrets" / "secrets.toml"
    secrets_file.parent.mkdir()
    secrets_file.write_text(
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f"cookie_secret = {json.dumps(secrets.token_hex(32))}\n"
        f"client_id = {json.dumps(provider.client_id)}\n"
        f"client_secret = {json.dumps(provider.client_secret)}\n"
        f"server_metadata_url = {json.dumps(provider.metadata_url)}\n"
        "\n[access]\n"
        f"allowed_emails = [{json.dumps(LISTED_ADDRESS)}]\n"
        f"allowed_domains = [{json.dumps(LISTED_DOMAIN)}]\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("STREAMLIT_SECRETS_FILES", str(secrets_file))
    _proc, base = start_server(db_url)
    provider.redirect_uris.add(f"{base}/oauth2callback")
    return base


def expect_sign_in_screen(page: Page) -> None:
    settle(page)
    expect(main(page).get_by_role("button", name="Sign in", exact=True)).to_be_visible()
    expect(main(page)).to_contain_text("Sign in to see your prospects and clients.")
    expect(page.get_by_test_id("stSidebar")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text(PROSPECT)


def sign_in_as(page: Page, provider: OidcProvider, person: Person) -> None:
    """Click Sign in on the sign-in screen; the provider signs `person` in without asking.

    What follows (Streamlit's /auth/login, the provider, /oauth2callback, home) is a chain
    of redirects, so callers wait for what the person should see at the end of it.
    """
    provider.person = person
    main(page).get_by_role("button", name="Sign in", exact=True).click()


def expect_signed_in(page: Page, base: str, email: str) -> None:
    expect(page.get_by_test_id("stSidebar")).to_contain_text(f"Signed in as {email}")
    expect(page).to_have_url(f"{base}/")
    settle(page)


def expect_refused(page: Page, *phrases: str) -> None:
    warning = main(page).get_by_test_id("stAlertContentWarning")
    for phrase in phrases:
        expect(warning).to_contain_text(phrase)
    settle(page)
    expect(main(page).get_by_role("button", name="Sign out", exact=True)).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text(PROSPECT)


def test_without_signing_in_every_page_shows_the_sign_in_screen_and_no_data(
    gated: str, page: Page, provider: OidcProvider, account_id: int
) -> None:
    # "/clients" is the very first request after the server starts: a deep link then runs
    # that page without app.py, so the gate must not live in app.py.
    for path in (
        "/clients",
        *GATED_PATHS,
        f"/client?account={account_id}",
        f"/scorecard?account={account_id}",
    ):
        open_page(page, gated + path)
        expect_sign_in_screen(page)
    assert provider.issued == []


@pytest.mark.parametrize(
    "email",
    [
        pytest.param("owner@EXAMPLE.org", id="listed-address"),
        pytest.param("new.hire@example.com", id="domain"),
    ],
)
def test_a_listed_person_signs_in_sees_the_app_and_can_sign_out(
    gated: str, page: Page, provider: OidcProvider, email: str
) -> None:
    open_page(page, f"{gated}/clients")
    expect_sign_in_screen(page)
    sign_in_as(page, provider, Person(email))
    expect_signed_in(page, gated, email)
    assert provider.issued == [email]  # the token endpoint really issued an id_token
    expect(main(page)).to_contain_text(PROSPECT)

    open_page(page, f"{gated}/prospects")  # a new session: the sign-in lives in a cookie
    expect(page.get_by_test_id("stSidebar")).to_contain_text(f"Signed in as {email}")
    expect(main(page)).to_contain_text(PROSPECT)

    page.get_by_test_id("stSidebar").get_by_role("button", name="Sign out", exact=True).click()
    expect_sign_in_screen(page)
    open_page(page, f"{gated}/prospects")
    expect_sign_in_screen(page)


@pytest.mark.parametrize(
    ("person", "phrases"),
    [
        pytest.param(
            Person("stranger@example.net"),
            ["stranger@example.net", "is not open to that address"],
            id="not-listed",
        ),
        pytest.param(
            Person("mallory@example.com.evil.org"),
            ["mallory@example.com.evil.org", "is not open to that address"],
            id="look-alike-domain",
        ),
        pytest.param(
            Person("owner@example.org", email_verified=False),
            ["owner@example.org", "has not verified"],
            id="unverified",
        ),
    ],
)
def test_a_signed_in_person_who_may_not_come_in_is_refused_politely_and_sees_no_data(
    gated: str, page: Page, provider: OidcProvider, person: Person, phrases: list[str]
) -> None:
    open_page(page, gated)
    expect_sign_in_screen(page)
    sign_in_as(page, provider, person)
    expect_refused(page, *phrases)

    open_page(page, f"{gated}/prospects")
    expect_refused(page, *phrases)

    main(page).get_by_role("button", name="Sign out", exact=True).click()
    expect_sign_in_screen(page)


def test_a_share_link_opens_without_signing_in_while_sign_in_is_on(
    gated: str, page: Page, provider: OidcProvider, db_url: str, account_id: int
) -> None:
    token, _link = open_repository(db_url).create_share(account_id, days=30)
    open_page(page, f"{gated}/scorecard?t={token}")
    expect(page.get_by_test_id("ts-card")).to_be_visible()
    expect(main(page)).to_contain_text(PROSPECT)
    expect(page.get_by_role("button", name="Sign in", exact=True)).to_have_count(0)

    # The same page without the token is the owner's scorecard, and that needs sign-in.
    open_page(page, f"{gated}/scorecard?account={account_id}")
    expect_sign_in_screen(page)
    assert provider.issued == []


def test_a_secrets_file_that_cannot_be_read_keeps_the_app_closed(
    start_server: Callable[[str], Server],
    db_url: str,
    account_id: int,
    tmp_path: Path,
    page: Page,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """It might hold [auth], so a typo in it must not quietly switch sign-in off."""
    secrets_file = tmp_path / "broken" / "secrets.toml"
    secrets_file.parent.mkdir()
    secrets_file.write_text(
        '[auth\nredirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n', encoding="utf-8"
    )
    monkeypatch.setenv("STREAMLIT_SECRETS_FILES", str(secrets_file))
    _proc, base = start_server(db_url)
    open_page(page, f"{base}/prospects")
    expect(main(page).get_by_test_id("stAlertContentError")).to_contain_text("cannot read its secrets file")
    expect(page.get_by_test_id("stSidebar")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text(PROSPECT)
