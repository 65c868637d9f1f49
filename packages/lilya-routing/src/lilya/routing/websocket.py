"""WebSocket routes: a path template bound to a WebSocket handler or ``WebSocketController``."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from lilya.compose import apply_asgi_stack, wrap_middleware
from lilya.paths import clean_path, compile_path, get_route_path, replace_params
from lilya.compat import is_async_callable
from lilya.concurrency import run_in_threadpool
from lilya.datastructures import URLPath
from lilya.enums import Match, ScopeType
from lilya.exceptions import ImproperlyConfigured
from lilya.routing._common import is_asgi_instance
from lilya.routing._handler import BaseHandler
from lilya.routing._reexports import lazy_reexports
from lilya.routing._route import TemplateRoute
from lilya.routing.base import BasePath
from lilya.routing.types import NoMatchFound, get_name
from lilya.types import ASGIApp, Receive, Scope, Send

__all__ = [
    "BaseHandler",
    "BasePath",
    "ImproperlyConfigured",
    "Match",
    "NoMatchFound",
    "ScopeType",
    "URLPath",
    "WebSocketPath",
    "WebSocketRoute",
    "apply_asgi_stack",
    "clean_path",
    "compile_path",
    "get_name",
    "get_route_path",
    "is_async_callable",
    "replace_params",
    "run_in_threadpool",
    "wrap_middleware",
]

__getattr__ = lazy_reexports("DefineMiddleware", "DefinePermission", "wrap_permission", "wrap_dependency")


def _controller_app(controller: type[Any]) -> ASGIApp:
    async def serve(scope: Scope, receive: Receive, send: Send) -> None:
        await controller(scope, receive, send).handle_dispatch(scope, receive, send)

    return serve


class WebSocketPath(TemplateRoute):
    """``WebSocketPath("/ws/{room}", handler)``: the handler receives the accepted-to-be WebSocket."""

    protocol = "websocket"
    scope_type = "websocket"

    def __init__(
        self,
        path: str,
        handler: Callable[..., Any] | str,
        *,
        name: str | None = None,
        include_in_schema: bool = True,
        middleware: Sequence[Any] | None = None,
        permissions: Sequence[Any] | None = None,
        exception_handlers: Mapping[Any, Any] | None = None,
        dependencies: Any | None = None,
        before_request: Sequence[Callable[..., Any]] | None = None,
        after_request: Sequence[Callable[..., Any]] | None = None,
        max_message_size: int | None = None,
    ) -> None:
        handler = self.bind(path, handler, name)
        self.include_in_schema = include_in_schema
        self.set_options(middleware, permissions, exception_handlers, dependencies, before_request, after_request)
        if inspect.isclass(handler):
            apply_options = getattr(handler, "apply_route_options", None)
            if apply_options is not None:  # a WebSocketController's class-level options
                apply_options(self)
            endpoint = _controller_app(handler)
        elif is_asgi_instance(handler):  # an ASGI app object is served as it is (Lilya 0.29)
            endpoint = handler
        else:
            endpoint = self.websocket_endpoint(handler, set(self.param_convertors))
        self.max_message_size = max_message_size
        self.app = self.wrap(endpoint, max_message_size=max_message_size)

    async def handle_dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(path={self.path!r}, name={self.name!r})"


WebSocketRoute = WebSocketPath
