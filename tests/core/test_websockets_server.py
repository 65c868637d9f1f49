"""WebSockets against a real uvicorn on 127.0.0.1, driven by the `websockets` client library."""

from __future__ import annotations

import socket
import threading
from typing import Any

import anyio
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from lilya.types import Receive, Scope, Send
from lilya.websockets import WebSocket, WebSocketDisconnect
from tests._servers import running_server

pytestmark = pytest.mark.slow


class Outcome:
    """What the handler ended with, reported from the server thread."""

    def __init__(self) -> None:
        self.values: list[Any] = []
        self.done = threading.Event()

    def finish(self, *values: Any) -> None:
        self.values.extend(values)
        self.done.set()

    def wait(self) -> list[Any]:
        assert self.done.wait(5), "the handler did not end"
        return self.values


def ws_url(base: str, path: str = "/") -> str:
    return base.replace("http://", "ws://") + path


def test_round_trip_text_bytes_json_and_subprotocol() -> None:
    outcome = Outcome()

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive, send)
        await websocket.accept(subprotocol="chat")
        await websocket.send_text(await websocket.receive_text())
        await websocket.send_bytes(await websocket.receive_bytes())
        await websocket.send_json(await websocket.receive_json())
        try:
            await websocket.receive_text()
        except WebSocketDisconnect as exc:
            outcome.finish(exc.code)

    with running_server(app) as base, connect(ws_url(base), subprotocols=["chat"]) as client:
        assert client.subprotocol == "chat"
        client.send("héllo")
        assert client.recv(timeout=5) == "héllo"
        client.send(b"\x00\xff")
        assert client.recv(timeout=5) == b"\x00\xff"
        client.send('{"a": [1, 2]}')
        assert client.recv(timeout=5) == '{"a":[1,2]}'
        client.close(code=4000)
        assert outcome.wait() == [4000]


def abrupt_close(client: Any) -> None:
    """Drop the TCP connection without a close frame, as a crashed browser would."""
    client.socket.shutdown(socket.SHUT_RDWR)
    client.socket.close()


def test_abrupt_disconnect_ends_a_receiving_handler_quietly() -> None:
    outcome = Outcome()

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive, send)
        await websocket.accept()
        received: list[str] = []
        try:
            async for text in websocket.iter_text():
                received.append(text)
                await websocket.send_text("ack")  # tells the client the message arrived
        except Exception as exc:  # pragma: no cover - the failure this test exists to catch
            outcome.finish("raised", repr(exc))
            raise
        outcome.finish(received, websocket.client_state.name)

    with running_server(app) as base, connect(ws_url(base)) as client:
        client.send("one")
        assert client.recv(timeout=5) == "ack"
        abrupt_close(client)
        assert outcome.wait() == [["one"], "DISCONNECTED"]


def test_abrupt_disconnect_ends_a_sending_handler_with_websocket_disconnect() -> None:
    outcome = Outcome()

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive, send)
        await websocket.accept()
        try:
            while True:
                await websocket.send_text("tick")
                await anyio.sleep(0.01)
        except WebSocketDisconnect as exc:
            outcome.finish("disconnect", exc.code)

    with running_server(app) as base, connect(ws_url(base)) as client:
        assert client.recv(timeout=5) == "tick"
        abrupt_close(client)
        assert outcome.wait() == ["disconnect", 1006]


def test_oversized_message_is_closed_with_1009_on_the_wire() -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        scope["lilya.max_message_size"] = 8  # what an app/Include/WebSocketPath would set
        websocket = WebSocket(scope, receive, send)
        await websocket.accept()
        async for text in websocket.iter_text():
            await websocket.send_text(text)

    with running_server(app) as base, connect(ws_url(base)) as client:
        client.send("12345678")
        assert client.recv(timeout=5) == "12345678"
        client.send("123456789")
        with pytest.raises(ConnectionClosed) as info:
            client.recv(timeout=5)
        assert info.value.rcvd is not None and info.value.rcvd.code == 1009


def test_denial_response_reaches_a_real_client_as_http() -> None:
    from websockets.exceptions import InvalidStatus

    from lilya.responses import PlainText

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive, send)
        await websocket.send_denial_response(PlainText("token required", status_code=401))

    with running_server(app) as base:
        with pytest.raises(InvalidStatus) as info:
            with connect(ws_url(base)):
                pass  # pragma: no cover
    assert info.value.response.status_code == 401
    assert info.value.response.body == b"token required"


def test_abrupt_disconnect_in_a_lilya_route_logs_no_error() -> None:
    import logging

    from lilya.apps import Lilya
    from lilya.routing import WebSocketPath

    errors: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.ERROR:
                errors.append(record)

    outcome = Outcome()

    async def handler(websocket: WebSocket) -> None:
        await websocket.accept()
        try:
            while True:  # no try/except for WebSocketDisconnect: the route must end it quietly
                await websocket.send_text(await websocket.receive_text())
        finally:
            outcome.finish("ended")

    collector = Collect()
    logger = logging.getLogger("uvicorn.error")
    logger.addHandler(collector)
    try:
        with running_server(Lilya(routes=[WebSocketPath("/ws", handler)])) as base:
            with connect(ws_url(base, "/ws")) as client:
                client.send("ping")
                assert client.recv(timeout=5) == "ping"
                abrupt_close(client)
                assert outcome.wait() == ["ended"]
            # A round trip on a new connection: the server has finished with the dropped one.
            with connect(ws_url(base, "/ws")) as client:
                client.send("again")
                assert client.recv(timeout=5) == "again"
    finally:
        logger.removeHandler(collector)
    assert errors == []
