"""The router: static paths by dict lookup, parametrised ones by compiled pattern."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lilya.responses import PlainText
from lilya.routing.path import Path
from lilya.types import Receive, Scope, Send

__all__ = ["Router"]


class Router:
    def __init__(self, routes: Sequence[Path] | None = None, **kwargs: Any) -> None:
        self.routes: list[Path] = list(routes or [])
        self._compile()

    def _compile(self) -> None:
        self._static: dict[str, list[Path]] = {}
        self._dynamic: list[Path] = []
        for route in self.routes:
            if route.is_static:
                self._static.setdefault(route.path, []).append(route)
            else:
                self._dynamic.append(route)

    def add_route(self, route: Path) -> None:
        self.routes.append(route)
        self._compile()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            return
        path = scope.get("path", "/")
        method = scope.get("method", "GET")
        allowed: set[str] = set()
        candidates = list(self._static.get(path, ()))
        for route in candidates:
            if method in route.methods:
                scope["path_params"] = {}
                await route.handle_dispatch(scope, receive, send)
                return
            allowed |= route.methods
        for route in self._dynamic:
            params = route.match(path)
            if params is None:
                continue
            if method in route.methods:
                scope["path_params"] = params
                await route.handle_dispatch(scope, receive, send)
                return
            allowed |= route.methods
        if allowed:
            response = PlainText("Method Not Allowed", status_code=405, headers={"allow": ", ".join(sorted(allowed))})
        else:
            response = PlainText("Not Found", status_code=404)
        await response(scope, receive, send)

    def url_path_for(self, name: str, /, **path_params: Any) -> str:
        for route in self.routes:
            try:
                return route.url_path_for(name, **path_params)
            except LookupError:
                continue
        raise LookupError(f"No route named {name!r}")
