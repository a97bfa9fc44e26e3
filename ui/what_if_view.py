"""What an edited rubric would change, before it is saved: which prospects flip verdict and which
clients change status, each a link to its page (`services.what_if`)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from i18n import _, format_integer, format_score, ngettext
from scoring import Rubric, Verdict
from services.store import Repository, StorageError
from services.what_if import ProspectFlip, StatusChange, what_if
from ui import routes
from ui.text import md_escape

#: Accounts listed by name at once; the rest are counted.
SHOWN = 12


def what_if_view(repo: Repository, current: Rubric, edited: Rubric, today: dt.date) -> None:
    try:
        found = what_if(repo, current, edited, today)
    except StorageError as exc:
        st.warning(_("What the edit would change cannot be worked out now: {problem}").format(problem=exc))
        return
    # One above the other: the panel sits in a narrow column beside the editor.
    st.metric(
        _("Prospects that flip verdict"),
        format_integer(len(found.prospects)),
        help=_("Prospects whose newest screen would get the other verdict."),
    )
    st.caption(_("of {n} screened prospects").format(n=format_integer(found.prospects_judged)))
    st.metric(
        _("Clients whose status changes"),
        format_integer(len(found.clients)),
        help=_("Clients under contract whose status today would be another one."),
    )
    st.caption(_("of {n} clients with a status").format(n=format_integer(found.clients_judged)))
    if found.changes_nothing:
        st.caption(_("No verdict and no status would change: only new screens and check-ins feel this edit."))
        return
    if found.prospects:
        with st.container(border=True, key="ts-whatif-prospects"):
            st.markdown("**" + _("Prospects") + "**")
            for flip in found.prospects[:SHOWN]:
                _prospect(flip)
            _more(len(found.prospects))
    if found.clients:
        with st.container(border=True, key="ts-whatif-clients"):
            st.markdown("**" + _("Clients") + "**")
            for change in found.clients[:SHOWN]:
                _client(change)
            _more(len(found.clients))


def _prospect(flip: ProspectFlip) -> None:
    label = _("**{name}**: {before} → :{colour}[**{after}**] (score {old} → {new})").format(
        name=md_escape(flip.name),
        before=flip.verdict_before.label,
        after=flip.verdict_after.label,
        colour="red" if flip.verdict_after is Verdict.HELL_NO else "green",
        old=format_score(flip.score_before),
        new=format_score(flip.score_after),
    )
    _account_link(routes.SCORECARD, flip.account_id, label, worse=flip.lost)


def _client(change: StatusChange) -> None:
    label = _("**{name}**: {before} → :{colour}[**{after}**]").format(
        name=md_escape(change.name),
        before=change.status_before.label,
        after=change.status_after.label,
        colour="red" if change.worse else "green",
    )
    _account_link(routes.CLIENT, change.account_id, label, worse=change.worse)


def _account_link(page: str, account_id: int, label: str, *, worse: bool) -> None:
    """One line of the what-if: the account's change, a link to its page."""
    st.page_link(
        page,
        label=label,
        icon=":material/trending_down:" if worse else ":material/trending_up:",
        query_params={"account": str(account_id)},
        width="stretch",
    )


def _more(total: int) -> None:
    if total > SHOWN:
        more = total - SHOWN
        st.caption(ngettext("… and {n} more.", "… and {n} more.", more).format(n=format_integer(more)))
