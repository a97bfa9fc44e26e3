import streamlit as st

from i18n import _, format_integer, ngettext
from scoring import Verdict
from ui import routes
from ui.portfolio import Count, matches, portfolio, selectable_table
from ui.shell import shell

ctx = shell("Prospects")

st.title(_("Prospects"), anchor=False)
everyone = portfolio(ctx.repo, ctx.rubric)
lines = everyone.prospects

if not lines:
    st.info(_("No prospects yet. Screen your first one: it takes two minutes."), icon=":material/info:")
    st.page_link(routes.SCREEN, label=_("Screen a prospect"), icon=":material/bolt:")
    st.stop()

yes = everyone.count(Count.PROSPECTS_HELL_YES)
st.caption(
    # Translators: "12 prospects · 5 hell yes · 7 hell no. Click a name to open its scorecard."
    _("{prospects} · {yes} hell yes · {no} hell no. Click a name to open its scorecard.").format(
        prospects=ngettext("{n} prospect", "{n} prospects", len(lines)).format(n=format_integer(len(lines))),
        yes=format_integer(yes),
        no=format_integer(len(lines) - yes),
    )
)

# The filter's options are stable keys; only their labels follow the language.
labels = {"all": _("All"), Verdict.HELL_YES.value: _("Hell yes"), Verdict.HELL_NO.value: _("Hell no")}
show, search = st.columns([2, 3])
with show:
    verdict = st.segmented_control(
        _("Show"), list(labels), format_func=labels.__getitem__, default="all", key="prospects.filter"
    )
with search:
    query = st.text_input(
        _("Find by name or company"), key="prospects.search", placeholder=_("Type to filter")
    )

if verdict in (Verdict.HELL_YES.value, Verdict.HELL_NO.value):
    lines = [line for line in lines if line.result and line.result.verdict.value == verdict]
if query.strip():
    lines = [line for line in lines if matches(line, query)]

# Every prospect is at stage "prospect" with one screen or a few: no Stage, no trend, no check-ins.
picked = selectable_table(lines, key="prospects.table", hide=("Stage", "Trend", "Check-in due"), search=False)
if picked is not None:
    st.switch_page(routes.SCORECARD, query_params={"account": str(picked)})

st.page_link(routes.SCREEN, label=_("Screen another prospect"), icon=":material/bolt:")
