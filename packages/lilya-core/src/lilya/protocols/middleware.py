"""``MiddlewareProtocol``: the shape of a Lilya middleware (``cls(app, *args, **kwargs)``, pure ASGI)."""

from __future__ import annotations

from typing import Any, ParamSpec, Protocol, runtime_checkable

from lilya.protocols._meta import BindsApp
from lilya.types import ASGIApp, Receive, Scope, Send

__all__ = ["MetaMiddleware", "MiddlewareProtocol", "P"]

P = ParamSpec("P")


class MetaMiddleware(BindsApp):
    """Metaclass of ``MiddlewareProtocol``: binds ``app`` on every instance."""


@runtime_checkable
class MiddlewareProtocol(Protocol[P], metaclass=MetaMiddleware):
    """A pure ASGI middleware: built once with the next app, then called per request."""

    __slots__ = ("app",)

    def __init__(self, app: ASGIApp, *args: Any, **kwargs: Any) -> None: ...

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None: ...
