"""Names Lilya's routing modules re-export from modules other engineers own, resolved on first use.

Keeping them lazy lets routing import on its own (core never needs lilya-middleware installed).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

__all__ = ["lazy_reexports"]

_HOMES = {
    "DefineMiddleware": "lilya.middleware.base",
    "DefinePermission": "lilya.permissions.base",
    "wrap_permission": "lilya._internal._permissions",
    "wrap_dependency": "lilya.dependencies",
    "ScopeHandler": "lilya.datastructures",
    "SendReceiveSniffer": "lilya.datastructures",
    "Settings": "lilya.conf.global_settings",
    "Doc": "lilya.contrib.documentation.docs",
    "serializer": "lilya.serializers",
    "settings": "lilya.conf",
}


def lazy_reexports(*names: str) -> Callable[[str], Any]:
    """A module ``__getattr__`` serving ``names`` from their owning modules."""
    wanted = frozenset(names)

    def __getattr__(name: str) -> Any:
        if name not in wanted:
            raise AttributeError(name)
        return getattr(importlib.import_module(_HOMES[name]), name)

    return __getattr__
