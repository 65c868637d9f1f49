"""body: 413 past the limit (default 16 MiB; app/Include/Path/per call), enforced while streaming;
a disconnect mid-body raises ClientDisconnect; 1-byte chunks in linear time."""

from __future__ import annotations

from typing import Any

import pytest

from lilya._internal._limits import DEFAULT_MAX_BODY_SIZE
from lilya.apps import Lilya
from lilya.requests import ClientDisconnect, Request
from lilya.routing import Include, Path, Router
from lilya.types import Message

from ._raw import body_messages, call, http_scope

pytestmark = pytest.mark.anyio

MiB = 1024 * 1024
seen: list[BaseException] = []


async def size(request: Request) -> dict[str, Any]:
    return {"size": len(await request.body())}


async def stream_size(request: Request) -> dict[str, Any]:
    total = 0
    async for chunk in request.stream():
        total += len(chunk)
    return {"size": total}


async def small_call(request: Request) -> dict[str, Any]:
    return {"size": len(await request.body(max_size=10))}


async def catching(request: Request) -> dict[str, Any]:
    try:
        kind = request.query_params.get("read", "body")
        if kind == "json":
            await request.json()
        elif kind == "form":
            await request.form()
        elif kind == "stream":
            async for _ in request.stream():
                pass
        else:
            await request.body()
    except BaseException as exc:  # record exactly what the handler saw
        seen.append(exc)
        raise
    return {}


app = Lilya(
    routes=[
        Path("/", size, methods=["POST"]),
        Path("/stream", stream_size, methods=["POST"]),
        Path("/small-call", small_call, methods=["POST"]),
        Path("/catching", catching, methods=["POST"]),
        Path("/path-limit", size, methods=["POST"], max_body_size=100),
        Path("/path-raised", size, methods=["POST"], max_body_size=DEFAULT_MAX_BODY_SIZE + MiB),
        Include("/inc", routes=[Path("/", size, methods=["POST"])], max_body_size=50),
    ]
)
small_routes = [Path("/", size, methods=["POST"]), Path("/stream", stream_size, methods=["POST"])]
small_app = Lilya(routes=small_routes, max_body_size=1000)
small_router = Router(routes=[Include("/", routes=small_routes, max_body_size=1000)])


def post(path: str = "/", headers: list[tuple[bytes, bytes]] | None = None) -> dict[str, Any]:
    return http_scope(path, method="POST", headers=headers or [])


def assert_413(result: Any) -> None:
    assert result.status == 413, (result.status, result.body)
    assert b"limit" in result.body
    assert result.error is None


def test_default_limit_is_16_mib() -> None:
    assert DEFAULT_MAX_BODY_SIZE == 16 * MiB


async def test_default_limit_refuses_a_bigger_body_while_streaming() -> None:
    chunk = b"x" * MiB
    messages = [{"type": "http.request", "body": chunk, "more_body": True} for _ in range(40)]
    result = await call(app, post(), messages)
    assert_413(result)
    assert result.received <= 18  # stopped reading right after the 17th MiB, not after 40


@pytest.mark.parametrize("path", ["/", "/stream"])
@pytest.mark.parametrize("limited", ["app", "router"])
async def test_app_limit_while_streaming_without_content_length(path: str, limited: str) -> None:
    messages = [{"type": "http.request", "body": b"x" * 100, "more_body": True} for _ in range(1000)]
    result = await call(small_app if limited == "app" else small_router, post(path), messages)
    assert_413(result)
    assert result.received <= 12


@pytest.mark.parametrize("path", ["/", "/stream"])
async def test_declared_content_length_over_the_limit_is_refused_before_reading(path: str) -> None:
    messages = [{"type": "http.request", "body": b"x" * 100, "more_body": True} for _ in range(1000)]
    result = await call(small_app, post(path, [(b"content-length", b"100000")]), messages)
    assert_413(result)
    assert result.received == 0


async def test_lying_content_length_still_bounded() -> None:
    messages = [{"type": "http.request", "body": b"x" * 100, "more_body": True} for _ in range(1000)]
    result = await call(small_app, post("/", [(b"content-length", b"10")]), messages)
    assert_413(result)
    assert result.received <= 12


@pytest.mark.parametrize("value", [b"abc", b"-1", b"1e3", b"9" * 5000, b"\xff"])
async def test_garbage_content_length_is_never_a_500(value: bytes) -> None:
    result = await call(small_app, post("/", [(b"content-length", value)]), body_messages(b"hello"))
    assert result.status in (200, 400), result.body
    assert result.error is None


async def test_body_under_the_limit_passes() -> None:
    result = await call(small_app, post(), body_messages(b"x" * 1000, chunk=7))
    assert result.json() == {"size": 1000}


async def test_path_limit() -> None:
    assert_413(await call(app, post("/path-limit"), body_messages(b"x" * 101)))
    assert (await call(app, post("/path-limit"), body_messages(b"x" * 100))).json() == {"size": 100}


async def test_include_limit() -> None:
    assert_413(await call(app, post("/inc/"), body_messages(b"x" * 51, chunk=10)))
    assert (await call(app, post("/inc/"), body_messages(b"x" * 50))).json() == {"size": 50}


async def test_path_can_raise_the_limit() -> None:
    body = b"x" * (DEFAULT_MAX_BODY_SIZE + 1)
    result = await call(app, post("/path-raised"), body_messages(body, chunk=4 * MiB))
    assert result.json() == {"size": DEFAULT_MAX_BODY_SIZE + 1}


async def test_per_call_limit() -> None:
    assert_413(await call(app, post("/small-call"), body_messages(b"x" * 11)))
    assert (await call(app, post("/small-call"), body_messages(b"x" * 10))).json() == {"size": 10}


async def test_one_byte_chunks_of_one_mebibyte_are_linear() -> None:
    # ~1 s when linear; accumulating with ``bytes +=`` would copy ~500 GB and hit the timeout.
    result = await call(app, post("/"), body_messages(b"x" * MiB, chunk=1))
    assert result.json() == {"size": MiB}


async def test_one_byte_chunks_through_stream() -> None:
    result = await call(app, post("/stream"), body_messages(b"x" * 100_000, chunk=1))
    assert result.json() == {"size": 100_000}


@pytest.mark.parametrize(
    "read,content_type,part",
    [
        ("body", b"text/plain", b"part"),
        ("stream", b"text/plain", b"part"),
        ("json", b"application/json", b'{"a": '),
        ("form", b"application/x-www-form-urlencoded", b"a=1&b"),
        ("form", b"multipart/form-data; boundary=B", b'--B\r\nContent-Disposition: form-data; name="a"\r\n\r\nv'),
    ],
)
async def test_disconnect_mid_body_raises_client_disconnect(read: str, content_type: bytes, part: bytes) -> None:
    seen.clear()
    messages: list[Message] = [
        {"type": "http.request", "body": part, "more_body": True},
        {"type": "http.disconnect"},
    ]
    scope = post("/catching", [(b"content-type", content_type)])
    scope["query_string"] = b"read=" + read.encode()
    result = await call(app, scope, messages)
    assert len(seen) == 1 and type(seen[0]) is ClientDisconnect
    # The app boundary ends the request quietly: nobody is left to answer, it is not a 500,
    # and nothing reaches the server to be logged as an error.
    assert result.error is None
    assert result.messages == []


async def test_disconnect_before_any_body_raises_client_disconnect() -> None:
    seen.clear()
    await call(app, post("/catching"), [{"type": "http.disconnect"}])
    assert len(seen) == 1 and type(seen[0]) is ClientDisconnect
