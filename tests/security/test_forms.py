"""forms: field/file/part limits (multipart and urlencoded) enforced inside a chunk, malformed
bodies → 400 quickly, file parts spooled to disk past 1 MiB, ``;`` is data."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from lilya._internal._limits import (
    DEFAULT_MAX_FIELDS,
    DEFAULT_MAX_FILES,
    DEFAULT_MAX_PART_SIZE,
    DEFAULT_SPOOL_MAX_SIZE,
)
from lilya.apps import Lilya
from lilya.datastructures import DataUpload
from lilya.requests import Request
from lilya.routing import Path

from ._raw import body_messages, call, http_scope

pytestmark = pytest.mark.anyio

B = b"xyzBOUNDARY"
MiB = 1024 * 1024


async def summary(request: Request) -> dict[str, Any]:
    form = await request.form()
    out: dict[str, Any] = {}
    for key, value in form.multi_items():
        if isinstance(value, DataUpload):
            rolled = getattr(value.file, "_rolled", None)
            out[key] = {"filename": value.filename, "size": len(await value.read()), "on_disk": rolled}
        else:
            out[key] = value if len(value) < 100 else len(value)
    await form.close()
    return {"n": len(list(form.multi_items())), "items": out}


app = Lilya(routes=[Path("/", summary, methods=["POST"])])


def multipart(*parts: bytes, boundary: bytes = B, close: bool = True) -> bytes:
    body = b"".join(b"--" + boundary + b"\r\n" + part + b"\r\n" for part in parts)
    return body + (b"--" + boundary + b"--\r\n" if close else b"")


def field(name: str, value: bytes) -> bytes:
    return f'Content-Disposition: form-data; name="{name}"\r\n\r\n'.encode() + value


def file_part(name: str, filename: str, data: bytes) -> bytes:
    head = f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
    return head.encode() + b"Content-Type: application/octet-stream\r\n\r\n" + data


def mp_scope(boundary: bytes = B, extra: bytes = b"") -> dict[str, Any]:
    ctype = b"multipart/form-data; boundary=" + boundary + extra
    return http_scope("/", method="POST", headers=[(b"content-type", ctype)])


def ue_scope(ctype: bytes = b"application/x-www-form-urlencoded") -> dict[str, Any]:
    return http_scope("/", method="POST", headers=[(b"content-type", ctype)])


async def send(body: bytes, scope: dict[str, Any] | None = None, chunk: int | None = None) -> Any:
    return await call(app, scope or mp_scope(), body_messages(body, chunk=chunk))


def assert_400(result: Any, fragment: bytes = b"") -> None:
    assert result.status == 400, (result.status, result.body[:300])
    assert fragment in result.body
    assert result.error is None


def test_documented_defaults() -> None:
    assert (DEFAULT_MAX_FIELDS, DEFAULT_MAX_FILES) == (1000, 1000)
    assert DEFAULT_MAX_PART_SIZE == DEFAULT_SPOOL_MAX_SIZE == MiB


async def test_a_valid_form_parses() -> None:
    result = await send(multipart(field("a", b"1"), file_part("f", "x.txt", b"data")))
    assert result.json()["items"] == {"a": "1", "f": {"filename": "x.txt", "size": 4, "on_disk": False}}


async def test_too_many_fields() -> None:
    assert_400(await send(multipart(*(field(f"f{i}", b"v") for i in range(1001)))), b"Too many fields")
    ok = await send(multipart(*(field(f"f{i}", b"v") for i in range(1000))))
    assert ok.json()["n"] == 1000


async def test_too_many_files() -> None:
    assert_400(await send(multipart(*(file_part("f", f"{i}", b"") for i in range(1001)))), b"Too many files")


async def test_limits_are_enforced_inside_one_chunk() -> None:
    # 200,000 fields in a single message: stop at the 1001st, do not build them all first.
    result = await call(app, mp_scope(), body_messages(multipart(*(field("f", b"") for i in range(200_000)))))
    assert_400(result, b"Too many fields")


async def test_non_file_part_over_1_mib() -> None:
    assert_400(await send(multipart(field("a", b"x" * (MiB + 1)))), b"maximum size")
    assert_400(await send(multipart(field("a", b"x" * (MiB + 1))), chunk=64 * 1024), b"maximum size")


async def test_big_file_spools_to_disk() -> None:
    result = await send(multipart(file_part("f", "big.bin", b"x" * (MiB + 10))), chunk=256 * 1024)
    assert result.json()["items"]["f"] == {"filename": "big.bin", "size": MiB + 10, "on_disk": True}


@pytest.mark.parametrize(
    "ctype_extra,boundary",
    [(b"", b""), (b"", b"x" * 300)],
    ids=["missing", "overlong"],
)
async def test_missing_or_overlong_boundary(ctype_extra: bytes, boundary: bytes) -> None:
    ctype = b"multipart/form-data" + (b"; boundary=" + boundary if boundary else b"")
    scope = http_scope("/", method="POST", headers=[(b"content-type", ctype)])
    assert_400(await send(multipart(field("a", b"1"), boundary=boundary or B), scope), b"oundary")


async def test_boundary_is_case_sensitive() -> None:
    assert_400(await send(multipart(field("a", b"1"), boundary=B.lower()), mp_scope(B)))


async def test_nameless_part() -> None:
    part = b'Content-Disposition: form-data; filename="a"\r\n\r\nv'
    assert_400(await send(multipart(part)), b"name")
    assert_400(await send(multipart(b"Content-Type: text/plain\r\n\r\nv")), b"name")


async def test_bogus_charset() -> None:
    assert_400(await send(multipart(field("a", b"1")), mp_scope(extra=b"; charset=bogus-42")), b"charset")
    assert_400(await send(b"a=1", ue_scope(b"application/x-www-form-urlencoded; charset=bogus-42")), b"charset")


@pytest.mark.parametrize(
    "body",
    [
        multipart(field("a", b"1"), close=False),
        multipart(field("a", b"1"))[:-10],
        b"--" + B + b"\r\nContent-Disposition: form-data; name=\"a\"",
        b"--" + B,
        b"",
    ],
    ids=["no-close", "cut", "in-headers", "boundary-only", "empty"],
)
async def test_truncated_bodies(body: bytes) -> None:
    assert_400(await send(body))


async def test_part_header_flood() -> None:
    headers = b"".join(b"X-H%d: v\r\n" % i for i in range(10_000))
    part = headers + b'Content-Disposition: form-data; name="a"\r\n\r\nv'
    assert_400(await send(multipart(part)))


async def test_overlong_part_header() -> None:
    part = b"X-H: " + b"v" * 100_000 + b'\r\nContent-Disposition: form-data; name="a"\r\n\r\nv'
    assert_400(await send(multipart(part)))


async def test_preamble_flood() -> None:
    body = b"p" * (4 * MiB) + b"\r\n" + multipart(field("a", b"1"))
    result = await send(body, chunk=64 * 1024)
    assert result.status in (200, 400)
    assert result.error is None
    if result.status == 200:
        assert result.json()["items"] == {"a": "1"}


async def test_epilogue_flood_is_quick_and_quiet(caplog: pytest.LogCaptureFixture) -> None:
    body = multipart(field("a", b"1")) + b"e" * (4 * MiB)
    with caplog.at_level(logging.DEBUG):
        result = await send(body, chunk=1024)
    assert result.status in (200, 400)
    assert len(caplog.records) < 10


async def test_one_byte_chunks_multipart() -> None:
    body = multipart(field("a", b"x" * 20_000), file_part("f", "x", b"y" * 20_000))
    result = await send(body, chunk=1)
    assert result.json()["items"] == {"a": 20_000, "f": {"filename": "x", "size": 20_000, "on_disk": False}}


async def test_file_part_counts_are_enforced_when_fields_are_unlimited() -> None:
    async def custom(request: Request) -> dict[str, int]:
        form = await request.form(max_files=2, max_fields=float("inf"))
        return {"n": len(list(form.multi_items()))}

    custom_app = Lilya(routes=[Path("/", custom, methods=["POST"])])
    body = multipart(*(file_part("f", f"{i}", b"") for i in range(3)))
    assert_400(await call(custom_app, mp_scope(), body_messages(body)), b"Too many files")


# -- urlencoded -----------------------------------------------------------------------------
async def test_urlencoded_too_many_fields() -> None:
    body = b"&".join(b"f%d=v" % i for i in range(1001))
    assert_400(await send(body, ue_scope()), b"ields")
    ok = await send(b"&".join(b"f%d=v" % i for i in range(1000)), ue_scope())
    assert ok.json()["n"] == 1000


async def test_urlencoded_field_flood_is_linear() -> None:
    assert_400(await send(b"&" * 2 + b"a=1&" * 500_000, ue_scope()), b"ields")


async def test_urlencoded_field_over_1_mib() -> None:
    assert_400(await send(b"a=" + b"x" * (MiB + 1), ue_scope()), b"maximum size")
    assert_400(await send(b"a=" + b"%41" * (MiB + 1), ue_scope()), b"maximum size")


async def test_urlencoded_semicolon_is_data() -> None:
    result = await send(b"a=1;b=2&c=3", ue_scope())
    assert result.json()["items"] == {"a": "1;b=2", "c": "3"}


async def test_urlencoded_invalid_utf8_is_replaced() -> None:
    result = await send(b"a=%ff&b=\xfe", ue_scope())
    assert result.json()["items"] == {"a": "\ufffd", "b": "\ufffd"}


async def test_urlencoded_respects_body_limit() -> None:
    small = Lilya(routes=[Path("/", summary, methods=["POST"])], max_body_size=100)
    result = await call(small, ue_scope(), body_messages(b"a=" + b"x" * 200, chunk=10))
    assert result.status == 413


async def test_multipart_respects_body_limit_while_streaming() -> None:
    small = Lilya(routes=[Path("/", summary, methods=["POST"])], max_body_size=10_000)
    body = multipart(file_part("f", "big.bin", b"x" * 100_000))
    result = await call(small, mp_scope(), body_messages(body, chunk=1000))
    assert result.status == 413
    assert result.received <= 12


@pytest.mark.parametrize("unit", [b"ab&", b"&", b"a=1&&&&"])
def test_urlencoded_field_flood_is_refused_without_building_every_field(unit: bytes) -> None:
    import tracemalloc

    from lilya._internal._parsers import MultiPartException, parse_urlencoded

    body = b"a=1&" * 10 + unit * (4 * MiB // len(unit))
    tracemalloc.start()
    try:
        try:
            form = parse_urlencoded(body)
        except MultiPartException as exc:
            assert "Too many fields" in str(exc)
        else:
            assert len(list(form.multi_items())) <= 1000
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # The decoded text is ~4 MiB; one string (or list slot) per field would cost 10x that.
    assert peak < 3 * len(body)


@pytest.mark.parametrize("charset", [b"undefined", b"idna", b"rot13", b"base64", b"utf-7", b"punycode", b"bogus"])
@pytest.mark.parametrize(
    "path,ctype",
    [("/text", b"text/plain"), ("/", b"application/x-www-form-urlencoded"), ("/", b"multipart/form-data; boundary=B")],
    ids=["text", "urlencoded", "multipart"],
)
async def test_any_declared_charset_is_never_a_500(charset: bytes, path: str, ctype: bytes) -> None:
    async def text(request: Request) -> dict[str, str]:
        return {"text": await request.text()}

    charset_app = Lilya(routes=[Path("/", summary, methods=["POST"]), Path("/text", text, methods=["POST"])])
    if b"multipart" in ctype:
        body = b'--B\r\nContent-Disposition: form-data; name="a\xff.."\r\n\r\nv\xff..\r\n--B--\r\n'
    else:
        body = b"a" * 70 + b"..\xff=1"
    scope = http_scope(path, method="POST", headers=[(b"content-type", ctype + b"; charset=" + charset)])
    result = await call(charset_app, scope, body_messages(body))
    assert result.status in (200, 400), (result.status, result.body)
    assert result.error is None
