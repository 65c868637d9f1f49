"""headers: latin-1 decoding that never raises, replacement characters for bad UTF-8 in cookies and
query strings, linear handling of header floods, CR/LF refused in response headers."""

from __future__ import annotations

from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.requests import Request
from lilya.responses import PlainText, RedirectResponse, Response
from lilya.routing import Path

from ._raw import call, http_scope

pytestmark = pytest.mark.anyio

HIGH_BYTES = bytes(range(0x80, 0x100))


async def echo(request: Request) -> dict[str, Any]:
    return {
        "x": request.headers.get("x-a"),
        "all": request.headers.getall("x-a") if "x-a" in request.headers else [],
        "cookies": request.cookies,
        "query": dict(request.query_params),
        "n": len(list(request.headers.multi_items())),
    }


async def crlf_value(request: Request) -> Response:
    return Response("x", headers={"x-a": "a\r\nset-cookie: evil=1"})


async def lf_after_build(request: Request) -> Response:
    response = PlainText("x")
    response.headers["x-a"] = "a\nset-cookie: evil=1"
    return response


async def crlf_name(request: Request) -> Response:
    return Response("x", headers={"x-a\r\nset-cookie": "evil"})


async def crlf_redirect(request: Request) -> Response:
    return RedirectResponse("/next\r\nset-cookie: evil=1")


app = Lilya(
    routes=[
        Path("/", echo),
        Path("/crlf", crlf_value),
        Path("/lf-late", lf_after_build),
        Path("/crlf-name", crlf_name),
        Path("/crlf-redirect", crlf_redirect),
    ]
)


async def test_header_values_with_high_bytes_decode_as_latin1() -> None:
    result = await call(app, http_scope(headers=[(b"x-a", HIGH_BYTES)]))
    assert result.status == 200
    assert result.json()["x"] == HIGH_BYTES.decode("latin-1")


async def test_header_name_with_high_bytes_does_not_raise() -> None:
    result = await call(app, http_scope(headers=[(b"x-\xff\xfe", b"v"), (b"x-a", b"\x00\x01\x7f")]))
    assert result.status == 200
    assert result.json()["x"] == "\x00\x01\x7f"


async def test_cookie_with_invalid_utf8_gets_replacement_characters() -> None:
    result = await call(app, http_scope(headers=[(b"cookie", b"a=\xff\xfe; b=ok")]))
    assert result.status == 200
    assert result.json()["cookies"] == {"a": "\ufffd\ufffd", "b": "ok"}


async def test_garbage_cookie_header_never_raises() -> None:
    garbage = b'=;;=\x00"\\"; a="unterminated; ' + HIGH_BYTES + b"; ok=1"
    result = await call(app, http_scope(headers=[(b"cookie", garbage)]))
    assert result.status == 200
    assert result.json()["cookies"]["ok"] == "1"


async def test_query_string_with_invalid_utf8_gets_replacement_characters() -> None:
    result = await call(app, http_scope(query_string=b"a=%ff&b=\xff\xfe&c=%e2%82"))
    assert result.status == 200
    assert result.json()["query"] == {"a": "\ufffd", "b": "\ufffd\ufffd", "c": "\ufffd"}


async def test_semicolon_is_not_a_query_separator() -> None:
    result = await call(app, http_scope(query_string=b"a=1;b=2"))
    assert result.json()["query"] == {"a": "1;b=2"}


async def test_hundred_thousand_headers_are_handled_in_linear_time() -> None:
    headers = [(b"x-a", str(i).encode()) for i in range(100_000)]
    result = await call(app, http_scope(headers=headers))
    assert result.status == 200
    body = result.json()
    assert body["x"] == "0"
    assert len(body["all"]) == 100_000
    assert body["n"] == 100_000


async def test_hundred_thousand_distinct_headers_are_handled_in_linear_time() -> None:
    headers = [(f"x-h{i}".encode(), b"v") for i in range(100_000)] + [(b"x-a", b"last")]
    result = await call(app, http_scope(headers=headers))
    assert result.status == 200
    assert result.json()["x"] == "last"


async def test_one_mebibyte_header_value() -> None:
    value = b"v" * (1024 * 1024)
    result = await call(app, http_scope(headers=[(b"x-a", value)]))
    assert result.status == 200
    assert len(result.json()["x"]) == 1024 * 1024


async def test_one_mebibyte_cookie_header() -> None:
    cookie = b"; ".join(b"c%d=%d" % (i, i) for i in range(100_000))
    result = await call(app, http_scope(headers=[(b"cookie", cookie)]))
    assert result.status == 200
    assert result.json()["cookies"]["c99999"] == "99999"


def test_response_refuses_cr_lf_nul_in_header_values() -> None:
    for bad in ("a\rb", "a\nb", "a\r\nset-cookie: x=1", "a\x00b"):
        with pytest.raises(ValueError, match="CR, LF or NUL"):
            Response("x", headers={"x-a": bad})


@pytest.mark.parametrize("path", ["/crlf", "/lf-late", "/crlf-name"])
async def test_header_injection_becomes_a_generic_500_not_a_smuggled_header(path: str) -> None:
    result = await call(app, http_scope(path))
    assert result.status == 500
    assert result.body == b"Internal Server Error"
    assert "set-cookie" not in result.headers
    for message in result.messages:
        for _, value in message.get("headers", []):
            assert b"\r" not in value and b"\n" not in value
    assert isinstance(result.error, ValueError)


async def test_redirect_location_never_carries_cr_lf() -> None:
    result = await call(app, http_scope("/crlf-redirect"))
    assert "set-cookie" not in result.headers
    for message in result.messages:
        for _, value in message.get("headers", []):
            assert b"\r" not in value and b"\n" not in value


@pytest.mark.parametrize(
    "options",
    [{"path": "/\r\nx-injected: 1"}, {"domain": "a\nx-injected: 1"}, {"key": "k\r\nx-injected"}],
    ids=["path", "domain", "key"],
)
async def test_set_cookie_with_cr_lf_is_refused(options: dict[str, str]) -> None:
    async def handler(request: Request) -> Response:
        response = PlainText("x")
        settings = dict(options)
        response.set_cookie(settings.pop("key", "k"), "v", **settings)  # type: ignore[arg-type]
        return response

    result = await call(Lilya(routes=[Path("/", handler)]), http_scope("/"))
    assert result.status == 500  # refused when set or at the latest when sent
    for message in result.messages:
        assert all(b"x-injected" not in value for _, value in message.get("headers", []))


def test_set_cookie_value_with_cr_lf_is_quoted_not_injected() -> None:
    response = Response("x")
    response.set_cookie("k", "a\r\nset-cookie: x=1")
    cookies = [value for key, value in response.raw_headers if key == b"set-cookie"]
    assert len(cookies) == 1
    assert b"\r" not in cookies[0] and b"\n" not in cookies[0]
