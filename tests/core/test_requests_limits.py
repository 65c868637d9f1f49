"""Body size limits (413 while streaming), JSON 400s, tiny chunks - raw ASGI and TestClient."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from lilya._internal._limits import DEFAULT_MAX_BODY_SIZE, MAX_BODY_SIZE_SCOPE_KEY
from lilya.exceptions import BadRequest, HTTPException, PayloadTooLarge
from lilya.requests import Request
from lilya.types import Message
from tests.conftest import TestClientFactory
from tests.core._request_app import body_messages, call_raw, http_scope, make_app, receiver


async def _body_len(request: Request) -> Any:
    return {"size": len(await request.body())}


async def _json(request: Request) -> Any:
    return {"v": await request.json()}


def test_default_limit_is_16_mib() -> None:
    assert DEFAULT_MAX_BODY_SIZE == 16 * 1024 * 1024


@pytest.mark.anyio
async def test_over_limit_streamed_without_content_length_is_413() -> None:
    scope = http_scope()
    scope[MAX_BODY_SIZE_SCOPE_KEY] = 10
    status, body, _ = await call_raw(make_app(_body_len), scope, body_messages(b"x" * 11, chunk=3))
    assert status == 413
    assert b"limit of 10 bytes" in body


@pytest.mark.anyio
async def test_limit_enforced_while_streaming_not_after() -> None:
    """The app stops reading as soon as the limit is passed: later messages are never pulled."""
    pulled = 0

    async def receive() -> Message:
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": b"x" * 1024, "more_body": True}  # endless

    scope = http_scope()
    scope[MAX_BODY_SIZE_SCOPE_KEY] = 4096
    request = Request(scope, receive)
    with pytest.raises(PayloadTooLarge):
        await request.body()
    assert pulled == 5


@pytest.mark.anyio
async def test_declared_content_length_refused_before_reading() -> None:
    async def receive() -> Message:
        raise AssertionError("body must not be read")

    scope = http_scope(headers=[(b"content-length", str(DEFAULT_MAX_BODY_SIZE + 1).encode())])
    with pytest.raises(PayloadTooLarge) as info:
        await Request(scope, receive).body()
    assert info.value.status_code == 413
    assert isinstance(info.value, HTTPException)


@pytest.mark.anyio
async def test_default_limit_applies() -> None:
    big = b"x" * (DEFAULT_MAX_BODY_SIZE + 1)
    status, _, _ = await call_raw(make_app(_body_len), http_scope(), body_messages(big, chunk=1024 * 1024))
    assert status == 413


@pytest.mark.anyio
async def test_scope_none_means_unlimited_and_per_call_override() -> None:
    scope = http_scope()
    scope[MAX_BODY_SIZE_SCOPE_KEY] = None
    assert len(await Request(scope, receiver(b"x" * 100)).body()) == 100

    request = Request(http_scope(), receiver(b"x" * 100))
    with pytest.raises(PayloadTooLarge):
        await request.body(max_size=99)

    scope = http_scope()
    scope[MAX_BODY_SIZE_SCOPE_KEY] = 10
    assert len(await Request(scope, receiver(b"x" * 100)).body(max_size=1000)) == 100


@pytest.mark.anyio
async def test_stream_max_size() -> None:
    request = Request(http_scope(), receiver(b"x" * 100))
    with pytest.raises(PayloadTooLarge):
        async for _ in request.stream(max_size=50):
            pass


def test_413_through_test_client(test_client_factory: TestClientFactory) -> None:
    async def handler(request: Request) -> Any:
        return {"size": len(await request.body(max_size=5))}

    client = test_client_factory(make_app(handler))
    assert client.post("/", content=b"12345").json() == {"size": 5}
    assert client.post("/", content=b"123456").status_code == 413
    assert client.post("/", content=iter([b"123", b"456"])).status_code == 413


@pytest.mark.anyio
async def test_one_byte_chunks_linear() -> None:
    size = 200_000
    start = time.perf_counter()
    status, body, _ = await call_raw(make_app(_body_len), http_scope(), body_messages(b"x" * size, chunk=1))
    elapsed = time.perf_counter() - start
    assert status == 200 and json.loads(body) == {"size": size}
    assert elapsed < 5


@pytest.mark.parametrize(
    "payload",
    [
        b"{bad",
        b'{"a": 1',
        b"\xff\xfe\xfd",
        b'"\xc3\x28"',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
        b"1" * 100_000,
        b"[" + b"9" * 5000 + b"]",
    ],
    ids=[
        "syntax",
        "truncated",
        "bad-utf8",
        "bad-utf8-in-string",
        "nesting",
        "object-nesting",
        "digits",
        "digits-nested",
    ],
)
@pytest.mark.anyio
async def test_bad_json_is_400_raw(payload: bytes) -> None:
    status, body, _ = await call_raw(make_app(_json), http_scope(), body_messages(payload))
    assert status == 400
    assert body.startswith(b"Invalid JSON body")


@pytest.mark.anyio
async def test_bad_json_error_is_value_error() -> None:
    request = Request(http_scope(), receiver(b"{bad"))
    with pytest.raises(ValueError) as info:
        await request.json()
    assert isinstance(info.value, BadRequest) and info.value.status_code == 400


def test_bad_json_through_test_client(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(make_app(_json))
    assert client.post("/", content=b"[1, 2]").json() == {"v": [1, 2]}
    response = client.post("/", content=b"[1, 2")
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")


@pytest.mark.anyio
async def test_json_uses_configured_serializer_and_maps_its_errors() -> None:
    from lilya.serializers import SerializerConfig, setup_serializer

    class Marked:
        @staticmethod
        def loads(data: bytes | str) -> Any:
            if data == b"bad":
                raise ValueError("nope")
            return {"custom": json.loads(data)}

        @staticmethod
        def dumps(obj: Any, **kwargs: Any) -> str:
            return json.dumps(obj)

    class MarkedConfig(SerializerConfig):
        def get_serializer(self) -> Any:
            return Marked

    setup_serializer(MarkedConfig())
    try:
        assert await Request(http_scope(), receiver(b"[1]")).json() == {"custom": [1]}
        with pytest.raises(BadRequest):
            await Request(http_scope(), receiver(b"bad")).json()
    finally:
        setup_serializer()
    assert await Request(http_scope(), receiver(b"[1]")).json() == [1]
