"""CORSMiddleware: exact origins, safe credentials, preflights, errors, Starlette."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from lilya.exception_handling import ERROR_HEADERS_SCOPE_KEY, add_error_headers, error_headers_send
from lilya.middleware.cors import CORSMiddleware
from lilya.responses import PlainText
from lilya.types import Message, Receive, Scope, Send
from tests.conftest import TestClientFactory

A = "https://a.example"


async def hello(scope: Scope, receive: Receive, send: Send) -> None:
    await PlainText("hi", headers={"vary": "Accept-Language"})(scope, receive, send)


def client(factory: TestClientFactory, **options: Any) -> Any:
    return factory(CORSMiddleware(hello, **options))


def test_allowed_origin_is_echoed_with_vary(test_client_factory: TestClientFactory) -> None:
    response = client(test_client_factory, allow_origins=[A]).get("/", headers={"origin": A})
    assert response.headers["access-control-allow-origin"] == A
    assert response.headers["vary"] == "Accept-Language, Origin"


def test_no_origin_passes_through(test_client_factory: TestClientFactory) -> None:
    response = client(test_client_factory, allow_origins=[A]).get("/")
    assert "access-control-allow-origin" not in response.headers


@pytest.mark.parametrize(
    "origin",
    [
        "null",
        "https://a.example.evil.com",
        "https://evil.com/https://a.example",
        "https://A.example ",
        "http://a.example",
        "",
    ],
)
def test_look_alikes_and_null_rejected(test_client_factory: TestClientFactory, origin: str) -> None:
    c = client(test_client_factory, allow_origins=[A, "null"], allow_origin_regex=r"https://[a-z]+\.example")
    response = c.get("/", headers={"origin": origin})
    assert "access-control-allow-origin" not in response.headers
    preflight = c.options("/", headers={"origin": origin, "access-control-request-method": "GET"})
    assert preflight.status_code == 400
    assert not [h for h in preflight.headers if h.startswith("access-control-allow")]


def test_regex_is_a_full_match(test_client_factory: TestClientFactory) -> None:
    c = client(test_client_factory, allow_origin_regex=r"https://[a-z]+\.example")
    assert (
        c.get("/", headers={"origin": "https://b.example"}).headers["access-control-allow-origin"]
        == "https://b.example"
    )
    assert "access-control-allow-origin" not in c.get("/", headers={"origin": "https://b.example.com"}).headers


def test_wildcard_without_credentials(test_client_factory: TestClientFactory) -> None:
    c = client(test_client_factory, allow_origins=["*"])
    response = c.get("/", headers={"origin": "https://x.example"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in response.headers


def test_wildcard_never_sent_with_credentials(test_client_factory: TestClientFactory) -> None:
    c = client(test_client_factory, allow_origins=["*", A], allow_credentials=True)
    other = c.get("/", headers={"origin": "https://x.example"})
    assert other.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in other.headers
    named = c.get("/", headers={"origin": A})
    assert named.headers["access-control-allow-origin"] == A
    assert named.headers["access-control-allow-credentials"] == "true"
    pre = c.options("/", headers={"origin": "https://x.example", "access-control-request-method": "GET"})
    assert pre.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in pre.headers


def test_preflight_allowed(test_client_factory: TestClientFactory) -> None:
    c = client(
        test_client_factory, allow_origins=[A], allow_methods=["GET", "POST"], allow_headers=["X-Token"], max_age=33
    )
    response = c.options(
        "/",
        headers={
            "origin": A,
            "access-control-request-method": "POST",
            "access-control-request-headers": "x-token, content-type",
        },
    )
    assert response.status_code == 200
    assert response.text == "OK"
    assert response.headers["access-control-allow-origin"] == A
    assert response.headers["access-control-allow-methods"] == "GET, POST"
    assert response.headers["access-control-max-age"] == "33"
    assert "X-Token" in response.headers["access-control-allow-headers"]


def test_preflight_disallowed_method_and_headers(test_client_factory: TestClientFactory) -> None:
    c = client(test_client_factory, allow_origins=[A])
    response = c.options(
        "/", headers={"origin": A, "access-control-request-method": "PUT", "access-control-request-headers": "x-evil"}
    )
    assert response.status_code == 400
    assert response.text == "Disallowed CORS method, headers"
    assert not [h for h in response.headers if h.startswith("access-control-")]


def test_allow_all_headers_echoes_request(test_client_factory: TestClientFactory) -> None:
    c = client(test_client_factory, allow_origins=[A], allow_headers=["*"], allow_methods=["*"])
    response = c.options(
        "/", headers={"origin": A, "access-control-request-method": "QUERY", "access-control-request-headers": "X-Any"}
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-headers"] == "X-Any"


def test_private_network(test_client_factory: TestClientFactory) -> None:
    headers = {"origin": A, "access-control-request-method": "GET", "access-control-request-private-network": "true"}
    allowed = client(test_client_factory, allow_origins=[A], allow_private_networks=True).options("/", headers=headers)
    assert allowed.headers["access-control-allow-private-network"] == "true"
    refused = client(test_client_factory, allow_origins=[A]).options("/", headers=headers)
    assert refused.status_code == 400


def test_expose_headers_and_credentials(test_client_factory: TestClientFactory) -> None:
    c = client(test_client_factory, allow_origins=[A], expose_headers=["X-A"], allow_credentials=True)
    response = c.get("/", headers={"origin": A})
    assert response.headers["access-control-expose-headers"] == "X-A"
    assert response.headers["access-control-allow-credentials"] == "true"


def test_error_response_through_cors_keeps_headers(test_client_factory: TestClientFactory) -> None:
    async def failing(scope: Scope, receive: Receive, send: Send) -> None:
        await PlainText("Internal Server Error", status_code=500)(scope, receive, send)

    response = test_client_factory(CORSMiddleware(failing, allow_origins=[A])).get("/", headers={"origin": A})
    assert response.status_code == 500
    assert response.headers["access-control-allow-origin"] == A


def test_cors_headers_left_in_scope_for_server_error_layer(test_client_factory: TestClientFactory) -> None:
    seen: dict[str, Any] = {}

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.update(scope)
        await hello(scope, receive, send)

    test_client_factory(CORSMiddleware(app, allow_origins=[A])).get("/", headers={"origin": A})
    error_headers = seen[ERROR_HEADERS_SCOPE_KEY]
    assert (b"access-control-allow-origin", A.encode()) in error_headers
    assert (b"vary", b"Origin") in error_headers  # the origin was echoed, so caches must vary on it


@pytest.mark.anyio
async def test_error_headers_hook_is_generic() -> None:
    """Any layer can ask for headers on an error answered outside it; present ones are kept."""
    scope: dict[str, Any] = {"type": "http"}
    add_error_headers(scope, [(b"x-trace", b"1")])
    add_error_headers(scope, [(b"x-region", b"eu"), (b"content-type", b"text/html")])
    sent: list[Message] = []

    async def collect(message: Message) -> None:
        sent.append(message)

    send = error_headers_send(scope, collect)
    await send({"type": "http.response.start", "status": 500, "headers": [(b"content-type", b"text/plain")]})
    assert sent[0]["headers"] == [(b"content-type", b"text/plain"), (b"x-trace", b"1"), (b"x-region", b"eu")]
    assert error_headers_send({"type": "http"}, collect) is collect


@pytest.mark.anyio
async def test_raw_latin1_origin_and_websocket_passthrough() -> None:
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def send(message: Message) -> None:
        sent.append(message)

    mw = CORSMiddleware(hello, allow_origins=[A])
    scope = {"type": "http", "method": "GET", "path": "/", "headers": [(b"origin", b"https://\xff\xfe")]}
    await mw(scope, receive, send)
    assert sent[0]["status"] == 200
    assert all(k != b"access-control-allow-origin" for k, _ in sent[0]["headers"])

    called: list[str] = []

    async def ws_app(scope: Scope, receive: Receive, send: Send) -> None:
        called.append(scope["type"])

    await CORSMiddleware(ws_app, allow_origins=[A])(
        {"type": "websocket", "headers": [(b"origin", b"x")]}, receive, send
    )
    assert called == ["websocket"]


def test_inside_starlette(test_client_factory: TestClientFactory) -> None:
    async def home(request: Any) -> PlainTextResponse:
        return PlainTextResponse("home")

    app = CORSMiddleware(Starlette(routes=[Route("/", home)]), allow_origins=[A])
    response = test_client_factory(app).get("/", headers={"origin": A})
    assert response.text == "home"
    assert response.headers["access-control-allow-origin"] == A


@pytest.mark.anyio
async def test_raw_crlf_in_origin_or_requested_headers_never_echoed() -> None:
    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    for options, headers in (
        ({"allow_origin_regex": r"https://.*\.example"}, [(b"origin", b"https://a\rset-cookie: x.example")]),
        ({"allow_origins": ["*"]}, [(b"origin", b"https://a.example\r\nx: y"), (b"cookie", b"a=b")]),
        (
            {"allow_origins": [A], "allow_headers": ["*"]},
            [
                (b"origin", A.encode()),
                (b"access-control-request-method", b"GET"),
                (b"access-control-request-headers", b"x\r\nset-cookie: a"),
            ],
        ),
    ):
        sent: list[Message] = []

        async def send(message: Message) -> None:
            sent.append(message)

        method = "OPTIONS" if any(k == b"access-control-request-method" for k, _ in headers) else "GET"
        scope = {"type": "http", "method": method, "path": "/", "headers": headers}
        await CORSMiddleware(hello, **options)(scope, receive, send)
        assert sent[0]["status"] in (200, 400)
        assert all(b"\r" not in value and b"\n" not in value for _, value in sent[0]["headers"])
        assert all(key != b"access-control-allow-origin" or value == b"*" for key, value in sent[0]["headers"])
