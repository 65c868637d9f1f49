"""Introspection: ``app.graph`` describes how an application is layered, as data.

Nodes are the application, its middleware and permissions, routers, routes, includes and
hosts; edges say which layer wraps which and where a router dispatches. Built on demand
(never on the request path) and cached by the application.
"""

from __future__ import annotations

from lilya.introspection._builder import GraphBuilder
from lilya.introspection._graph import ApplicationGraph
from lilya.introspection._types import EdgeKind, GraphEdge, GraphNode, NodeKind

__all__ = ["ApplicationGraph", "EdgeKind", "GraphBuilder", "GraphEdge", "GraphNode", "NodeKind"]
