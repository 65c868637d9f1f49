"""Building ASGI stacks (middleware, permissions) once, at startup.

Both ``DefineMiddleware`` and ``DefinePermission`` iterate as ``cls, args, kwargs`` and are
instantiated as ``cls(app, *args, **kwargs)``; a bare class is accepted as ``cls(app)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from lilya.types import ASGIApp

__all__ = ["apply_asgi_stack", "wrap_middleware", "wrap_permission"]


def apply_asgi_stack(app: ASGIApp, stack: Sequence[Any] | None) -> ASGIApp:
    """Wrap ``app`` so the first definition of ``stack`` is the outermost layer."""
    for definition in reversed(list(stack or ())):
        if isinstance(definition, type):
            app = definition(app)
            continue
        cls, args, kwargs = definition
        app = cls(app, *args, **kwargs)
    return app


@lru_cache(maxsize=256)
def wrap_middleware(middleware: Any) -> Any:
    """Return ``middleware`` as a ``DefineMiddleware`` (a bare class or dotted path is wrapped)."""
    from lilya.middleware.base import DefineMiddleware  # lilya-middleware is optional for core

    if isinstance(middleware, DefineMiddleware):
        return middleware
    return DefineMiddleware(middleware)


@lru_cache(maxsize=256)
def wrap_permission(permission: Any) -> Any:
    """Return ``permission`` as a ``DefinePermission`` (a bare class or dotted path is wrapped)."""
    from lilya.permissions.base import DefinePermission

    if isinstance(permission, DefinePermission):
        return permission
    return DefinePermission(permission)
