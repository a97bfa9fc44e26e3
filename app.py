"""The server. `streamlit run app.py` serves Thin Slice: Home is home.py, every other page is in
pages/. As the server starts, before anyone opens a page, it prepares Home (`ui.warm_up`), so
the first visitor after a restart does not wait for every account to be read and judged."""

import streamlit as st

from ui.warm_up import lifespan

app = st.App("home.py", lifespan=lifespan)
