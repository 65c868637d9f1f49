"""Composing ASGI stacks once, at startup: the contract every layer of Lilya builds on.

A middleware and a permission are both "``cls(app, *args, **kwargs)`` -> ASGI app". Their
definitions (``DefineMiddleware``, ``DefinePermission``) hold the class (or its dotted path) with
its arguments and iterate as ``cls, args, kwargs``; ``apply_asgi_stack`` builds the layers around
an app, outermost first, each layer on its own copy of the scope; whoever writes routing metadata
hands it back up the copies with ``share_route_metadata``. Routing, middleware and the application
class all compose through here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any, Generic, ParamSpec

from lilya._internal._middleware import (
    ROUTE_SCOPE_KEYS,
    SCOPE_PARENT_KEY,
    ScopeIsolationMiddleware,
    apply_asgi_stack,
    share_route_metadata,
)
from lilya.compat import import_string
from lilya.types import ASGIApp

__all__ = [
    "ROUTE_SCOPE_KEYS",
    "SCOPE_PARENT_KEY",
    "DefineMiddleware",
    "DefinePermission",
    "P",
    "ScopeIsolationMiddleware",
    "apply_asgi_stack",
    "share_route_metadata",
    "wrap_middleware",
    "wrap_permission",
]

P = ParamSpec("P")


class _Definition(Generic[P]):
    """A layer class (or its dotted path, imported on first use) plus its arguments."""

    __slots__ = ("args", "kwargs", "target")

    def __init__(self, cls: Callable[..., ASGIApp] | str, *args: P.args, **kwargs: P.kwargs) -> None:
        self.target: Callable[..., ASGIApp] | str = cls
        self.args: tuple[Any, ...] = args
        self.kwargs: dict[str, Any] = kwargs

    def _resolved(self) -> Callable[..., ASGIApp]:
        if isinstance(self.target, str):
            self.target = import_string(self.target)
        return self.target  # type: ignore[return-value]

    def __iter__(self) -> Iterator[Any]:
        return iter((self._resolved(), self.args, self.kwargs))

    def __call__(self, app: ASGIApp, *args: Any, **kwargs: Any) -> ASGIApp:
        """Build the layer around ``app`` with the stored arguments (plus any given here)."""
        return self._resolved()(app, *self.args, *args, **{**self.kwargs, **kwargs})

    def __repr__(self) -> str:
        name = self.target if isinstance(self.target, str) else getattr(self.target, "__name__", repr(self.target))
        parts = [str(name), *(repr(a) for a in self.args), *(f"{k}={v!r}" for k, v in self.kwargs.items())]
        return f"{type(self).__name__}({', '.join(parts)})"


class DefineMiddleware(_Definition[P]):
    """A middleware class with its arguments, instantiated once when the stack is built."""

    __slots__ = ()

    @property
    def middleware(self) -> Callable[..., ASGIApp]:
        return self._resolved()


class DefinePermission(_Definition[P]):
    """A permission class with its arguments, instantiated once when the stack is built."""

    __slots__ = ()

    @property
    def permission(self) -> Callable[..., ASGIApp]:
        return self._resolved()

    @property
    def permission_or_string(self) -> Callable[..., ASGIApp] | str:
        return self.target


@lru_cache(maxsize=256)
def wrap_middleware(middleware: Any) -> DefineMiddleware[Any]:
    """``middleware`` as a ``DefineMiddleware`` (a bare class or dotted path is wrapped)."""
    return middleware if isinstance(middleware, DefineMiddleware) else DefineMiddleware(middleware)


@lru_cache(maxsize=256)
def wrap_permission(permission: Any) -> DefinePermission[Any]:
    """``permission`` as a ``DefinePermission`` (a bare class or dotted path is wrapped)."""
    return permission if isinstance(permission, DefinePermission) else DefinePermission(permission)
