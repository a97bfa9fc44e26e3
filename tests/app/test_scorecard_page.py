"""The scorecard page in the app: signing with a second look at a hell no, links that lead
nowhere, plain words, the danger zone, and share links only this computer can open."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from scoring import AccountDraft, Answer, Kind, Stage
from storage import Repository
from tests import factories

TODAY = dt.date.today()


def _open(app: AppTest, page: str, account: object) -> AppTest:
    app.switch_page(page)
    app.query_params["account"] = str(account)
    app.run()
    assert not app.exception
    return app


def _markdown(app: AppTest) -> str:
    return "\n".join(str(m.value) for m in app.markdown).replace("\\", "")


def _sign(app: AppTest, account: int) -> None:
    app.button(key=f"FormSubmitter:sign-form-{account}-Sign as client").click().run()
    assert not app.exception


def _client_with_a_checkin(repo: Repository) -> int:
    start = TODAY - dt.timedelta(days=40)
    account = repo.add_client(
        AccountDraft(name="Steady Client"),
        factories.assessment(start, answer=Answer.HELL_YES),
        start,
        "client-steady",
    ).account_id
    checkin = factories.assessment(TODAY - dt.timedelta(days=5), kind=Kind.CHECKIN, answer=Answer.HELL_YES)
    repo.add_checkin(account, checkin, "checkin-steady")
    return account


# -- signing -------------------------------------------------------------------------------------


def test_signing_a_hell_no_asks_first_and_shows_why_the_screen_said_no(
    app: AppTest, repo: Repository, add_prospect: Callable[..., int]
) -> None:
    account = add_prospect("Rude Ltd", respect=Answer.NO)
    _open(app, "pages/scorecard.py", account)
    _sign(app, account)

    assert repo.account(account).stage is Stage.PROSPECT, "one click must not sign a hell no"
    assert any("says **Hell no**" in w.value and "Rude Ltd" in w.value for w in app.warning)
    assert "Respect & ethics is a knockout" in _markdown(app)

    app.button(key=f"sign.{account}.anyway").click().run()
    assert not app.exception
    record = repo.account(account)
    assert record.stage is Stage.CLIENT and record.signed_on == TODAY


def test_not_signing_a_hell_no_leaves_it_a_prospect_and_puts_the_question_away(
    app: AppTest, repo: Repository, add_prospect: Callable[..., int]
) -> None:
    account = add_prospect("Rude Ltd", respect=Answer.NO)
    _open(app, "pages/scorecard.py", account)
    _sign(app, account)
    app.button(key=f"sign.{account}.cancel").click().run()

    assert not app.exception
    assert repo.account(account).stage is Stage.PROSPECT
    assert not [b for b in app.button if b.key == f"sign.{account}.anyway"]


def test_a_hell_yes_signs_in_one_click_without_a_question(
    app: AppTest, repo: Repository, add_prospect: Callable[..., int]
) -> None:
    account = add_prospect("Future Client")
    _open(app, "pages/scorecard.py", account)
    _sign(app, account)

    assert repo.account(account).stage is Stage.CLIENT


# -- links to nothing ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "account", "message", "back"),
    [
        ("pages/client.py", "99999", "No client #99999.", "clients"),
        ("pages/client.py", "abc", "No client “abc”", "clients"),
        ("pages/scorecard.py", "99999", "No prospect or client #99999.", ""),
        ("pages/scorecard.py", "12x", "No prospect or client “12x”", ""),
    ],
)
def test_a_link_to_no_account_says_what_was_not_found_and_links_back(
    app: AppTest, db_url: str, page: str, account: str, message: str, back: str
) -> None:
    _open(app, page, account)

    [warning] = app.warning
    assert warning.value.replace("\\", "").startswith(message), warning.value
    assert "prospect does not exist" not in warning.value
    main_links = [link.proto for link in app.main.get("page_link")]
    assert [link.page for link in main_links] == [back]
    assert main_links[0].label in ("All clients", "All prospects and clients")


# -- words a person reads ------------------------------------------------------------------------


def test_a_clients_scorecard_says_check_in_not_checkin(app: AppTest, repo: Repository) -> None:
    account = _client_with_a_checkin(repo)
    _open(app, "pages/scorecard.py", account)

    captions = [c.value for c in app.caption]
    assert any(c.startswith("Latest check-in on ") for c in captions), captions
    kinds = list(app.dataframe[0].value["Kind"])
    assert kinds == ["check-in", "screen"]
    shown = "\n".join([*captions, _markdown(app), *(str(k) for k in kinds)])
    assert "checkin" not in shown


# -- the danger zone -----------------------------------------------------------------------------


def test_erasing_sits_last_in_a_danger_zone_that_names_the_account(
    app: AppTest, repo: Repository, add_prospect: Callable[..., int]
) -> None:
    account = add_prospect("Zoë Bäckerij")
    _open(app, "pages/scorecard.py", account)

    headings = [m.value for m in app.main.markdown if m.value.startswith("#")]
    assert headings[-1] == "#### Danger zone", headings
    confirm = app.text_input(key=f"privacy.{account}.confirm")
    erase = app.button(key=f"privacy.{account}.erase")
    assert "Zoë Bäckerij" in confirm.label.replace("\\", "")
    assert erase.label.replace("\\", "") == "Erase Zoë Bäckerij for good" and erase.disabled
    # Nothing of the page comes after the erase button but the danger zone itself.
    buttons = [b.key for b in app.main.button]
    assert buttons[-1] == f"privacy.{account}.erase", buttons


# -- share links only this computer can open -----------------------------------------------------


def _create_link(app: AppTest, account: int) -> str:
    app.button(key=f"FormSubmitter:share-form-{account}-Create link").click().run()
    assert not app.exception
    return next(c.value for c in app.code if "/scorecard?t=" in c.value)


def test_a_share_link_to_localhost_warns_that_nobody_else_can_open_it(
    app: AppTest, add_prospect: Callable[..., int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("THINSLICE_PUBLIC_URL", raising=False)
    account = add_prospect("Ada Lovelace")
    _open(app, "pages/scorecard.py", account)

    url = _create_link(app, account)
    assert url.startswith("http://localhost")
    [warning] = [w.value.replace("\\", "") for w in app.warning if "nobody else can open it" in w.value]
    assert "THINSLICE_PUBLIC_URL" in warning and "https://thinslice.example.com" in warning


def test_a_share_link_to_the_public_address_has_no_warning(
    app: AppTest, add_prospect: Callable[..., int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("THINSLICE_PUBLIC_URL", "https://slice.example")
    account = add_prospect("Ada Lovelace")
    _open(app, "pages/scorecard.py", account)

    assert _create_link(app, account).startswith("https://slice.example/scorecard?t=")
    assert not [w for w in app.warning if "nobody else" in w.value]
