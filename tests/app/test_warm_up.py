"""A server start prepares Home before anyone opens it (`ui.warm_up`, run by app.py's st.App).

The first Home after a restart would read and judge every account while its visitor waits;
the start does that work ahead, through the same repository and the same kept portfolio, so
the first view only draws. When it cannot (no database, say), it leaves one line in the log
and the page says what is wrong, as it always did.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from services.portfolio import forget, kept
from storage.records import Changes
from ui import shell, warm_up


@pytest.fixture
def warm_log(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """The warm-up's log lines (Streamlit's loggers do not pass them on to the root)."""
    logger = logging.getLogger(warm_up.__name__)
    logger.addHandler(caplog.handler)
    caplog.set_level(logging.INFO, logger=warm_up.__name__)
    try:
        yield caplog
    finally:
        logger.removeHandler(caplog.handler)


def test_after_a_start_the_first_home_finds_every_account_read_and_judged(
    app: AppTest,
    db_url: str,
    add_prospect: Callable[..., int],
    monkeypatch: pytest.MonkeyPatch,
    warm_log: pytest.LogCaptureFixture,
) -> None:
    for name in ("Ada Prospect", "Bram Prospect", "Chloé Prospect"):
        add_prospect(name)
    forget()  # as after a restart: nothing kept
    repo = shell._repository(db_url)  # the repository every page of this server shares
    assert not kept(repo.location)

    thread = warm_up.start()
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert kept(repo.location)
    # What the start built stays for the server's life: no collection walks it again.
    assert gc.get_freeze_count() > 0 and gc.isenabled()
    gc.unfreeze()  # the other tests collect as usual
    assert any(warm_up.READY in r.getMessage() and "3 accounts" in r.getMessage() for r in warm_log.records)

    whole_reads: list[bool] = []
    real = repo.changes_since

    def recorded(epoch: str | None, seq: int) -> Changes:
        changes = real(epoch, seq)
        whole_reads.append(changes.complete)
        return changes

    monkeypatch.setattr(repo, "changes_since", recorded)
    app.run()
    assert not app.exception
    assert [sorted(df.value["Name"]) for df in app.dataframe] == [
        ["Ada Prospect", "Bram Prospect", "Chloé Prospect"]
    ]
    assert not any(whole_reads)  # Home read nothing whole: the start had


def test_a_save_between_the_start_and_the_first_view_shows(
    app: AppTest, db_url: str, add_prospect: Callable[..., int]
) -> None:
    add_prospect("Before The Start")
    forget()
    assert warm_up.prepare_home() is True
    add_prospect("After The Start")  # written by another process's repository meanwhile
    app.run()
    assert not app.exception
    assert [sorted(df.value["Name"]) for df in app.dataframe] == [["After The Start", "Before The Start"]]


def test_a_start_that_cannot_open_the_database_leaves_one_line_and_the_page_says_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warm_log: pytest.LogCaptureFixture
) -> None:
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"not a database at all, " * 400)
    monkeypatch.setenv("THINSLICE_DATABASE_URL", f"sqlite:///{damaged}")
    forget()
    assert warm_up.prepare_home() is False
    [record] = warm_log.records
    assert record.levelno == logging.WARNING
    assert "not prepared" in record.getMessage() and record.exc_info is None  # one line, no traceback

    page = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "home.py"), default_timeout=60).run()
    assert not page.exception
    assert any("cannot open its database" in str(e.value) for e in page.error)
