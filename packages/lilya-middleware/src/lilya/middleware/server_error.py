"""The outermost error boundary: any unhandled exception becomes a 500.

Without ``debug`` the client gets a generic ``Internal Server Error`` (or the response of a
custom ``handler``); the traceback is never sent. With ``debug=True`` it gets the traceback,
as an HTML page (every value HTML-escaped) when it accepts ``text/html``, else as plain text.
The exception is then re-raised so the server logs it once, with its traceback.

CORS headers computed by an inner ``CORSMiddleware`` for this request are added to the 500, so
browsers can read the error of an allowed cross-origin call.
"""

from __future__ import annotations

import html
import inspect
import traceback
from collections.abc import Callable
from typing import Any

from lilya.exception_handling import error_headers_send
from lilya.compat import is_async_callable
from lilya.concurrency import run_in_threadpool
from lilya.enums import MediaType, ScopeType
from lilya.middleware.styles.errors import (
    get_center_line,
    get_css_style,
    get_frame,
    get_js,
    get_line,
    get_template_errors,
)
from lilya.middleware._boundary import ExceptionBoundary
from lilya.protocols.middleware import MiddlewareProtocol
from lilya.requests import Request
from lilya.responses import HTMLResponse, PlainText, Response
from lilya.types import ASGIApp, Receive, Scope, Send

__all__ = [
    "HTMLResponse",
    "MediaType",
    "MiddlewareProtocol",
    "PlainText",
    "Request",
    "Response",
    "ScopeType",
    "ServerErrorMiddleware",
    "get_center_line",
    "get_css_style",
    "get_frame",
    "get_js",
    "get_line",
    "get_template_errors",
    "is_async_callable",
    "run_in_threadpool",
]

CONTEXT_LINES = 5


class ServerErrorMiddleware(ExceptionBoundary):
    """Turn unhandled exceptions into a 500 response, then re-raise them for the server log."""

    def __init__(
        self, app: ASGIApp, handler: Callable[[Request, Exception], Any] | None = None, debug: bool = False
    ) -> None:
        self.app = app
        self.handler = handler
        self.debug = debug

    async def on_error(self, exc: Exception, scope: Scope, receive: Receive, send: Send, started: bool) -> bool:
        """Send the 500 (unless the response started), then re-raise for the server log."""
        request = Request(scope, receive, send)
        response = await self.handle_exception(request, exc, scope, receive, send)
        await self.send_response(response, scope, receive, send, started)
        return False

    async def handle_exception(
        self, request: Request, exc: Exception, scope: Scope, receive: Receive, send: Send
    ) -> Any:
        if self.debug:
            return self.debug_response(request, exc)
        if self.handler is None:
            return self.error_response(request, exc)
        return await self.run_handler(request, exc)

    async def run_handler(self, request: Request, exc: Exception) -> Any:
        handler = self.handler
        if handler is None:  # handle_exception only calls this with a handler
            return self.error_response(request, exc)
        if is_async_callable(handler):
            return await handler(request, exc)
        return await run_in_threadpool(handler, request, exc)

    async def send_response(
        self, response: Response, scope: Scope, receive: Receive, send: Send, response_started: bool
    ) -> None:
        """Send the 500 unless part of a response already went out (then only the log remains)."""
        if response_started or response is None:
            return
        await response(scope, receive, error_headers_send(scope, send))

    def error_response(self, request: Request, exc: Exception) -> Response:
        return PlainText("Internal Server Error", status_code=500)

    def debug_response(self, request: Request, exc: Exception) -> Response:
        if "text/html" in request.headers.get("accept", ""):
            return HTMLResponse(self.generate_html(exc), status_code=500)
        return PlainText(self.generate_plain_text(exc), status_code=500)

    def generate_plain_text(self, exc: Exception) -> str:
        return "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))

    def format_line(self, index: int, line: str, frame_lineno: int, frame_index: int) -> str:
        """One source line; the line that raised gets the highlighted template."""
        lineno = frame_lineno - frame_index + index
        template = get_center_line() if index == frame_index else get_line()
        return template.format(lineno=lineno, line=html.escape(line.rstrip("\n")))

    def generate_frame_html(self, frame: inspect.FrameInfo, is_collapsed: bool) -> str:
        code_context = "".join(
            self.format_line(index, line, frame.lineno, frame.index or 0)
            for index, line in enumerate(frame.code_context or ())
        )
        return get_frame().format(
            frame_id=f"frame-{id(frame)}",
            frame_filename=html.escape(frame.filename),
            frame_lineno=frame.lineno,
            frame_name=html.escape(frame.function),
            code_context=code_context,
            collapse_button="+" if is_collapsed else "-",
            collapsed="collapsed" if is_collapsed else "",
        )

    def generate_html(self, exc: Exception) -> str:
        frames = inspect.getinnerframes(exc.__traceback__, CONTEXT_LINES) if exc.__traceback__ else []
        exc_html = "".join(self.generate_frame_html(frame, index != 0) for index, frame in enumerate(reversed(frames)))
        error = html.escape(f"{type(exc).__name__}: {exc}")
        return get_template_errors().format(styles=get_css_style(), js=get_js(), error=error, exc_html=exc_html)

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(app={self.app!r}, debug={self.debug})"
