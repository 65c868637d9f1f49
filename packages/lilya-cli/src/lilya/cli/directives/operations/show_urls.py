"""``lilya show_urls``: a table of every route, through Include and Host nesting."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from rich.table import Table

from lilya.cli.constants import LILYA_DISCOVER_APP
from lilya.cli.env import DirectiveEnv
from lilya.cli.exceptions import DirectiveError
from lilya.cli.terminal.base import OutputColour
from lilya.enums import HTTPMethod

__all__ = [
    "TYPE_CHECKING",
    "DOCS_ELEMENTS",
    "LILYA_DISCOVER_APP",
    "DirectiveEnv",
    "HTTPMethod",
    "OutputColour",
    "clean_path",
    "get_http_verb",
    "get_routes_table",
    "iter_routes",
]

DOCS_ELEMENTS = ["/docs/swagger", "/docs/redoc", "/docs/elements", "/docs/rapidoc", "/openapi.json"]
_METHOD_ORDER = {
    m: i for i, m in enumerate(("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "QUERY"))
}


def __getattr__(name: str) -> Any:
    """``Path`` and ``View`` come from lilya-routing, imported only when asked for."""
    if name == "Path":
        from lilya.routing.path import Path

        return Path
    if name == "View":  # Lilya 0.29's name here for Controller
        from lilya.controllers import Controller

        return Controller
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def clean_path(path: str) -> str:
    """Join-friendly path: one leading slash, no doubled slashes, no trailing slash but for root."""
    while "//" in path:
        path = path.replace("//", "/")
    if not path.startswith("/"):
        path = "/" + path
    return path if path == "/" else path.rstrip("/")


def get_http_verb(mapping: Any) -> str:
    """The methods of a route as ``GET, HEAD``, in HTTP order (a controller's come from its verbs)."""
    methods = set(str(m).upper() for m in getattr(mapping, "methods", None) or ())
    handler = _handler_of(mapping)
    if not methods and inspect.isclass(handler):
        methods = {m.value for m in HTTPMethod if callable(getattr(handler, m.value.lower(), None))}
        if "GET" in methods:
            methods.add("HEAD")
    return ", ".join(sorted(methods, key=lambda m: _METHOD_ORDER.get(m, 99)))


def _handler_of(route: Any) -> Any:
    return getattr(route, "handler", None) or getattr(route, "endpoint", None)


def _describe_handler(handler: Any) -> tuple[str, str]:
    if handler is None:
        return "", ""
    target = handler
    name = str(getattr(target, "__qualname__", None) or getattr(type(target), "__name__", repr(target)))
    if inspect.isclass(target):
        return name, "controller"
    kind = "async" if inspect.iscoroutinefunction(getattr(target, "__func__", target)) else "sync"
    return name, kind


def _params(path: str) -> str:
    params: list[str] = []
    start = path.find("{")
    while start != -1:
        end = path.find("}", start)
        if end == -1:
            break
        name, _, conv = path[start + 1 : end].partition(":")
        params.append(f"{name}:{conv or 'str'}")
        start = path.find("{", end)
    return ", ".join(params)


def iter_routes(routes: Any, prefix: str = "", host: str = "", namespace: str = "") -> Iterator[dict[str, Any]]:
    """Flatten a route tree into rows (Include and Host add their prefix, host and namespace)."""
    for route in routes or ():
        kind = type(route).__name__
        path = getattr(route, "path", "") or ""
        name = getattr(route, "name", None) or ""
        full_name = f"{namespace}:{name}" if namespace and name else name
        if kind == "Host" or hasattr(route, "host") and not hasattr(route, "methods"):
            sub_host = getattr(route, "host", "")
            yield from iter_routes(getattr(route, "routes", ()), prefix, sub_host, full_name or namespace)
            continue
        children = getattr(route, "routes", None)
        if children is not None and not hasattr(route, "methods"):
            yield from iter_routes(children, clean_path(prefix + "/" + path), host, full_name or namespace)
            continue
        handler_name, handler_kind = _describe_handler(_handler_of(route))
        is_websocket = "WebSocket" in kind
        full_path = clean_path(prefix + "/" + path) if path else clean_path(prefix or "/")
        yield {
            "path": full_path,
            "host": host,
            "params": _params(host + full_path),
            "name": full_name,
            "handler": handler_name,
            "type": "websocket" if is_websocket else handler_kind,
            "methods": "" if is_websocket else get_http_verb(route),
        }


def get_routes_table(app: Any | None, table: Table) -> Table:
    """Fill ``table`` (columns made here) with one row per route of ``app``."""
    if app is None or not hasattr(app, "routes"):
        raise DirectiveError("show_urls needs a Lilya application: pass --app module:attribute.")
    for column in ("Path", "Path Parameters", "Name", "Handler", "Type", "HTTP Methods"):
        table.add_column(column, overflow="fold")
    for row in iter_routes(app.routes):
        shown = f"{row['host']}{row['path']}" if row["host"] else row["path"]
        table.add_row(shown, row["params"], row["name"], row["handler"], row["type"], row["methods"])
    return table
