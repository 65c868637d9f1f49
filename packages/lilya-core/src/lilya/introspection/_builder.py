"""``GraphBuilder``: walks an application (duck-typed, no routing import) into a graph.

It reads what the objects already hold: ``app.custom_middleware``/``custom_permissions``,
``app.router.routes``, each route's ``path``/``methods``/``middleware``/``permissions``, an
include's ``app``/``routes``. Mounted Lilya apps are walked too, each once.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from lilya.introspection._graph import ApplicationGraph
from lilya.introspection._types import EdgeKind, GraphEdge, GraphNode, NodeKind

__all__ = ["GraphBuilder"]

_MAX_DEPTH = 32


def _class_names(obj: Any) -> set[str]:
    return {cls.__name__ for cls in type(obj).__mro__}


def _definition_class(definition: Any) -> Any:
    try:
        cls, _args, _kwargs = definition
    except (TypeError, ValueError):
        return definition
    return cls


def _join(prefix: str, path: str) -> str:
    return prefix.rstrip("/") + path if prefix else path


class GraphBuilder:
    """Builds an ``ApplicationGraph`` from an application; one builder per build."""

    def __init__(self) -> None:
        self._nodes: list[GraphNode] = []
        self._edges: list[GraphEdge] = []
        self._visited_apps: set[int] = set()

    def build(self, app: Any) -> ApplicationGraph:
        self._add_application(app, "", 0)
        return ApplicationGraph(nodes=self._nodes, edges=self._edges)

    def _node(self, kind: NodeKind, ref: Any, metadata: dict[str, Any]) -> GraphNode:
        label = "app" if kind is NodeKind.APPLICATION else kind.value
        node = GraphNode(id=f"{label}:{uuid.uuid4().hex}", kind=kind, ref=ref, metadata=metadata)
        self._nodes.append(node)
        return node

    def _add_edge(self, source: GraphNode, target: GraphNode, kind: EdgeKind) -> None:
        self._edges.append(GraphEdge(source=source.id, target=target.id, kind=kind))

    def _wrap_layers(self, owner: GraphNode, middleware: Iterable[Any], permissions: Iterable[Any]) -> GraphNode:
        """Chain ``owner`` → middleware → permissions with WRAPS edges; return the innermost."""
        current = owner
        for kind, definitions in ((NodeKind.MIDDLEWARE, middleware), (NodeKind.PERMISSION, permissions)):
            for definition in definitions or ():
                cls = _definition_class(definition)
                layer = self._node(kind, cls, {"class": getattr(cls, "__name__", str(cls))})
                self._add_edge(current, layer, EdgeKind.WRAPS)
                current = layer
        return current

    def _add_application(self, app: Any, prefix: str, depth: int) -> GraphNode:
        self._visited_apps.add(id(app))
        node = self._node(NodeKind.APPLICATION, app, {"debug": bool(getattr(app, "debug", False))})
        inner = self._wrap_layers(node, getattr(app, "custom_middleware", ()), getattr(app, "custom_permissions", ()))
        router = getattr(app, "router", None)
        if router is not None:
            self._add_router(inner, router, prefix, depth)
        return node

    def _add_router(self, parent: GraphNode, router: Any, prefix: str, depth: int) -> None:
        node = self._node(NodeKind.ROUTER, router, {})
        self._add_edge(parent, node, EdgeKind.DISPATCHES_TO)
        self._traverse(node, getattr(router, "routes", ()) or (), prefix, depth)

    def _traverse(self, parent: GraphNode, routes: Iterable[Any], prefix: str, depth: int) -> None:
        if depth > _MAX_DEPTH:
            return
        for route in routes:
            names = _class_names(route)
            if "Include" in names:
                self._add_include(parent, route, prefix, depth)
            elif "Host" in names:
                metadata = {"host": getattr(route, "host", None), "name": getattr(route, "name", None)}
                self._add_mount(parent, route, NodeKind.HOST, metadata, prefix, depth)
            else:
                self._add_route(parent, route, prefix)

    def _add_route(self, parent: GraphNode, route: Any, prefix: str) -> None:
        path = getattr(route, "path", None)
        methods = getattr(route, "methods", None)
        websocket = any("WebSocket" in name for name in _class_names(route))
        metadata: dict[str, Any] = {"path": path}
        if not websocket:
            metadata["methods"] = tuple(sorted(methods)) if methods else ()
        if isinstance(path, str) and prefix:
            metadata["full_path"] = _join(prefix, path)
        node = self._node(NodeKind.WEBSOCKET if websocket else NodeKind.ROUTE, route, metadata)
        self._add_edge(parent, node, EdgeKind.DISPATCHES_TO)
        self._wrap_layers(node, getattr(route, "middleware", ()) or (), getattr(route, "permissions", ()) or ())

    def _add_include(self, parent: GraphNode, include: Any, prefix: str, depth: int) -> None:
        metadata = {"path": getattr(include, "path", None), "name": getattr(include, "name", None)}
        self._add_mount(parent, include, NodeKind.INCLUDE, metadata, prefix, depth)

    def _add_mount(
        self, parent: GraphNode, mount: Any, kind: NodeKind, metadata: dict[str, Any], prefix: str, depth: int
    ) -> None:
        node = self._node(kind, mount, metadata)
        self._add_edge(parent, node, EdgeKind.DISPATCHES_TO)
        inner = self._wrap_layers(node, getattr(mount, "middleware", ()) or (), getattr(mount, "permissions", ()) or ())
        path = metadata.get("path")
        child_prefix = _join(prefix, path) if isinstance(path, str) else prefix
        app = getattr(mount, "app", None)
        if app is not None and hasattr(app, "router") and hasattr(app, "custom_middleware"):
            if id(app) not in self._visited_apps:
                child = self._add_application(app, child_prefix, depth + 1)
                self._add_edge(inner, child, EdgeKind.DISPATCHES_TO)
            return
        routes = getattr(mount, "routes", None)
        if routes:
            self._traverse(inner, routes, child_prefix, depth + 1)
