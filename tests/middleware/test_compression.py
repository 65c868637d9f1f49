"""GZipMiddleware: what gets compressed, what passes through, Accept-Encoding parsing."""

from __future__ import annotations

import gzip
import time
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from lilya.middleware.compression import GZipMiddleware, GZipResponder, accepts_gzip
from lilya.responses import PlainText, Response
from lilya.types import Message, Receive, Scope, Send
from tests.conftest import TestClientFactory

BIG = "x" * 2000


def app_returning(response: Response) -> Any:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await response(scope, receive, send)

    return app


def test_compresses_large_body(test_client_factory: TestClientFactory) -> None:
    c = test_client_factory(GZipMiddleware(app_returning(PlainText(BIG))))
    response = c.get("/", headers={"accept-encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["vary"] == "Accept-Encoding"
    assert int(response.headers["content-length"]) < 100
    assert response.text == BIG  # httpx decoded it


def test_small_body_untouched(test_client_factory: TestClientFactory) -> None:
    c = test_client_factory(GZipMiddleware(app_returning(PlainText("small"))))
    response = c.get("/", headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in response.headers
    assert response.text == "small"


def test_not_accepted_untouched(test_client_factory: TestClientFactory) -> None:
    c = test_client_factory(GZipMiddleware(app_returning(PlainText(BIG))))
    for value in ("identity", "gzip;q=0", "br, deflate", "gzip;q=bogus"):
        response = c.get("/", headers={"accept-encoding": value})
        assert "content-encoding" not in response.headers, value


def test_already_encoded_untouched(test_client_factory: TestClientFactory) -> None:
    body = gzip.compress(BIG.encode())
    c = test_client_factory(GZipMiddleware(app_returning(Response(body, headers={"content-encoding": "gzip"}))))
    response = c.get("/", headers={"accept-encoding": "gzip"})
    assert response.content == BIG.encode()  # decoded exactly once


def test_partial_content_untouched(test_client_factory: TestClientFactory) -> None:
    c = test_client_factory(
        GZipMiddleware(app_returning(Response(BIG, status_code=206, headers={"content-range": "bytes 0-1999/4000"})))
    )
    response = c.get("/", headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in response.headers


async def _stream(scope: Scope, receive: Receive, send: Send, content_type: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", content_type), (b"content-length", b"4000")],
        }
    )
    for _ in range(4):
        await send({"type": "http.response.body", "body": b"y" * 1000, "more_body": True})
    await send({"type": "http.response.body", "body": b"", "more_body": False})


def test_streaming_body_compressed_incrementally(test_client_factory: TestClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await _stream(scope, receive, send, b"text/plain")

    response = test_client_factory(GZipMiddleware(app)).get("/", headers={"accept-encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert "content-length" not in response.headers
    assert response.content == b"y" * 4000


def test_event_stream_untouched(test_client_factory: TestClientFactory) -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await _stream(scope, receive, send, b"text/event-stream")

    response = test_client_factory(GZipMiddleware(app)).get("/", headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in response.headers


def test_accepts_gzip_parsing() -> None:
    assert accepts_gzip("gzip")
    assert accepts_gzip("deflate, GZIP;q=0.5")
    assert accepts_gzip("*")
    assert not accepts_gzip("gzip;q=0")
    assert not accepts_gzip("gzipx")


def test_accept_encoding_flood_is_linear() -> None:
    flood = ",".join(["x;q=1"] * 200_000)  # ~1.2 MB header
    started = time.perf_counter()
    assert not accepts_gzip(flood)
    assert time.perf_counter() - started < 1.0


@pytest.mark.anyio
async def test_responder_requires_attachment() -> None:
    responder = GZipResponder(app_returning(PlainText(BIG)), minimum_size=10)
    with pytest.raises(RuntimeError):
        await responder.send({"type": "http.response.start"})


@pytest.mark.anyio
async def test_raw_asgi_lifespan_and_websocket_passthrough() -> None:
    seen: list[str] = []

    async def inner(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(scope["type"])

    async def receive() -> Message:
        return {}

    async def send(message: Message) -> None:
        pass

    mw = GZipMiddleware(inner)
    await mw({"type": "lifespan"}, receive, send)
    await mw({"type": "websocket", "headers": [(b"accept-encoding", b"gzip")]}, receive, send)
    assert seen == ["lifespan", "websocket"]


def test_invalid_level_is_a_startup_error() -> None:
    with pytest.raises(ValueError):
        GZipMiddleware(app_returning(PlainText("")), compresslevel=11)


def test_inside_starlette(test_client_factory: TestClientFactory) -> None:
    async def home(request: Any) -> PlainTextResponse:
        return PlainTextResponse(BIG)

    app = GZipMiddleware(Starlette(routes=[Route("/", home)]))
    response = test_client_factory(app).get("/", headers={"accept-encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert response.text == BIG


@pytest.mark.anyio
async def test_pathsend_passes_start_first() -> None:
    sent: list[Message] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"5000")]})
        await send({"type": "http.response.pathsend", "path": "/tmp/file"})

    async def receive() -> Message:
        return {"type": "http.request"}

    async def send(message: Message) -> None:
        sent.append(message)

    await GZipMiddleware(app)({"type": "http", "headers": [(b"accept-encoding", b"gzip")]}, receive, send)
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.pathsend"]
    assert (b"content-encoding", b"gzip") not in sent[0]["headers"]
