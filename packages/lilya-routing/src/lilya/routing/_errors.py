"""Errors a handler raises are answered where they are raised, as in Lilya 0.29 and Starlette.

A handler's ``HTTPException`` (or any exception with a handler) becomes its response inside the
endpoint, so the response goes out through every middleware of the route, its ``Include`` and
the app: a header such a middleware sets is on the error response too. The handler is the one the
enclosing levels would have picked, innermost first: the ``exception_handlers`` of the route and of
each ``Include``/``Host`` around it (each level with handlers links its table into the scope while
it serves), then the application's (its 500/``Exception`` handler excepted: that one answers at the
app's outer boundary, which also reports the error to the server), then the default answer to an
``HTTPException``. Anything else propagates unchanged.

Nothing of this runs per request unless an exception is raised: endpoints only add a ``try``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lilya.exception_handling import (
    HandlerTable,
    RouteHandlerTable,
    build_connection,
    handle_exception,
    http_exception_handler,
    wrap_app_handling_exceptions,
)
from lilya.exceptions import HTTPException
from lilya.routing._common import inside_lilya_app
from lilya.types import ASGIApp, ExceptionHandler, Receive, Scope, Send

__all__ = ["ROUTE_HANDLERS_KEY", "answer_raised", "handler_for", "with_route_handlers"]

#: ``(table, enclosing link)`` of the levels with ``exception_handlers`` serving the request.
ROUTE_HANDLERS_KEY = "lilya.routing.exception_handlers"
_APP_BOUNDARY_KEYS: tuple[Any, ...] = (500, Exception)


def with_route_handlers(app: ASGIApp, handlers: Mapping[Any, Any]) -> ASGIApp:
    """``app`` inside this level's exception boundary, its table linked into the scope meanwhile."""
    table = RouteHandlerTable(handlers)  # status or exact class, as Lilya matches route handlers
    boundary = wrap_app_handling_exceptions(app, table)

    async def route_handlers(scope: Scope, receive: Receive, send: Send) -> None:
        outer = scope.get(ROUTE_HANDLERS_KEY)
        scope[ROUTE_HANDLERS_KEY] = (table, outer)
        try:
            await boundary(scope, receive, send)
        finally:
            scope[ROUTE_HANDLERS_KEY] = outer

    return route_handlers


def _outer_table(scope: Scope) -> HandlerTable:
    """The application's handlers (inside a Lilya app) and the default ``HTTPException`` answer."""
    table = HandlerTable({HTTPException: http_exception_handler})
    if inside_lilya_app(scope):
        for key, handler in dict(getattr(scope["app"], "exception_handlers", None) or {}).items():
            if key not in _APP_BOUNDARY_KEYS:
                table.add(key, handler)
    return table


def handler_for(scope: Scope, exc: Exception) -> ExceptionHandler | None:
    """The handler the levels around the endpoint would pick for ``exc`` (None: let it propagate)."""
    link: tuple[HandlerTable, Any] | None = scope.get(ROUTE_HANDLERS_KEY)
    while link is not None:
        table: HandlerTable = link[0]
        link = link[1]
        handler = table.find(exc)
        if handler is not None:
            return handler
    return _outer_table(scope).find(exc)


async def answer_raised(exc: Exception, scope: Scope, receive: Receive, send: Send) -> None:
    """Send the answer to ``exc`` raised by a handler before its response started; re-raise ``exc``
    when no level handles it."""
    handler = handler_for(scope, exc)
    if handler is None:
        raise exc
    await handle_exception(scope, build_connection(scope, receive, send), exc, handler)
