"""What the other side said, beside what you said: the scorecard's "They said / You said", and a
client's reviews over time on the History tab.

Their answers never decide anything here: a line where the two views lie far apart, or where they
named a concern you rated yes or better, is marked as something to talk about. Their own words
are shown exactly as typed (`st.text`, or escaped markdown), never as markdown or HTML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import streamlit as st

from i18n import _, format_date, format_score, language_name, ngettext
from scoring import Answer, Rubric
from scoring.questionnaires import Line, QuestionnaireKind, QuestionType, TheirSide
from services.questionnaires import latest, rated, side_by_side
from services.store import Repository, StoredAssessment
from ui.text import md_escape

#: Where a page keeps the account's answer sets beside its view (`ui.scorecard.Current.memo`).
_MEMO = "their_answers"


def their_sides(repo: Repository, account_id: int, memo: dict[str, Any] | None = None) -> list[TheirSide]:
    """Every answer set of the account, oldest first. With `memo` (the account's `Current.memo`,
    kept per data version) a click that changes nothing reads them once."""
    if memo is None:
        return repo.their_answers(account_id)
    if _MEMO not in memo:
        memo[_MEMO] = tuple(repo.their_answers(account_id))
    return list(memo[_MEMO])


def own_answers_on(history: Sequence[StoredAssessment], day: dt.date) -> StoredAssessment | None:
    """Your assessment nearest before or on `day` (else the first one): what their answers of
    that day are put beside."""
    before = [s for s in history if s.assessment.taken_on <= day]
    if before:
        return before[-1]
    return history[0] if history else None


def _kind_title(kind: QuestionnaireKind) -> str:
    label = kind.label
    return label[:1].upper() + label[1:]


def _answered_caption(side: TheirSide) -> str:
    return _("{kind}, answered {date} in {language}").format(
        kind=_kind_title(side.kind),
        date=format_date(side.submitted_on),
        language=language_name(side.language),
    )


def _dimension_label(rubric: Rubric, key: str | None) -> str | None:
    if key is None or key not in rubric.keys:
        return None
    return str(rubric.dimension(key).label)


def _why_marked(line: Line) -> str:
    """The sentence under a marked line: their concern, else how far apart the two views lie."""
    if line.concern:
        return line.concern
    if line.suggests is not None and line.yours is not None:
        return _("Their answer points to “{theirs}”; you said “{yours}”.").format(
            theirs=line.suggests.label, yours=line.yours.label
        )
    return ""


def _yours(rubric: Rubric, line: Line) -> str | None:
    """ "You said (Payment): Hell yes", or None when no answer of yours stands beside it."""
    dimension = _dimension_label(rubric, line.question.dimension)
    if dimension is None or line.yours is None:
        return None
    return _("You said ({dimension}): {answer}").format(dimension=dimension, answer=line.yours.label)


def _choice_line(rubric: Rubric, line: Line) -> None:
    """One answered choice or number: the question, their answer, yours, and the mark."""
    rows = [f"**{md_escape(line.question.text.text())}**"]
    rows.append(_("They said: {answer}").format(answer=md_escape(line.theirs)))
    yours = _yours(rubric, line)
    if yours:
        rows.append(md_escape(yours))
    if line.mismatch:
        rows[0] = ":red[:material/error:] " + rows[0]
        why = _why_marked(line)
        if why:
            rows.append(f":red[{md_escape(why)}]")
    elif line.concern:
        # A concern on a dimension you answered unsure or worse: you saw it too.
        rows.append(f":orange[{md_escape(line.concern)}]")
    st.markdown("  \n".join(rows))


def _text_line(rubric: Rubric, line: Line) -> None:
    """Their own words: shown exactly as typed."""
    st.markdown(f"**{md_escape(line.question.text.text())}**")
    st.text(line.theirs)
    yours = _yours(rubric, line)
    if yours:
        st.caption(md_escape(yours))


def answer_set(rubric: Rubric, side: TheirSide, own: dict[str, Answer] | None) -> None:
    """One answer set beside your answers: marked lines first, in a box; their words last."""
    lines = side_by_side(side, own)
    marked = [line for line in lines if line.mismatch and line.question.kind is not QuestionType.TEXT]
    agreed = [line for line in lines if not line.mismatch and line.question.kind is not QuestionType.TEXT]
    words = [line for line in lines if line.question.kind is QuestionType.TEXT]
    if marked:
        with st.container(border=True):
            st.markdown(
                ":red[:material/error:] **"
                + ngettext(
                    "{n} answer differs from yours: worth talking about.",
                    "{n} answers differ from yours: worth talking about.",
                    len(marked),
                ).format(n=len(marked))
                + "**"
            )
            for line in marked:
                _choice_line(rubric, line)
    elif own is not None and any(line.yours is not None for line in agreed):
        st.markdown(
            ":green[:material/check_circle:] " + _("Nothing they said differs much from your answers.")
        )
    for line in agreed:
        _choice_line(rubric, line)
    for line in words:
        _text_line(rubric, line)
    if not lines:
        st.caption(_("They left every question open."))


def they_said(
    rubric: Rubric,
    sides: Sequence[TheirSide],
    history: Sequence[StoredAssessment],
    kind: QuestionnaireKind,
) -> None:
    """The scorecard's "They said / You said": their newest answers (of `kind` when there are any)
    beside your newest assessment, and earlier answer sets in an expander."""
    if not sides:
        return
    newest = latest(list(sides), kind) or sides[-1]
    own = history[-1] if history else None
    st.markdown("##### " + _("They said / You said"))
    st.caption(_answered_caption(newest))
    if own is not None:
        st.caption(_("Beside your answers of {date}.").format(date=format_date(own.assessment.taken_on)))
    answer_set(rubric, newest, own.assessment.answers if own else None)
    older = [side for side in reversed(sides) if side.id != newest.id]
    if older:
        label = ngettext("{n} earlier answer set", "{n} earlier answer sets", len(older)).format(n=len(older))
        with st.expander(label, icon=":material/history:"):
            for number, side in enumerate(older):
                if number:
                    st.divider()
                _side_beside_then(rubric, side, history)


def _side_beside_then(
    rubric: Rubric, side: TheirSide, history: Sequence[StoredAssessment], *, titled: bool = False
) -> None:
    """An answer set beside the assessment of yours nearest before it. `titled`: its kind and date
    are in the title above it already."""
    own = own_answers_on(history, side.submitted_on)
    if not titled:
        st.caption(_answered_caption(side))
    if own is not None and titled:
        st.caption(
            _("Answered in {language}, beside your answers of {date}.").format(
                language=language_name(side.language), date=format_date(own.assessment.taken_on)
            )
        )
    elif own is not None:
        st.caption(_("Beside your answers of {date}.").format(date=format_date(own.assessment.taken_on)))
    answer_set(rubric, side, own.assessment.answers if own else None)


def reviews(rubric: Rubric, sides: Sequence[TheirSide], history: Sequence[StoredAssessment]) -> None:
    """A client's reviews, newest first: each with their rating and beside the check-in (or the
    baseline) nearest before it. The newest is open."""
    found = [side for side in sides if side.kind is QuestionnaireKind.REVIEW]
    st.markdown("##### " + _("Their reviews"))
    if not found:
        st.caption(_("No reviews yet. Ask this client for one under Share."))
        return
    for number, side in enumerate(reversed(found)):
        rating = rated(side)
        title = (
            _("Review of {date}: their rating {rating} / 100").format(
                date=format_date(side.submitted_on), rating=format_score(rating)
            )
            if rating is not None
            else _("Review of {date}").format(date=format_date(side.submitted_on))
        )
        with st.expander(title, expanded=number == 0, icon=":material/reviews:"):
            _side_beside_then(rubric, side, history, titled=True)


def ratings(sides: Sequence[TheirSide]) -> tuple[tuple[dt.date, float], ...]:
    """Each review's date and their rating (0-100), oldest first: the score chart's second line."""
    points = []
    for side in sides:
        if side.kind is QuestionnaireKind.REVIEW:
            rating = rated(side)
            if rating is not None:
                points.append((side.submitted_on, rating))
    return tuple(points)
