"""Odds and ends of SECURITY.md: symlinks out of a static directory, lifespan failures reported,
a failing 500 handler, the WSGI bridge's limits, and the same protections through the TestClient."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path as FSPath
from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.middleware import DefineMiddleware
from lilya.middleware.cors import CORSMiddleware
from lilya.middleware.wsgi import WSGIMiddleware
from lilya.requests import Request
from lilya.routing import Include, Path
from lilya.staticfiles import StaticFiles
from lilya.types import Message

from ..conftest import TestClientFactory
from ._raw import body_messages, call, http_scope

SECRET = "hunter2-password"


# -- static files: a symlink is not a way out (unless follow_symlink=True) ----------------------
@pytest.mark.anyio
async def test_symlinks_out_of_the_directory_are_404(tmp_path: FSPath) -> None:
    root = tmp_path / "static"
    root.mkdir()
    (tmp_path / "outside.txt").write_text(SECRET)
    (tmp_path / "secret-dir").mkdir()
    (tmp_path / "secret-dir" / "s.txt").write_text(SECRET)
    (root / "link").symlink_to(tmp_path / "outside.txt")
    (root / "dirlink").symlink_to(tmp_path / "secret-dir")
    app = Lilya(routes=[Include("/s", app=StaticFiles(directory=root))])
    for path in ("/s/link", "/s/dirlink/s.txt"):
        result = await call(app, http_scope(path))
        assert result.status == 404
        assert SECRET.encode() not in result.body


# -- lifespan -----------------------------------------------------------------------------------
def failing_startup() -> None:
    raise RuntimeError(SECRET)


@pytest.mark.anyio
async def test_lifespan_startup_failure_is_reported() -> None:
    app = Lilya(on_startup=[failing_startup])
    incoming: list[Message] = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent: list[Message] = []

    async def receive() -> Message:
        return incoming.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)

    try:
        await app({"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}, receive, send)
    except RuntimeError:
        pass  # the server may get it too; what matters is the failed message
    assert [m["type"] for m in sent] == ["lifespan.startup.failed"]


# -- a 500 handler that fails itself ------------------------------------------------------------
async def boom(request: Request) -> None:
    raise ValueError(SECRET)


def broken_handler(request: Request, exc: Exception) -> None:
    raise KeyError("handler " + SECRET)


@pytest.mark.anyio
@pytest.mark.parametrize("key", [500, ValueError, Exception])
async def test_a_failing_error_handler_still_gives_a_generic_500(key: Any) -> None:
    app = Lilya(routes=[Path("/", boom)], exception_handlers={key: broken_handler})
    result = await call(app, http_scope("/"))
    assert result.status == 500
    assert result.body == b"Internal Server Error"
    assert result.error is not None


# -- WSGI bridge --------------------------------------------------------------------------------
def wsgi_echo(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    body = environ["wsgi.input"].read()
    start_response("200 OK", [("Content-Type", "text/plain")])
    user = environ.get("HTTP_X_USER", "-")
    return [f"{len(body)} {user}".encode()]


@pytest.mark.anyio
async def test_wsgi_body_limit_and_underscore_headers() -> None:
    app = Lilya(routes=[Include("/w", app=WSGIMiddleware(wsgi_echo))], max_body_size=1000)
    big = await call(app, http_scope("/w/", method="POST"), body_messages(b"x" * 2000, chunk=100))
    assert big.status == 413
    spoof = await call(app, http_scope("/w/", method="POST", headers=[(b"x_user", b"admin")]), body_messages(b"ab"))
    assert spoof.status == 200
    assert spoof.body == b"2 -"


# -- the same through the TestClient (asyncio and trio) -------------------------------------------
async def parse_json(request: Request) -> Any:
    return await request.json()


async def parse_form(request: Request) -> Any:
    return dict(await request.form())


client_app = Lilya(
    routes=[
        Path("/json", parse_json, methods=["POST"]),
        Path("/form", parse_form, methods=["POST"]),
        Path("/items/{n:int}", parse_json),
        Path("/boom", boom),
    ],
    middleware=[DefineMiddleware(CORSMiddleware, allow_origins=["https://good.com"])],
    max_body_size=10_000,
)


def test_through_the_test_client(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(client_app, raise_server_exceptions=False)
    assert client.post("/json", content=b"{bad").status_code == 400
    assert client.post("/json", content=b"[" * 100_000).status_code == 413
    assert client.post("/json", content=b"[" * 5000).status_code == 400
    assert client.post("/form", data={f"f{i}": "v" for i in range(1001)}).status_code == 400
    assert client.get("/items/" + "9" * 5000).status_code == 404
    response = client.put("/json")
    assert response.status_code == 405 and response.headers["allow"] == "POST"
    response = client.get("/boom", headers={"origin": "https://good.com"})
    assert response.status_code == 500
    assert response.text == "Internal Server Error"
    assert response.headers["access-control-allow-origin"] == "https://good.com"
