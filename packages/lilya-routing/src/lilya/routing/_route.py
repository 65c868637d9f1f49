"""What Path, WebSocketPath, Include and Host share: per-level options and template matching."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any, ClassVar

from lilya.paths import clean_path, compile_path, get_route_path, parse_template, replace_params
from lilya.datastructures import URLPath
from lilya.enums import Match
from lilya.compat import import_string
from lilya.routing._common import convert_params
from lilya.routing._handler import BaseHandler
from lilya.routing._route_list import route_changed
from lilya.routing._stack import build_stack
from lilya.routing.base import BasePath
from lilya.routing.types import NoMatchFound, get_name
from lilya.types import ASGIApp, Scope

_FULL = Match.FULL  # a module constant: Enum attribute access is slow per request

__all__ = ["MountOf", "RouteStack", "TemplateRoute"]


class RouteStack:
    """Middleware, permissions, exception handlers, dependencies and hooks of one routing level."""

    middleware: list[Any]
    permissions: list[Any]
    exception_handlers: dict[Any, Any]
    dependencies: Any
    before_request: list[Callable[..., Any]]
    after_request: list[Callable[..., Any]]

    def wrap(self, app: ASGIApp, max_body_size: int | None = None, max_message_size: int | None = None) -> ASGIApp:
        """``app`` inside this level's stack (built once)."""
        return build_stack(
            app,
            middleware=self.middleware,
            permissions=self.permissions,
            exception_handlers=self.exception_handlers,
            before_request=self.before_request,
            after_request=self.after_request,
            max_body_size=max_body_size,
            max_message_size=max_message_size,
        )


class MountOf:
    """An ``Include``/``Host``: serves another app and reverses through that app's routes."""

    app: Any

    @property
    def routes(self) -> list[BasePath]:
        return list(getattr(self.app, "routes", None) or [])

    def reversible_routes(self) -> list[Any]:
        """Child routes that can reverse a name: Lilya's, and a mounted app's that have
        ``url_path_for`` (Starlette's ``Route`` and ``Mount``)."""
        return [route for route in self.routes if isinstance(route, BasePath) or hasattr(route, "url_path_for")]

    def reverse_child(self, name: str, path_params: dict[str, Any]) -> Any:
        """The first child route's URL for ``name`` (a ``URLPath``, or a foreign app's equivalent).

        A foreign route says "not mine" with its own ``NoMatchFound`` (Starlette's is not ours): the
        one defined in the route's module is caught too; anything else it raises propagates.
        """
        for route in self.reversible_routes():
            miss = NoMatchFound
            if not isinstance(route, BasePath):
                miss = getattr(sys.modules.get(type(route).__module__), "NoMatchFound", NoMatchFound)
            try:
                return route.url_path_for(name, **path_params)
            except (NoMatchFound, miss):
                continue
        raise NoMatchFound(name, path_params)


class TemplateRoute(BaseHandler, BasePath, RouteStack):
    """A handler bound to a path template (the common part of ``Path`` and ``WebSocketPath``)."""

    protocol: ClassVar[str] = "http"
    scope_type: ClassVar[str] = "http"

    def bind(self, path: str, handler: Callable[..., Any] | str, name: str | None) -> Callable[..., Any]:
        """Set path, handler, name and the compiled template; return the (imported) handler."""
        assert path.startswith("/"), "Paths must start with '/'"
        target: Callable[..., Any] = import_string(handler) if isinstance(handler, str) else handler
        self.path = clean_path(path)
        self.handler = target
        self.name = name if name is not None else get_name(target)
        self.path_start = self.path
        self.path_format, self.param_convertors = parse_template(self.path)
        return target

    #: True once ``path_regex`` was assigned: routers then match this route with that regex.
    regex_overridden: bool = False
    _path_regex: re.Pattern[str] | None = None

    @property
    def path_regex(self) -> re.Pattern[str]:
        """The template as one regex; compiled on first use (the router matches with its tree)."""
        regex = self._path_regex
        if regex is None:
            regex = self._path_regex = compile_path(self.path)[0]
        return regex

    @path_regex.setter
    def path_regex(self, regex: re.Pattern[str]) -> None:
        """Lilya 0.29 lets code replace a built route's regex (``route.path_regex = re.compile(...)``).

        The route is then matched with it: routers holding the route recompile (once, on their
        next request) and ask this route through ``search`` instead of their template tree.
        """
        self._path_regex = regex
        self.regex_overridden = True
        route_changed(self)

    def child_scope(self, params: dict[str, Any], scope: Scope) -> Scope:
        parent = scope.get("path_params")
        return {
            # Empty params may be the static index's shared dict: a fresh one per request, or a
            # handler writing to scope["path_params"] would leak into later requests.
            "path_params": {**parent, **params} if parent else (params or {}),
            "handler": self.handler,
            "route": self,
            "route_path_template": self.path_format,
        }

    def match_params(self, params: dict[str, Any], scope: Scope) -> tuple[Match, Scope]:
        """Child scope for already converted ``params`` (subclasses refine the match)."""
        return _FULL, self.child_scope(params, scope)

    def handle_match(self, scope: Scope, match: re.Match[str]) -> tuple[Match, Scope]:
        params = convert_params(match, self.param_convertors)
        if params is None:
            return Match.NONE, {}
        return self.match_params(params, scope)

    def search(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != self.scope_type:
            return Match.NONE, {}
        match = self.path_regex.match(get_route_path(scope) or "/")
        if match is None:
            return Match.NONE, {}
        return self.handle_match(scope, match)

    def validate_params(self, name: str, path_params: dict[str, Any]) -> None:
        if name != self.name or set(path_params) != set(self.param_convertors):
            raise NoMatchFound(name, path_params)

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        self.validate_params(name, path_params)
        path, _ = replace_params(self.path_format, self.param_convertors, path_params)
        return URLPath(path=path, protocol=self.protocol)

    def path_for(self, name: str, /, **path_params: Any) -> URLPath:
        return self.url_path_for(name, **path_params)
