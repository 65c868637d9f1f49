"""WebSockets through the TestClient: handshake, data, closes, denials, limits and app errors."""

from __future__ import annotations

import time
from typing import Any

import anyio
import pytest

from lilya.testclient import WebSocketDenialResponse, WebSocketDisconnect, WebSocketTestSession
from lilya.types import Receive, Scope, Send
from lilya.websockets import WebSocket, WebSocketClose
from tests.conftest import TestClientFactory


async def echo(scope: Scope, receive: Receive, send: Send) -> None:
    """Echo text, bytes and JSON back; reply to "scope" with what the app saw."""
    websocket = WebSocket(scope, receive, send)
    await websocket.accept(subprotocol=(scope["subprotocols"] or [None])[0], headers=[(b"x-app", b"yes")])
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        if message.get("text") == "scope":
            headers = {k.decode(): v.decode() for k, v in scope["headers"]}
            await websocket.send_json(
                {"path": scope["path"], "query": scope["query_string"].decode(), "scheme": scope["scheme"],
                 "headers": headers, "user": scope.get("user")}
            )
        elif message.get("text") is not None:
            await websocket.send_text(message["text"])
        else:
            await websocket.send_bytes(message["bytes"])


def test_text_bytes_and_json_round_trips(test_client_factory: TestClientFactory) -> None:
    with test_client_factory(echo).websocket_connect("/ws") as session:
        assert isinstance(session, WebSocketTestSession)
        session.send_text("hello")
        assert session.receive_text() == "hello"
        session.send_bytes(b"\x00\x01")
        assert session.receive_bytes() == b"\x00\x01"
        session.send_json({"a": ["é"]})
        assert session.receive_json() == {"a": ["é"]}
        session.send_json([1], mode="binary")
        assert session.receive_json(mode="binary") == [1]
        session.send({"type": "websocket.receive", "text": "raw"})
        assert session.receive() == {"type": "websocket.send", "text": "raw"}


def test_handshake_scope_subprotocols_and_headers(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(echo, base_url="https://example.org")
    with client.websocket_connect("/chat?room=1", subprotocols=["v2", "v1"], headers={"x-token": "t"}) as session:
        assert session.accepted_subprotocol == "v2"
        assert session.extra_headers == [(b"x-app", b"yes")]
        assert session.scope["subprotocols"] == ["v2", "v1"]
        session.send_text("scope")
        seen = session.receive_json()
    assert seen["path"] == "/chat" and seen["query"] == "room=1" and seen["scheme"] == "wss"
    assert seen["headers"]["x-token"] == "t"
    assert seen["headers"]["sec-websocket-protocol"] == "v2, v1"
    assert seen["headers"]["host"] == "example.org"


def test_authenticated_user_reaches_websockets(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(echo).authenticate("alice")
    with client.websocket_connect("/ws") as session:
        session.send_text("scope")
        assert session.receive_json()["user"] == "alice"


def test_client_close_reaches_the_app_with_its_code(test_client_factory: TestClientFactory) -> None:
    seen: list[Any] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive, send)
        await websocket.accept()
        try:
            await websocket.receive_text()
        except WebSocketDisconnect as exc:
            seen.append(exc.code)

    with test_client_factory(app).websocket_connect("/") as session:
        session.close(4001, "done")
    assert seen == [4001]


def test_leaving_the_block_disconnects_with_1000(test_client_factory: TestClientFactory) -> None:
    seen: list[Any] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive, send)
        await websocket.accept()
        seen.extend([m async for m in websocket.iter_text()])
        seen.append(websocket.client_state.name)

    with test_client_factory(app).websocket_connect("/") as session:
        session.send_text("a")
    assert seen == ["a", "DISCONNECTED"]


def test_close_before_accept_raises_disconnect(test_client_factory: TestClientFactory) -> None:
    with pytest.raises(WebSocketDisconnect) as info:
        with test_client_factory(WebSocketClose(4403, "forbidden")).websocket_connect("/"):
            pass  # pragma: no cover
    assert (info.value.code, info.value.reason) == (4403, "forbidden")


def test_app_close_after_accept_is_seen_by_receive(test_client_factory: TestClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive, send)
        await websocket.accept()
        await websocket.send_text("bye")
        await websocket.close(1001, "going away")

    with test_client_factory(app).websocket_connect("/") as session:
        assert session.receive_text() == "bye"
        with pytest.raises(WebSocketDisconnect) as info:
            session.receive_text()
    assert (info.value.code, info.value.reason) == (1001, "going away")


def test_app_returning_without_close_looks_like_a_normal_close(test_client_factory: TestClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive, send)
        await websocket.accept()

    with test_client_factory(app).websocket_connect("/") as session:
        with pytest.raises(WebSocketDisconnect) as info:
            session.receive_text()
    assert info.value.code == 1000


def test_app_returning_without_accepting(test_client_factory: TestClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()

    with pytest.raises(WebSocketDisconnect) as info:
        test_client_factory(app).websocket_connect("/").__enter__()
    assert info.value.code == 1006


def test_denial_response(test_client_factory: TestClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        assert "websocket.http.response" in scope["extensions"]
        await receive()
        await send({"type": "websocket.http.response.start", "status": 401, "headers": [(b"x-why", b"token")]})
        await send({"type": "websocket.http.response.body", "body": b"no ", "more_body": True})
        await send({"type": "websocket.http.response.body", "body": b"entry"})

    with pytest.raises(WebSocketDenialResponse) as info:
        with test_client_factory(app).websocket_connect("/"):
            pass  # pragma: no cover
    denial = info.value
    assert isinstance(denial, WebSocketDisconnect)
    assert (denial.status_code, denial.text, denial.headers["x-why"]) == (401, "no entry", "token")


class Kaboom(Exception):
    pass


async def crashing(scope: Scope, receive: Receive, send: Send) -> None:
    websocket = WebSocket(scope, receive, send)
    await websocket.accept()
    await websocket.receive_text()
    raise Kaboom("internal detail")


def test_app_exception_is_raised_in_the_test(test_client_factory: TestClientFactory) -> None:
    with pytest.raises(Kaboom):
        with test_client_factory(crashing).websocket_connect("/") as session:
            session.send_text("go")
            session.receive_text()


def test_unread_app_exception_is_raised_when_leaving_the_block(test_client_factory: TestClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive, send)
        await websocket.accept()
        raise Kaboom("late")

    with pytest.raises(Kaboom):
        with test_client_factory(app).websocket_connect("/"):
            pass


def test_app_exception_becomes_1011_when_not_raised(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(crashing, raise_server_exceptions=False)
    with client.websocket_connect("/") as session:
        session.send_text("go")
        with pytest.raises(WebSocketDisconnect) as info:
            session.receive_text()
    assert info.value.code == 1011 and "detail" not in info.value.reason


def test_message_too_big_closes_1009(test_client_factory: TestClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive, send, max_message_size=10)
        await websocket.accept()
        async for message in websocket.iter_bytes():
            await websocket.send_bytes(message)

    with test_client_factory(app).websocket_connect("/") as session:
        session.send_bytes(b"small")
        assert session.receive_bytes() == b"small"
        session.send_bytes(b"x" * 11)
        with pytest.raises(WebSocketDisconnect) as info:
            session.receive_bytes()
    assert info.value.code == 1009


def test_binary_frame_to_a_text_handler_closes_1003(test_client_factory: TestClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive, send)
        await websocket.accept()
        async for data in websocket.iter_json():
            await websocket.send_json(data)

    with test_client_factory(app).websocket_connect("/") as session:
        session.send_json({"ok": True})
        assert session.receive_json() == {"ok": True}
        session.send_bytes(b'{"ok": true}')
        with pytest.raises(WebSocketDisconnect) as info:
            session.receive_json()
    assert info.value.code == 1003


def test_app_that_keeps_sending_is_told_the_client_left(test_client_factory: TestClientFactory) -> None:
    finished: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive, send)
        await websocket.accept()
        try:
            while True:
                await websocket.send_text("tick")
                await anyio.sleep(0)
        except WebSocketDisconnect as exc:
            finished.append(f"disconnect {exc.code}")

    started = time.monotonic()
    with test_client_factory(app).websocket_connect("/") as session:
        assert session.receive_text() == "tick"
    assert finished == ["disconnect 1006"]
    assert time.monotonic() - started < 0.4  # ended by the disconnect, not by the cancel grace


def test_app_stuck_elsewhere_is_cancelled_on_exit(test_client_factory: TestClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive, send)
        await websocket.accept()
        await anyio.sleep_forever()

    with test_client_factory(app).websocket_connect("/") as session:
        assert session.accepted_subprotocol is None


def test_sessions_share_the_lifespan_loop(test_client_factory: TestClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await receive()
            scope["state"]["greeting"] = "hi from startup"
            await send({"type": "lifespan.startup.complete"})
            await receive()
            await send({"type": "lifespan.shutdown.complete"})
            return
        websocket = WebSocket(scope, receive, send)
        await websocket.accept()
        await websocket.send_text(scope["state"]["greeting"])
        await websocket.close()

    with test_client_factory(app) as client:
        for _ in range(2):
            with client.websocket_connect("/") as session:
                assert session.receive_text() == "hi from startup"


def test_session_outside_a_with_block_says_how_to_use_it(test_client_factory: TestClientFactory) -> None:
    session = test_client_factory(echo).websocket_connect("/")
    with pytest.raises(RuntimeError, match="with client.websocket_connect"):
        session.send_text("hello")


def test_send_denial_response_with_a_lilya_response(test_client_factory: TestClientFactory) -> None:
    from lilya.responses import PlainText

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive, send)
        await websocket.send_denial_response(PlainText("go away", status_code=403))

    with pytest.raises(WebSocketDenialResponse) as info:
        with test_client_factory(app).websocket_connect("/"):
            pass  # pragma: no cover
    assert (info.value.status_code, info.value.text) == (403, "go away")


def test_disconnect_escaping_a_raw_app_after_its_close_is_not_an_error(test_client_factory: TestClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive, send, max_message_size=4)
        await websocket.accept()
        await websocket.receive_text()  # closes with 1009 and raises WebSocketDisconnect, uncaught

    with test_client_factory(app).websocket_connect("/") as session:
        session.send_text("too long")
        with pytest.raises(WebSocketDisconnect) as info:
            session.receive_text()
    assert info.value.code == 1009


def test_send_json_with_a_serializer_producing_bytes(test_client_factory: TestClientFactory) -> None:
    import json as stdlib_json

    from lilya.serializers import serializer

    class BytesSerializer:
        """orjson-style: ``dumps`` returns bytes."""

        @staticmethod
        def dumps(obj: Any, **kwargs: Any) -> bytes:
            return stdlib_json.dumps(obj, separators=(",", ":")).encode()

        @staticmethod
        def loads(data: Any, **kwargs: Any) -> Any:
            return stdlib_json.loads(data)

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive=receive, send=send)
        await websocket.accept()
        data = await websocket.receive_json(mode="binary")
        await websocket.send_json({"echo": data}, mode="binary")
        await websocket.send_json({"text": True})
        await websocket.close()

    previous = serializer._serializer  # type: ignore[attr-defined]
    serializer.bind_serializer(BytesSerializer)  # type: ignore[attr-defined]
    try:
        with test_client_factory(app).websocket_connect("/") as session:
            session.send_json({"n": 1}, mode="binary")
            assert session.receive_json(mode="binary") == {"echo": {"n": 1}}
            assert session.receive_text() == '{"text":true}'
    finally:
        serializer.bind_serializer(previous)  # type: ignore[attr-defined]
