"""A list kept in order item by item: replacing one item costs a binary search and a move of
pointers, not a sort of the whole list (what keeps a portfolio of thousands current after a save)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from typing import Any, Generic, TypeVar

T = TypeVar("T")
#: A sort key: a tuple whose last element is unique per item (an account id), so keys never tie.
Key = tuple[Any, ...]


class Ordered(Generic[T]):
    """Items in the order of their keys. Not thread-safe: build or change one before sharing it."""

    __slots__ = ("_items", "_keys")

    def __init__(self, entries: Iterable[tuple[Key, T]] = ()) -> None:
        ordered = sorted(entries, key=lambda entry: entry[0])
        self._keys: list[Key] = [key for key, _ in ordered]
        self._items: list[T] = [item for _, item in ordered]

    def copy(self) -> Ordered[T]:
        twin: Ordered[T] = Ordered()
        twin._keys = self._keys.copy()
        twin._items = self._items.copy()
        return twin

    def remove(self, key: Key) -> None:
        """Take out the item of `key`, if there is one."""
        at = bisect_left(self._keys, key)
        if at < len(self._keys) and self._keys[at] == key:
            del self._keys[at]
            del self._items[at]

    def add(self, key: Key, item: T) -> None:
        at = bisect_left(self._keys, key)
        self._keys.insert(at, key)
        self._items.insert(at, item)

    def items(self) -> list[T]:
        """The items in order: a copy the caller may keep."""
        return self._items.copy()

    def __len__(self) -> int:
        return len(self._items)
