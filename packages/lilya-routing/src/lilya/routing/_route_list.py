"""The list behind ``router.routes``: it counts its changes, so the router recompiles its tables.

Replacing a route in place (``router.routes[0] = Path(...)``), deleting, sorting or inserting
changes the list without changing its length; a version number bumped by every mutating method
lets the router notice any change with one integer comparison per request. A route whose matching
is changed in place (``route.path_regex = ...``) bumps the lists that hold it (``route_changed``).
"""

from __future__ import annotations

import weakref
from typing import Any, SupportsIndex

__all__ = ["RouteList", "route_changed"]

#: Every live RouteList by id (lists are unhashable), so a route changed in place can find the
#: lists (routers) that hold it.
_LISTS: weakref.WeakValueDictionary[int, RouteList] = weakref.WeakValueDictionary()


def route_changed(route: Any) -> None:
    """``route`` now matches differently: the lists holding it count a change, so their routers
    recompile on their next request (a rare, explicit act; nothing is checked per request)."""
    for routes in list(_LISTS.values()):
        if any(item is route for item in routes):
            routes._changed()


class RouteList(list[Any]):
    """A ``list`` whose ``version`` grows on every change."""

    version: int = 0

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        _LISTS[id(self)] = self

    def _changed(self) -> None:
        self.version += 1

    def __setitem__(self, index: Any, value: Any) -> None:
        super().__setitem__(index, value)
        self._changed()

    def __delitem__(self, index: Any) -> None:
        super().__delitem__(index)
        self._changed()

    def __iadd__(self, other: Any) -> RouteList:  # type: ignore[misc]
        super().__iadd__(other)
        self._changed()
        return self

    def __imul__(self, count: SupportsIndex) -> RouteList:
        super().__imul__(count)
        self._changed()
        return self

    def append(self, value: Any) -> None:
        super().append(value)
        self._changed()

    def extend(self, values: Any) -> None:
        super().extend(values)
        self._changed()

    def insert(self, index: SupportsIndex, value: Any) -> None:
        super().insert(index, value)
        self._changed()

    def pop(self, index: SupportsIndex = -1) -> Any:
        value = super().pop(index)
        self._changed()
        return value

    def remove(self, value: Any) -> None:
        super().remove(value)
        self._changed()

    def clear(self) -> None:
        super().clear()
        self._changed()

    def sort(self, *args: Any, **kwargs: Any) -> None:
        super().sort(*args, **kwargs)
        self._changed()

    def reverse(self) -> None:
        super().reverse()
        self._changed()
