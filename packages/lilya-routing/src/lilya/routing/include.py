"""``Include``: mount a router, a list of routes, a route module or any ASGI app under a prefix."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from lilya.paths import clean_path, compile_path, get_route_path, replace_params
from lilya.paths import include
from lilya.datastructures import URLPath
from lilya.enums import Match, ScopeType
from lilya.exceptions import ImproperlyConfigured
from lilya.compat import import_string
from lilya.routing._common import convert_params
from lilya.routing._reexports import DEFINITIONS, ROUTE_NAMES, lazy_reexports
from lilya.routing._route import MountOf, RouteStack
from lilya.routing.base import BasePath
from lilya.routing.options import HOOKS, STACK, IncludeOptions, apply_options, route_options
from lilya.routing.types import NoMatchFound
from lilya.types import ASGIApp, Receive, Scope, Send

if TYPE_CHECKING:
    from typing_extensions import Unpack

# Lilya 0.29's names (those not used here served lazily)
__all__ = ["TYPE_CHECKING", "ImproperlyConfigured", "Include", "clean_path", "get_route_path", "include", *ROUTE_NAMES]

__getattr__ = lazy_reexports(*ROUTE_NAMES, *DEFINITIONS)


class IncludeArgumentsError(ImproperlyConfigured, AssertionError):
    """Conflicting ``Include`` arguments (Lilya asserts here: both ``except`` forms catch it)."""


class Include(BasePath, RouteStack, MountOf):
    """Everything below ``path`` is served by ``app`` (or a router built from ``routes``/``namespace``).

    The child sees the full ``path`` and a ``root_path`` extended by the matched prefix, so
    Lilya routers and other frameworks (Starlette) mounted here route on the remainder.
    """

    include_in_schema: bool
    deprecated: bool
    redirect_slashes: bool
    max_body_size: int | None
    max_message_size: int | None

    @route_options(
        IncludeOptions,
        *STACK,
        *HOOKS,
        "include_in_schema",
        "deprecated",
        "redirect_slashes",
        "max_body_size",
        "max_message_size",
        keyword_only=True,
    )
    def __init__(
        self,
        path: str,
        app: ASGIApp | str | None = None,
        routes: Sequence[BasePath] | None = None,
        namespace: str | None = None,
        pattern: str | None = None,
        name: str | None = None,
        **options: Unpack[IncludeOptions],
    ) -> None:
        assert path == "" or path.startswith("/"), "Routed paths must start with '/'"
        given = [value is not None for value in (app, routes, namespace)]
        if sum(given) != 1:
            raise IncludeArgumentsError(detail="Include needs exactly one of 'app', 'routes' or 'namespace'.")
        if namespace is not None and not isinstance(namespace, str):
            raise ImproperlyConfigured(detail=f"Include's namespace is a dotted module path, not {namespace!r}.")
        if pattern is not None and namespace is None:
            raise ImproperlyConfigured(detail="'pattern' only applies together with 'namespace'.")
        from lilya.routing.router import Router

        self.path = clean_path(path)
        self.prefix = self.path.rstrip("/")
        self.name = name
        self.namespace = namespace
        self.pattern = pattern
        apply_options(self, options)
        self.router_class = Router
        if namespace is not None:
            routes = include(namespace, pattern)
        if routes is not None:
            self.app: ASGIApp = Router(routes=list(routes), redirect_slashes=self.redirect_slashes, is_sub_router=True)
        elif isinstance(app, str):
            self.app = import_string(app)
        else:
            assert app is not None
            self.app = app
        compiled = compile_path(self.prefix + "/{path:path}")
        self.path_regex, self.path_format, self.param_convertors, self.path_start = compiled
        self._prefix_format, self._prefix_convertors = compile_path(self.prefix or "/")[1:3]
        self._stack = self.wrap(self.app, self.max_body_size, self.max_message_size)

    def match_params(self, params: dict[str, Any], scope: Scope, prefix: str) -> tuple[Match, Scope]:
        """Child scope for a request whose route path starts with ``prefix`` + "/"."""
        root_path = scope.get("root_path", "")
        parent = scope.get("path_params")
        child: Scope = {
            "path_params": {**parent, **params} if parent else dict(params),
            "app_root_path": scope.get("app_root_path", root_path),
            "root_path": root_path + prefix,
        }
        if self.dependencies:
            child["dependencies"] = [*scope.get("dependencies", ()), self.dependencies]
        return Match.FULL, child

    def handle_match(self, scope: Scope, match: re.Match[str], route_path: str, root_path: str) -> tuple[Match, Scope]:
        params = convert_params(match, self.param_convertors)
        if params is None:
            return Match.NONE, {}
        remainder = params.pop("path")
        prefix = route_path[: len(route_path) - len(remainder) - 1]
        return self.match_params(params, scope, prefix)

    def search(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] not in (ScopeType.HTTP, ScopeType.WEBSOCKET):
            return Match.NONE, {}
        route_path = get_route_path(scope)
        match = self.path_regex.match(route_path)
        if match is None:
            return Match.NONE, {}
        return self.handle_match(scope, match, route_path, scope.get("root_path", ""))

    async def handle_dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._stack(scope, receive, send)

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        if not self._prefix_convertors.keys() <= path_params.keys():
            raise NoMatchFound(name, path_params)
        if self.name and name == self.name and "path" in path_params:
            remainder = str(path_params.pop("path"))
            prefix, remaining = replace_params(self._prefix_format, self._prefix_convertors, path_params)
            if not remaining:
                return URLPath(path=self.prefix_join(prefix, remainder), protocol="http")
        elif not self.name or name.startswith(self.name + ":"):
            child_name = name[len(self.name) + 1 :] if self.name else name
            prefix, remaining = replace_params(self._prefix_format, self._prefix_convertors, path_params)
            try:
                url = self.reverse_child(child_name, remaining)
            except NoMatchFound:
                pass
            else:
                return URLPath(path=self.prefix_join(prefix, str(url)), protocol=url.protocol)
        raise NoMatchFound(name, path_params)

    @staticmethod
    def prefix_join(prefix: str, path: str) -> str:
        return prefix.rstrip("/") + "/" + path.lstrip("/")

    def path_for(self, name: str, /, **path_params: Any) -> URLPath:
        return self.url_path_for(name, **path_params)

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}(path={self.path!r}, name={self.name or ''!r}, app={self.app!r})"
