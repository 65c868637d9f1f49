"""What the application's outermost boundary (``BaseLilya.__call__``) answers to errors.

HTTPExceptions that nothing else handled become their response (rendered by core's
``http_exception_handler``); one raised by the app's own middleware then also propagates when the
server asks for it (``UNINTERCEPTED_EXTENSION``, set by the TestClient). Any other exception
becomes a 500: the configured 500/``Exception`` handler's response, a traceback page when
``debug`` is on, or a generic body. The exception is then re-raised so the server logs it once,
with its traceback (and the TestClient surfaces it). The boundary itself lives in
``BaseLilya.__call__`` so a request pays one frame for it.
"""

from __future__ import annotations

from inspect import isawaitable
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lilya.exception_handling import (
    UNINTERCEPTED_EXTENSION,
    build_connection,
    error_headers_send,
    http_exception_handler,
    run_handler,
)
from lilya.context import set_g
from lilya.exceptions import HTTPException
from lilya.responses import PlainText, Response
from lilya.types import Message, Receive, Scope, Send

if TYPE_CHECKING:
    import logging

__all__ = ["ServerErrors", "debug_response", "seed_g"]



def lilya_logger() -> logging.Logger:
    """The std ``"lilya"`` logger; ``logging`` is imported on the first message, not with the app."""
    import logging

    return logging.getLogger("lilya")


class ServerErrors:
    """How the app answers an exception nothing handled (prepared once per stack)."""

    __slots__ = ("debug", "from_middleware", "handler")

    def __init__(
        self, *, debug: bool = False, handler: Callable[..., Any] | None = None, from_middleware: bool = False
    ) -> None:
        self.debug = debug
        self.handler = handler
        #: True when an ``HTTPException`` reaching the boundary can only come from the user's
        #: middleware (the app's handlers answer those raised inside it): nothing intercepted it.
        self.from_middleware = from_middleware

    async def respond(self, exc: Exception, scope: Scope, receive: Receive, send: Send) -> bool:
        """Send the error response; True when the exception should propagate to the server."""
        send = error_headers_send(scope, send)  # CORS headers left in the scope by CORSMiddleware
        if isinstance(exc, HTTPException):
            await http_exception_handler(None, exc)(scope, receive, send)
            # Lilya 0.29 let such an exception reach the server (as a 500); the client gets its 4xx
            # here, and only a server that asks (the TestClient) sees the exception too.
            return self.from_middleware and UNINTERCEPTED_EXTENSION in (scope.get("extensions") or ())
        await self.server_error(exc, scope, receive, send)
        return True

    async def after_start(self, exc: Exception, scope: Scope, receive: Receive) -> None:
        """An error once the response started (a failing background task): the 500 handler runs for
        what it does besides answering (logging, metrics), as in Lilya; nothing more is sent."""
        if self.handler is None:
            return

        async def nothing_more(message: Message) -> None:
            return None

        try:
            await run_handler(self.handler, build_connection(scope, receive, nothing_more), exc)
        except Exception:
            lilya_logger().exception("The handler for 500 errors failed itself")

    async def close_websocket(self, exc: Exception, scope: Scope, receive: Receive, send: Send) -> None:
        """A ``WebSocketException`` nothing handled closes the socket with its code and reason."""
        from lilya.exception_handling import websocket_exception_handler

        await websocket_exception_handler(build_connection(scope, receive, send), exc)

    async def server_error(self, exc: Exception, scope: Scope, receive: Receive, send: Send) -> None:
        if self.handler is not None:
            try:
                result = await run_handler(self.handler, build_connection(scope, receive, send), exc)
            except Exception:
                lilya_logger().exception("The handler for 500 errors failed itself")
            else:
                if isinstance(result, Response):
                    await result(scope, receive, send)
                    return
        if self.debug:
            await debug_response(scope, receive, send, exc)(scope, receive, send)
            return
        await PlainText("Internal Server Error", status_code=500)(scope, receive, send)


async def seed_g(populate: Callable[[Any], Any], scope: Scope) -> Any:
    """Start the request's ``g`` with what ``populate_global_context`` returns."""
    from lilya.requests import Connection

    initial = populate(Connection(scope))
    if isawaitable(initial):
        initial = await initial
    return set_g(initial)


def debug_response(scope: Scope, receive: Receive, send: Send, exc: Exception) -> Response:
    """The ``debug=True`` traceback page, rendered by lilya-middleware's ``ServerErrorMiddleware``."""
    from lilya.middleware.server_error import ServerErrorMiddleware
    from lilya.requests import Request

    page: Response = ServerErrorMiddleware(_unused_app, debug=True).debug_response(Request(scope, receive, send), exc)
    return page


async def _unused_app(scope: Scope, receive: Receive, send: Send) -> None:  # pragma: no cover
    """Placeholder ASGI app: only the middleware's page rendering is used."""
