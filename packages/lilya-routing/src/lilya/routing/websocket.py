"""WebSocket routes: a path template bound to a WebSocket handler or ``WebSocketController``."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from lilya._internal._middleware import apply_asgi_stack, wrap_middleware
from lilya._internal._path import clean_path, compile_path, get_route_path, replace_params
from lilya.compat import is_async_callable
from lilya.concurrency import run_in_threadpool
from lilya.datastructures import URLPath
from lilya.enums import Match, ScopeType
from lilya.exceptions import ImproperlyConfigured
from lilya.routing._common import convert_params, import_string
from lilya.routing._handler import BaseHandler
from lilya.routing._reexports import lazy_reexports
from lilya.routing._stack import build_stack
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


class WebSocketPath(BaseHandler, BasePath):
    """``WebSocketPath("/ws/{room}", handler)``: the handler receives the accepted-to-be WebSocket."""

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
    ) -> None:
        assert path.startswith("/"), "Paths must start with '/'"
        target: Callable[..., Any] = import_string(handler) if isinstance(handler, str) else handler
        self.path = clean_path(path)
        self.handler = handler = target
        self.name = name if name is not None else get_name(handler)
        self.include_in_schema = include_in_schema
        self.middleware = list(middleware or [])
        self.permissions = list(permissions or [])
        self.exception_handlers = dict(exception_handlers or {})
        self.dependencies = dependencies or {}
        self.before_request = list(before_request or [])
        self.after_request = list(after_request or [])
        self.path_regex, self.path_format, self.param_convertors, self.path_start = compile_path(self.path)
        if inspect.isclass(handler):
            endpoint = _controller_app(handler)
        else:
            self.handle_signature()
            endpoint = self.websocket_endpoint(handler, set(self.param_convertors))
        self.app = build_stack(
            endpoint,
            middleware=self.middleware,
            permissions=self.permissions,
            exception_handlers=self.exception_handlers,
            before_request=self.before_request,
            after_request=self.after_request,
        )

    def match_params(self, params: dict[str, Any], scope: Scope) -> tuple[Match, Scope]:
        parent = scope.get("path_params")
        child: Scope = {
            "path_params": {**parent, **params} if parent else params,
            "handler": self.handler,
            "route": self,
            "route_path_template": self.path_format,
        }
        return Match.FULL, child

    def handle_match(self, scope: Scope, match: re.Match[str]) -> tuple[Match, Scope]:
        params = convert_params(match, self.param_convertors)
        if params is None:
            return Match.NONE, {}
        return self.match_params(params, scope)

    def search(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != ScopeType.WEBSOCKET:
            return Match.NONE, {}
        match = self.path_regex.match(get_route_path(scope) or "/")
        if match is None:
            return Match.NONE, {}
        return self.handle_match(scope, match)

    async def handle_dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)

    def validate_params(self, name: str, path_params: dict[str, Any]) -> None:
        if name != self.name or set(path_params) != set(self.param_convertors):
            raise NoMatchFound(name, path_params)

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        self.validate_params(name, path_params)
        path, _ = replace_params(self.path_format, self.param_convertors, path_params)
        return URLPath(path=path, protocol="websocket")

    def path_for(self, name: str, /, **path_params: Any) -> URLPath:
        return self.url_path_for(name, **path_params)

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(path={self.path!r}, name={self.name!r})"


WebSocketRoute = WebSocketPath
