"""The page a questionnaire link opens (`/questionnaire?q=TOKEN`): public, outside the sign-in.

It is the sender's page, not the app's: no sidebar, no way into the app, the sender's name as
its heading and in the browser tab. It opens in the visitor's browser language; the switch
changes it for this visit only (stored nowhere).
"""

import streamlit as st

from i18n import lazy_gettext
from services.questionnaires import open_link
from services.store import StorageError
from ui import language
from ui.questionnaire_form import (
    neutral,
    page_title,
    questionnaire_form,
    recovered,
    sent_here,
    thanks,
    unavailable,
)
from ui.shell import shell

token = st.query_params.get("q") or ""
ctx = shell(lazy_gettext("Questionnaire"), shared=True, brand=False)
language.switch(ctx.repo, remember=False)

sent = sent_here(token) if token else None
if sent is not None:
    st.set_page_config(page_title=page_title(sent))
    thanks(sent, token)
    st.stop()

try:
    opened = open_link(ctx.repo, token) if token else None
    again = recovered(ctx.repo, token) if opened is None and token else None
except StorageError:
    unavailable()
    st.stop()
if opened is None:
    if again is not None:
        st.set_page_config(page_title=page_title(again))
        thanks(again, token)
    else:
        neutral()
    st.stop()

st.set_page_config(page_title=page_title(opened))
questionnaire_form(ctx.repo, token, opened)
