import datetime as dt

import streamlit as st

from i18n import _, lazy_gettext
from ui.rubric_editor import rubric_page
from ui.shell import shell

ctx = shell(lazy_gettext("Rubric"))

st.title(_("Rubric"), anchor=False)
st.caption(
    _(
        "The questions every screen and check-in asks, and the rules that turn answers into a verdict and a status."
    )
)
rubric_page(ctx.repo, ctx.rubric, dt.date.today())
