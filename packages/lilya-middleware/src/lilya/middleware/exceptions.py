"""App-level exception handling as a middleware (Lilya's ``ExceptionMiddleware``).

The handlers are compiled once into a ``HandlerTable`` (core's
``lilya.exception_handling``): HTTPException and WebSocketException have defaults,
user handlers are keyed by status code or exception class (MRO lookup). An exception without a
handler propagates to the server-error layer.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from lilya.exception_handling import (
    SCOPE_KEY,
    HandlerTable,
    handle_exception,
    http_exception_handler,
    websocket_exception_handler,
    wrap_app_handling_exceptions,
)
from lilya.enums import ScopeType
from lilya.exceptions import HTTPException, WebSocketException
from lilya.protocols.middleware import MiddlewareProtocol
from lilya.requests import Request
from lilya.responses import PlainText, Response
from lilya.types import ASGIApp, Receive, Scope, Send
from lilya.websockets import WebSocket

__all__ = [
    "ExceptionMiddleware",
    "HTTPException",
    "MiddlewareProtocol",
    "PlainText",
    "Request",
    "Response",
    "ScopeType",
    "WebSocket",
    "WebSocketException",
    "handle_exception",
]


class ExceptionMiddleware(MiddlewareProtocol[...]):
    """Render handled exceptions as responses; let the rest propagate."""

    def __init__(
        self,
        app: ASGIApp,
        handlers: Mapping[Any, Callable[[Request, Exception], Response | Awaitable[Response]]] | None = None,
        debug: bool = False,
    ) -> None:
        self.app = app
        self.debug = debug
        self.table = HandlerTable({HTTPException: self.http_exception, WebSocketException: self.websocket_exception})
        for key, handler in (handlers or {}).items():
            self.add_exception_handler(key, handler)
        # Published for inner boundaries built without their own mapping (Lilya 0.29 did this).
        self._published = (self.table.exception_handlers, self.table.status_handlers)
        self._boundary = wrap_app_handling_exceptions(app, self.table)

    def add_exception_handler(
        self,
        exception_or_status: type[Exception] | int,
        handler: Callable[[Request, Exception], Response | Awaitable[Response]],
    ) -> None:
        self.table.add(exception_or_status, handler)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in (ScopeType.HTTP, ScopeType.WEBSOCKET):
            await self.app(scope, receive, send)
            return
        scope[SCOPE_KEY] = self._published
        await self._boundary(scope, receive, send)

    async def http_exception(self, request: Request, exc: Exception) -> Response:
        return http_exception_handler(request, exc)

    async def websocket_exception(self, websocket: WebSocket, exc: Exception) -> None:
        await websocket_exception_handler(websocket, exc)
