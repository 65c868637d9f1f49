"""HTTP routes: a path template bound to a handler, every stack prepared at construction."""

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
from lilya.enums import HTTPMethod, Match, ScopeType
from lilya.exceptions import HTTPException, ImproperlyConfigured
from lilya.responses import PlainText
from lilya.routing._common import convert_params, import_string, method_not_allowed
from lilya.routing._handler import BaseHandler
from lilya.routing._reexports import lazy_reexports
from lilya.routing._stack import build_stack
from lilya.routing.base import BasePath
from lilya.routing.types import NoMatchFound, get_name
from lilya.types import Receive, Scope, Send

__all__ = [
    "BaseHandler",
    "BasePath",
    "HTTPException",
    "HTTPMethod",
    "ImproperlyConfigured",
    "Match",
    "NoMatchFound",
    "Path",
    "PlainText",
    "Route",
    "RoutePath",
    "ScopeType",
    "URLPath",
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


def _is_controller(handler: Any) -> bool:
    from lilya.controllers import BaseController

    return inspect.isclass(handler) and issubclass(handler, BaseController)


class Path(BaseHandler, BasePath):
    """``Path("/items/{item_id:int}", handler, methods=["GET"])``: one handler for one template."""

    def __init__(
        self,
        path: str,
        handler: Callable[..., Any] | str,
        *,
        methods: list[str] | None = None,
        name: str | None = None,
        include_in_schema: bool = True,
        middleware: Sequence[Any] | None = None,
        permissions: Sequence[Any] | None = None,
        exception_handlers: Mapping[Any, Any] | None = None,
        dependencies: Any | None = None,
        before_request: Sequence[Callable[..., Any]] | None = None,
        after_request: Sequence[Callable[..., Any]] | None = None,
        deprecated: bool = False,
        max_body_size: int | None = None,
    ) -> None:
        assert path.startswith("/"), "Paths must start with '/'"
        target: Callable[..., Any] = import_string(handler) if isinstance(handler, str) else handler
        self.path = clean_path(path)
        self.handler = handler = target
        self.name = name if name is not None else get_name(handler)
        self.include_in_schema = include_in_schema
        self.deprecated = deprecated
        self.middleware = list(middleware or [])
        self.permissions = list(permissions or [])
        self.exception_handlers = dict(exception_handlers or {})
        self.dependencies = dependencies or {}
        self.before_request = list(before_request or [])
        self.after_request = list(after_request or [])
        self.max_body_size = max_body_size
        self.is_controller = _is_controller(handler)
        self.methods: list[str] | None = self._resolve_methods(methods)
        # None: any method reaches the handler (a controller answers 405 itself).
        self._method_set = frozenset(self.methods) if self.methods is not None else None
        self._allow = ", ".join(self.methods or ())
        self.path_regex, self.path_format, self.param_convertors, self.path_start = compile_path(self.path)
        self.handle_signature()
        names = set(self.param_convertors)
        if self.is_controller:
            endpoint = self.handler.as_endpoint(names, self.dependencies, self)
        else:
            endpoint = self.http_endpoint(handler, names)
        self.app = build_stack(
            endpoint,
            middleware=self.middleware,
            permissions=self.permissions,
            exception_handlers=self.exception_handlers,
            before_request=self.before_request,
            after_request=self.after_request,
            max_body_size=max_body_size,
        )

    def _resolve_methods(self, methods: list[str] | None) -> list[str] | None:
        if methods is None and self.is_controller:
            return None
        result: list[str] = []
        for method in methods or ["GET"]:
            upper = method.upper()
            if upper not in result:
                result.append(upper)
        if "GET" in result and "HEAD" not in result:
            result.append("HEAD")
        return result

    def handle_signature(self) -> None:
        if not self.is_controller:
            super().handle_signature()

    def match_params(self, params: dict[str, Any], scope: Scope) -> tuple[Match, Scope]:
        """Child scope for already converted ``params``; FULL when the method is allowed."""
        parent = scope.get("path_params")
        child: Scope = {
            "path_params": {**parent, **params} if parent else params,
            "handler": self.handler,
            "route": self,
            "route_path_template": self.path_format,
        }
        allowed = self._method_set is None or scope["method"] in self._method_set
        return (Match.FULL if allowed else Match.PARTIAL), child

    def handle_match(self, scope: Scope, match: re.Match[str]) -> tuple[Match, Scope]:
        params = convert_params(match, self.param_convertors)
        if params is None:
            return Match.NONE, {}
        return self.match_params(params, scope)

    def search(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != ScopeType.HTTP:
            return Match.NONE, {}
        match = self.path_regex.match(get_route_path(scope) or "/")
        if match is None:
            return Match.NONE, {}
        return self.handle_match(scope, match)

    async def handle_dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self._method_set is not None and scope["method"] not in self._method_set:
            await method_not_allowed(scope, receive, send, self._allow)
            return
        await self.app(scope, receive, send)

    async def handle_controller(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve through the controller class (same as ``handle_dispatch`` for controller routes)."""
        await self.handle_dispatch(scope, receive, send)

    def validate_params(self, name: str, path_params: dict[str, Any]) -> None:
        if name != self.name or set(path_params) != set(self.param_convertors):
            raise NoMatchFound(name, path_params)

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        self.validate_params(name, path_params)
        path, _ = replace_params(self.path_format, self.param_convertors, path_params)
        return URLPath(path=path, protocol="http")

    def path_for(self, name: str, /, **path_params: Any) -> URLPath:
        return self.url_path_for(name, **path_params)

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(path={self.path!r}, name={self.name!r}, methods={self.methods!r})"


Route = Path
RoutePath = Path
