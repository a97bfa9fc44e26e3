"""A Card drawn in Streamlit, and its downloads: the shared page and the in-app share panel."""

from __future__ import annotations

import datetime as dt
import os
import re
from functools import partial

import streamlit as st

from formats.cards.html import render_html
from formats.cards.png import render_png
from formats.filenames import download_name
from i18n import _, current_language, format_date, format_score, use_language
from scoring import Rubric, Verdict
from scoring.card import Card, card_text
from scoring.limits import SHARE_LABEL_MAX
from scoring.public_address import DEFAULT_PUBLIC_URL, PUBLIC_URL_VAR, local_only_warning
from scoring.sharing import EXPIRY_CHOICES, ShareLink, expiry_label, share_url, state_label
from scoring.status import Status
from services.accounts import account_card
from services.store import AccountRecord, Repository
from ui.charts import dimension_chart, score_history_spec
from ui.scorecard import stage_label
from ui.text import keep_dates_whole, md_escape


def card_for(repo: Repository, rubric: Rubric, account: AccountRecord, include_notes: bool) -> Card:
    """The account's card, read and judged once per data version (any write anywhere makes a new
    one), like the client page's view (`ui.scorecard.current`): a scorecard's reader, or a share
    link's, who clicks something that changes nothing costs one small query. Shared between
    sessions: callers must not change it. Worded in the current language (one card per language)."""
    today = dt.date.today()
    key = (rubric.key, rubric.version)
    return _cached_card(
        repo,
        rubric,
        account,
        repo.location,
        repo.data_version(),
        account.id,
        key,
        today,
        include_notes,
        current_language(),
    )


@st.cache_resource(max_entries=64, show_spinner=False)
def _cached_card(
    _repo: Repository,
    _rubric: Rubric,
    _account: AccountRecord,
    location: str,
    version: str,
    account_id: int,
    rubric: tuple[str, int],
    today: dt.date,
    include_notes: bool,
    language: str,
) -> Card:
    # The record was read under this data version: a change to it would have made a new one.
    with use_language(language):
        return account_card(_repo, _rubric, _account, today, include_notes=include_notes)


# The banner of a card that is not a hell yes: amber on watch, slate when stale, red otherwise.
CARD_STYLE: dict[Verdict | Status, str] = {Status.WATCH: "ts-watch", Status.STALE: "ts-stale"}


def _banner(card: Card) -> None:
    css = "ts-yes" if card.good else CARD_STYLE.get(card.standing, "ts-no")
    score, day = format_score(card.score), format_date(card.as_of)
    if card.baseline_score is not None:
        sub = _("Score {score} / 100 (baseline {baseline}) · as of {date}").format(
            score=score, baseline=format_score(card.baseline_score), date=day
        )
    else:
        sub = _("Score {score} / 100 · as of {date}").format(score=score, date=day)
    # Only our own words and numbers go into this HTML: the name is drawn by `show_card`, escaped.
    st.html(
        f"<div class='ts-verdict {css}' data-testid='ts-card' role='status'>"
        f"<div class='ts-word'>{str(card.headline).upper()}</div>"
        f"<div class='ts-sub'>{sub}</div></div>"
    )


def show_card(rubric: Rubric, card: Card) -> None:
    """Everything a reader of a scorecard needs, and nothing that changes data."""
    st.title(md_escape(card.name), anchor=False)
    st.caption(" · ".join(x for x in (md_escape(card.company), stage_label(card.stage)) if x))
    _banner(card)
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.markdown("##### " + _("The ten dimensions"))
        st.altair_chart(dimension_chart(rubric, {d.key: d.answer for d in card.dimensions}), width="stretch")
    with right:
        if card.gut:
            st.markdown("##### " + _("Gut vs. rubric"))
            st.markdown(md_escape(str(card.gut)))
        if card.reasons:
            st.markdown("##### " + _("Why"))
            st.markdown("\n".join(f"- {keep_dates_whole(md_escape(str(r)))}" for r in card.reasons))
        if card.to_hell_yes:
            st.markdown("##### " + _("What would make it a hell yes"))
            st.markdown("\n".join(f"- {md_escape(str(c))}" for c in card.to_hell_yes))
    if card.history:
        st.markdown("##### " + _("Score over time"))
        yes, no = str(Verdict.HELL_YES.label), str(Verdict.HELL_NO.label)
        rows = tuple((p.on, p.score, str(p.kind.label), yes if p.hell_yes else no) for p in card.history)
        baseline = card.baseline_score if card.baseline_score is not None else card.history[0].score
        spec = score_history_spec(rows, baseline, rubric.verdict.threshold, current_language())
        st.vega_lite_chart(spec=spec, width="stretch")
    if card.notes:
        st.markdown("##### " + _("Notes"))
        for note in card.notes:
            st.caption(format_date(note.on))
            st.text(note.text)


def card_file_name(card: Card, extension: str) -> str:
    return download_name("scorecard", card.name, card.as_of, extension)


# Per card and language: the files' own words are in the language of whoever asks.
@st.cache_data(show_spinner=False, max_entries=64)
def _html_bytes(card: Card, language: str) -> bytes:
    with use_language(language):
        return render_html(card).encode("utf-8")


@st.cache_data(show_spinner=False, max_entries=64)
def _png_bytes(card: Card, language: str) -> bytes:
    with use_language(language):
        return render_png(card)


def downloads(card: Card, key: str) -> None:
    """HTML file, PNG image and plain text of the card; none of them reruns the page, and the files
    are drawn only when asked for (the PNG takes a while), not on every run of the page."""
    language = current_language()
    html_col, png_col, text_col = st.columns(3)
    with html_col:
        st.download_button(
            _("Download HTML"),
            data=partial(_html_bytes, card, language),
            file_name=card_file_name(card, "html"),
            mime="text/html",
            icon=":material/description:",
            on_click="ignore",
            key=f"{key}.html",
        )
    with png_col:
        st.download_button(
            _("Download PNG"),
            data=partial(_png_bytes, card, language),
            file_name=card_file_name(card, "png"),
            mime="image/png",
            icon=":material/image:",
            on_click="ignore",
            key=f"{key}.png",
        )
    with text_col, st.popover(_("Copy as text"), icon=":material/content_copy:"):
        st.code(card_text(card), language=None)


def public_base_url() -> str:
    """Where the app is reached: THINSLICE_PUBLIC_URL when set, else the address in the browser."""
    configured = os.environ.get(PUBLIC_URL_VAR, "").strip()
    if configured:
        return configured.rstrip("/")
    current = st.context.url or DEFAULT_PUBLIC_URL
    pages = "scorecard|client|clients|prospects|screen|calibration|data"
    return re.sub(rf"/({pages})/?$", "", current.rstrip("/"))


def share_panel(repo: Repository, account: AccountRecord) -> None:
    """Create, list and withdraw read-only links to this account's scorecard."""
    new_token_key = f"share.{account.id}.new"
    with st.form(f"share-form-{account.id}", border=True, enter_to_submit=False):
        st.markdown("##### " + _("Share a read-only scorecard"))
        expiry_col, notes_col = st.columns([2, 3])
        with expiry_col:
            expiry = st.segmented_control(
                _("Link expires after"),
                list(EXPIRY_CHOICES),
                default="30 days",
                format_func=expiry_label,
                key=f"share.{account.id}.expiry",
            )
        with notes_col:
            include = st.checkbox(
                _("Include private notes and evidence"), value=False, key=f"share.{account.id}.notes"
            )
        label = st.text_input(
            _("Who is it for? (only you see this)"),
            max_chars=SHARE_LABEL_MAX,
            key=f"share.{account.id}.label",
        )
        if st.form_submit_button(_("Create link"), icon=":material/link:"):
            days = EXPIRY_CHOICES[expiry or "30 days"]
            token, _link = repo.create_share(account.id, days, include, label or "")
            st.session_state[new_token_key] = token
    shown = st.session_state.get(new_token_key)
    if isinstance(shown, str) and shown:
        st.success(_("Copy this link now: it is shown only once."), icon=":material/link:")
        base = public_base_url()
        st.code(share_url(base, shown), language=None)
        warning = local_only_warning(base)
        if warning:
            st.warning(md_escape(str(warning)), icon=":material/wifi_off:")
    links = repo.shares(account.id)
    if links:
        st.markdown("##### " + _("Links to this scorecard"))
        now = dt.datetime.now(dt.UTC)
        for link in links:
            _link_row(repo, link, now)


def _link_row(repo: Repository, link: ShareLink, now: dt.datetime) -> None:
    state = link.state(now)
    expires = (
        _("expires {date}").format(date=format_date(link.expires_at.date()))
        if link.expires_at
        else _("never expires")
    )
    notes = _("with notes") if link.include_notes else _("without notes")
    created = _("created {date}").format(date=format_date(link.created_at.date()))
    text, action = st.columns([5, 1], vertical_alignment="center")
    with text:
        who = f"{md_escape(link.label)} · " if link.label else ""
        st.markdown(f"{who}{created} · {expires} · {notes} · **{state_label(state)}**")
    with action:
        revoke = state == "live" and st.button(
            _("Revoke"), key=f"share.revoke.{link.id}", icon=":material/link_off:"
        )
        if revoke:
            repo.revoke_share(link.id)
            st.rerun()
