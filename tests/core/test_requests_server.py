"""Body limits, disconnects and bad forms against a real uvicorn on 127.0.0.1 (raw sockets)."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

from lilya.requests import ClientDisconnect, Request
from lilya.types import Receive, Scope, Send
from tests.core._request_app import make_app
from tests._servers import running_server

events: list[str] = []
seen = threading.Event()


async def read_body(request: Request) -> Any:
    try:
        return {"size": len(await request.body())}
    except ClientDisconnect:
        events.append("disconnect")
        seen.set()
        raise


async def read_form(request: Request) -> Any:
    return {"n": len(await request.form())}


body_app = make_app(read_body)
form_app = make_app(read_form)


async def limited_app(scope: Scope, receive: Receive, send: Send) -> None:
    scope["lilya.max_body_size"] = 1000
    await body_app(scope, receive, send)


def _exchange(url: str, raw: bytes, *, close_after_send: bool = False) -> bytes:
    """Send ``raw``; read until the server closes (requests say ``Connection: close``)."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(raw)
        if close_after_send:
            return b""
        chunks = []
        while True:
            try:
                data = sock.recv(65536)
            except ConnectionResetError:  # the server may close before reading all we sent
                break
            if not data:
                break
            chunks.append(data)
        return b"".join(chunks)


def _post(path: bytes, headers: bytes, body: bytes = b"") -> bytes:
    return b"POST " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + b"\r\n" + body


def test_declared_length_over_default_limit_refused_before_body() -> None:
    with running_server(body_app) as url:
        start = time.monotonic()
        reply = _exchange(url, _post(b"/", b"Content-Length: 20000000\r\nConnection: close\r\n", b"x" * 10))
        assert reply.startswith(b"HTTP/1.1 413")
        assert time.monotonic() - start < 5


def test_chunked_body_over_scope_limit_is_413_while_streaming() -> None:
    chunk = b"200\r\n" + b"x" * 0x200 + b"\r\n"
    with running_server(limited_app) as url:
        chunked = b"Transfer-Encoding: chunked\r\nConnection: close\r\n"
        reply = _exchange(url, _post(b"/", chunked, chunk * 3 + b"0\r\n\r\n"))
        assert reply.startswith(b"HTTP/1.1 413")
        ok = _exchange(url, _post(b"/", chunked, chunk + b"0\r\n\r\n"))
        assert ok.startswith(b"HTTP/1.1 200") and b'{"size":512}' in ok


def test_client_disconnect_mid_body_raises_client_disconnect() -> None:
    events.clear()
    seen.clear()
    with running_server(body_app) as url:
        _exchange(url, _post(b"/", b"Content-Length: 1000\r\n", b"x" * 10), close_after_send=True)
        assert seen.wait(5)
    assert events == ["disconnect"]


def test_malformed_multipart_is_400_over_the_wire() -> None:
    body = b"--b\r\nContent-Disposition: form-data\r\n\r\nv\r\n--b--\r\n"
    headers = b"Content-Type: multipart/form-data; boundary=b\r\n"
    headers += b"Content-Length: %d\r\nConnection: close\r\n" % len(body)
    with running_server(form_app) as url:
        reply = _exchange(url, _post(b"/", headers, body))
    assert reply.startswith(b"HTTP/1.1 400")
    assert b'"name" must be provided' in reply
