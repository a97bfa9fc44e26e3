import streamlit as st

from i18n import _, lazy_gettext
from ui.data_view import download_section, import_section
from ui.hours_import_view import hours_section
from ui.invoice_import_view import invoice_import_section
from ui.portable_view import everything_section
from ui.privacy import backup_section
from ui.shell import shell

ctx = shell(lazy_gettext("Data"))

st.title(_("Data"), anchor=False)
st.caption(
    _("Take your assessments to a spreadsheet, your CRM or your accountant, and bring history in from one.")
)

st.markdown("#### " + _("Download"))
download_section(ctx.repo, ctx.rubric)

st.markdown("#### " + _("Import"))
import_section(ctx.repo, ctx.rubric)

st.markdown("#### " + _("Invoices from your bookkeeping"))
invoice_import_section(ctx.repo)

st.markdown("#### " + _("Hours a week"))
hours_section(ctx.repo)

st.markdown("#### " + _("All your data"))
everything_section(ctx.repo)

backup_section(ctx.repo)
