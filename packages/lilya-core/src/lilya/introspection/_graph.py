"""``ApplicationGraph``: an immutable, indexed view of how an application is layered."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from lilya.introspection._types import EdgeKind, GraphEdge, GraphNode, NodeKind

__all__ = ["ApplicationGraph"]

_CHAIN_KINDS = (NodeKind.MIDDLEWARE, NodeKind.PERMISSION)


class ApplicationGraph:
    """Nodes and edges, indexed once; every query is a walk along the indexes."""

    def __init__(self, *, nodes: Iterable[GraphNode], edges: Iterable[GraphEdge]) -> None:
        self._nodes_by_id: dict[str, GraphNode] = {node.id: node for node in nodes}
        self._edges: tuple[GraphEdge, ...] = tuple(edges)
        self._nodes_by_kind: dict[NodeKind, list[GraphNode]] = {}
        for node in self._nodes_by_id.values():
            self._nodes_by_kind.setdefault(node.kind, []).append(node)
        self._outgoing: dict[str, list[GraphEdge]] = {}
        self._incoming: dict[str, list[GraphEdge]] = {}
        for edge in self._edges:
            self._outgoing.setdefault(edge.source, []).append(edge)
            self._incoming.setdefault(edge.target, []).append(edge)

    @property
    def nodes(self) -> tuple[GraphNode, ...]:
        return tuple(self._nodes_by_id.values())

    @property
    def edges(self) -> tuple[GraphEdge, ...]:
        return self._edges

    def by_kind(self, kind: NodeKind) -> tuple[GraphNode, ...]:
        return tuple(self._nodes_by_kind.get(kind, ()))

    def application(self) -> GraphNode:
        return self._nodes_by_kind[NodeKind.APPLICATION][0]

    def routes(self) -> tuple[GraphNode, ...]:
        return self.by_kind(NodeKind.ROUTE)

    def includes(self) -> tuple[GraphNode, ...]:
        return self.by_kind(NodeKind.INCLUDE)

    def _chain(self, start: GraphNode) -> list[GraphNode]:
        """The layers wrapping ``start``'s target, outermost first (follows WRAPS edges)."""
        chain: list[GraphNode] = []
        current = start.id
        while True:
            step = next((e for e in self._outgoing.get(current, ()) if e.kind is EdgeKind.WRAPS), None)
            if step is None:
                return chain
            node = self._nodes_by_id[step.target]
            chain.append(node)
            current = node.id

    def middlewares(self) -> tuple[GraphNode, ...]:
        """The application-level middleware, outermost first."""
        return tuple(n for n in self._chain(self.application()) if n.kind is NodeKind.MIDDLEWARE)

    def route_middlewares(self, route: GraphNode) -> tuple[GraphNode, ...]:
        return tuple(n for n in self._chain(route) if n.kind is NodeKind.MIDDLEWARE)

    def include_layers(self, include: GraphNode) -> dict[str, tuple[GraphNode, ...]]:
        chain = self._chain(include)
        return {
            "middlewares": tuple(n for n in chain if n.kind is NodeKind.MIDDLEWARE),
            "permissions": tuple(n for n in chain if n.kind is NodeKind.PERMISSION),
        }

    def _ancestors(self, node: GraphNode) -> list[GraphNode]:
        """Nodes that dispatch to ``node`` (routers, includes, apps), nearest first."""
        found: list[GraphNode] = []
        seen = {node.id}
        current = node.id
        while True:
            edge = next(iter(self._incoming.get(current, ())), None)
            if edge is None or edge.source in seen:
                return found
            seen.add(edge.source)
            parent = self._nodes_by_id[edge.source]
            if parent.kind not in _CHAIN_KINDS:
                found.append(parent)
            current = parent.id

    def permissions_for(self, route: GraphNode) -> tuple[GraphNode, ...]:
        """Every permission that guards ``route``: application, includes, then the route's own."""
        layers: list[GraphNode] = []
        for owner in reversed(self._ancestors(route)):
            if owner.kind in (NodeKind.APPLICATION, NodeKind.INCLUDE, NodeKind.HOST):
                layers.extend(n for n in self._chain(owner) if n.kind is NodeKind.PERMISSION)
        layers.extend(n for n in self._chain(route) if n.kind is NodeKind.PERMISSION)
        return tuple(layers)

    def route_by_path(self, path: str) -> GraphNode | None:
        """The route whose template is ``path`` (its own or with its include prefixes)."""
        for route in (*self.routes(), *self.by_kind(NodeKind.WEBSOCKET)):
            if path in (route.metadata.get("path"), route.metadata.get("full_path")):
                return route
        return None

    def explain(self, path: str) -> dict[str, Any]:
        """What a request to the route template ``path`` goes through, as plain data."""
        route = self.route_by_path(path)
        if route is None:
            raise ValueError(f"Route not found for path: {path!r}")
        return {
            "app": dict(self.application().metadata),
            "middlewares": tuple(n.metadata.get("class") for n in self.middlewares()),
            "route": {k: v for k, v in route.metadata.items() if k != "full_path"},
            "permissions": tuple(n.metadata.get("class") for n in self.permissions_for(route)),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "nodes": [{"id": n.id, "kind": n.kind.value, "metadata": _plain(n.metadata)} for n in self.nodes],
            "edges": [{"source": e.source, "target": e.target, "kind": e.kind.value} for e in self._edges],
        }

    def to_json(self, *, indent: int | None = 2, sort_keys: bool = False) -> str:
        return json.dumps(self.to_dict(), indent=indent, sort_keys=sort_keys, separators=(",", ":"))

    def __repr__(self) -> str:
        return f"ApplicationGraph(nodes={len(self._nodes_by_id)}, edges={len(self._edges)})"


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)
