"""The Calibration page's "What your outcomes teach": which screen answers came before good and bad
outcomes, and the changes to the rubric that follow (`scoring.learning`)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from i18n import _, current_language, format_decimal, format_integer, format_percent, lazy_gettext
from scoring import Rubric
from scoring.learning import MIN_BAD, MIN_GOOD, MIN_TOTAL, Learning, Reading, Suggestion
from services.learning import learning
from services.portfolio import Portfolio
from services.store import Repository
from ui.charts import learning_picture
from ui.portfolio import portfolio
from ui.rubric_draft import open_in_editor
from ui.text import md_escape

#: What the section measures, in one breath (the section's caption and the AUC column's help).
EXPLAINED = lazy_gettext(
    "How well did the answer at the screen tell good outcomes from bad? "
    "50% is a coin toss, 100% a perfect split."
)
#: What counts as good and bad.
COUNTED = lazy_gettext(
    "Good: relationships completed as planned. Bad: relationships you let go or that went bust, "
    "and clients now at let go or fire now. “They left” is not counted."
)


@st.cache_resource(max_entries=8, show_spinner=False)
def _learned(
    _portfolio: Portfolio, location: str, epoch: str, seq: int, rubric: tuple[str, int, int], today: dt.date
) -> Learning:
    """Worked out once per data version and rubric: the same for every visitor, and its sentences
    render in each reader's language."""
    return learning(_portfolio.rubric, _portfolio)


def learned(repo: Repository, rubric: Rubric) -> Learning:
    lines = portfolio(repo, rubric)
    key = (rubric.key, rubric.version, hash(rubric))
    return _learned(lines, repo.location, lines.epoch, lines.seq, key, lines.today)


def learning_view(repo: Repository, rubric: Rubric) -> None:
    found = learned(repo, rubric)
    st.markdown("#### " + _("What your outcomes teach"))
    st.caption(str(EXPLAINED))
    st.caption(str(COUNTED))
    evidence = found.evidence
    good, bad = st.columns(2)
    good.metric(_("Good outcomes"), format_integer(evidence.n_good))
    bad.metric(
        _("Bad outcomes"),
        format_integer(evidence.n_bad),
        help=_("{n} of them are clients now at let go or fire now.").format(n=format_integer(found.troubled))
        if found.troubled
        else None,
    )
    _record(found)
    if not evidence.enough:
        # Means of two or three accounts would read as a finding: until the minimum, only what is missing.
        st.info(
            str(found.needed)
            + " "
            + _("Suggestions start from {good} good and {bad} bad outcomes, {total} in all.").format(
                good=format_integer(MIN_GOOD), bad=format_integer(MIN_BAD), total=format_integer(MIN_TOTAL)
            )
        )
        return
    if found.suggestions:
        st.markdown("##### " + _("Suggestions"))
        for suggestion in found.suggestions:
            _suggestion(suggestion)
    else:
        st.caption(
            _(
                "Nothing to change yet: no dimension told good from bad clearly, "
                "and no heavy one clearly told nothing."
            )
        )
    _picture(rubric, found)
    _table(rubric, found)


def _suggestion(suggestion: Suggestion) -> None:
    with st.container(border=True):
        st.markdown("**" + md_escape(suggestion.strength.label) + "**")
        # The sentence names a dimension, whose label the person may have written: plain text.
        st.markdown(md_escape(str(suggestion.sentence)))
        if st.button(
            _("Try it in the editor"),
            key=f"learning.try.{suggestion.dimension}.{suggestion.kind}",
            icon=":material/edit:",
        ):
            open_in_editor(suggestion.rubric, str(suggestion.sentence))


def _picture(rubric: Rubric, found: Learning) -> None:
    rows = [
        (dim.label, sep.mean_good, sep.mean_bad, sep.n_good, sep.n_bad)
        for dim, sep in zip(rubric.dimensions, found.dimensions, strict=True)
    ]
    if not any(sep.auc is not None for sep in found.dimensions):
        return  # nothing to set side by side until there is a good and a bad outcome
    data, spec = learning_picture(rows, current_language())
    st.vega_lite_chart(data, spec, width="stretch")
    st.caption(
        _(
            "The mean answer at the screen, per dimension: green for good outcomes, red for bad. "
            "The farther apart, the better that question told them apart."
        )
    )


def _decimal(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "–"
    shown = round(value, 1) or 0.0  # never "-0"
    text = format_decimal(shown, 1)
    return "+" + text if signed and shown > 0 else text


def _table(rubric: Rubric, found: Learning) -> None:
    if not any(sep.n_good or sep.n_bad for sep in found.dimensions):
        return
    headers = {
        "Dimension": _("Dimension"),
        # Translators: a column on the calibration page: the AUC, "how often a good outcome answered higher".
        "Tells apart": _("Tells apart"),
        "Good": _("Good (mean)"),
        "Bad": _("Bad (mean)"),
        # Translators: a column on the calibration page: mean answer of the good minus that of the bad.
        "Difference": _("Difference"),
        "Good n": _("Good (n)"),
        "Bad n": _("Bad (n)"),
        "Reading": _("Reading"),
        "Evidence": _("How sure"),
    }
    rows = []
    for dim, sep in zip(rubric.dimensions, found.dimensions, strict=True):
        rows.append(
            {
                headers["Dimension"]: dim.label,
                headers["Tells apart"]: format_percent(round(sep.auc, 2)) if sep.auc is not None else "–",
                headers["Good"]: _decimal(sep.mean_good),
                headers["Bad"]: _decimal(sep.mean_bad),
                headers["Difference"]: _decimal(sep.difference, signed=True),
                headers["Good n"]: format_integer(sep.n_good),
                headers["Bad n"]: format_integer(sep.n_bad),
                headers["Reading"]: sep.reading.label,
                headers["Evidence"]: sep.strength.label if sep.strength is not None else "–",
            }
        )
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        column_config={
            headers["Tells apart"]: st.column_config.TextColumn(help=str(EXPLAINED)),
            headers["Difference"]: st.column_config.TextColumn(
                help=_("The good outcomes' mean answer minus the bad outcomes', in answer steps (0-4).")
            ),
            headers["Reading"]: st.column_config.TextColumn(
                help=_(
                    "Tells them apart: good outcomes answered higher. Backwards: bad outcomes did. "
                    "Coin toss: it told nothing. No clear sign: too early to say."
                )
            ),
        },
    )
    if any(sep.reading is Reading.REVERSED for sep in found.dimensions):
        st.caption(
            _(
                "Backwards means the bad outcomes answered higher at the screen than the good ones: "
                "check that the question asks what you think it asks."
            )
        )


def _record(found: Learning) -> None:
    """The gut and the rubric against every outcome, the clients now in trouble included: shown only
    when those clients add something to the count above it (ended relationships only)."""
    record = found.record
    if not found.troubled or not record.judged:
        return
    st.caption(
        _(
            "Counting the clients now at let go or fire now as bad outcomes too: your gut was right "
            "{gut} of {with_gut} times, the rubric {rubric} of {judged}."
        ).format(
            gut=format_integer(record.gut_right),
            with_gut=format_integer(record.with_gut),
            rubric=format_integer(record.rubric_right),
            judged=format_integer(record.judged),
        )
    )
