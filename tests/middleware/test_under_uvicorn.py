"""Middleware behaviour over a real socket (uvicorn on 127.0.0.1)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import httpx

from lilya.middleware.compression import GZipMiddleware
from lilya.middleware.cors import CORSMiddleware
from lilya.middleware.wsgi import WSGIMiddleware
from lilya.types import Receive, Scope, Send
from tests._servers import running_server


def big_wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    received = environ["wsgi.input"].read()
    start_response("200 OK", [("Content-Type", "application/octet-stream")])
    yield str(len(received)).encode() + b"\n"
    for _ in range(64):
        yield b"z" * 16384  # 1 MiB in chunks, sent one by one from the worker thread


def test_wsgi_streams_large_response_and_reads_body() -> None:
    with running_server(WSGIMiddleware(big_wsgi, workers=2)) as url:
        response = httpx.post(url + "/", content=b"b" * 300_000, timeout=10)
    first, _, rest = response.content.partition(b"\n")
    assert (response.status_code, first, len(rest)) == (200, b"300000", 64 * 16384)


async def streaming(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    for index in range(50):
        await send({"type": "http.response.body", "body": f"line {index}\n".encode() * 20, "more_body": True})
    await send({"type": "http.response.body", "body": b"", "more_body": False})


def test_cors_and_gzip_streaming_over_the_wire() -> None:
    app = CORSMiddleware(GZipMiddleware(streaming), allow_origins=["https://a.example"])
    with running_server(app) as url:
        response = httpx.get(url + "/", headers={"origin": "https://a.example", "accept-encoding": "gzip"}, timeout=10)
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["access-control-allow-origin"] == "https://a.example"
    assert response.text == "".join(f"line {i}\n" * 20 for i in range(50))
