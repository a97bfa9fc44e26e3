"""The frame every page starts with: page config, storage, rubric and navigation.

Every page, Home (home.py) included, calls `shell()` first. With pages in directory mode,
a deep link that is the first request after the server starts runs that page
without home.py, so nothing may rely on Home having run.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote, urlsplit

import streamlit as st

from i18n import Lazy, _, lazy_gettext
from scoring import Rubric, RubricError
from services.rubrics import current as current_rubric
from services.store import (
    Repository,
    StorageError,
    StorageUnavailable,
    database_url,
    open_repository,
    shown_url,
)
from ui import language, routes, score_mode
from ui.sign_in import gate, signed_in_as
from ui.text import md_escape

#: The cyclic garbage collector's thresholds in the app's server. Python's default (700, 10, 10)
#: suits a small script: a page run here builds tens of thousands of objects (the first Home
#: after a restart imports pandas, SQLAlchemy and pydantic, then judges every account), nearly
#: all of them alive until the run ends or freed by reference counting, and the default made the
#: collector walk them again and again (a fifth of that first Home's CPU at 2,000 accounts).
#: Collecting after 50,000 new containers instead leaves cycles a little longer; bulk reads pause
#: it altogether (`services.bulk`).
COLLECTOR_THRESHOLDS = (50_000, 20, 20)
# Set for the whole server when a page first imports the shell, before any page runs.
gc.set_threshold(*COLLECTOR_THRESHOLDS)

PAGES: tuple[tuple[str, Lazy, str], ...] = (
    (routes.HOME, lazy_gettext("Home"), ":material/home:"),
    (routes.SCREEN, lazy_gettext("Screen a prospect"), ":material/bolt:"),
    (routes.PROSPECTS, lazy_gettext("Prospects"), ":material/list:"),
    (routes.CLIENTS, lazy_gettext("Clients"), ":material/handshake:"),
    (routes.CAPACITY, lazy_gettext("Capacity"), ":material/schedule:"),
    (routes.CALIBRATION, lazy_gettext("Calibration"), ":material/balance:"),
    (routes.RUBRIC, lazy_gettext("Rubric"), ":material/tune:"),
    (routes.DATA, lazy_gettext("Data"), ":material/table:"),
    (routes.SETTINGS, lazy_gettext("Settings"), ":material/settings:"),
)

_CSS = """
<style>
.ts-verdict {border-radius: 14px; padding: 18px 24px; margin: 4px 0 12px 0; color: #fff;}
.ts-verdict .ts-word {font-size: 2.6rem; font-weight: 800; letter-spacing: .04em; line-height: 1.1;}
.ts-verdict .ts-sub {font-size: 1rem; opacity: .92; margin-top: 4px;}
.ts-yes {background: linear-gradient(135deg, #15803d, #166534);}
.ts-no {background: linear-gradient(135deg, #b91c1c, #7f1d1d);}
.ts-watch {background: linear-gradient(135deg, #d97706, #b45309);}
.ts-stale {background: linear-gradient(135deg, #64748b, #475569);}
.ts-pill {display: inline-block; border-radius: 999px; padding: 1px 10px; font-size: .8rem;
          font-weight: 700; color: #fff;}
.ts-pill-yes {background: #15803d;} .ts-pill-no {background: #b91c1c;}
/* --- Lists and Home (portfolio) --- */
/* Home's five numbers: three and two to a row on a phone instead of five stacked screens. */
@media (max-width: 640px) {
  .st-key-ts-metrics [data-testid="stHorizontalBlock"] {flex-direction: row; flex-wrap: wrap;
                                                        gap: .5rem 1rem;}
  .st-key-ts-metrics [data-testid="stColumn"] {flex: 1 1 28% !important; min-width: 28% !important;
                                               width: auto !important;}
  .st-key-ts-metrics [data-testid="stMetricValue"] {font-size: 1.6rem;}
  .st-key-ts-metrics [data-testid="stMetricLabel"] p {white-space: normal; line-height: 1.2;}
}
/* Home's alerts: one line each, a link to the account. */
.st-key-ts-alerts [data-testid="stElementContainer"] + [data-testid="stElementContainer"] {
  border-top: 1px solid rgba(49, 51, 63, .1); padding-top: .35rem;}
.st-key-ts-alerts [data-testid="stPageLink"] p {white-space: normal; line-height: 1.4;}
/* --- end lists and Home --- */
/* The rubric editor's what-if: an account's change may take two lines in its narrow column. */
.st-key-ts-whatif-prospects [data-testid="stPageLink"] p,
.st-key-ts-whatif-clients [data-testid="stPageLink"] p {white-space: normal; line-height: 1.4;}
</style>
"""


@dataclass(frozen=True)
class Context:
    repo: Repository
    rubric: Rubric


@st.cache_resource(show_spinner=False)
def _repository(url: str) -> Repository:
    return open_repository(url)


_SHARED_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stSidebarNav"],
[data-testid="stMainMenu"], [data-testid="stToolbar"] {display: none !important;}
/* A shared card shows its charts as pictures: no "Show data", spec copy or fullscreen menu. */
[data-testid="stElementToolbar"] {display: none !important;}
</style>
"""


def shell(
    title: str | Lazy,
    layout: Literal["centered", "wide"] = "wide",
    *,
    shared: bool = False,
    brand: bool = True,
) -> Context:
    """Set up a page. `shared` is the read-only view behind a share link: no way into the app.
    `brand=False`: the browser tab reads only `title` (a page that is the user's, not the app's)."""
    url = database_url()
    try:
        repo: Repository | None = _repository(url)
        problem: Exception | None = None
    except (StorageUnavailable, OSError, ValueError) as exc:
        repo, problem = None, exc
    # Before anything is drawn: the sign-in screen and the errors below speak it too.
    language.apply(repo, shared=shared)
    st.set_page_config(
        page_title=f"{title} · Thin Slice" if brand else str(title),
        # A Material icon, as in the sidebar: an emoji would make the first page run of every new
        # server load and compile Streamlit's whole emoji catalogue (about 0.3 s) to recognise it.
        page_icon=":material/target:",
        layout="centered" if shared else layout,
        initial_sidebar_state="collapsed" if shared else "auto",
        menu_items={} if shared else None,
    )
    st.html(_CSS + (_SHARED_CSS if shared else ""))
    if not shared:
        email = gate()  # stops here for anyone who may not see the app
        with st.sidebar:
            st.markdown("### :material/target: Thin Slice")
            st.caption(_("Unless it's a hell yes, it's a hell no."))
            for path, label, icon in PAGES:
                st.page_link(path, label=str(label), icon=icon)
            language.switch(repo)
            if email is not None:
                signed_in_as(email)
    if repo is None:
        kind = problem.kind if isinstance(problem, StorageUnavailable) else type(problem).__name__
        st.error(
            _(
                "Thin Slice cannot open its database ({url}). Check THINSLICE_DATABASE_URL. Details: {kind}."
            ).format(url=shown_url(url), kind=kind)
        )
        st.stop()
    try:
        rubric = current_rubric(repo)
    except RubricError as exc:
        st.error(_("The rubric cannot be loaded. {problem}").format(problem=exc))
        st.stop()
    except StorageError as exc:
        st.error(_("Thin Slice cannot read its rubric from the database: {problem}").format(problem=exc))
        st.stop()
    if not shared:
        with st.sidebar:
            score_mode.switch(rubric)
    return Context(repo=repo, rubric=rubric)


def context() -> Context:
    """What `shell` hands a page, without drawing anything and without stopping: the rubric in use
    and the repository every page shares. Raises what `shell` turns into a message on the page."""
    repo = _repository(database_url())
    return Context(repo=repo, rubric=current_rubric(repo))


def unknown_path(url: str | None, base: str = "") -> str | None:
    """The path asked for when Home runs in place of a page that does not exist, else None.

    Streamlit runs the main script for an address that names no page (and then shows "/" in the
    address bar); the address the browser asked for is still in `st.context.url`.
    """
    if not url:
        return None
    path = unquote(urlsplit(url).path).strip("/")
    base = base.strip("/")
    if base and (path == base or path.startswith(base + "/")):
        path = path[len(base) :].strip("/")
    return path or None


def page_not_found() -> None:
    """On Home: if the address named a page that does not exist, say so, offer the way back, stop."""
    missing = unknown_path(st.context.url, str(st.get_option("server.baseUrlPath") or ""))
    if missing is None:
        return
    st.title(_("Page not found"), anchor=False)
    st.warning(
        _("There is no page called “{page}” in Thin Slice.").format(page=md_escape(missing)),
        icon=":material/search_off:",
    )
    st.page_link(routes.HOME, label=_("Go to Home"), icon=":material/home:")
    st.stop()
