"""Names Lilya's routing modules re-export from lilya-core, resolved on first use.

Lilya 0.29's routing modules expose these names; loading them lazily keeps ``import lilya.routing``
light. Every home is a public module of lilya-core, the only distribution routing depends on.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

__all__ = ["lazy_reexports"]

_HOMES = {
    "DefineMiddleware": "lilya.compose",
    "DefinePermission": "lilya.compose",
    "wrap_permission": "lilya.compose",
    "wrap_dependency": "lilya.dependencies",
    "Settings": "lilya.conf.global_settings",
    "Doc": "lilya.exceptions",
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
