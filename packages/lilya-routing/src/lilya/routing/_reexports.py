"""Names Lilya's routing modules re-export from lilya-core, resolved on first use.

Lilya 0.29's routing modules expose these names; loading them lazily keeps ``import lilya.routing``
light. Every home is a public module of lilya-core (the only distribution routing depends on) or
one of routing's own.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

__all__ = ["DEFINITIONS", "ROUTE_NAMES", "TEMPLATE_ROUTE_NAMES", "lazy_reexports"]

_HOMES = {
    "DefineMiddleware": "lilya.compose",
    "DefinePermission": "lilya.compose",
    "wrap_permission": "lilya.compose",
    "wrap_dependency": "lilya.dependencies",
    "Settings": "lilya.conf.global_settings",
    "Doc": "lilya.exceptions",
    "serializer": "lilya.serializers",
    "settings": "lilya.conf",
    "apply_asgi_stack": "lilya.compose",
    "wrap_middleware": "lilya.compose",
    "clean_path": "lilya.paths",
    "compile_path": "lilya.paths",
    "get_route_path": "lilya.paths",
    "replace_params": "lilya.paths",
    "is_async_callable": "lilya.compat",
    "run_in_threadpool": "lilya.concurrency",
    "URLPath": "lilya.datastructures",
    "HTTPMethod": "lilya.enums",
    "Match": "lilya.enums",
    "ScopeType": "lilya.enums",
    "HTTPException": "lilya.exceptions",
    "ImproperlyConfigured": "lilya.exceptions",
    "PlainText": "lilya.responses",
    "BaseHandler": "lilya.routing._handler",
    "BasePath": "lilya.routing.base",
    "NoMatchFound": "lilya.routing.types",
    "get_name": "lilya.routing.types",
}

#: The definitions every routing module hands out (lazily, outside its ``__all__``), as Lilya's do.
DEFINITIONS = ("DefineMiddleware", "DefinePermission", "wrap_permission", "wrap_dependency")
#: What each of Lilya 0.29's route modules (path, websocket, include, host) re-exports.
ROUTE_NAMES = (
    "BasePath",
    "Match",
    "NoMatchFound",
    "ScopeType",
    "URLPath",
    "apply_asgi_stack",
    "compile_path",
    "is_async_callable",
    "replace_params",
    "run_in_threadpool",
    "wrap_middleware",
)
#: ... and what ``lilya.routing.path`` and ``lilya.routing.websocket`` add to it.
TEMPLATE_ROUTE_NAMES = (*ROUTE_NAMES, "BaseHandler", "ImproperlyConfigured", "clean_path", "get_name", "get_route_path")


def lazy_reexports(*names: str) -> Callable[[str], Any]:
    """A module ``__getattr__`` serving ``names`` from their owning modules."""
    wanted = frozenset(names)

    def __getattr__(name: str) -> Any:
        if name not in wanted:
            raise AttributeError(name)
        return getattr(importlib.import_module(_HOMES[name]), name)

    return __getattr__
