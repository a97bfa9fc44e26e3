"""The big word at the top of an account (a verdict or a client's status), the score, and
every reason behind it."""

from __future__ import annotations

import html
from collections.abc import Mapping

import streamlit as st

from i18n import _, format_score, lazy_gettext, ngettext
from scoring import Answer, Change, Result, Rubric, Verdict
from scoring.headline import Headline
from scoring.status import ClientStatus, Status
from ui.charts import dimension_chart
from ui.text import keep_dates_whole, md_escape


def verdict_banner(result: Result, subtitle: str = "") -> None:
    """The one element that must be impossible to misread. Only our own words go in here."""
    yes = result.verdict is Verdict.HELL_YES
    word = str(result.verdict.label).upper()
    css = "ts-yes" if yes else "ts-no"
    sub = subtitle or (_("Clear yes: take it.") if yes else _("Not a clear yes, so it is a no."))
    line = _("Score {score} / 100 · {verdict}").format(score=format_score(result.score), verdict=sub)
    st.html(
        f"<div class='ts-verdict {css}' data-testid='ts-verdict' role='status'>"
        f"<div class='ts-word'>{html.escape(word, quote=False)}</div>"
        f"<div class='ts-sub'>{html.escape(line, quote=False)}</div></div>"
    )


def gut_line(result: Result) -> str:
    return gut_words(result.gut, result.verdict)


def headline_gut(head: Headline) -> str:
    """The account's first impression: its first screen's gut call against that screen's verdict."""
    return gut_words(head.gut, head.gut_verdict)


def gut_words(gut: Verdict | None, verdict: Verdict | None) -> str:
    if gut is None or verdict is None:
        return _("No gut call recorded.")
    if gut is verdict:
        return _("Your gut said **{gut}** and the rubric agrees.").format(gut=gut.label)
    if gut is Verdict.HELL_YES:
        return _(
            "Your gut said **{gut}**, the rubric says **{verdict}**. "
            "A warm first impression can hide the warning signs: read the reasons below before you sign."
        ).format(gut=gut.label, verdict=verdict.label)
    return _(
        "Your gut said **{gut}**, the rubric says **{verdict}**. "
        "Something put you off that the questions did not catch: name it before you go ahead."
    ).format(gut=gut.label, verdict=verdict.label)


def change_words(change: Change) -> str:
    """One answer that has to move, worded as on the cards (`Change.target`)."""
    # Translators: one answer that has to change: "**Payment**: from *No* to *Yes*".
    return _("**{question}**: from *{answer}* to *{target}*").format(
        question=md_escape(str(change.label)), answer=change.current.label, target=change.target
    )


def lukewarm_words(rubric: Rubric, answers: Mapping[str, Answer], result: Result) -> str:
    """A hell no with every answer a yes or better has no weak spot to name: say why it is a no.

    Listing "Negotiation tone — Yes" as a weakest spot would read as a fault in one answer,
    when the rule itself is the reason: only a clear yes counts.
    """
    if result.verdict is Verdict.HELL_YES or any(a.points < Answer.YES.points for a in answers.values()):
        return ""
    return _(
        "Every answer is a yes or better, so no single answer is the weak spot. But a lukewarm yes "
        "is a no: a hell yes needs {threshold}, and this scores {score}."
    ).format(threshold=format_score(rubric.verdict.threshold), score=format_score(result.score))


def verdict_panel(
    rubric: Rubric, answers: dict[str, Answer], result: Result, note: str = "", gut: str | None = None
) -> None:
    """Everything that explains a verdict: reasons, the ten dimensions, and the way to a yes.
    `gut` words the gut call when it is not the one recorded with `result` (an account's headline)."""
    verdict_banner(result)
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.markdown("##### " + _("The ten dimensions"))
        st.altair_chart(dimension_chart(rubric, answers), width="stretch")
    with right:
        st.markdown("##### " + _("Gut vs. rubric"))
        st.markdown(gut_line(result) if gut is None else gut)
        if result.blockers:
            st.markdown("##### " + _("Why it is a hell no"))
            for blocker in result.blockers:
                st.markdown(f"- {md_escape(str(blocker.message))}")
        if result.to_hell_yes:
            st.markdown("##### " + _("What would make it a hell yes"))
            count = len(result.to_hell_yes)
            st.caption(
                ngettext(
                    "The fewest changes that flip it: {n} answer.",
                    "The fewest changes that flip it: {n} answers.",
                    count,
                ).format(n=count)
            )
            st.markdown("\n".join(f"- {change_words(change)}" for change in result.to_hell_yes))
        lukewarm = lukewarm_words(rubric, answers, result)
        if lukewarm:
            st.markdown("##### " + _("A lukewarm yes is a no"))
            st.markdown(lukewarm)
        elif result.weakest:
            st.markdown("##### " + _("Weakest spots"))
            st.markdown(
                "\n".join(
                    f"- {md_escape(str(rubric.dimension(k).label))} — {answers[k].label}"
                    for k in result.weakest
                )
            )
        if note:
            st.markdown("##### " + _("Your note"))
            st.text(note)


#: A status banner's colour and the line under its word (lazy: this table is built once, at
#: import, and each reader reads it in their own language).
STATUS_STYLE = {
    Status.HELL_YES: ("ts-yes", lazy_gettext("Still a clear yes.")),
    Status.WATCH: ("ts-watch", lazy_gettext("Something is slipping: look closer.")),
    Status.LET_GO: ("ts-no", lazy_gettext("Time to part ways, gracefully.")),
    Status.FIRE_NOW: ("ts-no", lazy_gettext("End it now.")),
    Status.STALE: ("ts-stale", lazy_gettext("No recent check-in: the status is out of date.")),
}


def status_banner(status: ClientStatus) -> None:
    css, sub = STATUS_STYLE[status.status]
    line = _("Score {score} / 100 (baseline {baseline}) · {status}").format(
        score=format_score(status.latest_score), baseline=format_score(status.baseline_score), status=sub
    )
    st.html(
        f"<div class='ts-verdict {css}' data-testid='ts-status' role='status'>"
        f"<div class='ts-word'>{html.escape(str(status.status.label).upper(), quote=False)}</div>"
        f"<div class='ts-sub'>{html.escape(line, quote=False)}</div></div>"
    )


def findings(status: ClientStatus) -> None:
    st.markdown("##### " + _("Why"))
    for finding in status.findings:
        marker = "**" if finding is status.deciding else ""
        st.markdown(f"- {marker}{keep_dates_whole(md_escape(str(finding.message)))}{marker}")


def client_panel(rubric: Rubric, answers: dict[str, Answer], head: Headline) -> None:
    """A client's scorecard: its status, never the verdict on its newest check-in alone."""
    assert head.status is not None
    status_banner(head.status)
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.markdown("##### " + _("The ten dimensions, at the newest check-in"))
        st.altair_chart(dimension_chart(rubric, answers), width="stretch")
    with right:
        findings(head.status)
        first_impression(head)


def first_impression(head: Headline) -> None:
    """The gut call the account started with, against what the rubric made of that screen."""
    st.markdown("##### " + _("Gut vs. rubric, at the first screen"))
    st.markdown(headline_gut(head))
