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


def _walked(objects: list[list[int]]) -> bool:
    """Whether the collector's generations hold any of these objects."""
    ids = {id(obj) for obj in objects}
    return any(id(obj) in ids for obj in gc.get_objects())


def test_a_lasting_build_leaves_what_it_built_to_no_collection_and_resumes_collection() -> None:
    """A start's warm-up: what it built is frozen (never walked by a collection again), still freed
    by reference counting, and collection runs again afterwards, even when the build failed."""
    with bulk():
        passing = [[n] for n in range(1000)]  # lists are always tracked by the collector
    assert _walked(passing)
    try:
        with bulk(lasting=True):
            built = [[n] for n in range(1000)]
        assert gc.isenabled()
        assert gc.get_freeze_count() >= len(built)
        assert not _walked(built)

        gc.unfreeze()
        with pytest.raises(RuntimeError), bulk(lasting=True):
            raise RuntimeError("the database could not be read")
        assert gc.isenabled()
    finally:
        gc.unfreeze()  # the rest of the test run collects as usual
