"""ServerErrorMiddleware, ExceptionMiddleware and LilyaExceptionMiddleware."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest
from lilya.exceptions import HTTPException, NotFound, WebSocketException
from lilya.middleware.cors import CORSMiddleware
from lilya.middleware.exceptions import ExceptionMiddleware
from lilya.middleware.lilya_exception import Content, LilyaExceptionMiddleware
from lilya.middleware.server_error import ServerErrorMiddleware
from lilya.requests import Request
from lilya.responses import PlainText, Response
from lilya.types import Receive, Scope, Send
from tests.conftest import TestClientFactory
from tests.middleware._apps import Recorder, starlette_app
from tests._servers import running_server

SECRET = "db password <b>hunter2</b>"


async def boom(scope: Scope, receive: Receive, send: Send) -> None:
    raise ValueError(SECRET)


def raising(exc: Exception) -> Any:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        raise exc

    return app


def test_generic_500_without_debug(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(ServerErrorMiddleware(boom), raise_server_exceptions=False)
    response = client.get("/", headers={"accept": "text/html"})
    assert response.status_code == 500
    assert response.text == "Internal Server Error"
    assert response.headers["content-type"] == "text/plain; charset=utf-8"


def test_exception_is_reraised(test_client_factory: TestClientFactory) -> None:
    with pytest.raises(ValueError):
        test_client_factory(ServerErrorMiddleware(boom)).get("/")


def test_debug_html_is_escaped(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(ServerErrorMiddleware(boom, debug=True), raise_server_exceptions=False)
    response = client.get("/", headers={"accept": "text/html"})
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("text/html")
    assert "<b>hunter2</b>" not in response.text
    assert "&lt;b&gt;hunter2&lt;/b&gt;" in response.text
    assert "raise ValueError(SECRET)" in response.text


def test_debug_plain_text_traceback(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(ServerErrorMiddleware(boom, debug=True), raise_server_exceptions=False)
    response = client.get("/")
    assert response.text.startswith("Traceback (most recent call last):")
    assert f"ValueError: {SECRET}" in response.text


def test_custom_handler_sync_and_async(test_client_factory: TestClientFactory) -> None:
    def sync_handler(request: Request, exc: Exception) -> Response:
        return PlainText("sync custom", status_code=500)

    async def async_handler(request: Request, exc: Exception) -> Response:
        return PlainText("async custom", status_code=503)

    for handler, text, status in ((sync_handler, "sync custom", 500), (async_handler, "async custom", 503)):
        client = test_client_factory(ServerErrorMiddleware(boom, handler=handler), raise_server_exceptions=False)
        response = client.get("/")
        assert (response.status_code, response.text) == (status, text)


def test_500_carries_cors_headers(test_client_factory: TestClientFactory) -> None:
    app = ServerErrorMiddleware(CORSMiddleware(boom, allow_origins=["https://a.example"]))
    response = test_client_factory(app, raise_server_exceptions=False).get("/", headers={"origin": "https://a.example"})
    assert response.status_code == 500
    assert response.headers["access-control-allow-origin"] == "https://a.example"
    assert response.headers["vary"] == "Origin"


@pytest.mark.anyio
async def test_no_second_response_after_start() -> None:
    async def half(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        raise RuntimeError("late")

    rec = Recorder()
    with pytest.raises(RuntimeError):
        await ServerErrorMiddleware(half)(
            {"type": "http", "method": "GET", "path": "/", "headers": []}, rec.receive, rec.send
        )
    assert [m["type"] for m in rec.sent] == ["http.response.start"]


def test_under_uvicorn_generic_body_and_one_logged_traceback(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR)
    with running_server(ServerErrorMiddleware(boom)) as url:
        response = httpx.get(url + "/")
    assert response.status_code == 500
    assert response.text == "Internal Server Error"
    tracebacks = [r for r in caplog.records if r.exc_info and isinstance(r.exc_info[1], ValueError)]
    assert len(tracebacks) == 1
    assert SECRET not in response.text


def test_server_error_inside_starlette(test_client_factory: TestClientFactory) -> None:
    app = starlette_app("home", (ServerErrorMiddleware, {"debug": True}), error=ValueError(SECRET))
    response = test_client_factory(app, raise_server_exceptions=False).get("/fail")
    assert response.status_code == 500
    assert response.text.startswith(
        "Traceback"
    )  # ours (Starlette's own page would be HTML-less "Internal Server Error")


def test_exception_middleware_defaults(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(ExceptionMiddleware(raising(NotFound())))
    response = client.get("/")
    assert (response.status_code, response.text) == (404, "The resource cannot be found.")
    teapot = test_client_factory(
        ExceptionMiddleware(raising(HTTPException(status_code=418, detail="tea", headers={"x": "y"})))
    ).get("/")
    assert (teapot.status_code, teapot.text, teapot.headers["x"]) == (418, "tea", "y")


def test_exception_middleware_custom_handlers(test_client_factory: TestClientFactory) -> None:
    async def on_value(request: Request, exc: Exception) -> Response:
        return PlainText("handled value", status_code=400)

    def on_404(request: Request, exc: Exception) -> Response:
        return PlainText("custom 404", status_code=404)

    middleware = ExceptionMiddleware(raising(ValueError("v")), handlers={ValueError: on_value})
    assert test_client_factory(middleware).get("/").text == "handled value"
    middleware = ExceptionMiddleware(raising(NotFound()))
    middleware.add_exception_handler(404, on_404)
    assert test_client_factory(middleware).get("/").text == "custom 404"


def test_exception_middleware_unhandled_propagates(test_client_factory: TestClientFactory) -> None:
    with pytest.raises(ValueError):
        test_client_factory(ExceptionMiddleware(boom)).get("/")


@pytest.mark.anyio
async def test_exception_middleware_websocket_exception_closes() -> None:
    rec = Recorder({"type": "websocket.connect"})
    app = ExceptionMiddleware(raising(WebSocketException(code=4001, reason="nope")))
    await app({"type": "websocket", "path": "/", "headers": []}, rec.receive, rec.send)
    assert rec.sent[-1]["type"] == "websocket.close"
    assert rec.sent[-1]["code"] == 4001


def test_exception_middleware_inside_starlette(test_client_factory: TestClientFactory) -> None:
    app = starlette_app("home", (ExceptionMiddleware, {}), error=HTTPException(status_code=409, detail="conflict"))
    response = test_client_factory(app).get("/fail")
    assert (response.status_code, response.text) == (409, "conflict")


def test_lilya_exception_json(test_client_factory: TestClientFactory, caplog: pytest.LogCaptureFixture) -> None:
    teapot = test_client_factory(
        LilyaExceptionMiddleware(raising(HTTPException(status_code=418, detail="tea", headers={"x": "y"})))
    ).get("/")
    assert teapot.status_code == 418
    assert teapot.json() == {"status_code": 418, "detail": "tea"}
    assert teapot.headers["x"] == "y"
    with caplog.at_level(logging.ERROR):
        hidden = test_client_factory(LilyaExceptionMiddleware(boom)).get("/")
    assert hidden.json() == {"status_code": 500, "detail": "Internal Server Error"}
    assert SECRET not in hidden.text
    assert len([r for r in caplog.records if r.exc_info]) == 1


def test_lilya_exception_handlers_and_starlette(test_client_factory: TestClientFactory) -> None:
    def on_value(request: Request, exc: Exception) -> Response:
        return PlainText("custom", status_code=422)

    response = test_client_factory(LilyaExceptionMiddleware(boom, handlers={ValueError: on_value})).get("/")
    assert (response.status_code, response.text) == (422, "custom")

    app = starlette_app("home", (LilyaExceptionMiddleware, {}), error=NotFound())
    response = test_client_factory(app).get("/fail")
    assert response.json() == {"status_code": 404, "detail": "The resource cannot be found."}


def test_content_dict() -> None:
    content = Content(status_code=400, detail="x")
    assert content.dict() == {"status_code": 400, "detail": "x", "extra": None}
    assert content.dict(exclude_none=True, upper=True) == {"STATUS_CODE": 400, "DETAIL": "x"}


def test_lilya_app_errors_carry_cors_headers(test_client_factory: TestClientFactory) -> None:
    from lilya.apps import Lilya
    from lilya.middleware import DefineMiddleware
    from lilya.routing import Path

    def fail() -> None:
        raise ValueError(SECRET)

    def missing() -> None:
        raise NotFound()

    app = Lilya(
        routes=[Path("/boom", fail), Path("/nf", missing)],
        middleware=[DefineMiddleware(CORSMiddleware, allow_origins=["https://a.example"])],
    )
    client = test_client_factory(app, raise_server_exceptions=False)
    for path, status in (("/boom", 500), ("/nf", 404), ("/nowhere", 404)):
        response = client.get(path, headers={"origin": "https://a.example"})
        assert response.status_code == status
        assert response.headers["access-control-allow-origin"] == "https://a.example"
        assert SECRET not in response.text
