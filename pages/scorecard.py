import streamlit as st

from ui.scorecard import account_from_query, scorecard
from ui.shell import shell

ctx = shell("Scorecard")

account = account_from_query(ctx.repo)
if account is None:
    st.title("Scorecard", anchor=False)
    st.info("Open a scorecard from the list of prospects.")
    st.page_link("pages/prospects.py", label="All prospects", icon=":material/list:")
else:
    scorecard(ctx.repo, ctx.rubric, account)
    st.page_link(
        "pages/screen.py",
        label="Re-screen this prospect",
        icon=":material/refresh:",
        query_params={"account": str(account.id)},
    )
