"""The body limit and bad-input answers under a real uvicorn (what a client on the wire sees)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from lilya.apps import Lilya
from lilya.requests import Request
from lilya.routing import Path

from tests._servers import running_server

LIMIT = 64 * 1024


async def size(request: Request) -> dict[str, int]:
    return {"size": len(await request.body())}


async def parse(request: Request) -> Any:
    return await request.json()


app = Lilya(routes=[Path("/", size, methods=["POST"]), Path("/json", parse, methods=["POST"])], max_body_size=LIMIT)


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with running_server(app) as base:
        yield base


def chunks(total: int, size: int = 4096) -> Iterator[bytes]:
    for _ in range(total // size):
        yield b"x" * size


def test_body_over_the_limit_is_413_on_the_wire(base_url: str) -> None:
    with httpx.Client(base_url=base_url) as client:
        declared = client.post("/", content=b"x" * (LIMIT + 1))
        assert declared.status_code == 413
    with httpx.Client(base_url=base_url) as client:
        streamed = client.post("/", content=chunks(LIMIT + 8192))  # chunked: no Content-Length
        assert streamed.status_code == 413
    with httpx.Client(base_url=base_url) as client:
        assert client.post("/", content=b"x" * LIMIT).json() == {"size": LIMIT}


def test_bad_json_is_400_on_the_wire(base_url: str) -> None:
    with httpx.Client(base_url=base_url) as client:
        response = client.post("/json", content=b"[" * 10_000)
        assert response.status_code == 400
        assert response.text.startswith("Invalid JSON")
