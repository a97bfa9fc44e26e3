"""Every page's script path, declared once: links, page switches and the sidebar use these.

Streamlit addresses a page by its file; a renamed file then fails in one place, here
(tests/app open each route).
"""

from __future__ import annotations

HOME = "home.py"
SCREEN = "pages/screen.py"
PROSPECTS = "pages/prospects.py"
CLIENTS = "pages/clients.py"
CLIENT = "pages/client.py"
SCORECARD = "pages/scorecard.py"
CALIBRATION = "pages/calibration.py"
DATA = "pages/data.py"
SETTINGS = "pages/settings.py"
#: Public: the page a questionnaire link opens (`/questionnaire?q=TOKEN`), outside the sign-in.
QUESTIONNAIRE = "pages/questionnaire.py"

#: The client page's tabs, in order, and the address parameter that names the open one
#: (`pages/client.py?account=7&tab=Check-in`): a link can open a client on any of them.
CLIENT_TABS = ("History", "Check-in", "Invoices", "Evidence", "Let go", "Share")
TAB_PARAM = "tab"
RUBRIC = "pages/rubric.py"
CAPACITY = "pages/capacity.py"
