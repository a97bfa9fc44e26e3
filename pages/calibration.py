import streamlit as st

from i18n import _, lazy_gettext
from ui.calibration import calibration_view
from ui.learning import learning_view
from ui.shell import shell

ctx = shell(lazy_gettext("Calibration"))

st.title(_("Calibration"), anchor=False)
st.caption(
    _("How often did your gut and the rubric agree, and when a relationship ended, which one was right?")
)
calibration_view(ctx.repo, ctx.rubric)
st.divider()
learning_view(ctx.repo, ctx.rubric)
