"""Forms: urlencoded and multipart parsing, uploads, and every limit (raw ASGI + TestClient)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from lilya.datastructures import DataUpload, FormData
from lilya.requests import Request
from lilya.types import Scope
from tests.conftest import TestClientFactory
from tests.core._request_app import body_messages, call_raw, http_scope, make_app, receiver

B = b"xyzBOUNDARY"
MULTIPART = b"multipart/form-data; boundary=" + B
URLENCODED = b"application/x-www-form-urlencoded"


def part(name: str, value: bytes, filename: str | None = None, extra: bytes = b"") -> bytes:
    disposition = f'form-data; name="{name}"'
    if filename is not None:
        disposition += f'; filename="{filename}"'
    return b"--" + B + b"\r\nContent-Disposition: " + disposition.encode() + b"\r\n" + extra + b"\r\n" + value + b"\r\n"


def multipart_scope() -> Scope:
    return http_scope(headers=[(b"content-type", MULTIPART)])


def end() -> bytes:
    return b"--" + B + b"--\r\n"


async def echo_form(request: Request) -> Any:
    form = await request.form()
    out: dict[str, Any] = {}
    for key, value in form.multi_items():
        if isinstance(value, DataUpload):
            out.setdefault(key, []).append(
                {
                    "filename": value.filename,
                    "size": value.size,
                    "type": value.content_type,
                    "data": (await value.read()).decode(),
                }
            )
        else:
            out.setdefault(key, []).append(value)
    return out


async def raw_form(body: bytes, content_type: bytes = MULTIPART, chunk: int = 0, **kw: Any) -> tuple[int, bytes]:
    scope = http_scope(headers=[(b"content-type", content_type)], **kw)
    status, response, _ = await call_raw(make_app(echo_form), scope, body_messages(body, chunk))
    return status, response


# -- happy paths ------------------------------------------------------------------------------
def test_urlencoded(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(make_app(echo_form))
    response = client.post("/", data={"a": "1", "b": "x y", "c": "é&="})
    assert response.json() == {"a": ["1"], "b": ["x y"], "c": ["é&="]}


def test_urlencoded_semicolon_is_not_a_separator(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(make_app(echo_form))
    response = client.post("/", content=b"a=1;b=2&c=3", headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.json() == {"a": ["1;b=2"], "c": ["3"]}


def test_multipart_fields_and_files(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(make_app(echo_form))
    response = client.post(
        "/",
        data={"k": "v"},
        files=[("up", ("a.txt", b"hello", "text/plain")), ("up", ("b.bin", b"\x00\x01", "application/octet-stream"))],
    )
    assert response.json() == {
        "k": ["v"],
        "up": [
            {"filename": "a.txt", "size": 5, "type": "text/plain", "data": "hello"},
            {"filename": "b.bin", "size": 2, "type": "application/octet-stream", "data": "\x00\x01"},
        ],
    }


def test_non_form_content_type_gives_empty_form(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(make_app(echo_form))
    assert client.post("/", json={"a": 1}).json() == {}


@pytest.mark.anyio
async def test_multipart_in_one_byte_chunks() -> None:
    body = part("a", b"1") + part("f", b"data" * 100, filename="f.txt") + end()
    start = time.perf_counter()
    status, response = await raw_form(body, chunk=1)
    assert status == 200, response
    assert b'"a":["1"]' in response and b'"size":400' in response
    assert time.perf_counter() - start < 5


@pytest.mark.anyio
async def test_form_async_with_closes_uploads() -> None:
    body = part("f", b"abc", filename="f.txt") + end()
    request = Request(http_scope(headers=[(b"content-type", MULTIPART)]), receiver(body))
    async with request.form() as form:
        upload = form["f"]
        assert isinstance(form, FormData) and await upload.read() == b"abc"
    assert upload.file.closed


@pytest.mark.anyio
async def test_form_cached_and_closed_with_request() -> None:
    body = part("f", b"abc", filename="f.txt") + end()
    request = Request(http_scope(headers=[(b"content-type", MULTIPART)]), receiver(body))
    form = await request.form()
    assert await request.form() is form
    await request.close()
    assert form["f"].file.closed


@pytest.mark.anyio
async def test_large_upload_spooled_to_disk_small_stays_in_memory() -> None:
    big = b"x" * (1024 * 1024 + 10)
    body = part("big", big, filename="big.bin") + part("small", b"s", filename="s.bin") + end()
    request = Request(http_scope(headers=[(b"content-type", MULTIPART)]), receiver(body))
    async with request.form() as form:
        assert form["big"].file._rolled is True
        assert form["small"].file._rolled is False
        assert form["big"].size == len(big)
        assert await form["big"].read() == big


# -- limits and malformed input -----------------------------------------------------------------
@pytest.mark.anyio
async def test_too_many_fields_multipart() -> None:
    body = b"".join(part(f"f{i}", b"v") for i in range(1001)) + end()
    status, response = await raw_form(body)
    assert status == 400 and b"Too many fields" in response


@pytest.mark.anyio
async def test_too_many_files_multipart() -> None:
    body = b"".join(part(f"f{i}", b"v", filename="a") for i in range(1001)) + end()
    status, response = await raw_form(body)
    assert status == 400 and b"Too many files" in response


@pytest.mark.anyio
async def test_custom_form_limits() -> None:
    async def handler(request: Request) -> Any:
        form = await request.form(max_files=1, max_fields=1)
        return {"n": len(form)}

    body = part("a", b"1") + part("f", b"x", filename="x") + end()
    assert (await call_raw(make_app(handler), multipart_scope(), body_messages(body)))[0] == 200
    body = part("a", b"1") + part("b", b"2") + end()
    assert (await call_raw(make_app(handler), multipart_scope(), body_messages(body)))[0] == 400
    body = part("f", b"1", filename="1") + part("g", b"2", filename="2") + end()
    assert (await call_raw(make_app(handler), multipart_scope(), body_messages(body)))[0] == 400


@pytest.mark.anyio
async def test_too_many_fields_urlencoded() -> None:
    body = b"&".join(b"f%d=v" % i for i in range(1001))
    status, response = await raw_form(body, URLENCODED)
    assert status == 400 and b"Too many fields" in response
    ok = b"&".join(b"f%d=v" % i for i in range(1000)) + b"&&&"
    assert (await raw_form(ok, URLENCODED))[0] == 200


@pytest.mark.anyio
async def test_part_size_limit_inside_one_chunk() -> None:
    body = part("a", b"x" * (1024 * 1024 + 1)) + end()
    status, response = await raw_form(body)
    assert status == 400 and b"maximum size" in response


@pytest.mark.anyio
async def test_urlencoded_field_size_limit() -> None:
    status, response = await raw_form(b"a=" + b"x" * (1024 * 1024 + 1), URLENCODED)
    assert status == 400 and b"maximum size" in response


@pytest.mark.parametrize(
    ("content_type", "body", "message"),
    [
        (b"multipart/form-data", part("a", b"1") + end(), b"Missing boundary"),
        (b"multipart/form-data; boundary=" + b"b" * 201, b"--" + b"b" * 201 + b"\r\n", b"too long"),
        (MULTIPART, b"--" + B + b"\r\nContent-Disposition: form-data\r\n\r\nv\r\n" + end(), b'"name" must be provided'),
        (MULTIPART, b"--" + B + b"\r\nContent-Type: text/plain\r\n\r\nv\r\n" + end(), b'"name" must be provided'),
        (MULTIPART + b"; charset=bogus", part("a", b"1") + end(), b"Unknown charset"),
        (URLENCODED + b"; charset=bogus", b"a=1", b"Unknown charset"),
        (MULTIPART, part("a", b"1") + b"--" + B, b"truncated"),
        (MULTIPART, part("a", b"1")[:-10], b"truncated"),
        (MULTIPART, b"", b"truncated"),
        (MULTIPART, part("a", b"1", extra=b"".join(b"X-H%d: v\r\n" % i for i in range(100))) + end(), b"Malformed"),
        (MULTIPART, part("a", b"1", extra=b"X-Big: " + b"v" * 20000 + b"\r\n") + end(), b"Malformed"),
    ],
    ids=[
        "missing-boundary",
        "overlong-boundary",
        "nameless",
        "no-disposition",
        "bogus-charset",
        "bogus-charset-urlencoded",
        "no-closing-boundary",
        "cut-mid-part",
        "empty",
        "header-flood",
        "header-too-big",
    ],
)
@pytest.mark.anyio
async def test_malformed_multipart_is_400(content_type: bytes, body: bytes, message: bytes) -> None:
    status, response = await raw_form(body, content_type)
    assert status == 400, response
    assert message in response


@pytest.mark.anyio
async def test_preamble_flood_is_fast() -> None:
    body = b"\r\n-" * 2_000_000 + part("a", b"1") + end()
    start = time.perf_counter()
    status, response = await raw_form(body, chunk=64 * 1024)
    assert status == 400 and b"Malformed" in response
    assert time.perf_counter() - start < 5
    status, _ = await raw_form(b"junk before the first boundary\r\n" + part("a", b"1") + end())
    assert status == 400


@pytest.mark.anyio
async def test_failed_parse_closes_created_uploads() -> None:
    created: list[DataUpload] = []
    body = part("f", b"abc", filename="f.txt") + part("g", b"x" * 10, filename="g") + b"--" + B
    request = Request(http_scope(headers=[(b"content-type", MULTIPART)]), receiver(body))
    original = DataUpload.__init__

    def spy(self: DataUpload, **kwargs: Any) -> None:
        original(self, **kwargs)
        created.append(self)

    DataUpload.__init__ = spy  # type: ignore[method-assign]
    try:
        with pytest.raises(ValueError):
            await request.form()
    finally:
        DataUpload.__init__ = original  # type: ignore[method-assign]
    assert len(created) == 2 and all(u.file.closed for u in created)


@pytest.mark.anyio
async def test_form_body_over_limit_is_413() -> None:
    body = part("f", b"x" * 2000, filename="f") + end()
    extra: dict[str, Any] = {"lilya.max_body_size": 1000}
    status, _ = await raw_form(body, MULTIPART, 100, **extra)
    assert status == 413


def test_malformed_multipart_through_test_client(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(make_app(echo_form))
    response = client.post("/", content=b"--xx\r\n", headers={"content-type": "multipart/form-data"})
    assert response.status_code == 400
    response = client.post("/", data={f"f{i}": "v" for i in range(1001)})
    assert response.status_code == 400


@pytest.mark.anyio
async def test_disconnect_mid_multipart_raises_client_disconnect_only() -> None:
    from lilya.requests import ClientDisconnect

    messages: list[Any] = [
        {"type": "http.request", "body": part("f", b"abc", filename="f.txt")[:-5], "more_body": True},
        {"type": "http.disconnect"},
    ]

    async def receive() -> Any:
        return messages.pop(0)

    request = Request(multipart_scope(), receive)
    with pytest.raises(ClientDisconnect):
        await request.form()
    assert messages == []


@pytest.mark.anyio
async def test_a_malformed_form_is_both_a_400_and_a_multipart_exception() -> None:
    """Outside an application, code written for Lilya catches ``MultiPartException``; inside one
    the same error answers 400. One exception serves both."""
    from lilya._internal._parsers import MultiPartException
    from lilya.exceptions import BadRequest

    scope = http_scope(method="POST", headers=[(b"content-type", b"multipart/form-data")])
    request = Request(scope, receiver(b"--xx\r\n", 6))
    with pytest.raises(MultiPartException) as caught:
        await request.form()
    assert isinstance(caught.value, BadRequest) and caught.value.status_code == 400
    assert caught.value.message == caught.value.detail == "Missing boundary in multipart."
