"""WebSockets: 1009 past the message limit (16 MiB default), 1003 for the wrong frame kind, only
valid close codes, abrupt disconnects end the handler quietly, no exception text in close reasons."""

from __future__ import annotations

from typing import Any

import pytest

from lilya._internal._websocket_limits import DEFAULT_MAX_MESSAGE_SIZE, is_valid_close_code
from lilya.apps import Lilya
from lilya.exceptions import HTTPException, NotAuthorized
from lilya.permissions import DefinePermission
from lilya.permissions.deny_all import DenyAll
from lilya.routing import Router, WebSocketPath
from lilya.types import Message
from lilya.websockets import WebSocket

from ._raw import ws_call, ws_scope

pytestmark = pytest.mark.anyio

ended: list[str] = []


async def text_echo(websocket: WebSocket) -> None:
    await websocket.accept()
    try:
        while True:
            await websocket.send_text(await websocket.receive_text())
    finally:
        ended.append("text")


async def bytes_echo(websocket: WebSocket) -> None:
    await websocket.accept()
    while True:
        await websocket.send_bytes(await websocket.receive_bytes())


async def json_echo(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.send_json(await websocket.receive_json())


async def iterate(websocket: WebSocket) -> None:
    await websocket.accept()
    async for message in websocket.iter_text():
        await websocket.send_text(message)
    ended.append("iter")


async def broken(websocket: WebSocket) -> None:
    await websocket.accept()
    raise RuntimeError("secret database password")


async def bad_code(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.close(code=1005)


ROUTES = [
    WebSocketPath("/text", text_echo),
    WebSocketPath("/bytes", bytes_echo),
    WebSocketPath("/json", json_echo),
    WebSocketPath("/iter", iterate),
    WebSocketPath("/broken", broken),
    WebSocketPath("/bad-code", bad_code),
]
app = Lilya(routes=ROUTES)
debug_app = Lilya(routes=ROUTES, debug=True)

CONNECT: Message = {"type": "websocket.connect"}


def text(value: str) -> Message:
    return {"type": "websocket.receive", "text": value}


def binary(value: bytes) -> Message:
    return {"type": "websocket.receive", "bytes": value}


def assert_closed_with(result: Any, code: int) -> None:
    close = result.close
    assert close is not None, result.sent
    assert close["code"] == code
    for message in result.sent:
        if message["type"] == "websocket.close":
            assert is_valid_close_code(message.get("code", 1000))


def test_default_message_limit() -> None:
    assert DEFAULT_MAX_MESSAGE_SIZE == 16 * 1024 * 1024


@pytest.mark.parametrize(
    "path,message", [("/text", text("x" * (16 * 1024 * 1024 + 1))), ("/bytes", binary(b"x" * (16 * 1024 * 1024 + 1)))]
)
async def test_oversized_message_is_1009(path: str, message: Message) -> None:
    result = await ws_call(app, ws_scope(path), [CONNECT, message])
    assert_closed_with(result, 1009)
    assert not any(m["type"] == "websocket.send" for m in result.sent)


async def test_oversized_multibyte_text_is_measured_in_bytes() -> None:
    message = text("é" * (8 * 1024 * 1024 + 1))  # 8 Mi characters, 16 MiB + 2 bytes
    result = await ws_call(app, ws_scope("/text"), [CONNECT, message])
    assert_closed_with(result, 1009)


async def test_per_scope_message_limit() -> None:
    scope = ws_scope("/text")
    scope["lilya.max_message_size"] = 10
    result = await ws_call(app, scope, [CONNECT, text("x" * 11)])
    assert_closed_with(result, 1009)


async def test_binary_frame_to_a_text_handler_is_1003() -> None:
    result = await ws_call(app, ws_scope("/text"), [CONNECT, binary(b"x")])
    assert_closed_with(result, 1003)


async def test_text_frame_to_a_bytes_handler_is_1003() -> None:
    result = await ws_call(app, ws_scope("/bytes"), [CONNECT, text("x")])
    assert_closed_with(result, 1003)


@pytest.mark.parametrize("payload", ['{"a": ', "[" * 100_000, "\ud800"])
async def test_bad_json_closes_with_a_valid_code(payload: str) -> None:
    result = await ws_call(app, ws_scope("/json"), [CONNECT, text(payload)])
    close = result.close
    assert close is not None
    assert close["code"] in (1003, 1007, 1009)


async def test_invalid_close_code_is_refused() -> None:
    with pytest.raises(ValueError, match="Invalid WebSocket close code 1005"):
        await ws_call(app, ws_scope("/bad-code"), [CONNECT])


@pytest.mark.parametrize("path", ["/text", "/iter"])
async def test_abrupt_disconnect_ends_the_handler_quietly(path: str) -> None:
    ended.clear()
    result = await ws_call(app, ws_scope(path), [CONNECT, text("hi"), {"type": "websocket.disconnect", "code": 1006}])
    assert [m["type"] for m in result.sent] == ["websocket.accept", "websocket.send"]
    assert ended == [path.strip("/")]


async def test_disconnect_before_accept() -> None:
    result = await ws_call(app, ws_scope("/text"), [{"type": "websocket.disconnect", "code": 1001}])
    assert not any(m["type"] == "websocket.send" for m in result.sent)


@pytest.mark.parametrize("the_app", [app, debug_app], ids=["default", "debug"])
async def test_exception_text_never_in_a_close_reason_unless_debug(the_app: Any) -> None:
    sent: list[Message] = []
    scope = ws_scope("/broken")

    async def receive() -> Message:
        return CONNECT if not sent else {"type": "websocket.disconnect", "code": 1006}

    async def send(message: Message) -> None:
        sent.append(message)

    try:
        await the_app(scope, receive, send)
    except RuntimeError:
        pass  # the server logs it and closes with 1011
    for message in sent:
        if message["type"] == "websocket.close":
            assert is_valid_close_code(message.get("code", 1000))
            if the_app is app:
                assert "secret" not in (message.get("reason") or "")


async def denied_after_accept(websocket: WebSocket) -> None:
    await websocket.accept()
    raise NotAuthorized("secret detail")


async def http_error_before_accept(websocket: WebSocket) -> None:
    raise HTTPException(status_code=403, detail="secret detail")


DENIAL_ROUTES = [
    WebSocketPath("/deny", text_echo, permissions=[DefinePermission(DenyAll)]),
    WebSocketPath("/after", denied_after_accept),
    WebSocketPath("/before", http_error_before_accept),
]


@pytest.mark.parametrize("kind", ["app", "router"])
@pytest.mark.parametrize("path", ["/deny", "/after", "/before"])
async def test_client_errors_on_a_websocket_close_with_1008(kind: str, path: str) -> None:
    denial_app = Lilya(routes=DENIAL_ROUTES) if kind == "app" else Router(routes=DENIAL_ROUTES)
    result = await ws_call(denial_app, ws_scope(path), [CONNECT])
    assert_closed_with(result, 1008)
    assert "secret" not in (result.close or {}).get("reason", "")
