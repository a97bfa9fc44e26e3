"""One account's scorecard inside the app, and the result shown right after a screen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NoReturn

import pandas as pd
import streamlit as st

from i18n import _, format_date, format_list, format_money, ngettext
from scoring import Kind, Result, Rubric, Stage, Verdict, format_score
from scoring.headline import Headline
from scoring.verdict import evaluate_stored
from scoring.versions import taken_with
from services.accounts import AccountView, account_view
from services.questionnaires import kind_for
from services.rubrics import book
from services.store import AccountRecord, NotFound, Refused, Repository, StoredAssessment
from ui import routes
from ui.questionnaire_view import their_sides, they_said
from ui.score_mode import as_now
from ui.text import md_escape
from ui.verdict import client_panel, headline_gut, verdict_panel


def result_of(rubric: Rubric, stored: StoredAssessment) -> Result:
    return evaluate_stored(rubric, stored.assessment.answers, stored.assessment.gut)


def scored_with(rubric: Rubric, book: Mapping[int, Rubric] | None, stored: StoredAssessment) -> Rubric:
    """The rubric a past assessment's score is shown with: the version it was taken with, unless
    the person switched to scores on the rubric in use (`ui.score_mode`)."""
    if not book or as_now():
        return rubric
    return taken_with(book, rubric, stored.assessment.rubric_key, stored.assessment.rubric_version)


def history_notes(
    rubric: Rubric, book: Mapping[int, Rubric] | None, history: Sequence[StoredAssessment]
) -> None:
    """Say so where a past score was reached another way than the newest: taken with an earlier
    version of the rubric, or before a dimension was asked."""
    older = [
        s
        for s in history
        if (s.assessment.rubric_key, s.assessment.rubric_version) != (rubric.key, rubric.version)
    ]
    if older and book and len(book) > 1:
        if as_now():
            st.caption(
                ":material/sync: "
                + _(
                    "Every score here is worked out on version {number}, the rubric in use, those taken "
                    "with an earlier version too."
                ).format(number=rubric.version)
            )
        else:
            st.caption(
                ":material/history: "
                + ngettext(
                    "{n} score here was taken with an earlier version of the rubric and stays as it was "
                    "then. Switch on “Score history on the rubric in use” in the sidebar to compare like "
                    "with like.",
                    "{n} scores here were taken with an earlier version of the rubric and stay as they "
                    "were then. Switch on “Score history on the rubric in use” in the sidebar to compare "
                    "like with like.",
                    len(older),
                ).format(n=len(older))
            )
    missing = sorted(
        {d.key for s in history for d in rubric.dimensions if d.key not in s.assessment.answers},
        key=rubric.keys.index,
    )
    if missing:
        labels = format_list(md_escape(rubric.dimension(key).label) for key in missing)
        st.caption(
            ":material/info: "
            + _(
                "Assessments taken before {dimensions} was asked are scored over the dimensions they "
                "asked (their weights shared out over those)."
            ).format(dimensions=labels)
        )


def _int_param(name: str) -> int | None:
    raw = st.query_params.get(name)
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        return -1


def _not_found(what: str, back: str, back_label: str | None) -> NoReturn:
    st.warning(
        _("{what} It may have been erased, or the link is mistyped.").format(what=what),
        icon=":material/search_off:",
    )
    st.page_link(back, label=back_label or _("All prospects and clients"), icon=":material/list:")
    st.stop()


#: What a link may point at: "client" on the client page, else "prospect or client".
Noun = Literal["client", "prospect or client"]


def _no_such_number(noun: Noun, account_id: int) -> str:
    if noun == "client":
        return _("No client #{number}.").format(number=account_id)
    return _("No prospect or client #{number}.").format(number=account_id)


def _no_such_link(noun: Noun, shown: str) -> str:
    if noun == "client":
        return _("No client “{link}”: an account link ends in a number.").format(link=shown)
    return _("No prospect or client “{link}”: an account link ends in a number.").format(link=shown)


def account_from_query(
    repo: Repository,
    name: str = "account",
    *,
    noun: Noun = "prospect or client",
    back: str = routes.HOME,
    back_label: str | None = None,
) -> AccountRecord | None:
    """The account a link points at; None when the link has none. Stops with a message naming what
    was not found, and a link back to `back` (labelled `back_label`, by default "All prospects and
    clients"), when the link points at no account."""
    account_id = _account_id(name, noun, back, back_label)
    if account_id is None:
        return None
    try:
        return repo.account(account_id)
    except NotFound:
        _not_found(_no_such_number(noun, account_id), back, back_label)


def current_from_query(
    repo: Repository,
    rubric: Rubric,
    name: str = "account",
    *,
    noun: Noun = "prospect or client",
    back: str = routes.HOME,
    back_label: str | None = None,
) -> Current | None:
    """`account_from_query`, with the account's view (`current`): one small query on a click that
    changes nothing, where reading the account and then its view would cost more."""
    account_id = _account_id(name, noun, back, back_label)
    if account_id is None:
        return None
    try:
        return current(repo, rubric, account_id)
    except NotFound:
        _not_found(_no_such_number(noun, account_id), back, back_label)


def _account_id(name: str, noun: Noun, back: str, back_label: str | None) -> int | None:
    raw = st.query_params.get(name)
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        shown = raw if len(raw) <= 40 else raw[:39] + "…"
        _not_found(_no_such_link(noun, md_escape(shown)), back, back_label)


def assessment_from_query(repo: Repository, name: str = "done") -> StoredAssessment | None:
    assessment_id = _int_param(name)
    if assessment_id is None:
        return None
    try:
        return repo.assessment(assessment_id)
    except NotFound:
        return None


def account_heading(account: AccountRecord) -> None:
    st.title(md_escape(account.name), anchor=False)
    details = []
    if account.company:
        details.append(md_escape(account.company))
    if account.deal_value is not None:
        # Translators: the deal value under an account's name, "deal €4,500".
        details.append(_("deal {amount}").format(amount=format_money(round(account.deal_value))))
    details.append(stage_label(account.stage))
    st.caption(" · ".join(details))


def stage_label(stage: Stage) -> str:
    """ "prospect" or "client" as the reader says it (the stage's value is the stable key)."""
    return _("client") if stage is Stage.CLIENT else _("prospect")


def history_table(
    rubric: Rubric, history: list[StoredAssessment], book: Mapping[int, Rubric] | None = None
) -> None:
    date, kind, verdict, score = _("Date"), _("Kind"), _("Verdict"), _("Score")
    gut, agreed = _("Gut"), _("Gut agreed")
    rows = []
    for stored in reversed(history):
        result = result_of(scored_with(rubric, book, stored), stored)
        rows.append(
            {
                date: stored.assessment.taken_on,
                kind: str(stored.assessment.kind.label),
                verdict: str(result.verdict.label),
                score: float(format_score(result.score)),
                gut: str(result.gut.label) if result.gut else "",
                agreed: result.gut_agrees,
            }
        )
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        column_config={
            date: st.column_config.DateColumn(format="YYYY-MM-DD"),
            score: st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.1f"),
            agreed: st.column_config.CheckboxColumn(),
        },
    )


@dataclass(frozen=True)
class Current:
    """An account as the database holds it now, and what pages have worked out from it."""

    view: AccountView
    #: What a page derives from `view` (a chart's rows, say), kept with it so the next click
    #: finds it. Shared between sessions like the view: values only, never changed once set.
    memo: dict[str, Any] = field(default_factory=dict)


@st.cache_resource(max_entries=64, show_spinner=False)
def _cached_view(
    _repo: Repository,
    _rubric: Rubric,
    location: str,
    version: str,
    account_id: int,
    rubric: tuple[str, int],
    today: dt.date,
) -> Current:
    return Current(account_view(_repo, _rubric, _repo.account(account_id), today))


def current(repo: Repository, rubric: Rubric, account_id: int) -> Current:
    """The account as `services.accounts.account_view` gives it, read and judged once per data
    version (any write anywhere makes a new one), like Home's portfolio: a click that changes
    nothing costs one small query. NotFound when there is no such account. Callers must not
    change it: it is shared between sessions."""
    today = dt.date.today()
    version = repo.data_version()
    key = (rubric.key, rubric.version)
    return _cached_view(repo, rubric, repo.location, version, account_id, key, today)


def scorecard(repo: Repository, rubric: Rubric, account: AccountRecord) -> Headline | None:
    """The account's scorecard in the app; returns its headline (None before its first screen)."""
    account_heading(account)
    shown = current(repo, rubric, account.id)
    view = shown.view
    history, head = view.history, view.headline
    if head is None:
        st.info(_("No screen yet for this prospect."))
        return None
    latest = history[-1]
    template = (
        _("Latest check-in on {date}, rubric {rubric} v{version}")
        if latest.assessment.kind is Kind.CHECKIN
        else _("Latest screen on {date}, rubric {rubric} v{version}")
    )
    st.caption(
        template.format(
            date=format_date(latest.assessment.taken_on),
            rubric=latest.assessment.rubric_key,
            version=latest.assessment.rubric_version,
        )
    )
    if head.status is not None:
        client_panel(rubric, latest.assessment.answers, head)
    else:
        verdict_panel(
            rubric, latest.assessment.answers, head.result, latest.assessment.note, headline_gut(head)
        )
    sides = their_sides(repo, account.id, shown.memo)
    if sides:
        st.divider()
        they_said(rubric, sides, history, kind_for(account.stage))
    st.divider()
    st.markdown(
        "##### "
        + ngettext("History ({n} assessment)", "History ({n} assessments)", len(history)).format(
            n=len(history)
        )
    )
    versions = book(repo, rubric)
    history_notes(rubric, versions, history)
    history_table(rubric, history, versions)
    return head


def _sign(repo: Repository, account: AccountRecord, signed_on: dt.date) -> None:
    try:
        repo.sign(account.id, signed_on)
    except Refused as exc:
        st.error(str(exc), icon=":material/error:")
    else:
        st.switch_page(routes.CLIENT, query_params={"account": str(account.id)})


def sign_panel(repo: Repository, account: AccountRecord, head: Headline | None) -> None:
    """Turn a screened prospect into a client; its latest screen becomes the baseline.

    A hell yes signs in one click. A hell no asks first, with the verdict's reasons in view:
    unless it's a hell yes, it's a hell no, so signing one is a decision, not a slip."""
    pending_key = f"sign.{account.id}.pending"
    with st.form(f"sign-form-{account.id}", border=True, enter_to_submit=False):
        st.markdown("##### " + _("Signed the deal?"))
        st.caption(_("Sign it as a client: the latest screen becomes its baseline, and check-ins start."))
        today = dt.date.today()
        signed_on = st.date_input(
            _("Signed on"), value=today, max_value=today, key=f"sign.{account.id}.date", format="YYYY-MM-DD"
        )
        submitted = st.form_submit_button(_("Sign as client"), type="primary", icon=":material/handshake:")
    hell_no = head is not None and head.result.verdict is Verdict.HELL_NO
    if submitted:
        if not hell_no:
            _sign(repo, account, signed_on)
            return
        st.session_state[pending_key] = signed_on
    pending = st.session_state.get(pending_key)
    if not hell_no or not isinstance(pending, dt.date) or head is None:
        return
    with st.container(border=True, key=f"sign-confirm-{account.id}"):
        st.warning(
            _(
                "The screen of {name} says **Hell no**. Sign it as a client anyway? "
                "A client signed on a hell-no screen starts out flagged: on watch, or fire now after a "
                "knockout."
            ).format(name=md_escape(account.name)),
            icon=":material/warning:",
        )
        if head.reasons:
            st.markdown("**" + _("Why the screen said no") + "**")
            st.markdown("\n".join(f"- {md_escape(str(reason))}" for reason in head.reasons))
        sign_col, cancel_col = st.columns(2)
        with sign_col:
            anyway = st.button(
                _("Sign anyway, on {date}").format(date=format_date(pending)),
                type="primary",
                key=f"sign.{account.id}.anyway",
                icon=":material/handshake:",
            )
        with cancel_col:
            cancel = st.button(_("Don't sign"), key=f"sign.{account.id}.cancel", icon=":material/close:")
    if cancel:
        st.session_state.pop(pending_key, None)
        st.rerun()
    if anyway:
        st.session_state.pop(pending_key, None)
        _sign(repo, account, pending)
