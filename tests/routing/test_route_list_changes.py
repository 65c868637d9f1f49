"""Changing ``router.routes`` in any way takes effect on the next request; add_route keeps options."""

from __future__ import annotations

from typing import Any

from lilya.apps import Lilya
from lilya.dependencies import Provide
from lilya.routing import Path, Router, WebSocketPath
from lilya.websockets import WebSocket


async def old() -> str:
    return "old"


async def new() -> str:
    return "new"


def test_replacing_a_route_in_place_is_served(test_client_factory: Any) -> None:
    router = Router(routes=[Path("/", old)])
    client = test_client_factory(router)
    assert client.get("/").json() == "old"
    router.routes[0] = Path("/", new)  # same length as before
    assert client.get("/").json() == "new"


def test_removing_reordering_and_reassigning_routes(test_client_factory: Any) -> None:
    router = Router(routes=[Path("/a", old), Path("/b", new)])
    client = test_client_factory(router)
    assert client.get("/a").status_code == 200
    del router.routes[0]
    router.routes.insert(0, Path("/c", new))
    assert client.get("/a").status_code == 404
    assert client.get("/c").json() == "new"
    router.routes = [Path("/d", old)]  # a plain list assigned by the user
    assert client.get("/d").json() == "old"
    router.routes.reverse()
    router.routes[0] = Path("/d", new)
    assert client.get("/d").json() == "new"


async def greet(name: str) -> str:
    return f"hello {name}"


def test_app_add_route_keeps_dependencies_and_hooks(test_client_factory: Any) -> None:
    calls: list[str] = []

    async def before(scope: Any, receive: Any, send: Any) -> None:
        calls.append("before")

    async def after(scope: Any, receive: Any, send: Any) -> None:
        calls.append("after")

    app = Lilya()
    app.add_route(
        "/greet", greet, dependencies={"name": Provide(lambda: "ada")}, before_request=[before], after_request=[after]
    )
    assert test_client_factory(app).get("/greet").json() == "hello ada"
    assert calls == ["before", "after"]


def test_app_add_websocket_route_keeps_dependencies(test_client_factory: Any) -> None:
    async def talk(websocket: WebSocket, name: str) -> None:
        await websocket.accept()
        await websocket.send_text(name)
        await websocket.close()

    app = Lilya()
    app.add_websocket_route("/ws", talk, dependencies={"name": Provide(lambda: "grace")})
    with test_client_factory(app).websocket_connect("/ws") as session:
        assert session.receive_text() == "grace"
    assert isinstance(app.routes[-1], WebSocketPath)
