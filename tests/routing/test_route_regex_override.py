"""A built route's ``path_regex`` can be replaced, as Lilya 0.29 allows, and routers honour it.

Routers match through tables compiled from the templates; a route given its own regex is asked
through ``search`` instead, in declaration order, and the routers holding it recompile once.
"""

from __future__ import annotations

import re

import pytest

from lilya.routing import Include, Path, Router, WebSocketPath
from lilya.websockets import WebSocket, WebSocketDisconnect
from tests.conftest import TestClientFactory


async def slashed() -> str:
    return "slashed"


async def plain() -> str:
    return "plain"


async def item(id: int) -> dict[str, int]:
    return {"id": id}


def test_a_regex_set_before_mounting_is_used(test_client_factory: TestClientFactory) -> None:
    """Templates lose their trailing slash; a regex restores it for one route."""
    route = Path("/docs/", slashed)
    assert route.path == "/docs" and not route.regex_overridden
    route.path_regex = re.compile(r"^/docs/$")
    router = Router(routes=[Include("/", routes=[route]), Path("/docs", plain)], redirect_slashes=False)
    client = test_client_factory(router)
    assert client.get("/docs/").json() == "slashed"
    assert client.get("/docs").json() == "plain"  # the overridden route no longer takes /docs


def test_a_regex_set_after_serving_takes_effect_on_the_next_request(test_client_factory: TestClientFactory) -> None:
    route = Path("/items/{id:int}", item)
    router = Router(routes=[route, Path("/things/7", plain)])
    client = test_client_factory(router)
    assert client.get("/items/3").json() == {"id": 3}
    route.path_regex = re.compile(r"^/things/(?P<id>[0-9]+)$")
    assert client.get("/things/7").json() == {"id": 7}  # declared first, so it wins
    assert client.get("/things/8").json() == {"id": 8}  # the group still goes through its int convertor
    assert client.get("/items/3").status_code == 404
    assert client.post("/things/8").status_code == 405  # the method check is the route's as before


def test_reading_the_regex_changes_nothing(test_client_factory: TestClientFactory) -> None:
    route = Path("/items/{id:int}", item)
    assert route.path_regex.match("/items/12") is not None
    assert not route.regex_overridden
    client = test_client_factory(Router(routes=[route]))
    assert client.get("/items/12").json() == {"id": 12}


def test_a_websocket_route_regex(test_client_factory: TestClientFactory) -> None:
    async def echo_path(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.send_text(websocket.url.path)
        await websocket.close()

    route = WebSocketPath("/ws", echo_path)
    router = Router(routes=[route])
    client = test_client_factory(router)
    route.path_regex = re.compile(r"^/ws/(live|replay)$")
    with client.websocket_connect("/ws/replay") as session:
        assert session.receive_text() == "/ws/replay"
    with pytest.raises(WebSocketDisconnect):
        with client.websocket_connect("/ws"):
            pass  # pragma: no cover - refused
