"""A fresh ``g`` (``lilya.context.g``) per request, optionally pre-filled.

Without ``populate_context`` the ``G`` object is only created if the request touches ``g``.
``LifespanGlobalContextMiddleware`` does the same for the lifespan (startup to shutdown).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from inspect import isawaitable
from typing import Any

from lilya.requests import Connection
from lilya.context import G, activate_g, g_context, reset_g, set_g
from lilya.enums import ScopeType
from lilya.protocols.middleware import MiddlewareProtocol
from lilya.types import ASGIApp, Receive, Scope, Send

__all__ = [
    "Connection",
    "G",
    "GlobalContextMiddleware",
    "LifespanGlobalContextMiddleware",
    "MiddlewareProtocol",
    "ScopeType",
    "g_context",
]

PopulateContext = Callable[[Connection], "dict[str, Any] | Awaitable[dict[str, Any]]"]


class GlobalContextMiddleware(MiddlewareProtocol[...]):
    """Give every HTTP request and WebSocket its own ``g``."""

    def __init__(self, app: ASGIApp, populate_context: PopulateContext | None = None) -> None:
        self.app = app
        self.populate_context = populate_context
        self.scopes: set[str] = {ScopeType.HTTP, ScopeType.WEBSOCKET}
        self.populate_scopes: set[str] = {ScopeType.HTTP, ScopeType.WEBSOCKET}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in self.scopes:
            await self.app(scope, receive, send)
            return
        if self.populate_context is not None and scope["type"] in self.populate_scopes:
            initial: Any = self.populate_context(Connection(scope))
            if isawaitable(initial):
                initial = await initial
            token = set_g(initial)
        elif scope["type"] == ScopeType.LIFESPAN:
            token = set_g()
        else:
            token = activate_g()
        try:
            await self.app(scope, receive, send)
        finally:
            reset_g(token)


class LifespanGlobalContextMiddleware(GlobalContextMiddleware):
    """A ``g`` that lives for the application's lifespan."""

    def __init__(self, app: ASGIApp) -> None:
        super().__init__(app)
        self.scopes = {ScopeType.LIFESPAN}
        self.populate_scopes = set()
