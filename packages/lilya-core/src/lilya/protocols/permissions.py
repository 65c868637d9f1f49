"""``PermissionProtocol``: the shape of a permission (``cls(app, *args, **kwargs)``, pure ASGI)."""

from __future__ import annotations

from typing import Any, ParamSpec, Protocol, runtime_checkable

from lilya.protocols._meta import BindsApp
from lilya.types import ASGIApp, Receive, Scope, Send

__all__ = ["MetaPermission", "P", "PermissionProtocol"]

P = ParamSpec("P")


class MetaPermission(BindsApp):
    """Metaclass of ``PermissionProtocol``: binds ``app`` on every instance."""


@runtime_checkable
class PermissionProtocol(Protocol[P], metaclass=MetaPermission):
    """Allow the request by awaiting ``self.app(scope, receive, send)``; deny by raising
    ``PermissionDenied`` (403) or ``NotAuthorized`` (401), rendered by the exception handlers."""

    __slots__ = ("app",)

    def __init__(self, app: ASGIApp, *args: Any, **kwargs: Any) -> None: ...

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None: ...
