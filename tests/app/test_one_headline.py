"""One account, one headline: every view of an account says the same status or verdict,
the same score and the same gut call, because they all take it from one function.

Each demo account goes through the client page, its scorecard in the app, its shared
scorecard, the card as text, as HTML and as PNG, the portfolio list and the accounts CSV.
Before the headline was one function, the scorecard of demo client Kees Mulder said
HELL NO and "No gut call recorded" while his client page said LET GO and his card
"Gut call: Hell yes".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageOps
from streamlit.testing.v1 import AppTest

from formats.cards.html import render_html
from formats.cards.png import BANNER_HEIGHT, WIDTH, drawn_text, render_png
from scoring import Stage, default_rubric, format_score
from scoring.card import Card, build_card, card_text
from scoring.headline import Headline
from services.accounts import account_view
from services.demo import load_demo
from services.portfolio import compute_portfolio
from services.transfer import accounts_csv
from storage import Repository, open_repository
from tests.app.conftest import APP, TIMEOUT
from ui.verdict import headline_gut

RUBRIC = default_rubric()
TODAY = dt.date.today()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('headline') / 'demo.db'}"
    load_demo(url, TODAY)
    return url


@pytest.fixture
def demo_repo(demo: str, monkeypatch: pytest.MonkeyPatch) -> Repository:
    monkeypatch.setenv("THINSLICE_DATABASE_URL", demo)
    return open_repository(demo)


def _headlines(repo: Repository) -> dict[str, Headline]:
    found = {}
    for account in repo.accounts():
        head = account_view(repo, RUBRIC, account, TODAY).headline
        assert head is not None, account.name
        found[account.name] = head
    return found


def _banners(app: AppTest) -> str:
    return "\n".join(str(h.proto.body) for h in app.get("html"))


def _markdown(app: AppTest) -> str:
    return "\n".join(str(m.value) for m in app.markdown).replace("\\", "")


def _open(page: str, account_id: int) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=TIMEOUT)
    app.run()
    app.switch_page(page)
    app.query_params["account"] = str(account_id)
    app.run()
    assert not app.exception
    return app


def test_kees_mulder_is_let_go_on_his_client_page_and_on_his_scorecard(demo_repo: Repository) -> None:
    """The reported case, spelled out: a client is headed by his status, not by one check-in."""
    kees = next(a for a in demo_repo.accounts() if a.name == "Kees Mulder")
    head = _headlines(demo_repo)["Kees Mulder"]
    assert head.label == "Let go" and head.result.verdict.label == "Hell no"
    for page in ("pages/client.py", "pages/scorecard.py"):
        app = _open(page, kees.id)
        banners = _banners(app)
        assert "LET GO" in banners and "HELL NO" not in banners, page
        assert "Your gut said **Hell yes**" in _markdown(app), page


def _card(repo: Repository, name: str) -> Card:
    account = next(a for a in repo.accounts() if a.name == name)
    history = [s.assessment for s in repo.assessments(account.id)]
    return build_card(
        RUBRIC, name=name, company=account.company, stage=account.stage, history=history, today=TODAY
    )


def _png_says(card: Card) -> str:
    """The text the PNG paints, lines joined as a reader joins them."""
    return " ".join(drawn_text(card))


def test_kees_mulders_card_files_head_with_let_go_and_give_his_gut_call(demo_repo: Repository) -> None:
    """The HTML, the text and the PNG open with his status and give the gut call of his client page."""
    head = _headlines(demo_repo)["Kees Mulder"]
    assert head.label == "Let go" and head.gut_line == "Gut call: Hell yes. The rubric agreed: Hell yes."
    card = _card(demo_repo, "Kees Mulder")

    page = render_html(card)
    assert '<p class="headline">LET GO</p>' in page and "HELL NO" not in page
    assert page.index("LET GO") < page.index("<h2>") and head.gut_line in page

    text = card_text(card).splitlines()
    assert text[1].startswith("LET GO · score ") and text[3] == head.gut_line
    assert "HELL NO" not in card_text(card)

    drawn = drawn_text(card)
    assert "LET GO" in drawn[:3]  # the banner is painted first
    assert head.gut_line in _png_says(card) and "HELL NO" not in drawn


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


@pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="tesseract is not installed (apt-get install -y tesseract-ocr); cannot OCR the PNG",
)
def test_kees_mulders_png_reads_back_let_go_and_his_gut_call(demo_repo: Repository, tmp_path: Path) -> None:
    """Read by OCR: the white-on-red banner (inverted to dark on light) and the body."""
    head = _headlines(demo_repo)["Kees Mulder"]
    image = Image.open(io.BytesIO(render_png(_card(demo_repo, "Kees Mulder"))))
    banner = ImageOps.invert(image.crop((0, 0, WIDTH, BANNER_HEIGHT)).convert("L"))
    banner.save(tmp_path / "banner.png")
    image.save(tmp_path / "card.png")

    def ocr(path: Path) -> str:
        done = subprocess.run(
            ["tesseract", str(path), "stdout"], capture_output=True, text=True, timeout=120, check=True
        )
        return _letters(done.stdout)

    assert ocr(tmp_path / "banner.png").startswith("letgo")
    assert _letters(head.gut_line) in ocr(tmp_path / "card.png")


def test_every_view_of_every_demo_account_has_the_same_headline(demo_repo: Repository) -> None:
    heads = _headlines(demo_repo)
    accounts = {a.name: a for a in demo_repo.accounts()}
    assert len(heads) >= 20
    assert {h.stage for h in heads.values()} == {Stage.PROSPECT, Stage.CLIENT}

    lines = {line.overview.account.name: line for line in compute_portfolio(demo_repo, RUBRIC, TODAY)}
    exported = csv.DictReader(io.StringIO(accounts_csv(demo_repo, RUBRIC, TODAY)))
    rows = {row["account"]: row for row in exported}

    for name, head in heads.items():
        account = accounts[name]
        score = format_score(head.score)
        # The portfolio list and the accounts CSV.
        line = lines[name]
        assert line.headline == head, name
        assert (line.status.status if line.status else None) == (head.status.status if head.status else None)
        row = rows[name]
        assert row["status"] == (head.status.status.value if head.status else ""), name
        assert row["verdict"] == head.result.verdict.value, name
        # The card, as text and as HTML (the PNG is drawn from the same Card).
        history = [s.assessment for s in demo_repo.assessments(account.id)]
        card = build_card(
            RUBRIC, name=name, company=account.company, stage=account.stage, history=history, today=TODAY
        )
        assert (card.headline, card.score_text, card.gut) == (head.label, score, head.gut_line), name
        assert f"{head.label.upper()} · score {score}/100" in card_text(card), name
        page = render_html(card)
        assert head.label.upper() in page and (head.gut_line or "") in page, name
        assert head.label.upper() in drawn_text(card)[:3] and head.gut_line in _png_says(card), name


@pytest.mark.parametrize("page", ["pages/client.py", "pages/scorecard.py"])
def test_the_pages_of_every_demo_account_show_its_headline(demo_repo: Repository, page: str) -> None:
    heads = _headlines(demo_repo)
    for account in demo_repo.accounts():
        head = heads[account.name]
        if page == "pages/client.py" and account.stage is not Stage.CLIENT:
            continue
        app = _open(page, account.id)
        banners = _banners(app)
        assert head.label.upper() in banners, (page, account.name)
        assert f"Score {format_score(head.score)} / 100" in banners, (page, account.name)
        assert headline_gut(head) in _markdown(app), (page, account.name)


def test_a_shared_scorecard_shows_the_headline_of_the_app(demo_repo: Repository) -> None:
    heads = _headlines(demo_repo)
    for account in demo_repo.accounts():
        head = heads[account.name]
        token, _ = demo_repo.create_share(account.id, days=7)
        app = AppTest.from_file(APP, default_timeout=TIMEOUT)
        app.run()
        app.switch_page("pages/scorecard.py")
        app.query_params["t"] = token
        app.run()
        assert not app.exception
        banners = _banners(app)
        assert head.label.upper() in banners and f"Score {format_score(head.score)} / 100" in banners
        if head.gut_line:
            assert head.gut_line in _markdown(app), account.name
