"""The page behind a share link: one scorecard, read-only, and nothing else of the app."""

from __future__ import annotations

import datetime as dt

from streamlit.testing.v1 import AppTest

from scoring import AccountDraft, Answer
from scoring.sharing import NEUTRAL_MESSAGE
from storage import Repository
from tests import factories

NAME = "<script>alert(1)</script> **Bold** Zoë"
NOTE = "Whispered-secret-discount"


def _prospect(repo: Repository) -> int:
    assessment = factories.assessment(answer=Answer.YES, note=NOTE)
    return repo.screen_prospect(AccountDraft(name=NAME), assessment, "shared-1").account_id


def _open(app: AppTest, token: str) -> AppTest:
    app.switch_page("pages/scorecard.py")
    app.query_params["t"] = token
    return app.run()


def _all_text(app: AppTest) -> str:
    parts = [m.value for m in app.markdown] + [t.value for t in app.title] + [t.value for t in app.text]
    parts += [c.value for c in app.caption] + [i.value for i in app.info] + [c.value for c in app.code]
    return "\n".join(str(p) for p in parts)


def test_a_live_link_shows_the_scorecard_and_no_way_into_the_app(app: AppTest, repo: Repository) -> None:
    account = _prospect(repo)
    token, _ = repo.create_share(account, 30)
    _open(app, token)
    assert not app.exception
    assert not app.get("page_link"), "a shared page must not link into the app"
    assert not app.sidebar.children or all(c.type == "html" for c in app.sidebar.children.values())
    # Only downloads, the copy-as-text popover and the language switch: no widget that could
    # change data.
    assert not app.text_input and not app.button and not app.selectbox
    assert [c.key for c in app.segmented_control] == ["ts-language-switch"]
    banner = "\n".join(str(h.proto.body) for h in app.get("html"))
    assert "HELL NO" in banner and "Score 75 / 100" in banner


def test_the_shared_name_is_shown_literally(app: AppTest, repo: Repository) -> None:
    token, _ = repo.create_share(_prospect(repo), 30)
    _open(app, token)
    title = app.title[0].value
    assert "\\<script\\>" in title and "\\*\\*Bold\\*\\*" in title


def test_notes_stay_private_unless_the_link_includes_them(app: AppTest, repo: Repository) -> None:
    account = _prospect(repo)
    repo.add_evidence(account, dt.date.today(), "Evidence-never-shared", "ev-1")
    private, _ = repo.create_share(account, 30, include_notes=False)
    _open(app, private)
    assert NOTE not in _all_text(app) and "Evidence-never-shared" not in _all_text(app)
    shared, _ = repo.create_share(account, 30, include_notes=True)
    _open(app, shared)
    assert NOTE in _all_text(app)


def test_unknown_expired_and_revoked_links_all_get_the_same_neutral_message(
    app: AppTest, repo: Repository
) -> None:
    account = _prospect(repo)
    revoked, link = repo.create_share(account, 30)
    repo.revoke_share(link.id)
    seen = []
    for token in (revoked, "x" * 43, "not a token", ""):
        _open(app, token)
        assert not app.exception
        seen.append(_all_text(app))
        assert NAME not in seen[-1]
    assert all(text == seen[0] for text in seen)
    assert str(NEUTRAL_MESSAGE) in seen[0]


def test_a_link_stops_working_on_the_next_request_after_it_is_revoked(app: AppTest, repo: Repository) -> None:
    token, link = repo.create_share(_prospect(repo), 7)
    _open(app, token)
    assert str(NEUTRAL_MESSAGE) not in _all_text(app)
    repo.revoke_share(link.id)
    app.run()
    assert str(NEUTRAL_MESSAGE) in _all_text(app)


def test_the_owner_creates_and_revokes_links_from_the_scorecard(app: AppTest, repo: Repository) -> None:
    account = _prospect(repo)
    app.switch_page("pages/scorecard.py")
    app.query_params["account"] = str(account)
    app.run()
    app.button(key=f"FormSubmitter:share-form-{account}-Create link").click().run()
    assert not app.exception
    url = next(c.value for c in app.code if "/scorecard?t=" in c.value)
    token = url.split("t=", 1)[1]
    assert repo.live_share(token) is not None
    [link] = repo.shares(account)
    app.button(key=f"share.revoke.{link.id}").click().run()
    assert repo.live_share(token) is None
