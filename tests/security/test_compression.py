"""compression: Accept-Encoding floods parsed in linear time; already-encoded, ranged or small
responses pass through untouched."""

from __future__ import annotations

import gzip
from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.middleware import DefineMiddleware
from lilya.middleware.compression import GZipMiddleware
from lilya.requests import Request
from lilya.responses import PlainText, Response
from lilya.routing import Path

from ._raw import call, http_scope

pytestmark = pytest.mark.anyio

BIG = "x" * 5000


async def big(request: Request) -> Response:
    return PlainText(BIG)


async def small(request: Request) -> Response:
    return PlainText("tiny")


async def encoded(request: Request) -> Response:
    return Response(b"\x1f\x8bnot-really" * 100, headers={"content-encoding": "br"}, media_type="text/plain")


app = Lilya(
    routes=[Path("/big", big), Path("/small", small), Path("/encoded", encoded)],
    middleware=[DefineMiddleware(GZipMiddleware, minimum_size=500)],
)


async def get(path: str, accept: bytes | None = b"gzip") -> Any:
    headers = [(b"accept-encoding", accept)] if accept is not None else []
    return await call(app, http_scope(path, headers=headers))


async def test_big_response_is_compressed() -> None:
    result = await get("/big")
    assert result.headers["content-encoding"] == "gzip"
    assert gzip.decompress(result.body).decode() == BIG
    assert result.headers["content-length"] == str(len(result.body))


@pytest.mark.parametrize(
    "accept",
    [
        b", ".join([b"identity;q=0.5"] * 100_000) + b", gzip",
        b"," * 1_000_000 + b"gzip",
        b"gzip;q=" + b"0" * 1_000_000,
        b";" * 1_000_000,
        b"g" * 1_000_000,
        b"\xff" * 100_000,
    ],
    ids=["many-items", "commas", "long-q", "semicolons", "long-token", "high-bytes"],
)
async def test_accept_encoding_floods_are_linear(accept: bytes) -> None:
    result = await get("/big", accept)
    assert result.status == 200
    body = gzip.decompress(result.body) if result.headers.get("content-encoding") == "gzip" else result.body
    assert body.decode() == BIG


@pytest.mark.parametrize("accept", [b"gzip;q=0", b"identity", b"br", None])
async def test_no_gzip_when_not_accepted(accept: bytes | None) -> None:
    result = await get("/big", accept)
    assert "content-encoding" not in result.headers
    assert result.text == BIG


async def test_small_response_passes_through() -> None:
    result = await get("/small")
    assert "content-encoding" not in result.headers
    assert result.body == b"tiny"


async def test_already_encoded_response_passes_through() -> None:
    result = await get("/encoded")
    assert result.headers["content-encoding"] == "br"
    assert result.body == b"\x1f\x8bnot-really" * 100
