"""Exceptions rendered as JSON ``{"status_code": ..., "detail": ...}``.

An ``HTTPException`` keeps its status, detail and headers. Any other exception is a 500 whose
detail is the generic status phrase: the exception text stays in the server log, never in the
response (it is logged once, with its traceback). Handlers given as
``{status | exception class: handler}`` take precedence; as in Lilya, a class handler here matches
the exception's exact class only (a handler for ``HTTPException`` does not catch ``NotAuthorized``:
the inner, MRO-aware exception handlers have already had their chance).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from lilya.exception_handling import HandlerTable, run_handler
from lilya.enums import MediaType
from lilya.exceptions import HTTPException
from lilya.middleware._boundary import ExceptionBoundary
from lilya.protocols.middleware import MiddlewareProtocol
from lilya.requests import Request
from lilya.responses import Response
from lilya.serializers import serializer
from lilya.types import ASGIApp, Receive, Scope, Send

logger = logging.getLogger("lilya")

__all__ = [
    "Content",
    "HTTPException",
    "LilyaExceptionMiddleware",
    "MediaType",
    "MiddlewareProtocol",
    "Request",
    "Response",
    "serializer",
]


@dataclass
class Content:
    """The JSON body of an error response."""

    status_code: int | None = None
    detail: str | None = None
    extra: dict[str, Any] | None = field(default=None)

    def dict(self, exclude_none: bool = False, upper: bool = False) -> dict[str, Any]:
        data = {"status_code": self.status_code, "detail": self.detail, "extra": self.extra}
        if exclude_none:
            data = {k: v for k, v in data.items() if v is not None}
        if upper:
            data = {k.upper(): v for k, v in data.items()}
        return data


class LilyaExceptionMiddleware(ExceptionBoundary):
    """Catch every exception raised before the response started and answer with JSON."""

    def __init__(
        self,
        app: ASGIApp,
        handlers: Mapping[Any, Callable[[Request, Exception], Response | Awaitable[Response]]] | None = None,
    ) -> None:
        self.app = app
        table = HandlerTable(handlers)
        self.status_handlers = table.status_handlers
        self.class_handlers = table.exception_handlers

    def find(self, exc: Exception) -> Any:
        """The handler for the status (a 500 for a non-HTTP error), else for the exact class."""
        code = (exc.status_code or 500) if isinstance(exc, HTTPException) else 500
        return self.status_handlers.get(code) or self.class_handlers.get(type(exc))

    async def on_error(self, exc: Exception, scope: Scope, receive: Receive, send: Send, started: bool) -> bool:
        """Answer with the matching handler's response or the JSON one; re-raise once started."""
        if started:
            return False
        handler = self.find(exc)
        if handler is None and not isinstance(exc, HTTPException):
            logger.error("Unhandled exception in %s %s", scope.get("method"), scope.get("path"), exc_info=exc)
        request = Request(scope, receive, send)
        response = await run_handler(handler, request, exc) if handler else self.create_exception_response(exc)
        await response(scope, receive, send)
        return True

    def create_exception_response(self, exc: Exception) -> Response:
        if isinstance(exc, HTTPException):
            status_code = exc.status_code or 500
            content = Content(status_code=status_code, detail=str(exc.detail), extra=exc.extra or None)
            headers = exc.headers
        else:
            status_code, headers = 500, None
            content = Content(status_code=500, detail="Internal Server Error")
        body = serializer.dumps(content.dict(exclude_none=True))
        return Response(body, status_code=status_code, headers=headers, media_type=MediaType.JSON)
