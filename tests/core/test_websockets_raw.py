"""lilya.websockets.WebSocket driven by raw ASGI messages (what a server, not httpx, would send)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from lilya._internal._websocket_limits import DEFAULT_MAX_MESSAGE_SIZE, is_valid_close_code, truncate_reason
from lilya.enums import WebSocketState
from lilya.exceptions import WebSocketRuntimeError
from lilya.types import Message
from lilya.websockets import WebSocket, WebSocketClose, WebSocketDisconnect

pytestmark = pytest.mark.anyio


class Peer:
    """Feeds scripted client messages and records what the app sends."""

    def __init__(self, *incoming: Message, send_error: BaseException | None = None) -> None:
        self.incoming = list(incoming)
        self.sent: list[Message] = []
        self.send_error = send_error

    async def receive(self) -> Message:
        assert self.incoming, "the app asked for more messages than the client sent"
        return self.incoming.pop(0)

    async def send(self, message: Message) -> None:
        if self.send_error is not None and message["type"] != "websocket.accept":
            raise self.send_error
        self.sent.append(message)

    def websocket(self, **scope_extra: Any) -> WebSocket:
        scope = {"type": "websocket", "path": "/", "headers": [], **scope_extra}
        return WebSocket(scope, self.receive, self.send)


CONNECT: Message = {"type": "websocket.connect"}


def text(value: str) -> Message:
    return {"type": "websocket.receive", "text": value}


def binary(value: bytes) -> Message:
    return {"type": "websocket.receive", "bytes": value}


async def test_accept_then_echo_text_and_states() -> None:
    peer = Peer(CONNECT, text("hi"))
    ws = peer.websocket()
    assert ws.client_state == ws.application_state == WebSocketState.CONNECTING
    await ws.accept(subprotocol="chat", headers=[(b"x-a", b"1")])
    assert (ws.client_state, ws.application_state) == (WebSocketState.CONNECTED, WebSocketState.CONNECTED)
    await ws.send_text(await ws.receive_text())
    await ws.close(4000, "bye")
    assert peer.sent == [
        {"type": "websocket.accept", "subprotocol": "chat", "headers": [(b"x-a", b"1")]},
        {"type": "websocket.send", "text": "hi"},
        {"type": "websocket.close", "code": 4000, "reason": "bye"},
    ]
    assert ws.application_state == WebSocketState.DISCONNECTED


async def test_send_before_accept_is_a_runtime_error() -> None:
    ws = Peer(CONNECT).websocket()
    with pytest.raises(WebSocketRuntimeError, match="websocket.accept"):
        await ws.send_text("too early")


async def test_receive_text_before_accept_is_a_runtime_error() -> None:
    ws = Peer(CONNECT).websocket()
    with pytest.raises(WebSocketRuntimeError, match='call "accept" first'):
        await ws.receive_text()


async def test_send_after_close_is_a_runtime_error() -> None:
    ws = Peer(CONNECT).websocket()
    await ws.accept()
    await ws.close()
    with pytest.raises(WebSocketRuntimeError, match="close message has been sent"):
        await ws.send_text("late")


async def test_receive_after_disconnect_is_a_runtime_error() -> None:
    ws = Peer(CONNECT, {"type": "websocket.disconnect", "code": 1001}).websocket()
    await ws.accept()
    with pytest.raises(WebSocketDisconnect) as info:
        await ws.receive_text()
    assert info.value.code == 1001
    with pytest.raises(WebSocketRuntimeError, match="disconnect message has been received"):
        await ws.receive()


async def test_first_message_must_be_connect() -> None:
    ws = Peer(text("no handshake")).websocket()
    with pytest.raises(WebSocketRuntimeError, match="websocket.connect"):
        await ws.accept()


async def test_client_gone_before_accept_raises_disconnect() -> None:
    ws = Peer({"type": "websocket.disconnect", "code": 1006}).websocket()
    with pytest.raises(WebSocketDisconnect) as info:
        await ws.accept()
    assert info.value.code == 1006


async def test_unexpected_message_type_after_connect() -> None:
    ws = Peer(CONNECT, {"type": "websocket.connect"}).websocket()
    await ws.accept()
    with pytest.raises(WebSocketRuntimeError, match="websocket.receive"):
        await ws.receive()


async def test_json_text_and_binary_modes() -> None:
    peer = Peer(CONNECT, text('{"a": [1, "é"]}'), binary(b'{"b": 2}'))
    ws = peer.websocket()
    await ws.accept()
    assert await ws.receive_json() == {"a": [1, "é"]}
    assert await ws.receive_json(mode="binary") == {"b": 2}
    await ws.send_json({"x": "é"})
    await ws.send_json([1, 2], mode="binary")
    assert peer.sent[1:] == [
        {"type": "websocket.send", "text": '{"x":"é"}'},
        {"type": "websocket.send", "bytes": b"[1,2]"},
    ]


async def test_bad_json_mode_is_a_runtime_error() -> None:
    ws = Peer(CONNECT).websocket()
    await ws.accept()
    with pytest.raises(WebSocketRuntimeError, match='"mode"'):
        await ws.send_json({}, mode="bytes")
    with pytest.raises(WebSocketRuntimeError, match='"mode"'):
        await ws.receive_json(mode="xml")


@pytest.mark.parametrize(
    ("message", "receiver", "code"),
    [
        (binary(b"\x00\x01"), "receive_text", 1003),
        (binary(b'{"a": 1}'), "receive_json", 1003),
        (text("hello"), "receive_bytes", 1003),
        (text("{not json"), "receive_json", 1007),
        (text("[" * 10), "receive_json", 1007),
    ],
)
async def test_wrong_frame_kind_or_bad_json_closes_with_a_protocol_code(
    message: Message, receiver: str, code: int
) -> None:
    peer = Peer(CONNECT, message)
    ws = peer.websocket()
    await ws.accept()
    with pytest.raises(WebSocketDisconnect) as info:
        await getattr(ws, receiver)()
    assert info.value.code == code
    assert peer.sent[-1]["type"] == "websocket.close"
    assert peer.sent[-1]["code"] == code
    assert ws.application_state == ws.client_state == WebSocketState.DISCONNECTED


async def test_invalid_utf8_in_binary_json_closes_1007() -> None:
    peer = Peer(CONNECT, binary(b'"\xff\xfe"'))
    ws = peer.websocket()
    await ws.accept()
    with pytest.raises(WebSocketDisconnect) as info:
        await ws.receive_json(mode="binary")
    assert info.value.code == 1007


async def test_default_max_message_size_is_16_mib() -> None:
    assert DEFAULT_MAX_MESSAGE_SIZE == 16 * 1024 * 1024
    peer = Peer(CONNECT, binary(b"x" * (DEFAULT_MAX_MESSAGE_SIZE + 1)))
    ws = peer.websocket()
    await ws.accept()
    with pytest.raises(WebSocketDisconnect) as info:
        await ws.receive_bytes()
    assert info.value.code == 1009
    assert peer.sent[-1] == {"type": "websocket.close", "code": 1009, "reason": "Message too big"}


@pytest.mark.parametrize("how", ["constructor", "scope"])
async def test_max_message_size_is_configurable(how: str) -> None:
    peer = Peer(CONNECT, text("12345"), text("é" * 5))  # 5 bytes ok, 10 bytes too big
    if how == "constructor":
        ws = WebSocket({"type": "websocket", "headers": []}, peer.receive, peer.send, max_message_size=8)
    else:
        ws = peer.websocket(**{"lilya.max_message_size": 8})
    await ws.accept()
    assert await ws.receive_text() == "12345"
    with pytest.raises(WebSocketDisconnect) as info:
        await ws.receive_text()
    assert info.value.code == 1009


async def test_iterators_stop_quietly_on_disconnect_and_on_peer_errors() -> None:
    peer = Peer(CONNECT, text("a"), text("b"), {"type": "websocket.disconnect", "code": 1000})
    ws = peer.websocket()
    await ws.accept()
    assert [m async for m in ws.iter_text()] == ["a", "b"]

    peer = Peer(CONNECT, binary(b"a"), text("oops"))
    ws = peer.websocket()
    await ws.accept()
    assert [m async for m in ws.iter_bytes()] == [b"a"]
    assert peer.sent[-1]["code"] == 1003

    peer = Peer(CONNECT, text("[1]"), {"type": "websocket.disconnect", "code": 1001})
    ws = peer.websocket()
    await ws.accept()
    assert [m async for m in ws.iter_json()] == [[1]]


async def test_vanished_peer_turns_send_errors_into_disconnect() -> None:
    peer = Peer(CONNECT, send_error=ConnectionResetError("gone"))
    ws = peer.websocket()
    await ws.accept()
    with pytest.raises(WebSocketDisconnect) as info:
        await ws.send_text("anyone?")
    assert info.value.code == 1006
    assert ws.application_state == WebSocketState.DISCONNECTED


@pytest.mark.parametrize("code", [999, 1004, 1005, 1006, 1015, 2000, 5000, True])
async def test_close_refuses_codes_that_must_not_be_sent(code: int) -> None:
    peer = Peer(CONNECT)
    ws = peer.websocket()
    await ws.accept()
    with pytest.raises(ValueError, match="Invalid WebSocket close code"):
        await ws.close(code)
    assert all(m["type"] != "websocket.close" for m in peer.sent)
    with pytest.raises(ValueError):
        WebSocketClose(code)


def test_valid_close_codes() -> None:
    assert all(is_valid_close_code(c) for c in (1000, 1001, 1003, 1007, 1008, 1009, 1011, 1014, 3000, 4999))
    assert not any(is_valid_close_code(c) for c in (0, 1004, 1005, 1006, 1015, 1016, 2999, 5000))


async def test_long_close_reason_is_truncated_to_fit_a_frame() -> None:
    peer = Peer(CONNECT)
    ws = peer.websocket()
    await ws.accept()
    await ws.close(1000, "ü" * 100)
    reason = peer.sent[-1]["reason"]
    assert reason == "ü" * 61 and len(reason.encode()) <= 123
    assert truncate_reason(None) == "" and truncate_reason("short") == "short"


async def test_cleanup_callbacks_run_once_on_close_sync_and_async() -> None:
    calls: list[str] = []

    async def async_cleanup() -> None:
        calls.append("async")

    ws = Peer(CONNECT).websocket()
    await ws.accept()
    ws.add_cleanup(lambda: calls.append("sync"))
    ws.add_cleanup(async_cleanup)
    await ws.close()
    assert calls == ["sync", "async"]


async def test_close_before_accept_and_websocket_close_app() -> None:
    peer = Peer(CONNECT)
    ws = peer.websocket()
    await ws.close(1008)
    assert peer.sent == [{"type": "websocket.close", "code": 1008, "reason": ""}]

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    receive: Callable[[], Awaitable[Message]] = Peer().receive
    await WebSocketClose(4001, "nope")({"type": "websocket"}, receive, send)
    assert sent == [{"type": "websocket.close", "code": 4001, "reason": "nope"}]


async def test_disconnect_exception_fields_and_connection_views() -> None:
    exc = WebSocketDisconnect()
    assert (exc.code, exc.reason) == (1000, "")
    assert repr(WebSocketDisconnect(1001, "away")) == "WebSocketDisconnect(code=1001, reason='away')"
    ws = Peer().websocket(query_string=b"a=1", path_params={"x": 1})
    assert ws.query_params["a"] == "1"
    assert ws.path_params == {"x": 1}
    assert ws["type"] == "websocket"


def test_http_scope_is_refused() -> None:
    with pytest.raises(AssertionError, match="websocket"):
        WebSocket({"type": "http"}, Peer().receive, Peer().send)


async def test_denial_response_state_machine_and_extension_check() -> None:
    async def plain_401(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 401, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"no", "more_body": True})
        await send({"type": "http.response.body", "body": b"pe"})

    peer = Peer(CONNECT)
    ws = peer.websocket(extensions={"websocket.http.response": {}})
    await ws.send_denial_response(plain_401)
    assert [m["type"] for m in peer.sent] == [
        "websocket.http.response.start",
        "websocket.http.response.body",
        "websocket.http.response.body",
    ]
    assert ws.application_state == WebSocketState.DISCONNECTED
    with pytest.raises(WebSocketRuntimeError):
        await ws.send_text("after the denial")

    without = Peer(CONNECT).websocket()
    with pytest.raises(WebSocketRuntimeError, match="denial response extension"):
        await without.send_denial_response(plain_401)

    denying = Peer(CONNECT).websocket()
    await denying.send({"type": "websocket.http.response.start", "status": 403, "headers": []})
    with pytest.raises(WebSocketRuntimeError, match="websocket.http.response.body"):
        await denying.send({"type": "websocket.accept"})
