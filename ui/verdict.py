"""The verdict panel: the big word, the score, and every reason behind it."""

from __future__ import annotations

import streamlit as st

from scoring import Answer, Result, Rubric, Verdict, format_score
from ui.charts import dimension_chart
from ui.text import md_escape


def verdict_banner(result: Result, subtitle: str = "") -> None:
    """The one element that must be impossible to misread. Only our own words go in here."""
    yes = result.verdict is Verdict.HELL_YES
    word = "HELL YES" if yes else "HELL NO"
    css = "ts-yes" if yes else "ts-no"
    sub = subtitle or ("Clear yes: take it." if yes else "Not a clear yes, so it is a no.")
    st.html(
        f"<div class='ts-verdict {css}' data-testid='ts-verdict' role='status'>"
        f"<div class='ts-word'>{word}</div>"
        f"<div class='ts-sub'>Score {format_score(result.score)} / 100 · {sub}</div></div>"
    )


def gut_line(result: Result) -> str:
    if result.gut is None:
        return "No gut call recorded."
    if result.gut_agrees:
        return f"Your gut said **{result.gut.label}** and the rubric agrees."
    if result.gut is Verdict.HELL_YES:
        return (
            f"Your gut said **{result.gut.label}**, the rubric says **{result.verdict.label}**. "
            "A warm first impression can hide the warning signs: read the reasons below before you sign."
        )
    return (
        f"Your gut said **{result.gut.label}**, the rubric says **{result.verdict.label}**. "
        "Something put you off that the questions did not catch: name it before you go ahead."
    )


def verdict_panel(rubric: Rubric, answers: dict[str, Answer], result: Result, note: str = "") -> None:
    """Everything that explains a verdict: reasons, the ten dimensions, and the way to a yes."""
    verdict_banner(result)
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.markdown("##### The ten dimensions")
        st.altair_chart(dimension_chart(rubric, answers), width="stretch")
    with right:
        st.markdown("##### Gut vs. rubric")
        st.markdown(gut_line(result))
        if result.blockers:
            st.markdown("##### Why it is a hell no")
            for blocker in result.blockers:
                st.markdown(f"- {md_escape(blocker.message)}")
        if result.to_hell_yes:
            st.markdown("##### What would make it a hell yes")
            count = len(result.to_hell_yes)
            st.caption(f"The fewest changes that flip it: {count} answer{'s' if count != 1 else ''}.")
            for change in result.to_hell_yes:
                st.markdown(
                    f"- **{md_escape(change.label)}**: from *{change.current.label}* "
                    f"to at least *{change.needed.label}*"
                )
        if result.weakest:
            st.markdown("##### Weakest spots")
            st.markdown(
                "\n".join(
                    f"- {md_escape(rubric.dimension(k).label)} — {answers[k].label}" for k in result.weakest
                )
            )
        if note:
            st.markdown("##### Your note")
            st.text(note)
