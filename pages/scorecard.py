import streamlit as st

from ui.scorecard import account_from_query, scorecard, sign_panel
from ui.shell import shell

ctx = shell("Scorecard")

account = account_from_query(ctx.repo)
if account is None:
    st.title("Scorecard", anchor=False)
    st.info("Open a scorecard from the list of prospects.")
    st.page_link("pages/prospects.py", label="All prospects", icon=":material/list:")
    st.stop()

scorecard(ctx.repo, ctx.rubric, account)
if account.stage.value == "client":
    st.page_link(
        "pages/client.py",
        label="Open the client page",
        icon=":material/handshake:",
        query_params={"account": str(account.id)},
    )
else:
    st.page_link(
        "pages/screen.py",
        label="Re-screen this prospect",
        icon=":material/refresh:",
        query_params={"account": str(account.id)},
    )
    sign_panel(ctx.repo, account)
