"""A bulk read pauses cyclic garbage collection and always resumes it as it was."""

from __future__ import annotations

import gc

import pytest

from services.bulk import bulk


def test_collection_is_paused_inside_and_resumed_after_even_on_error() -> None:
    assert gc.isenabled()
    with bulk():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), bulk():
        raise RuntimeError("a failed read")
    assert gc.isenabled()


def test_collection_switched_off_by_someone_else_stays_off() -> None:
    gc.disable()
    try:
        with bulk():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
