"""The floor for browser timings: a page with one title, served with the app's own config.

Whatever a browser needs to open this page (Streamlit's JavaScript, the session, one script
run) every page of ours needs too; measuring both in one run shows what ours adds. From a
process start, it is also what a server needs before it draws anything at all.
"""

import streamlit as st

st.title("Thin Slice floor page", anchor=False)
