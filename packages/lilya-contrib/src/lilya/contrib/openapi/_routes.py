"""Walking an application's routes into the operations the document describes."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from lilya.compat import is_class_and_subclass
from lilya.enums import HTTPMethod

__all__ = ["Operation", "extract_http_methods_from_endpoint", "iter_operations", "path_parameters"]

_PARAM = re.compile(r"\{([^}:]+)(?::[^}]*)?\}")
# JSON Schema of a path parameter by the transformer (convertor) that parses it.
_PARAM_SCHEMAS: dict[str, dict[str, str]] = {
    "IntegerTransformer": {"type": "integer"},
    "FloatTransformer": {"type": "number"},
    "UUIDTransformer": {"type": "string", "format": "uuid"},
}


@dataclass(frozen=True)
class Operation:
    """One documented (path, method): the callable that serves it and its ``@openapi`` metadata."""

    path: str
    method: str
    endpoint: Any
    metadata: dict[str, Any]
    route: Any


def extract_http_methods_from_endpoint(cls: type) -> list[str]:
    """The HTTP methods a controller class implements (``get`` -> ``GET``)."""
    return [method.upper() for method in HTTPMethod.to_list() if callable(getattr(cls, method.lower(), None))]


def path_parameters(path: str, route: Any) -> list[dict[str, Any]]:
    """Parameter Objects for the ``{name}`` segments of a path (all required)."""
    convertors = getattr(route, "param_convertors", None) or {}
    params = []
    for name in _PARAM.findall(path):
        convertor = convertors.get(name)
        schema = _PARAM_SCHEMAS.get(type(convertor).__name__, {"type": "string"})
        params.append({"name": name, "in": "path", "required": True, "schema": dict(schema)})
    return params


def _children(route: Any) -> Sequence[Any] | None:
    """The routes mounted under an Include/ChildLilya/Router, or None for a leaf route."""
    routes = getattr(route, "routes", None)
    if routes:
        return routes  # type: ignore[no-any-return]
    app = getattr(route, "app", None)
    if app is not None and not hasattr(route, "handler"):
        return getattr(app, "routes", None)
    return None


def _prefix(route: Any) -> str:
    raw: str = getattr(route, "path_format", None) or getattr(route, "path", None) or ""
    if raw.endswith("/{path}"):  # an Include matches the rest of the path with a hidden {path}
        raw = raw[: -len("/{path}")]
    return raw.rstrip("/")


def _is_websocket(route: Any) -> bool:
    from lilya.routing import WebSocketPath

    return isinstance(route, WebSocketPath)


def iter_operations(routes: Sequence[Any], prefix: str = "") -> Iterator[Operation]:
    """Every documented operation under ``routes``, Includes and child apps flattened."""
    for route in routes:
        children = _children(route)
        if children is not None:
            if getattr(route, "include_in_schema", True) is not False:
                yield from iter_operations(children, prefix + _prefix(route))
            continue
        if not getattr(route, "include_in_schema", False) or not hasattr(route, "handler") or _is_websocket(route):
            continue
        raw = getattr(route, "path_format", None) or getattr(route, "path", None)
        if not raw:
            continue
        path = prefix + (raw if raw.startswith("/") else "/" + raw)
        yield from _route_operations(route, path)


def _route_operations(route: Any, path: str) -> Iterator[Operation]:
    handler = route.handler
    if isinstance(handler, type) and getattr(handler, "__exclude_from_openapi__", False) is True:
        return  # e.g. template controllers: pages, not API operations
    controller = is_class_and_subclass(handler, _controller_class())
    if controller:
        methods = extract_http_methods_from_endpoint(handler)
        if route.methods:
            allowed = {m.upper() for m in route.methods}
            methods = [m for m in methods if m in allowed]
    else:
        methods = list(getattr(route, "methods", None) or ["GET"])
    for method in methods:
        if method.upper() == "HEAD":
            continue
        endpoint = getattr(handler, method.lower(), None) if controller else handler
        metadata = getattr(endpoint, "openapi_meta", None) or {}
        if metadata.get("include_in_schema", True) is False:
            continue
        yield Operation(path, method.lower(), endpoint, metadata, route)


def _controller_class() -> type:
    from lilya.controllers import Controller

    return Controller
