"""``max_message_size=`` on Lilya, Include and WebSocketPath bounds WebSocket messages (close 1009),
like ``max_body_size=`` bounds request bodies; the innermost level that sets it wins."""

from __future__ import annotations

import pytest

from lilya.apps import Lilya
from lilya.routing import Include, WebSocketPath
from lilya.websockets import WebSocket, WebSocketDisconnect
from tests.conftest import TestClientFactory


async def echo(websocket: WebSocket) -> None:
    await websocket.accept()
    async for message in websocket.iter_text():
        await websocket.send_text(message)


def app() -> Lilya:
    return Lilya(
        routes=[
            WebSocketPath("/default", echo),
            WebSocketPath("/path", echo, max_message_size=8),
            Include("/inc", routes=[WebSocketPath("/ws", echo)], max_message_size=16),
            Include("/inner", routes=[WebSocketPath("/ws", echo, max_message_size=4)], max_message_size=16),
        ],
        max_message_size=32,
    )


@pytest.mark.parametrize(("path", "limit"), [("/default", 32), ("/path", 8), ("/inc/ws", 16), ("/inner/ws", 4)])
def test_each_level_bounds_messages(test_client_factory: TestClientFactory, path: str, limit: int) -> None:
    with test_client_factory(app()).websocket_connect(path) as session:
        session.send_text("x" * limit)
        assert session.receive_text() == "x" * limit
        session.send_text("x" * (limit + 1))
        with pytest.raises(WebSocketDisconnect) as info:
            session.receive_text()
    assert info.value.code == 1009


def test_negative_limits_are_refused_at_startup() -> None:
    with pytest.raises(AssertionError, match="non-negative"):
        WebSocketPath("/ws", echo, max_message_size=-1)
