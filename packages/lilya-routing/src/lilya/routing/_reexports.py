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
    "wrap_permission": "lilya._internal._middleware",
    "wrap_dependency": "lilya.dependencies",
    "Settings": "lilya.conf.global_settings",
    "Doc": "lilya.contrib.documentation.docs",
    "serializer": "lilya.serializers",
    "settings": "lilya.conf",
}


class Doc:
    """Stand-in for ``lilya.contrib.documentation.Doc`` until contrib exists: ``Annotated`` metadata."""

    def __init__(self, documentation: str, /) -> None:
        self.documentation = documentation


def lazy_reexports(*names: str) -> Callable[[str], Any]:
    """A module ``__getattr__`` serving ``names`` from their owning modules."""
    wanted = frozenset(names)

    def __getattr__(name: str) -> Any:
        if name not in wanted:
            raise AttributeError(name)
        try:
            module = importlib.import_module(_HOMES[name])
        except ImportError:
            if name == "Doc":
                return Doc
            raise
        return getattr(module, name)

    return __getattr__
