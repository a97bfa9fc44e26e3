import streamlit as st

from ui.data_view import download_section, import_section
from ui.privacy import backup_section
from ui.shell import shell

ctx = shell("Data")

st.title("Data", anchor=False)
st.caption(
    "Take your assessments to a spreadsheet, your CRM or your accountant, and bring history in from one."
)

st.markdown("#### Download")
download_section(ctx.repo, ctx.rubric)

st.markdown("#### Import")
import_section(ctx.repo, ctx.rubric)

backup_section(ctx.repo)
