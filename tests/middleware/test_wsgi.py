"""WSGIMiddleware: environ, streaming, body limit, exceptions, inside Starlette."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.routing import Mount

from lilya.exceptions import HTTPException
from lilya.middleware.wsgi import WSGIMiddleware, build_environ
from tests.conftest import TestClientFactory
from tests.middleware._apps import Recorder, http_scope

Environ = dict[str, Any]


def hello(environ: Environ, start_response: Callable[..., Any]) -> Iterable[bytes]:
    body = environ["wsgi.input"].read()
    target = f"{environ['SCRIPT_NAME']}|{environ['PATH_INFO']}?{environ['QUERY_STRING']}"
    text = f"{environ['REQUEST_METHOD']} {target} {body.decode()}"
    start_response("200 OK", [("Content-Type", "text/plain"), ("X-Len", environ["CONTENT_LENGTH"])])
    return [text.encode()]


def streaming(environ: Environ, start_response: Callable[..., Any]) -> Iterable[bytes]:
    write = start_response("200 OK", [("Content-Type", "text/plain")])
    write(b"legacy-")
    yield b"a"
    yield b""
    yield b"b"


def failing(environ: Environ, start_response: Callable[..., Any]) -> Iterable[bytes]:
    raise RuntimeError("wsgi boom")


def recovering(environ: Environ, start_response: Callable[..., Any]) -> Iterable[bytes]:
    try:
        raise RuntimeError("inner")
    except RuntimeError:
        start_response("500 Internal Server Error", [("Content-Type", "text/plain")], sys.exc_info())
    return [b"recovered"]


def test_basic_request(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(WSGIMiddleware(hello))
    response = client.post("/p/caf%C3%A9?x=1", content=b"body")
    assert response.status_code == 200
    assert response.text == "POST |/p/caf\u00c3\u00a9?x=1 body"  # PEP 3333: latin-1 view of the UTF-8 bytes
    assert response.headers["x-len"] == "4"


def test_streaming_and_write_callable(test_client_factory: TestClientFactory) -> None:
    assert test_client_factory(WSGIMiddleware(streaming)).get("/").text == "legacy-ab"


def test_exception_propagates_or_redirects(test_client_factory: TestClientFactory) -> None:
    with pytest.raises(RuntimeError):
        test_client_factory(WSGIMiddleware(failing)).get("/")
    with pytest.raises(HTTPException) as info:
        test_client_factory(WSGIMiddleware(failing, redirect_exceptions=True)).get("/")
    assert info.value.status_code == 500


def test_exc_info_before_start(test_client_factory: TestClientFactory) -> None:
    response = test_client_factory(WSGIMiddleware(recovering)).get("/")
    assert (response.status_code, response.text) == (500, "recovered")


def test_dotted_path() -> None:
    assert WSGIMiddleware("tests.middleware.test_wsgi.hello").app is hello
    with pytest.raises(ValueError):
        WSGIMiddleware(hello, workers=0)


@pytest.mark.anyio
async def test_body_over_limit_is_413() -> None:
    rec = Recorder(*({"type": "http.request", "body": b"x" * 600, "more_body": True} for _ in range(2)))
    scope = http_scope(method="POST")
    scope["lilya.max_body_size"] = 1000
    await WSGIMiddleware(hello)(scope, rec.receive, rec.send)
    assert rec.status == 413


@pytest.mark.anyio
async def test_disconnect_before_body_sends_nothing() -> None:
    rec = Recorder({"type": "http.disconnect"})
    await WSGIMiddleware(hello)(http_scope(method="POST"), rec.receive, rec.send)
    assert rec.sent == []


@pytest.mark.anyio
async def test_lifespan_and_websocket() -> None:
    rec = Recorder({"type": "lifespan.startup"}, {"type": "lifespan.shutdown"})
    app = WSGIMiddleware(hello)
    await app({"type": "lifespan"}, rec.receive, rec.send)
    assert [m["type"] for m in rec.sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
    ws = Recorder()
    await app({"type": "websocket", "path": "/", "headers": []}, ws.receive, ws.send)
    assert ws.sent[0]["type"] == "websocket.close"


def test_environ_headers_and_underscore_spoofing() -> None:
    scope = http_scope(
        "/x",
        headers=[
            (b"x-user", b"alice"),
            (b"x_user", b"mallory"),
            (b"accept", b"a"),
            (b"accept", b"b"),
            (b"content-type", b"text/plain"),
        ],
        root_path="",
        client=("1.2.3.4", 5),
    )
    environ = build_environ(scope, None, 0)  # type: ignore[arg-type]
    assert environ["HTTP_X_USER"] == "alice"
    assert environ["HTTP_ACCEPT"] == "a,b"
    assert environ["CONTENT_TYPE"] == "text/plain"
    assert environ["REMOTE_ADDR"] == "1.2.3.4"


def test_mounted_in_starlette(test_client_factory: TestClientFactory) -> None:
    app = Starlette(routes=[Mount("/wsgi", app=WSGIMiddleware(hello))])
    response = test_client_factory(app).get("/wsgi/page")
    assert response.text == "GET /wsgi|/page? "
