"""The vocabulary of the application graph: node and edge kinds, nodes, edges."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

__all__ = ["EdgeKind", "GraphEdge", "GraphNode", "NodeKind"]


class NodeKind(Enum):
    APPLICATION = "application"
    MIDDLEWARE = "middleware"
    ROUTER = "router"
    ROUTE = "route"
    PERMISSION = "permission"
    HANDLER = "handler"
    INCLUDE = "include"
    HOST = "host"
    WEBSOCKET = "websocket"


class EdgeKind(str, Enum):
    WRAPS = "wraps"
    DISPATCHES_TO = "dispatches_to"


@dataclass(frozen=True)
class GraphNode:
    """One layer of the application; ``ref`` is the live object (class, route, app)."""

    id: str
    kind: NodeKind
    ref: Any | None = field(compare=False, repr=True)
    metadata: Mapping[str, Any] = field(compare=False)


@dataclass(frozen=True)
class GraphEdge:
    """``source`` wraps ``target`` (a layer around it) or dispatches to it (routing)."""

    source: str
    target: str
    kind: EdgeKind
