"""The application's outermost error boundary.

HTTPExceptions that nothing else handled become their response (rendered by core's
``http_exception_handler``); any other exception becomes a 500: the configured 500/``Exception``
handler's response, a traceback page when ``debug`` is on, or a generic body. The exception is
then re-raised so the server logs it once, with its traceback (and the TestClient surfaces it).
Per request the boundary costs one wrapped ``send``.
"""

from __future__ import annotations

import html
import logging
import traceback
from collections.abc import Callable
from typing import Any

from lilya._internal._exception_handlers import build_connection, http_exception_handler, run_handler
from lilya.exceptions import HTTPException
from lilya.responses import HTMLResponse, PlainText, Response
from lilya.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["ErrorBoundary", "debug_response"]

logger = logging.getLogger("lilya")


class ErrorBoundary:
    """Outermost layer of every Lilya application (HTTP only; other scopes pass through)."""

    __slots__ = ("app", "debug", "handler")

    def __init__(self, app: ASGIApp, *, debug: bool = False, handler: Callable[..., Any] | None = None) -> None:
        self.app = app
        self.debug = debug
        self.handler = handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except HTTPException as exc:
            if started:
                raise
            await http_exception_handler(None, exc)(scope, receive, send)
        except Exception as exc:
            if started:
                raise
            await self.server_error(exc, scope, receive, send)
            raise

    async def server_error(self, exc: Exception, scope: Scope, receive: Receive, send: Send) -> None:
        if self.handler is not None:
            try:
                result = await run_handler(self.handler, build_connection(scope, receive, send), exc)
            except Exception:
                logger.exception("The handler for 500 errors failed itself")
            else:
                if isinstance(result, Response):
                    await result(scope, receive, send)
                    return
        if self.debug:
            await debug_response(scope, exc)(scope, receive, send)
            return
        await PlainText("Internal Server Error", status_code=500)(scope, receive, send)


def debug_response(scope: Scope, exc: Exception) -> Response:
    """A traceback page for ``debug=True``: HTML for browsers, plain text otherwise."""
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    accept = b""
    for key, value in scope.get("headers", ()):
        if key == b"accept":
            accept = value
            break
    if b"text/html" in accept:
        title = html.escape(f"{type(exc).__name__}: {exc}")
        page = f"<!doctype html><title>{title}</title><h1>500 Server Error</h1><h2>{title}</h2><pre>{html.escape(text)}</pre>"
        return HTMLResponse(page, status_code=500)
    return PlainText(text, status_code=500)
