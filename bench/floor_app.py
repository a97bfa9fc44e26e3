"""The floor for browser timings: the smallest Streamlit page, served with the app's own config.

Whatever a browser needs to open this page (Streamlit's JavaScript, the session, one script
run) every page of ours needs too; measuring both in one run shows what ours adds.
"""

import streamlit as st

st.write("Thin Slice floor page")
