import streamlit as st

from scoring import Verdict
from ui.portfolio import alert_list, portfolio, selectable_table
from ui.shell import shell

ctx = shell("Home")

st.title("Is it a hell yes?", anchor=False)
st.caption("Your portfolio of prospects, most urgent first.")

lines = portfolio(ctx.repo, ctx.rubric)

if not lines:
    st.info(
        "Nothing here yet. Screen your first prospect: your gut call, then ten one-click questions, "
        "and a verdict that tells you why.",
        icon=":material/waving_hand:",
    )
    st.page_link("pages/screen.py", label="Screen a prospect", icon=":material/bolt:")
    st.caption("Want to look around first? Run `python cli.py demo` to load a dozen example prospects.")
    st.stop()

scored = [line for line in lines if line.result]
yes = sum(1 for line in scored if line.result and line.result.verdict is Verdict.HELL_YES)
with_gut = [line for line in scored if line.result and line.result.gut_agrees is not None]
agreed = sum(1 for line in with_gut if line.result and line.result.gut_agrees)

accounts, hell_yes, hell_no, gut = st.columns(4)
accounts.metric("Prospects", len(lines))
hell_yes.metric("Hell yes", yes)
hell_no.metric("Hell no", len(scored) - yes)
gut.metric("Gut and rubric agree", f"{round(100 * agreed / len(with_gut))} %" if with_gut else "–")

st.markdown("#### Needs your attention")
if alert_list(lines) == 0:
    st.success("No alerts: nothing is waiting on you.", icon=":material/check_circle:")

st.markdown("#### Everything")
st.caption("Click a row to open its scorecard.")
picked = selectable_table(lines, key="home.table")
if picked is not None:
    st.switch_page("pages/scorecard.py", query_params={"account": str(picked)})
