"""Mounting: decorators, add_route, include, host, child apps, Starlette, bare ASGI and WSGI apps."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from lilya.apps import ChildLilya, Lilya
from lilya.requests import Request
from lilya.routing import Path
from lilya.types import Receive, Scope, Send
from lilya.websockets import WebSocket
from tests.conftest import TestClientFactory


async def hello() -> str:
    return "hello"


def test_verb_decorators_and_route(test_client_factory: TestClientFactory) -> None:
    app = Lilya()

    @app.get("/thing", name="thing")
    async def read() -> dict[str, str]:
        return {"op": "read"}

    @app.post("/thing")
    async def create() -> dict[str, str]:
        return {"op": "create"}

    @app.route("/multi", methods=["PUT", "PATCH"])
    async def multi(request: Request) -> dict[str, str]:
        return {"method": request.method}

    for verb in ("put", "patch", "delete", "options", "trace", "head", "query"):
        assert callable(getattr(app, verb))

    client = test_client_factory(app)
    assert client.get("/thing").json() == {"op": "read"}
    assert client.post("/thing").json() == {"op": "create"}
    assert client.patch("/multi").json() == {"method": "PATCH"}
    assert client.delete("/multi").status_code == 405
    assert app.path_for("thing") == "/thing"


def test_add_route_and_websocket(test_client_factory: TestClientFactory) -> None:
    app = Lilya()
    app.add_route("/hello", hello, name="hello")

    async def echo(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.send_text("echo: " + await websocket.receive_text())
        await websocket.close()

    app.add_websocket_route("/ws", echo)

    @app.websocket("/ws2")
    async def echo2(websocket: WebSocket) -> None:
        await echo(websocket)

    client = test_client_factory(app)
    assert client.get("/hello").json() == "hello"
    for path in ("/ws", "/ws2"):
        with client.websocket_connect(path) as ws:
            ws.send_text("hi")
            assert ws.receive_text() == "echo: hi"
    assert len(app.routes) == 3


def test_include_child_and_host(test_client_factory: TestClientFactory) -> None:
    child = ChildLilya(routes=[Path("/hello", hello, name="hello")])
    other = ChildLilya(routes=[Path("/", hello)])
    app = Lilya()
    app.add_child_lilya("/child", child, name="child")
    app.include("/inc", ChildLilya(routes=[Path("/x", hello)]))
    app.host("api.example.com", other, name="api")
    client = test_client_factory(app)
    assert client.get("/child/hello").json() == "hello"
    assert client.get("/inc/x").status_code == 200
    assert client.get("/", headers={"host": "api.example.com"}).json() == "hello"
    assert app.path_for("child:hello") == "/child/hello"


def test_add_child_lilya_refuses_plain_asgi() -> None:
    async def bare(scope: Scope, receive: Receive, send: Send) -> None:  # pragma: no cover - never called
        pass

    try:
        Lilya().add_child_lilya("/x", bare)  # type: ignore[arg-type]
    except ValueError as exc:
        assert "ChildLilya" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("expected ValueError")


def test_add_asgi_app_mounts_starlette_bare_asgi_and_wsgi(test_client_factory: TestClientFactory) -> None:
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    from lilya.middleware.wsgi import WSGIMiddleware

    async def star(request: Any) -> PlainTextResponse:
        return PlainTextResponse(f"starlette {request.url.path}")

    async def bare(scope: Scope, receive: Receive, send: Send) -> None:
        body = f"bare root_path={scope.get('root_path')} path={scope['path']}".encode()
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": body})

    def wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [f"wsgi {environ['PATH_INFO']}".encode()]

    app = Lilya()
    app.add_asgi_app("/star", Starlette(routes=[Route("/page", star)]))
    app.add_asgi_app("/bare", bare)
    app.add_asgi_app("/wsgi", WSGIMiddleware(wsgi))
    client = test_client_factory(app)
    assert client.get("/star/page").text == "starlette /star/page"
    assert client.get("/bare/x").text.startswith("bare root_path=/bare")
    assert client.get("/wsgi/y").text == "wsgi /y"
