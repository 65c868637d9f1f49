"""Build the application's ASGI stack, once.

Outermost first: the error boundary (in ``BaseLilya.__call__``), the global exception
interceptor (``LilyaExceptionMiddleware``, when enabled), the user's middleware, the exception
handlers (with Lilya's default HTTPException answer when there is middleware), the permissions,
the before/after request hooks, the router. Permissions sit inside the exception handlers so
that a denial (``PermissionDenied``, 403) goes through a handler registered for it. Layers with
nothing to do are left out, so a bare app is boundary + router.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from lilya.compose import apply_asgi_stack
from lilya.concurrency import enforce_async_callable
from lilya.exceptions import HTTPException
from lilya.types import ASGIApp, Receive, Scope, Send

from lilya.apps._errors import ServerErrors

if TYPE_CHECKING:
    from lilya.apps._base import BaseLilya

__all__ = ["RequestHooks", "build_stack", "server_errors", "split_handlers"]

_SERVER_ERROR_KEYS: tuple[Any, ...] = (500, Exception)


class RequestHooks:
    """Runs ``before_request`` hooks, the app, then ``after_request`` hooks (scope, receive, send)."""

    __slots__ = ("after", "app", "before")

    def __init__(self, app: ASGIApp, before: Iterable[Callable[..., Any]], after: Iterable[Callable[..., Any]]) -> None:
        self.app = app
        # A hook given as a class is instantiated once, here (Lilya accepts both).
        self.before = tuple(enforce_async_callable(hook() if isinstance(hook, type) else hook) for hook in before)
        self.after = tuple(enforce_async_callable(hook() if isinstance(hook, type) else hook) for hook in after)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        for hook in self.before:
            await hook(scope, receive, send)
        await self.app(scope, receive, send)
        for hook in self.after:
            await hook(scope, receive, send)


async def _answer_http_exception(conn: Any, exc: Exception) -> Any:
    """Lilya's default answer to an HTTPException; on a WebSocket the app's boundary closes it."""
    from lilya.exception_handling import http_exception_handler

    if conn.scope["type"] != "http":
        raise exc
    return http_exception_handler(conn, exc)


def split_handlers(handlers: dict[Any, Any]) -> tuple[Callable[..., Any] | None, dict[Any, Any]]:
    """Return (the 500/Exception handler, every other handler)."""
    server = handlers.get(500) or handlers.get(Exception)
    rest = {key: value for key, value in handlers.items() if key not in _SERVER_ERROR_KEYS}
    return server, rest


def server_errors(app: BaseLilya) -> ServerErrors:
    """The boundary's answers: the 500/``Exception`` handler, the debug page or a generic 500."""
    return ServerErrors(
        debug=bool(app.debug),
        handler=split_handlers(dict(app.exception_handlers))[0],
        # With middleware, build_stack answers HTTPExceptions raised inside it; with interception
        # on, LilyaExceptionMiddleware answers the middleware's too.
        from_middleware=bool(app.custom_middleware) and not app.enable_intercept_global_exceptions,
    )


def build_stack(app: BaseLilya) -> ASGIApp:
    """Everything inside the boundary, outermost first; the boundary is ``BaseLilya.__call__``."""
    from lilya.exception_handling import wrap_app_handling_exceptions

    _server_handler, handlers = split_handlers(dict(app.exception_handlers))
    # Inside a Lilya app the router's own entry only forwards to its prepared stack (its
    # middleware, permissions, dispatch); calling that stack directly saves a frame per request.
    # ``scope["router"]`` is set by ``BaseLilya.__call__``.
    inner: ASGIApp = getattr(app.router, "middleware_stack", None) or app.router
    if app.before_request_callbacks or app.after_request_callbacks:
        inner = RequestHooks(inner, app.before_request_callbacks, app.after_request_callbacks)
    inner = apply_asgi_stack(inner, app.custom_permissions)
    if app.custom_middleware or app.enable_intercept_global_exceptions:
        # As in Lilya, a 404/405/403 or any HTTPException raised inside is answered here, inside
        # the user's middleware (a logging or timing middleware sees the answer, not an exception).
        # A bare app skips this layer: its boundary answers the same way for less.
        inner = wrap_app_handling_exceptions(inner, {HTTPException: _answer_http_exception, **handlers})
    elif handlers:
        inner = wrap_app_handling_exceptions(inner, handlers)
    inner = apply_asgi_stack(inner, app.custom_middleware)
    if app.enable_intercept_global_exceptions:
        # Catches what the user's middleware raises too: the handlers, else a JSON error body.
        from lilya.middleware.lilya_exception import LilyaExceptionMiddleware

        inner = LilyaExceptionMiddleware(inner, handlers=handlers)
    return inner
