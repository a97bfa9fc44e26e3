"""N respondents answering their questionnaire links at the same moment, each in a real browser.

Opt-in like the screen's load test (tests/e2e/test_load_in_browser.py): it runs with
`THINSLICE_LOAD_SESSIONS=N` (CI sets a small N; the figure in the README is from N=50).
Run with `-s` to see the figures; `THINSLICE_LOAD_REPORT=path.json` writes them as JSON too.

One server on a fresh SQLite file holds N prospects, each with a fit questionnaire link of its
own, and one shared scorecard. After a warm-up (one visitor opens a spare questionnaire and the
scorecard once: the first run of a page after a start compiles the app, which no later visitor
pays), two rounds run, each with N fresh browser contexts that exist before the first `goto()`:

- the floor: N visitors open the shared scorecard link at once, from `goto()` until its run has
  finished, no skeleton is left and the card's heading is drawn (a read-only page of the same
  app, through the same shell, the nearest page a link holder opens);
- ours: N respondents open their own link at once, answer the eight choices, press send, and
  wait for the thank-you; timed from `goto()` to the thanks.

Printed: both p50/p95/max, and our p95 as a ratio to the floor's p95 (reported, not enforced:
ours includes eight clicks and a write that the floor has not). Asserted: every respondent got
the thanks, and the database holds N answer sets, one per link, each link used once.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, async_playwright, expect

from bench.servers import CHROMIUM, CHROMIUM_ARGS
from scoring import AccountDraft
from scoring.questionnaires import QuestionnaireKind, questionnaire
from services.questionnaires import ask
from storage import open_repository
from tests import factories
from tests.e2e.conftest import SCRIPT_DONE, Server
from tests.e2e.load import REPORT_VAR, in_own_thread, require_chromium, summary
from tests.e2e.load import sessions as wanted_sessions

pytestmark = pytest.mark.e2e

WAIT_MS = 90_000
RUN_TIMEOUT_S = 420
CHOICES = sum(1 for q in questionnaire(QuestionnaireKind.FIT).questions if q.kind.value == "choice")


async def _drawn(page: Page) -> None:
    await page.locator(SCRIPT_DONE).wait_for(timeout=WAIT_MS)
    await expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=WAIT_MS)


async def _open_scorecard(page: Page, url: str, name: str) -> float:
    started = time.perf_counter()
    await page.goto(url, timeout=WAIT_MS)
    await _drawn(page)
    await expect(page.get_by_test_id("stMain").get_by_text(name).first).to_be_visible(timeout=WAIT_MS)
    return time.perf_counter() - started


async def _answer(page: Page, url: str) -> float:
    started = time.perf_counter()
    await page.goto(url, timeout=WAIT_MS)
    await _drawn(page)
    groups = page.locator(".st-key-ts-questionnaire").get_by_test_id("stButtonGroup")
    await expect(groups).to_have_count(CHOICES, timeout=WAIT_MS)
    for number in range(CHOICES):
        option = groups.nth(number).get_by_role("radio").first
        await option.click(timeout=WAIT_MS)
        await expect(option).to_have_attribute("aria-checked", "true", timeout=WAIT_MS)
    await page.get_by_role("button", name="Send my answers", exact=True).click(timeout=WAIT_MS)
    await expect(page.get_by_test_id("stAlertContentSuccess")).to_be_visible(timeout=WAIT_MS)
    await page.locator(SCRIPT_DONE).wait_for(timeout=WAIT_MS)
    return time.perf_counter() - started


@dataclass(frozen=True)
class Run:
    warmup_s: float
    floor_s: list[float]
    results: list[float | BaseException]


async def _together(browser: Browser, count: int) -> list[Page]:
    contexts = [await browser.new_context(viewport={"width": 390, "height": 844}) for _ in range(count)]
    return [await context.new_page() for context in contexts]


async def _all_at_once(
    browser: Browser, count: int, run: Callable[[Page, int], Awaitable[float]]
) -> list[float | BaseException]:
    pages = await _together(browser, count)
    try:
        return list(
            await asyncio.wait_for(
                asyncio.gather(*(run(p, n) for n, p in enumerate(pages)), return_exceptions=True),
                timeout=RUN_TIMEOUT_S,
            )
        )
    finally:
        for page in pages:
            await page.context.close()


async def _run(card_url: str, card_name: str, spare: str, links: list[str]) -> Run:
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            warm = await browser.new_context()
            warm_page = await warm.new_page()
            await _open_scorecard(warm_page, card_url, card_name)
            warmup = await _answer(warm_page, spare)
            await warm.close()
            floor = await _all_at_once(
                browser, len(links), lambda page, _n: _open_scorecard(page, card_url, card_name)
            )
            ours = await _all_at_once(browser, len(links), lambda page, n: _answer(page, links[n]))
            failed_floor = [f for f in floor if isinstance(f, BaseException)]
            if failed_floor:
                raise failed_floor[0]
            return Run(warmup, [f for f in floor if isinstance(f, float)], ours)
        finally:
            await browser.close()


def test_respondents_answering_at_once_store_each_answer_set_exactly_once(
    start_server: Callable[..., Server], db_url: str
) -> None:
    sessions = wanted_sessions(50)
    require_chromium()
    repo = open_repository(db_url)
    accounts = [
        repo.screen_prospect(
            AccountDraft(name=f"Respondent {n:03d}"), factories.assessment(), f"load-{n}"
        ).account_id
        for n in range(sessions + 1)
    ]
    tokens = [ask(repo, account, QuestionnaireKind.FIT, 30, sender="Studio Noord")[0] for account in accounts]
    card_name = "Respondent 000"
    share_token, _share = repo.create_share(accounts[0], 30)
    repo.close()
    _proc, base = start_server(db_url)
    links = [f"{base}/questionnaire?q={token}" for token in tokens[1:]]

    card, spare = f"{base}/scorecard?t={share_token}", f"{base}/questionnaire?q={tokens[0]}"
    run = in_own_thread(
        lambda: _run(card, card_name, spare, links), 3 * RUN_TIMEOUT_S + 120, "questionnaire-load"
    )

    failures = [f"link {n}: {r!r}" for n, r in enumerate(run.results) if isinstance(r, BaseException)]
    timings = [r for r in run.results if isinstance(r, float)]
    stored = open_repository(db_url).their_answers()
    per_account = Counter(side.account_id for side in stored)
    ours = summary(timings) if timings else None
    floor = summary(run.floor_s)
    ratio = round(ours["p95"] / floor["p95"], 2) if ours else None
    report = {
        "sessions": sessions,
        "completed": len(timings),
        "warmup_s": round(run.warmup_s, 3),
        "open_to_thanks_s": ours,
        "shared_scorecard_s": floor,
        "p95_ratio_to_shared_scorecard": ratio,
    }
    print(
        f"\nquestionnaire load: {sessions} respondents at once, {len(timings)} thanked "
        f"(warm-up {run.warmup_s:.2f} s, not counted)\n"
        f"  open link to thanks     {ours}\n"
        f"  shared scorecard opened {floor}\n"
        f"  p95 ratio to the shared scorecard {ratio}"
    )
    if os.environ.get(REPORT_VAR):
        Path(os.environ[REPORT_VAR]).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    assert failures == [], "respondents who did not get the thanks:\n" + "\n".join(failures)
    # The warm-up answered the spare link (accounts[0]); each respondent's account holds one set.
    assert per_account == dict.fromkeys(accounts, 1), f"answer sets per account: {per_account}"
    assert len({side.link_id for side in stored}) == sessions + 1, "each link used once"
