"""errors: an unhandled exception is a generic 500 (text only with debug=True), logged once with
its traceback, decorated by CORS; a started response is never silently completed."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import httpx
import pytest

from lilya.apps import Lilya
from lilya.background import Task
from lilya.middleware import DefineMiddleware
from lilya.middleware.cors import CORSMiddleware
from lilya.requests import Request
from lilya.responses import PlainText, Response, StreamingResponse
from lilya.routing import Path, Router

from tests._servers import running_server
from ._raw import call, http_scope

pytestmark = pytest.mark.anyio

SECRET = "secret-token-42"


async def boom(request: Request) -> None:
    raise ValueError(SECRET)


async def half(request: Request) -> Response:
    async def chunks() -> AsyncIterator[bytes]:
        yield b"first"
        raise ValueError(SECRET)

    return StreamingResponse(chunks())


def failing_task() -> None:
    raise RuntimeError("background " + SECRET)


async def with_task(request: Request) -> Response:
    return PlainText("sent", background=Task(failing_task))


async def fine(request: Request) -> dict[str, str]:
    return {"ok": "yes"}


ROUTES = [Path("/boom", boom), Path("/half", half), Path("/task", with_task), Path("/fine", fine)]
CORS = DefineMiddleware(CORSMiddleware, allow_origins=["https://good.com"], allow_credentials=True)
app = Lilya(routes=ROUTES, middleware=[CORS])
debug_app = Lilya(routes=ROUTES, debug=True)


async def test_unhandled_exception_is_a_generic_500() -> None:
    result = await call(app, http_scope("/boom"))
    assert result.status == 500
    assert result.body == b"Internal Server Error"
    assert result.headers["content-type"].startswith("text/plain")
    assert SECRET.encode() not in result.body
    assert isinstance(result.error, ValueError)  # handed on to the server, which logs it


@pytest.mark.parametrize("accept", [b"text/html", b"*/*"])
async def test_no_traceback_even_for_browsers(accept: bytes) -> None:
    result = await call(app, http_scope("/boom", headers=[(b"accept", accept)]))
    assert result.status == 500
    assert SECRET.encode() not in result.body
    assert b"Traceback" not in result.body


async def test_debug_shows_the_exception() -> None:
    result = await call(debug_app, http_scope("/boom"))
    assert result.status == 500
    assert SECRET.encode() in result.body


async def test_cors_headers_on_a_500() -> None:
    result = await call(app, http_scope("/boom", headers=[(b"origin", b"https://good.com")]))
    assert result.status == 500
    assert result.headers["access-control-allow-origin"] == "https://good.com"
    assert result.headers["access-control-allow-credentials"] == "true"


async def test_no_cors_headers_on_a_500_for_a_foreign_origin() -> None:
    result = await call(app, http_scope("/boom", headers=[(b"origin", b"https://evil.com")]))
    assert result.status == 500
    assert "access-control-allow-origin" not in result.headers


async def test_failure_mid_stream_is_not_silently_completed(caplog: pytest.LogCaptureFixture) -> None:
    result = await call(app, http_scope("/half"), [{"type": "http.request", "body": b"", "more_body": True}])
    assert [m.get("status") for m in result.messages if m["type"] == "http.response.start"] == [200]
    assert not result.complete  # no final body message pretending all went well: the server aborts
    assert SECRET.encode() not in result.body
    logged = [r for r in caplog.records if r.exc_info and SECRET in str(r.exc_info[1])]
    assert len(logged) + (result.error is not None) == 1  # reported exactly once


async def test_bare_router_never_leaks_the_exception() -> None:
    router = Router(routes=ROUTES)
    result = await call(router, http_scope("/boom"))
    assert SECRET.encode() not in result.body
    if result.messages:
        assert result.status == 500


def test_logged_once_with_traceback_under_uvicorn(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    with running_server(app) as base:
        with httpx.Client(base_url=base) as client:
            response = client.get("/boom", headers={"origin": "https://good.com"})
        assert response.status_code == 500
        assert response.text == "Internal Server Error"
        assert response.headers["access-control-allow-origin"] == "https://good.com"
        with httpx.Client(base_url=base) as client:  # uvicorn drops a connection whose app raised
            assert client.get("/fine").json() == {"ok": "yes"}  # the app keeps serving
    with_traceback = [r for r in caplog.records if r.exc_info and SECRET in str(r.exc_info[1])]
    assert len(with_traceback) == 1, [(r.name, r.getMessage()) for r in caplog.records]


def test_background_failure_logged_after_the_response(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    with running_server(app) as base:
        response = httpx.get(base + "/task")
        assert response.status_code == 200 and response.text == "sent"
        # The failure reached the server, which closes that connection after logging it; the
        # app keeps serving new ones (a reused keep-alive connection could race that close).
        assert httpx.get(base + "/fine").json() == {"ok": "yes"}
    records = [r for r in caplog.records if r.exc_info and "background " + SECRET in str(r.exc_info[1])]
    assert len(records) == 1


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("accept", [b"text/html", b"application/json", b"*/*"])
async def test_server_error_middleware_shows_text_only_with_debug(debug: bool, accept: bytes) -> None:
    from lilya.middleware.server_error import ServerErrorMiddleware

    wrapped = ServerErrorMiddleware(Router(routes=ROUTES), debug=debug)
    result = await call(wrapped, http_scope("/boom", headers=[(b"accept", accept)]))
    assert result.status == 500
    assert (SECRET.encode() in result.body) is debug
