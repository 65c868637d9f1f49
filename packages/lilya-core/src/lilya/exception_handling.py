"""The exception boundary that apps, ``Include``, ``Path`` and middleware build once, at startup.

Lives in core so routing and the application class need not depend on lilya-middleware. A
``HandlerTable`` maps ``{status_code | exception class: handler}`` (looked up along the MRO and
memoised per type; ``RouteHandlerTable``, for route levels, by status or exact class as Lilya
does); ``wrap_app_handling_exceptions`` puts it around an ASGI app. Layers that decorate responses
call ``add_error_headers`` so an error answered outside them keeps their headers.
"""

from __future__ import annotations

from lilya._internal._exception_handlers import (
    ERROR_HEADERS_SCOPE_KEY,
    SCOPE_KEY,
    ExceptionHandlers,
    HandlerTable,
    RouteHandlerTable,
    StartTracker,
    StatusHandlers,
    UNINTERCEPTED_EXTENSION,
    add_error_headers,
    build_connection,
    default_handlers,
    error_headers_send,
    handle_exception,
    http_exception_handler,
    inside_lilya_app,
    lookup_exception_handler,
    run_handler,
    websocket_exception_handler,
    wrap_app_handling_exceptions,
)

__all__ = [
    "ERROR_HEADERS_SCOPE_KEY",
    "SCOPE_KEY",
    "ExceptionHandlers",
    "HandlerTable",
    "RouteHandlerTable",
    "StartTracker",
    "StatusHandlers",
    "UNINTERCEPTED_EXTENSION",
    "add_error_headers",
    "build_connection",
    "default_handlers",
    "error_headers_send",
    "handle_exception",
    "http_exception_handler",
    "inside_lilya_app",
    "lookup_exception_handler",
    "run_handler",
    "websocket_exception_handler",
    "wrap_app_handling_exceptions",
]
