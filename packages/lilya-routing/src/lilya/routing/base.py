"""``BasePath``: what every route (Path, WebSocketPath, Include, Host) can do."""

from __future__ import annotations

from typing import Any

from lilya.compose import share_route_metadata
from lilya.paths import parse_path
from lilya.datastructures import URLPath
from lilya.enums import Match, ScopeType
from lilya.exceptions import ContinueRouting
from lilya.requests import Request
from lilya.responses import PlainText
from lilya.routing._common import not_found
from lilya.types import Receive, Scope, Send
from lilya.websockets import WebSocketClose

__all__ = [
    "BasePath",
    "ContinueRouting",
    "Match",
    "PlainText",
    "Request",
    "ScopeType",
    "URLPath",
    "WebSocketClose",
    "parse_path",
]


class BasePath:
    """A route: knows how to match a scope and how to serve it; is an ASGI app on its own."""

    path: str = ""
    name: str | None = None
    param_convertors: dict[str, Any] = {}
    exception_handlers: Any = None

    def search(self, scope: Scope) -> tuple[Match, Scope]:
        """Return how well ``scope`` matches and the scope additions for serving it."""
        raise NotImplementedError

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        raise NotImplementedError

    def path_for(self, name: str, /, **path_params: Any) -> URLPath:
        return self.url_path_for(name, **path_params)

    async def handle_dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError

    def handle_signature(self) -> None:
        """Prepare the handler's signature (routes with handlers override this)."""

    async def handle_exception_handlers(self, scope: Scope, receive: Receive, send: Send, exc: Exception) -> None:
        """Answer ``exc`` with this route's exception handlers, re-raising when none applies."""
        from lilya.exception_handling import RouteHandlerTable, build_connection, handle_exception

        handler = RouteHandlerTable(self.exception_handlers or {}).find(exc)
        if handler is None:
            raise exc
        await handle_exception(scope, build_connection(scope, receive, send), exc, handler)

    async def handle_not_found(self, scope: Scope, receive: Receive, send: Send) -> None:
        """404 for HTTP (an HTTPException inside an app, so its handlers apply); close for WebSockets."""
        await not_found(scope, receive, send)

    @staticmethod
    async def handle_not_found_fallthrough(scope: Scope, receive: Receive, send: Send) -> None:
        """A not-found handler that lets the enclosing router try its next route."""
        raise ContinueRouting()

    async def dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve ``scope`` if it matches this route alone, else answer not found."""
        match, child_scope = self.search(scope)
        if match == Match.NONE:
            await self.handle_not_found(scope, receive, send)
            return
        scope.update(child_scope)
        share_route_metadata(scope, child_scope)
        await self.handle_dispatch(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.dispatch(scope, receive, send)

    @property
    def stringify_parameters(self) -> list[str]:
        """The path parameters as ``name:type`` strings, e.g. for documentation."""
        return [f"{part.name}:{part.type}" for part in parse_path(self.path) if not isinstance(part, str)]
