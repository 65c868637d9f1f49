"""``app.graph``: the application's layers as a queryable graph (lilya.introspection)."""

from __future__ import annotations

import json

import pytest

from lilya.apps import ChildLilya, Lilya
from lilya.introspection import ApplicationGraph, EdgeKind, GraphNode, NodeKind
from lilya.middleware import DefineMiddleware
from lilya.permissions.base import DefinePermission
from lilya.routing import Include, Path
from lilya.types import ASGIApp, Receive, Scope, Send


class Outer:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


class Inner(Outer):
    pass


class Allow(Outer):
    pass


class RouteGuard(Outer):
    pass


async def handler() -> str:
    return "x"


def build() -> Lilya:
    child = ChildLilya(routes=[Path("/deep", handler)])
    return Lilya(
        routes=[
            Path("/a", handler, middleware=[DefineMiddleware(Inner)], permissions=[DefinePermission(RouteGuard)]),
            Include(
                "/inc", routes=[Path("/b/{x:int}", handler, name="b")], name="inc", middleware=[DefineMiddleware(Inner)]
            ),
            Include("/child", app=child),
        ],
        middleware=[DefineMiddleware(Outer), DefineMiddleware(Inner)],
        permissions=[DefinePermission(Allow)],
        debug=True,
    )


def test_graph_is_cached_and_shaped() -> None:
    app = build()
    graph = app.graph
    assert isinstance(graph, ApplicationGraph)
    assert app.graph is graph
    assert graph.application().metadata == {"debug": True}
    assert [n.metadata["class"] for n in graph.middlewares()] == ["Outer", "Inner"]
    assert {n.metadata["path"] for n in graph.routes()} == {"/a", "/b/{x:int}", "/deep"}
    assert [n.metadata["path"] for n in graph.includes()] == ["/inc", "/child"]
    assert len(graph.by_kind(NodeKind.APPLICATION)) == 2  # the mounted child app is walked too
    first_edge = graph.edges[0]
    assert (first_edge.source, first_edge.kind) == (graph.application().id, EdgeKind.WRAPS)


def test_route_queries() -> None:
    graph = build().graph
    route = graph.route_by_path("/a")
    assert isinstance(route, GraphNode)
    assert route.metadata["methods"] == ("GET", "HEAD")
    assert [n.metadata["class"] for n in graph.route_middlewares(route)] == ["Inner"]
    assert [n.metadata["class"] for n in graph.permissions_for(route)] == ["Allow", "RouteGuard"]
    nested = graph.route_by_path("/inc/b/{x:int}")
    assert nested is not None and nested is graph.route_by_path("/b/{x:int}")
    layers = graph.include_layers(graph.includes()[0])
    assert [n.metadata["class"] for n in layers["middlewares"]] == ["Inner"]
    assert layers["permissions"] == ()
    assert graph.route_by_path("/missing") is None


def test_explain_and_json() -> None:
    graph = build().graph
    assert graph.explain("/a") == {
        "app": {"debug": True},
        "middlewares": ("Outer", "Inner"),
        "route": {"path": "/a", "methods": ("GET", "HEAD")},
        "permissions": ("Allow", "RouteGuard"),
    }
    with pytest.raises(ValueError, match="Route not found"):
        graph.explain("/missing")
    data = json.loads(graph.to_json())
    assert data == graph.to_dict()
    assert {node["kind"] for node in data["nodes"]} >= {
        "application",
        "middleware",
        "permission",
        "router",
        "route",
        "include",
    }
    assert all(set(edge) == {"source", "target", "kind"} for edge in data["edges"])
    assert "\n" not in graph.to_json(indent=None)
