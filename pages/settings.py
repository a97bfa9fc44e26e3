import streamlit as st

from i18n import _
from ui.capacity_view import workspace_settings
from ui.settings_view import settings_view
from ui.shell import shell

ctx = shell(_("Settings"))

st.title(_("Settings"), anchor=False)
st.caption(_("Your own choices, kept for you on this Thin Slice."))
settings_view(ctx.repo)
workspace_settings(ctx.repo)
