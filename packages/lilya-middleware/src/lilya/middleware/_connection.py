"""The base of the middleware that act on connections (HTTP and WebSocket) only."""

from __future__ import annotations

from lilya.enums import ScopeType
from lilya.protocols.middleware import MiddlewareProtocol
from lilya.types import ASGIApp, Receive, Scope, Send

__all__ = ["ConnectionMiddleware"]


class ConnectionMiddleware(MiddlewareProtocol[...]):
    """Runs ``handle_connection`` for the scope types in ``scopes`` (HTTP and WebSocket, as in Lilya 0.29);
    any other scope (the lifespan) goes straight to the app."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.scopes: set[str] = {ScopeType.HTTP, ScopeType.WEBSOCKET}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in self.scopes:
            await self.handle_connection(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def handle_connection(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The middleware's work for one connection."""
        raise NotImplementedError  # pragma: no cover - every subclass defines it
