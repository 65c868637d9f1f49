"""TrustedHost, TrustedReferrer and HTTPSRedirect: host validation and redirects."""

from __future__ import annotations

import pytest

from lilya.middleware.httpsredirect import HTTPSRedirectMiddleware
from lilya.middleware.trustedhost import ENFORCE_DOMAIN_WILDCARD, TrustedHostMiddleware
from lilya.middleware.trustedreferrer import TrustedReferrerMiddleware
from tests.conftest import TestClientFactory
from tests.middleware._apps import Recorder, echo_scope, http_scope, starlette_app


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("example.com", 200),
        ("EXAMPLE.com:8000", 200),
        ("a.example.org", 200),
        ("example.org", 400),
        ("evil.com", 400),
        ("example.com.evil.com", 400),
        ("evil.com/example.com", 400),
        ("", 400),
    ],
)
def test_trusted_host(test_client_factory: TestClientFactory, host: str, status: int) -> None:
    app = TrustedHostMiddleware(echo_scope, allowed_hosts=["example.com", "*.example.org"])
    response = test_client_factory(app).get("/", headers={"host": host})
    assert response.status_code == status
    if status == 400:
        assert response.text == "Invalid host header"
    else:
        assert "'host_is_trusted': True" in response.text


@pytest.mark.anyio
async def test_missing_host_header_raw() -> None:
    rec = Recorder()
    await TrustedHostMiddleware(echo_scope, allowed_hosts=["example.com"])(http_scope(), rec.receive, rec.send)
    assert rec.status == 400


@pytest.mark.anyio
async def test_websocket_with_bad_host_is_closed() -> None:
    rec = Recorder()
    scope = {"type": "websocket", "path": "/", "headers": [(b"host", b"evil.com")]}
    await TrustedHostMiddleware(echo_scope, allowed_hosts=["example.com"])(scope, rec.receive, rec.send)
    assert rec.sent == [{"type": "websocket.close", "code": 1008, "reason": "Invalid host header"}]


def test_www_redirect_keeps_path(test_client_factory: TestClientFactory) -> None:
    app = TrustedHostMiddleware(echo_scope, allowed_hosts=["www.example.com"])
    response = test_client_factory(app, follow_redirects=False).get("/a%20b?q=1", headers={"host": "example.com"})
    assert response.status_code == 303
    assert response.headers["location"] == "http://www.example.com/a%20b?q=1"


def test_non_blocking_flags_untrusted(test_client_factory: TestClientFactory) -> None:
    app = TrustedHostMiddleware(echo_scope, allowed_hosts=["example.com"], block_untrusted_hosts=False)
    response = test_client_factory(app).get("/", headers={"host": "evil.com"})
    assert response.status_code == 200
    assert "'host_is_trusted': False" in response.text


def test_bad_wildcard_is_a_startup_error() -> None:
    with pytest.raises(AssertionError, match="example.com"):
        TrustedHostMiddleware(echo_scope, allowed_hosts=["ex*.com"])
    assert "*.example.com" in ENFORCE_DOMAIN_WILDCARD


def test_trusted_host_inside_starlette(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(TrustedHostMiddleware(starlette_app(), allowed_hosts=["testserver"]))
    assert client.get("/").text == "home"
    assert client.get("/", headers={"host": "evil.com"}).status_code == 400


@pytest.mark.parametrize(
    ("referrer", "trusted"),
    [
        ("http://a.com/x", True),
        ("https://x.b.com/", True),
        ("http://testserver/page", True),
        ("http://evil.com", False),
        ("http://[bad", False),
        (None, False),
    ],
)
def test_trusted_referrer(test_client_factory: TestClientFactory, referrer: str | None, trusted: bool) -> None:
    app = TrustedReferrerMiddleware(echo_scope, allowed_referrers=["a.com", "*.b.com"])
    response = test_client_factory(app).get("/", headers={"referer": referrer} if referrer else {})
    assert response.status_code == 200
    assert f"'referrer_is_trusted': {trusted}" in response.text


def test_blocking_referrer(test_client_factory: TestClientFactory) -> None:
    app = TrustedReferrerMiddleware(
        starlette_app(), allowed_referrers=["a.com"], block_untrusted_referrers=True, allow_same_origin=False
    )
    client = test_client_factory(app)
    assert client.get("/", headers={"referer": "http://a.com/"}).text == "home"
    blocked = client.get("/", headers={"referer": "http://testserver/"})
    assert blocked.status_code == 400
    assert blocked.text == "Invalid referrer"


@pytest.mark.parametrize(
    ("host", "location"),
    [
        ("example.com", "https://example.com/a/b%2F?x=1"),
        ("example.com:80", "https://example.com/a/b%2F?x=1"),
        ("example.com:8080", "https://example.com:8080/a/b%2F?x=1"),
        ("evil.com/x", "https://testserver/a/b%2F?x=1"),
        ("a@evil.com", "https://testserver/a/b%2F?x=1"),
    ],
)
def test_https_redirect(test_client_factory: TestClientFactory, host: str, location: str) -> None:
    client = test_client_factory(HTTPSRedirectMiddleware(echo_scope), follow_redirects=False)
    response = client.post("/a/b%2F?x=1", headers={"host": host})
    assert response.status_code == 307
    assert response.headers["location"] == location


@pytest.mark.anyio
async def test_https_redirect_double_slash_path_stays_a_path() -> None:
    rec = Recorder()
    scope = http_scope("//evil.com/x", headers=[(b"host", b"example.com")])
    await HTTPSRedirectMiddleware(echo_scope)(scope, rec.receive, rec.send)
    assert rec.header(b"location") == b"https://example.com//evil.com/x"


@pytest.mark.anyio
async def test_https_redirect_without_any_host_is_400() -> None:
    rec = Recorder()
    scope = http_scope(server=None)
    await HTTPSRedirectMiddleware(echo_scope)(scope, rec.receive, rec.send)
    assert rec.status == 400


@pytest.mark.anyio
async def test_websocket_redirected_to_wss() -> None:
    rec = Recorder()
    scope = http_scope("/ws", headers=[(b"host", b"example.com")], type="websocket", scheme="ws")
    await HTTPSRedirectMiddleware(echo_scope)(scope, rec.receive, rec.send)
    assert rec.header(b"location") == b"wss://example.com/ws"


def test_https_passes_through_and_in_starlette(test_client_factory: TestClientFactory) -> None:
    app = HTTPSRedirectMiddleware(starlette_app())
    assert test_client_factory(app, base_url="https://testserver").get("/").text == "home"
    response = test_client_factory(app, follow_redirects=False).get("/")
    assert response.headers["location"] == "https://testserver/"
