"""AsyncTestClient: the same behaviour as TestClient, in the test's own event loop."""

from __future__ import annotations

import gc
from typing import Any

import anyio
import pytest
import sniffio

from lilya.testclient import AsyncTestClient, AsyncWebSocketTestSession, WebSocketDenialResponse, WebSocketDisconnect
from lilya.testclient.exceptions import ASGISpecViolation
from lilya.types import Receive, Scope, Send
from lilya.websockets import WebSocket, WebSocketClose

pytestmark = pytest.mark.anyio


async def respond(send: Send, body: bytes, status: int = 200) -> None:
    await send({"type": "http.response.start", "status": status, "headers": []})
    await send({"type": "http.response.body", "body": body})


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                scope["state"]["started"] = "yes"
                await send({"type": "lifespan.startup.complete"})
            else:
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["type"] == "websocket":
        websocket = WebSocket(scope, receive, send)
        await websocket.accept(subprotocol="chat" if "chat" in scope["subprotocols"] else None)
        async for text in websocket.iter_text():
            await websocket.send_text(text[::-1])
        return
    if scope["path"] == "/boom":
        raise ValueError("boom")
    message = await receive()
    cookie = dict(scope["headers"]).get(b"cookie", b"-").decode()
    body = (
        f"{sniffio.current_async_library()}|{scope['method']}|{message['body'].decode()}|"
        f"{scope['state'].get('started', 'no')}|{scope.get('user')}|{cookie}"
    )
    await respond(send, body.encode())


async def test_requests_run_in_the_callers_loop(anyio_backend: str) -> None:
    client = AsyncTestClient(app)
    response = await client.post("/", content=b"data")
    assert response.text == f"{anyio_backend}|POST|data|no|None|-"


@pytest.mark.parametrize("method", ["get", "head", "post", "put", "patch", "delete", "options", "query"])
async def test_verb_helpers(method: str) -> None:
    response = await getattr(AsyncTestClient(app), method)("/")
    assert response.status_code == 200
    if method != "head":
        assert f"|{method.upper()}|" in response.text


async def test_lifespan_state_cookies_and_auth() -> None:
    async with AsyncTestClient(app, cookies={"c": "1"}) as client:
        assert (await client.get("/")).text.endswith("|yes|None|c=1")
        assert (await client.get("/", cookies={"d": "2"})).text.endswith("c=1; d=2")
        client.authenticate("ann")
        assert "|ann|" in (await client.get("/")).text
        with client.authenticated("bob"):
            assert "|bob|" in (await client.get("/")).text
        client.logout()
        assert "|None|" in (await client.get("/")).text


async def test_lifespan_startup_failure_raises() -> None:
    async def failing(scope: Scope, receive: Receive, send: Send) -> None:
        await receive()
        await send({"type": "lifespan.startup.failed", "message": "no database"})

    with pytest.raises(RuntimeError, match="no database"):
        async with AsyncTestClient(failing):
            pass  # pragma: no cover


async def test_server_exceptions_raise_or_become_500() -> None:
    with pytest.raises(ValueError, match="boom"):
        await AsyncTestClient(app).get("/boom")
    response = await AsyncTestClient(app, raise_server_exceptions=False).get("/boom")
    assert (response.status_code, response.text) == (500, "Internal Server Error")


async def test_conformance_violation() -> None:
    async def bad(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": "str"})

    with pytest.raises(ASGISpecViolation):
        await AsyncTestClient(bad).get("/")


async def test_websocket_session() -> None:
    async with AsyncTestClient(app) as client:
        session = await client.websocket_connect("/ws", subprotocols=["chat"])
        assert isinstance(session, AsyncWebSocketTestSession)
        async with session as ws:
            assert ws.accepted_subprotocol == "chat"
            await ws.send_text("abc")
            assert await ws.receive_text() == "cba"
            await ws.send_json("x")  # '"x"' reversed is still '"x"'
            assert await ws.receive_json() == "x"


async def test_websocket_json_bytes_and_close() -> None:
    seen: list[Any] = []

    async def ws_app(scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive, send)
        await websocket.accept()
        seen.append(await websocket.receive_json(mode="binary"))
        await websocket.send_bytes(b"\x01")
        await websocket.send_json({"ok": 1}, mode="binary")
        try:
            await websocket.receive_text()
        except WebSocketDisconnect as exc:
            seen.append(exc.code)

    async with await AsyncTestClient(ws_app).websocket_connect("/") as ws:
        await ws.send_json([1, 2], mode="binary")
        assert await ws.receive_bytes() == b"\x01"
        assert await ws.receive_json(mode="binary") == {"ok": 1}
        await ws.close(4000)
        await ws.send_bytes(b"ignored after close")
    assert seen == [[1, 2], 4000]


async def test_websocket_close_before_accept_and_denial() -> None:
    with pytest.raises(WebSocketDisconnect) as info:
        async with await AsyncTestClient(WebSocketClose(1008)).websocket_connect("/"):
            pass  # pragma: no cover
    assert info.value.code == 1008

    async def deny(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "websocket.http.response.start", "status": 403, "headers": []})
        await send({"type": "websocket.http.response.body", "body": b"denied"})

    with pytest.raises(WebSocketDenialResponse) as denial:
        async with await AsyncTestClient(deny).websocket_connect("/"):
            pass  # pragma: no cover
    assert (denial.value.status_code, denial.value.text) == (403, "denied")


async def test_websocket_app_exception_and_cancellation_on_exit() -> None:
    async def crash(scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive, send)
        await websocket.accept()
        raise KeyError("late")

    with pytest.raises(KeyError):
        async with await AsyncTestClient(crash).websocket_connect("/"):
            pass

    async def stuck(scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive, send)
        await websocket.accept()
        await anyio.sleep_forever()

    async with await AsyncTestClient(stuck).websocket_connect("/") as ws:
        assert ws.accepted_subprotocol is None


async def endless_events(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "lifespan":
        await receive()
        await send({"type": "lifespan.startup.complete"})
        await receive()
        await send({"type": "lifespan.shutdown.complete"})
        return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/event-stream")]})
    number = 0
    while True:
        number += 1
        await send({"type": "http.response.body", "body": b"data: %d\n\n" % number, "more_body": True})
        await anyio.sleep(0)


# Leaving httpx's aiter_* early leaves its inner async generators unfinished (an httpx trait, not
# ours); trio reports them when they are collected, so collect them here, inside this test.
@pytest.mark.filterwarnings(
    r"ignore:Exception ignored in. <async_generator object (Response|BoundAsyncStream)\.:"
    "pytest.PytestUnraisableExceptionWarning"
)
async def test_streams_inside_the_client_context() -> None:
    async with AsyncTestClient(endless_events) as client:
        async with client.stream("GET", "/events") as response:
            assert response.headers["content-type"] == "text/event-stream"
            lines: list[str] = []
            async for line in response.aiter_lines():
                if line:
                    lines.append(line)
                if len(lines) == 2:
                    break
        assert lines == ["data: 1", "data: 2"]
        unread = await client.get("/", stream=True)
        assert unread.status_code == 200
    # leaving the client context cancelled the endless app under the unread response
    assert unread.is_closed is False
    await unread.aclose()
    gc.collect()


async def test_streamed_body_and_late_error_inside_the_client_context() -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            return
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"a", "more_body": True})
        await send({"type": "http.response.body", "body": b"b"})
        if scope["path"] == "/fail":
            raise ValueError("after the body")

    async with AsyncTestClient(app) as client:
        assert (await client.get("/")).text == "ab"
        with pytest.raises(ValueError, match="after the body"):
            await client.get("/fail")
