"""Work a server start does ahead of its first visitor.

The first Home after a restart reads and judges every account; on its own, the first visitor
would wait for all of it. `lifespan` starts that work in a background thread as the server
starts: a visitor who comes a few seconds after a restart (a deploy, a reboot) finds the
portfolio kept, and Home only draws it. One who comes sooner waits for the same work, already
under way. Whatever fails here is left to the page, which says so where it is seen; the server's
log gets one line either way.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from streamlit.logger import get_logger

from services.bulk import bulk

_log = get_logger(__name__)

THREAD_NAME = "thinslice-warm-up"
READY = "Home is ready ahead of its first visitor"


@asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    """The server's start (`st.App(lifespan=...)`): prepare Home in the background, serve at once."""
    start()
    yield


def start() -> threading.Thread:
    thread = threading.Thread(target=prepare_home, name=THREAD_NAME, daemon=True)
    thread.start()
    return thread


def prepare_home(today: dt.date | None = None) -> bool:
    """Read and judge the portfolio Home shows, as the first Home would, and keep it. True when it
    is kept; False, and a line in the log, when the page will have to say what is wrong."""
    started = time.perf_counter()
    try:
        # Everything a start loads and builds here stays for the server's life: no garbage
        # collection passes over it meanwhile, nor ever after (`bulk`'s `lasting`).
        with bulk(lasting=True):
            # Imported here, in the background: the server answers before any of it is loaded.
            from ui.portfolio import prepare
            from ui.shell import context

            ctx = context()
            lines = prepare(ctx.repo, ctx.rubric, today)
    except Exception as exc:  # the page reports it to the person; the log names it
        _log.warning(
            "Home was not prepared ahead of its first visitor (%s); its first view will.", type(exc).__name__
        )
        return False
    _log.info("%s: %d accounts read and judged in %.1f s.", READY, len(lines), time.perf_counter() - started)
    return True
