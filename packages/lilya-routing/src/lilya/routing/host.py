"""``Host``: route by the ``Host`` header (``{subdomain}.example.com``) to an app or router."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from lilya.paths import compile_path, replace_params
from lilya.datastructures import Header, URLPath
from lilya.enums import Match, ScopeType
from lilya.routing._common import convert_params
from lilya.routing._reexports import DEFINITIONS, ROUTE_NAMES, lazy_reexports
from lilya.routing._route import MountOf, RouteStack
from lilya.routing.base import BasePath
from lilya.routing.options import HOOKS, STACK, RouteOptions, apply_options, route_options
from lilya.routing.types import NoMatchFound
from lilya.types import ASGIApp, Receive, Scope, Send

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = ["Header", "Host", *ROUTE_NAMES]  # Lilya 0.29's names (those not used here served lazily)

__getattr__ = lazy_reexports(*ROUTE_NAMES, *DEFINITIONS)


_MAX_HOST_LENGTH = 263  # a DNS name (253) plus ":port"; longer Host headers never match


def _host_header(scope: Scope) -> str:
    """The Host header, or "" when missing or too long to be a real host name (a long one would
    only feed the host regex, which can backtrack with several parameters)."""
    for key, value in scope.get("headers", ()):
        if key == b"host":
            return bytes(value).decode("latin-1") if len(value) <= _MAX_HOST_LENGTH else ""
    return ""


class Host(BasePath, RouteStack, MountOf):
    """Serve requests whose ``Host`` header matches ``host`` (port ignored) with ``app``."""

    @route_options(RouteOptions, *STACK[:2], "dependencies", "exception_handlers", *HOOKS, keyword_only=True)
    def __init__(self, host: str, app: ASGIApp, name: str | None = None, **options: Unpack[RouteOptions]) -> None:
        assert not host.startswith("/"), "Host must not start with '/'"
        self.host = host
        self.path = host
        self.app = app
        self.name = name
        apply_options(self, options)
        self.host_regex, self.host_format, self.param_convertors, self.path_start = compile_path(host)
        self._stack = self.wrap(app)

    def handle_match(self, scope: Scope, match: re.Match[str]) -> tuple[Match, Scope]:
        params = convert_params(match, self.param_convertors)
        if params is None:
            return Match.NONE, {}
        parent = scope.get("path_params")
        child: Scope = {"path_params": {**parent, **params} if parent else params}
        if self.dependencies:
            child["dependencies"] = [*scope.get("dependencies", ()), self.dependencies]
        return Match.FULL, child

    def search(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] not in (ScopeType.HTTP, ScopeType.WEBSOCKET):
            return Match.NONE, {}
        match = self.host_regex.match(_host_header(scope))
        if match is None:
            return Match.NONE, {}
        return self.handle_match(scope, match)

    async def handle_dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._stack(scope, receive, send)

    def path_for_with_name(self, path_params: dict[str, Any]) -> URLPath:
        """``path_for(<host name>, path=..., **host params)``: a URL on this host."""
        path = str(path_params.pop("path"))
        host, remaining = replace_params(self.host_format, self.param_convertors, path_params, is_host=True)
        if remaining:
            raise NoMatchFound(self.name or "", path_params)
        return URLPath(path=path, host=host)

    def path_for_without_name(self, name: str, path_params: dict[str, Any]) -> URLPath:
        """``path_for("<host name>:<route>")``: ask the child routes, then attach this host."""
        child_name = name[len(self.name) + 1 :] if self.name else name
        host_params = {key: value for key, value in path_params.items() if key in self.param_convertors}
        child_params = {key: value for key, value in path_params.items() if key not in self.param_convertors}
        host, _ = replace_params(self.host_format, self.param_convertors, host_params, is_host=True)
        try:
            url = self.reverse_child(child_name, child_params)
        except NoMatchFound:
            raise NoMatchFound(name, path_params) from None
        return URLPath(path=str(url), protocol=url.protocol, host=host)

    def url_path_for(self, name: str, /, **path_params: Any) -> URLPath:
        if self.name is not None and name == self.name and "path" in path_params:
            return self.path_for_with_name(path_params)
        if self.name is None or name.startswith(self.name + ":"):
            return self.path_for_without_name(name, path_params)
        raise NoMatchFound(name, path_params)

    def path_for(self, name: str, /, **path_params: Any) -> URLPath:
        return self.url_path_for(name, **path_params)

    url_path_for_with_name = path_for_with_name

    def url_path_for_without_name(self, name: str, /, path_params: Any) -> URLPath:
        return self.path_for_without_name(name, path_params)

    def __repr__(self) -> str:
        name = self.name or ""  # Lilya shows an unnamed host as name=''
        return f"{self.__class__.__name__}(host={self.host!r}, name={name!r}, app={self.app!r})"
