"""A raw ASGI upstream for the relay tests: echoes, streams, sets headers, fails on purpose."""

from __future__ import annotations

import gzip
import json
from typing import Any

from lilya.types import Receive, Scope, Send

__all__ = ["upstream", "upstream_calls"]

upstream_calls: dict[str, int] = {}


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _respond(send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers or []})
    await send({"type": "http.response.body", "body": body})


async def upstream(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "websocket":
        await _websocket(scope, receive, send)
        return
    assert scope["type"] == "http"
    path = scope["path"]
    upstream_calls[path] = upstream_calls.get(path, 0) + 1
    body = await _read_body(receive)
    if path.startswith("/base/echo"):
        headers: dict[str, list[str]] = {}
        for name, value in scope["headers"]:
            headers.setdefault(name.decode(), []).append(value.decode())
        document: dict[str, Any] = {
            "method": scope["method"],
            "path": path,
            "raw_path": scope["raw_path"].decode(),
            "query": scope["query_string"].decode(),
            "headers": headers,
            "body_length": len(body),
            "body_head": body[:16].decode("latin-1"),
        }
        await _respond(send, 200, json.dumps(document).encode(), [(b"content-type", b"application/json")])
    elif path == "/base/headers":
        await _respond(
            send,
            200,
            b"ok",
            [
                (b"connection", b"x-upstream-private"),
                (b"x-upstream-private", b"secret"),
                (b"keep-alive", b"timeout=5"),
                (b"x-visible", b"yes"),
                (b"set-cookie", b"a=1; Path=/; Domain=internal.example"),
                (b"set-cookie", b"b=2; Path=/"),
            ],
        )
    elif path == "/base/gzip":
        await _respond(send, 200, gzip.compress(b"compressed " * 100), [(b"content-encoding", b"gzip")])
    elif path == "/base/stream":
        await send({"type": "http.response.start", "status": 200, "headers": []})
        for n in range(64):
            await send({"type": "http.response.body", "body": bytes([65 + n % 26]) * 16384, "more_body": True})
        await send({"type": "http.response.body", "body": b""})
    elif path == "/base/reset":
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"100000")]})
        await send({"type": "http.response.body", "body": b"partial", "more_body": True})
        raise RuntimeError("upstream crashed mid-response (uvicorn resets the connection)")
    elif path == "/base/flaky":
        status = 503 if upstream_calls[path] % 3 else 200
        await _respond(send, status, b"flaky %d" % upstream_calls[path])
    else:
        await _respond(send, 404, b"no such upstream path")


async def _websocket(scope: Scope, receive: Receive, send: Send) -> None:
    await receive()  # websocket.connect
    protocols = scope.get("subprotocols") or []
    await send({"type": "websocket.accept", "subprotocol": protocols[0] if protocols else None})
    while True:
        message = await receive()
        if message["type"] == "websocket.disconnect":
            return
        text = message.get("text")
        if text == "close-4001":
            await send({"type": "websocket.close", "code": 4001, "reason": "asked to"})
            return
        if text is not None:
            await send({"type": "websocket.send", "text": f"echo:{text}"})
        else:
            await send({"type": "websocket.send", "bytes": b"echo:" + message["bytes"]})
