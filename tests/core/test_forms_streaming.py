"""urlencoded forms are parsed while the body streams: an oversized field is refused before the rest
of the body is read, and memory stays near the per-field limit, not the body size.

In process on asyncio and trio (memory measured with tracemalloc), then over the wire against a
real uvicorn (the server stops reading early).
"""

from __future__ import annotations

import socket
import tracemalloc
from typing import Any

import pytest

from lilya._internal._parsers import MultiPartException, UrlencodedParser
from lilya.requests import Request
from lilya.types import Message
from tests._servers import running_server
from tests.core._request_app import http_scope, make_app

MiB = 1024 * 1024
URLENCODED = [(b"content-type", b"application/x-www-form-urlencoded")]
BODY = 16 * MiB  # the default body limit: the largest body that reaches the form parser
CHUNK = 64 * 1024


async def read_form(request: Request) -> dict[str, Any]:
    form = await request.form()
    return {key: len(value) for key, value in form.multi_items()}


app = make_app(read_form)


class HugeValue:
    """``receive`` for ``a=xxxx...`` (``size`` bytes) built chunk by chunk, never as one buffer."""

    def __init__(self, size: int, prefix: bytes = b"a=") -> None:
        self.size = size
        self.prefix = prefix
        self.sent = 0

    async def __call__(self) -> Message:
        if self.sent >= self.size:
            return {"type": "http.disconnect"}
        chunk = self.prefix if self.sent == 0 else b"x" * min(CHUNK, self.size - self.sent)
        self.sent += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": self.sent < self.size}


@pytest.mark.anyio
async def test_a_huge_field_is_refused_after_about_the_field_limit_not_the_body() -> None:
    receive = HugeValue(BODY)
    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    tracemalloc.start()
    try:
        await app(http_scope(headers=URLENCODED), receive, send)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert sent[0]["status"] == 400 and b"maximum size" in sent[1]["body"]
    assert receive.sent <= MiB + 2 * CHUNK  # refused once the value passed 1 MiB
    assert peak < 4 * MiB  # the unfinished field and the raw body so far, not 16 MiB (or 3x that)


@pytest.mark.anyio
async def test_a_huge_name_is_refused_too() -> None:
    receive = HugeValue(4 * MiB, prefix=b"n")
    status: list[int] = []

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])

    await app(http_scope(headers=URLENCODED), receive, send)
    assert status == [400] and receive.sent <= MiB + 2 * CHUNK


def test_fields_split_across_chunks_at_every_byte_parse_the_same() -> None:
    body = b"a=1&name=J%C3%B6rg+M&empty=&&flag&x%3Dy=%26"
    expected = [("a", "1"), ("name", "Jörg M"), ("empty", ""), ("flag", ""), ("x=y", "&")]
    for cut in range(len(body) + 1):
        parser = UrlencodedParser(max_part_size=100)
        parser.feed(body[:cut])
        parser.feed(body[cut:])
        assert list(parser.finish().multi_items()) == expected, cut


def test_the_field_limit_counts_decoded_bytes() -> None:
    parser = UrlencodedParser(max_part_size=3)
    parser.feed(b"a=%41%42%43&b=abc")  # three bytes each once decoded: allowed
    assert list(parser.finish().multi_items()) == [("a", "ABC"), ("b", "abc")]
    growing = UrlencodedParser(max_part_size=3)
    growing.feed(b"a=ab")
    with pytest.raises(MultiPartException, match="maximum size"):
        growing.feed(b"cd")  # refused while the field is unfinished


def test_too_many_fields_across_chunks() -> None:
    parser = UrlencodedParser(max_fields=3, max_part_size=100)
    parser.feed(b"a=1&b=2&")
    with pytest.raises(MultiPartException, match="Too many fields"):
        parser.feed(b"c=3&d=4&")


def test_the_body_is_still_readable_after_the_form(test_client_factory: Any) -> None:
    async def both(request: Request) -> dict[str, Any]:
        form = await request.form()
        return {"form": dict(form), "body": (await request.body()).decode()}

    client = test_client_factory(make_app(both))
    response = client.post("/", data={"a": "1", "b": "2"})
    assert response.json() == {"form": {"a": "1", "b": "2"}, "body": "a=1&b=2"}


def test_a_real_server_stops_reading_a_huge_field_early() -> None:
    """Over the wire: uvicorn answers 400 while the client is still sending the 16 MiB body."""
    with running_server(app) as url:
        port = int(url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            head = (
                f"POST / HTTP/1.1\r\nHost: test\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {BODY}\r\n\r\na="
            )
            sock.sendall(head.encode())
            sent = 2
            response = b""
            sock.setblocking(False)
            while sent < BODY and b"\r\n\r\n" not in response:
                try:
                    response += sock.recv(4096)
                except BlockingIOError:
                    pass
                try:
                    sent += sock.send(b"x" * min(CHUNK, BODY - sent))
                except (BlockingIOError, InterruptedError):
                    pass
                except OSError:  # the server closed the connection after answering
                    break
            sock.setblocking(True)
            while b"\r\n\r\n" not in response:
                data = sock.recv(4096)
                if not data:
                    break
                response += data
    assert response.startswith(b"HTTP/1.1 400")
    assert sent < BODY  # the answer came before the whole body went out
