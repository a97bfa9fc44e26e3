"""Reading tens of thousands of rows at once without paying for the whole server's garbage.

Building a large result allocates hundreds of thousands of small containers (a tuple
per row, lists per column). Each few hundred allocations start a cyclic garbage
collection, and the older generations walk every object the process holds: in a
Streamlit server that is every session's state and every cache. At team size that
came to a third of a CSV export. Nothing a bulk read builds is cyclic, and
reference counting frees it as usual, so the cyclic collector waits until it is done.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def bulk(*, lasting: bool = False) -> Iterator[None]:
    """Pause cyclic garbage collection for a bulk read; it resumes as it was, even on error.

    Two threads in bulk reads at once are safe: the first to finish may resume collection
    early, never leave it off.

    `lasting`: what was built stays as long as the server (a start's warm-up, `ui.warm_up`).
    Every object the process then holds (modules, the portfolio) goes to the collector's
    permanent generation (`gc.freeze`) before collection resumes, so no collection walks them
    again: not the first, which would pass over everything just built, nor any later one.
    Reference counting still frees them when they go. Only at a start: an object held then
    that later ends up in a reference cycle is never collected.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if lasting:
            gc.freeze()
        if was_enabled:
            gc.enable()
