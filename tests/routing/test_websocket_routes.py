"""WebSocket routes and controllers; HTTP/WebSocket cross-requests."""

from __future__ import annotations

from typing import Any

import pytest

from lilya.controllers import WebSocketController
from lilya.routing import Include, Path, Router, WebSocketPath
from lilya.websockets import WebSocket, WebSocketDisconnect
from tests.conftest import TestClientFactory


async def echo(websocket: WebSocket, room: str) -> None:
    await websocket.accept()
    text = await websocket.receive_text()
    await websocket.send_json({"room": room, "text": text})
    await websocket.close()


async def page() -> str:
    return "page"


class Chat(WebSocketController):
    encoding = "json"

    async def on_receive(self, websocket: WebSocket, data: Any) -> None:
        await websocket.send_json({"got": data})


class RawChat(WebSocketController):
    async def on_receive(self, websocket: WebSocket, data: Any) -> None:
        await websocket.send_text(f"{type(data).__name__}:{data!r}")


class TextOnly(WebSocketController):
    encoding = "text"


class Greeter(WebSocketController):
    def __init__(self, scope: Any, receive: Any, send: Any, greeting: str = "hi") -> None:
        super().__init__(scope, receive, send)
        self.greeting = greeting

    async def on_connect(self, websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.send_text(self.greeting)


def build_router() -> Router:
    return Router(
        routes=[
            WebSocketPath("/ws/{room}", echo, name="ws"),
            Path("/page", page),
            WebSocketPath("/chat", Chat),
            WebSocketPath("/raw", RawChat),
            WebSocketPath("/text", TextOnly),
            WebSocketPath("/greet", Greeter.with_init(greeting="hello")),
            Include("/inc", routes=[WebSocketPath("/ws/{room}", echo, name="ws")], name="inc"),
        ]
    )


def test_websocket_route_with_params_and_reverse(test_client_factory: TestClientFactory) -> None:
    router = build_router()
    client = test_client_factory(router)
    with client.websocket_connect("/ws/lobby") as session:
        session.send_text("hello")
        assert session.receive_json() == {"room": "lobby", "text": "hello"}
    with client.websocket_connect("/inc/ws/x") as session:
        session.send_text("y")
        assert session.receive_json() == {"room": "x", "text": "y"}
    url = router.path_for("inc:ws", room="x")
    assert (url, url.protocol) == ("/inc/ws/x", "websocket")


def test_websocket_to_http_route_or_nowhere_is_closed(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(build_router())
    for path in ("/page", "/nowhere"):
        with pytest.raises(WebSocketDisconnect) as info:
            with client.websocket_connect(path) as session:
                session.receive_text()
        assert info.value.code == 1000


def test_http_to_websocket_route_is_404(test_client_factory: TestClientFactory) -> None:
    response = test_client_factory(build_router()).get("/chat")
    assert (response.status_code, response.text) == (404, "Not Found")


def test_websocket_controller_json(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(build_router())
    with client.websocket_connect("/chat") as session:
        session.send_json({"a": 1})
        assert session.receive_json() == {"got": {"a": 1}}
        session.send_bytes(b'{"b": 2}')
        assert session.receive_json() == {"got": {"b": 2}}


def test_websocket_controller_raw_encoding(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(build_router())
    with client.websocket_connect("/raw") as session:
        session.send_text("t")
        assert session.receive_text() == "str:'t'"
        session.send_bytes(b"b")
        assert session.receive_text() == "bytes:b'b'"


def test_malformed_json_closes_with_1007(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(build_router())
    with pytest.raises(RuntimeError, match="Malformed JSON"):
        with client.websocket_connect("/chat") as session:
            session.send_text("{bad")
            message = session.receive()
            assert message == {"type": "websocket.close", "code": 1007, "reason": "Malformed JSON data received."}
            session.receive()


def test_bytes_to_text_controller_closes_with_1003(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(build_router())
    with pytest.raises(RuntimeError, match="Expected text"):
        with client.websocket_connect("/text") as session:
            session.send_bytes(b"x")
            message = session.receive()
            assert message["code"] == 1003
            session.receive()


def test_websocket_controller_with_init(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(build_router())
    with client.websocket_connect("/greet") as session:
        assert session.receive_text() == "hello"


def test_websocket_controller_class_is_an_asgi_app(test_client_factory: TestClientFactory) -> None:
    from lilya.controllers import WebSocketController

    class Shout(WebSocketController):
        encoding = "text"

        async def on_receive(self, websocket: WebSocket, data: str) -> None:
            await websocket.send_text(data.upper())

    class Tagged(WebSocketController):
        def __init__(self, scope: Any, receive: Any, send: Any, *, tag: str) -> None:
            super().__init__(scope, receive, send)
            self.tag = tag
            self.encoding = "json"

        async def on_receive(self, websocket: WebSocket, data: Any) -> None:
            await websocket.send_json({"tag": self.tag, "data": data})

    with test_client_factory(Shout).websocket_connect("/ws") as session:
        session.send_text("hi")
        assert session.receive_text() == "HI"
    factory = Tagged.with_init(tag="t")
    assert factory() is factory()
    with test_client_factory(factory).websocket_connect("/ws") as session:
        session.send_json([1])
        assert session.receive_json() == {"tag": "t", "data": [1]}


def test_wrong_kind_of_data_fails_even_when_the_client_already_left(test_client_factory: TestClientFactory) -> None:
    from lilya.controllers import WebSocketController

    class BytesOnly(WebSocketController):
        encoding = "bytes"

    for _ in range(5):  # the client leaving first must not hide the error
        with pytest.raises(RuntimeError, match="Expected bytes"):
            with test_client_factory(BytesOnly).websocket_connect("/ws") as session:
                session.send_text("text")
