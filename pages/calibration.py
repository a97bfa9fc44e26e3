import streamlit as st

from ui.calibration import calibration_view
from ui.shell import shell

ctx = shell("Calibration")

st.title("Calibration", anchor=False)
st.caption("How often did your gut and the rubric agree, and when a relationship ended, which one was right?")
calibration_view(ctx.repo, ctx.rubric)
