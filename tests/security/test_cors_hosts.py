"""CORS (exact or full-regex origins, no ``null``/look-alikes/credentialed ``*``, disallowed
preflight 400), trusted hosts (400) and HTTPS redirects (path kept, Host cannot pick the target)."""

from __future__ import annotations

from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.middleware import DefineMiddleware
from lilya.middleware.cors import CORSMiddleware
from lilya.middleware.httpsredirect import HTTPSRedirectMiddleware
from lilya.middleware.trustedhost import TrustedHostMiddleware
from lilya.requests import Request
from lilya.routing import Path
from lilya.types import ASGIApp

from ._raw import call, http_scope, ws_call, ws_scope

pytestmark = pytest.mark.anyio


async def ok(request: Request) -> dict[str, str]:
    return {"ok": "yes"}


def cors_app(**options: Any) -> ASGIApp:
    middleware = [DefineMiddleware(CORSMiddleware, **options)]
    return Lilya(routes=[Path("/", ok, methods=["GET", "POST"])], middleware=middleware)


exact = cors_app(allow_origins=["https://good.com"], allow_methods=["GET", "POST"], allow_credentials=True)
regex = cors_app(allow_origin_regex=r"https://[a-z]+\.good\.com", allow_credentials=True)
star_credentials = cors_app(allow_origins=["*"], allow_credentials=True)

LOOK_ALIKES = [
    b"null",
    b"https://good.com.evil.com",
    b"https://evilgood.com",
    b"https://good.com:8443",
    b"http://good.com",
    b"https://GOOD.com",
    b"https://good.com/",
    b"https://good.com\r\nx: y",
    b"https://good.com\xff",
    b"",
]


def allow_headers(result: Any) -> dict[str, str]:
    return {k: v for k, v in result.headers.items() if k.startswith("access-control-allow")}


@pytest.mark.parametrize("origin", LOOK_ALIKES)
async def test_look_alike_origins_are_never_reflected(origin: bytes) -> None:
    result = await call(exact, http_scope(headers=[(b"origin", origin)]))
    assert result.status == 200
    assert allow_headers(result) == {}


async def test_exact_origin_is_allowed() -> None:
    result = await call(exact, http_scope(headers=[(b"origin", b"https://good.com")]))
    assert result.headers["access-control-allow-origin"] == "https://good.com"
    assert result.headers["access-control-allow-credentials"] == "true"


@pytest.mark.parametrize(
    "origin",
    [b"https://a.good.com.evil.com", b"https://a.good.com/x", b"xhttps://a.good.com", b"https://a.goodxcom", b"null"],
)
async def test_regex_must_match_fully(origin: bytes) -> None:
    result = await call(regex, http_scope(headers=[(b"origin", origin)]))
    assert allow_headers(result) == {}
    good = await call(regex, http_scope(headers=[(b"origin", b"https://a.good.com")]))
    assert good.headers["access-control-allow-origin"] == "https://a.good.com"


@pytest.mark.parametrize("origin", [b"https://evil.com", b"null"])
async def test_star_with_credentials_never_reflects(origin: bytes) -> None:
    result = await call(star_credentials, http_scope(headers=[(b"origin", origin), (b"cookie", b"a=1")]))
    assert result.headers.get("access-control-allow-origin") in (None, "*")
    if result.headers.get("access-control-allow-origin") == "*":
        assert "access-control-allow-credentials" not in result.headers


def preflight(origin: bytes, method: bytes = b"POST", req_headers: bytes | None = None) -> dict[str, Any]:
    headers = [(b"origin", origin), (b"access-control-request-method", method)]
    if req_headers is not None:
        headers.append((b"access-control-request-headers", req_headers))
    return http_scope("/", method="OPTIONS", headers=headers)


@pytest.mark.parametrize(
    "scope",
    [
        preflight(b"https://evil.com"),
        preflight(b"null"),
        preflight(b"https://good.com", b"DELETE"),
        preflight(b"https://good.com", b"POST", b"x-evil"),
        preflight(b"https://good.com", b"POST", b"x\r\ny"),
        preflight(b"https://good.com", b"\xff"),
    ],
    ids=["origin", "null", "method", "header", "crlf-header", "bad-method"],
)
async def test_disallowed_preflight_is_400_without_allow_headers(scope: dict[str, Any]) -> None:
    result = await call(exact, scope)
    assert result.status == 400
    assert "access-control-allow-origin" not in result.headers
    assert "access-control-allow-credentials" not in result.headers
    assert result.error is None


async def test_allowed_preflight() -> None:
    result = await call(exact, preflight(b"https://good.com"))
    assert result.status == 200
    assert result.headers["access-control-allow-origin"] == "https://good.com"


async def test_preflight_with_a_header_flood_is_linear() -> None:
    app = cors_app(allow_origins=["https://good.com"], allow_headers=["*"], allow_methods=["POST"])
    flood = b", ".join(b"x-h%d" % i for i in range(100_000))
    result = await call(app, preflight(b"https://good.com", b"POST", flood))
    assert result.status in (200, 400)


# -- trusted host -----------------------------------------------------------------------------
trusted = Lilya(
    routes=[Path("/", ok)],
    middleware=[DefineMiddleware(TrustedHostMiddleware, allowed_hosts=["example.com", "*.example.org"])],
)


@pytest.mark.parametrize(
    "headers",
    [
        [],
        [(b"host", b"evil.com")],
        [(b"host", b"example.com.evil.com")],
        [(b"host", b"evilexample.org")],
        [(b"host", b"example.com@evil.com")],
        [(b"host", b"example.com/evil")],
        [(b"host", b"\xff")],
        [(b"host", b"")],
        [(b"host", b"a" * 100_000)],
    ],
    ids=lambda h: repr(h[0][1][:20]) if h else "missing",
)
async def test_unlisted_or_missing_host_is_400(headers: list[tuple[bytes, bytes]]) -> None:
    result = await call(trusted, http_scope(headers=headers))
    assert result.status == 400
    assert result.error is None


@pytest.mark.parametrize("host", [b"example.com", b"example.com:8000", b"a.example.org", b"EXAMPLE.COM"])
async def test_listed_hosts_pass(host: bytes) -> None:
    result = await call(trusted, http_scope(headers=[(b"host", host)]))
    assert result.status == 200


async def test_untrusted_websocket_is_closed() -> None:
    result = await ws_call(trusted, ws_scope(headers=[(b"host", b"evil.com")]), [{"type": "websocket.connect"}])
    assert not any(m["type"] == "websocket.accept" for m in result.sent)
    assert result.close is not None


# -- HTTPS redirect -----------------------------------------------------------------------------
redirect = Lilya(routes=[Path("/{rest:path}", ok)], middleware=[DefineMiddleware(HTTPSRedirectMiddleware)])


@pytest.mark.parametrize(
    "path,query,location",
    [
        ("/a/b", b"x=1", "https://good.com/a/b?x=1"),
        ("//evil.com/x", b"", "https://good.com//evil.com/x"),
        ("/%2F%2Fevil.com", b"", "https://good.com/%2F%2Fevil.com"),
    ],
)
async def test_https_redirect_keeps_the_path(path: str, query: bytes, location: str) -> None:
    scope = http_scope(path, query_string=query, headers=[(b"host", b"good.com")])
    if "%" in path:
        scope["raw_path"] = path.encode()
        scope["path"] = "//evil.com"
    result = await call(redirect, scope)
    assert result.status in (301, 307, 308)
    assert result.headers["location"] == location


@pytest.mark.parametrize(
    "host",
    [b"evil.com/x", b"good.com@evil.com", b"evil.com\\@good.com", b"evil.com#", b"evil.com?", b"\xff", b"evil.com\r\n"],
)
async def test_https_redirect_never_follows_a_malformed_host(host: bytes) -> None:
    scope = http_scope("/p", headers=[(b"host", host)], server=("10.0.0.1", 80))
    result = await call(redirect, scope)
    assert result.status in (301, 307, 308, 400)
    if result.status != 400:
        assert result.headers["location"] == "https://10.0.0.1/p"


async def test_https_redirect_without_any_host_is_400() -> None:
    result = await call(redirect, http_scope("/p", server=None))
    assert result.status == 400
