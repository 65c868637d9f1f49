"""The stack: middleware, permissions, exception handlers, hooks, debug page, scope extras."""

from __future__ import annotations

from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.exceptions import HTTPException
from lilya.middleware import DefineMiddleware
from lilya.permissions.base import DefinePermission
from lilya.requests import Request
from lilya.responses import JSONResponse, PlainText
from lilya.routing import Path
from lilya.types import ASGIApp, Message, Receive, Scope, Send
from tests.conftest import TestClientFactory


class Tag:
    """Appends its name to the ``x-order`` header: shows the order layers run in."""

    def __init__(self, app: ASGIApp, name: str) -> None:
        self.app = app
        self.name = name

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope.setdefault("order", []).append(self.name)
        await self.app(scope, receive, send)


class Raising:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise KeyError("from middleware")


class CustomError(Exception):
    pass


class SubError(CustomError):
    pass


async def order(request: Request) -> dict[str, Any]:
    return {"order": request.scope.get("order", [])}


async def sub_error() -> None:
    raise SubError("sub")


async def boom() -> None:
    raise RuntimeError("boom")


async def teapot() -> None:
    raise HTTPException(status_code=418, detail="short and stout", headers={"x-tea": "yes"})


async def scope_view(request: Request) -> dict[str, Any]:
    return {"max": request.scope.get("lilya.max_body_size"), "root_path": request.scope.get("root_path")}


def test_middleware_order_and_add_middleware_is_outermost(test_client_factory: TestClientFactory) -> None:
    app = Lilya(
        routes=[Path("/order", order)],
        middleware=[DefineMiddleware(Tag, name="m1"), DefineMiddleware(Tag, name="m2")],
        permissions=[DefinePermission(Tag, name="p1")],
    )
    app.add_middleware(Tag, name="m0")
    app.add_permission(Tag, name="p0")
    assert test_client_factory(app).get("/order").json() == {"order": ["m0", "m1", "m2", "p0", "p1"]}


def test_stack_is_built_once_and_frozen_after_start(test_client_factory: TestClientFactory) -> None:
    app = Lilya(routes=[Path("/order", order)])
    client = test_client_factory(app)
    client.get("/order")
    stack = app.middleware_stack
    client.get("/order")
    assert app.middleware_stack is stack
    with pytest.raises(RuntimeError, match="once the application has started"):
        app.add_middleware(Tag, name="late")
    with pytest.raises(RuntimeError, match="once the application has started"):
        app.add_permission(Tag, name="late")


def test_exception_handlers_by_class_mro_and_status(test_client_factory: TestClientFactory) -> None:
    async def on_custom(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"class": type(exc).__name__}, status_code=422)

    def on_teapot(request: Request, exc: Exception) -> PlainText:  # sync handlers work too
        return PlainText("custom teapot", status_code=418)

    app = Lilya(
        routes=[Path("/sub", sub_error), Path("/teapot", teapot)],
        exception_handlers={CustomError: on_custom},
    )
    app.add_exception_handler(418, on_teapot)
    client = test_client_factory(app)
    response = client.get("/sub")
    assert (response.status_code, response.json()) == (422, {"class": "SubError"})
    assert client.get("/teapot").text == "custom teapot"


def test_http_exception_headers_are_kept(test_client_factory: TestClientFactory) -> None:
    response = test_client_factory(Lilya(routes=[Path("/teapot", teapot)])).get("/teapot")
    assert (response.status_code, response.text, response.headers["x-tea"]) == (418, "short and stout", "yes")


def test_handler_for_500_replaces_the_generic_page(test_client_factory: TestClientFactory) -> None:
    app = Lilya(
        routes=[Path("/boom", boom)],
        exception_handlers={500: lambda request, exc: JSONResponse({"oops": str(exc)}, status_code=500)},
    )
    response = test_client_factory(app, raise_server_exceptions=False).get("/boom")
    assert (response.status_code, response.json()) == (500, {"oops": "boom"})


def test_debug_page_shows_the_traceback_only_in_debug(test_client_factory: TestClientFactory) -> None:
    quiet = test_client_factory(Lilya(routes=[Path("/boom", boom)]), raise_server_exceptions=False)
    assert quiet.get("/boom", headers={"accept": "text/html"}).text == "Internal Server Error"

    loud = test_client_factory(Lilya(debug=True, routes=[Path("/boom", boom)]), raise_server_exceptions=False)
    page = loud.get("/boom", headers={"accept": "text/html"})
    assert page.status_code == 500
    assert page.headers["content-type"].startswith("text/html")
    assert "RuntimeError: boom" in page.text and "<b>boom</b>" in page.text  # the failing frame
    text = loud.get("/boom", headers={"accept": "text/plain"})
    assert text.headers["content-type"].startswith("text/plain") and "RuntimeError: boom" in text.text


def test_intercept_global_exceptions_covers_middleware(test_client_factory: TestClientFactory) -> None:
    handlers = {KeyError: lambda request, exc: PlainText("intercepted", status_code=409)}
    plain = Lilya(routes=[Path("/order", order)], middleware=[DefineMiddleware(Raising)], exception_handlers=handlers)
    assert test_client_factory(plain, raise_server_exceptions=False).get("/order").status_code == 500

    app = Lilya(
        routes=[Path("/order", order)],
        middleware=[DefineMiddleware(Raising)],
        exception_handlers=handlers,
        enable_intercept_global_exceptions=True,
    )
    response = test_client_factory(app).get("/order")
    assert (response.status_code, response.text) == (409, "intercepted")

    unhandled = Lilya(
        routes=[Path("/order", order)], middleware=[DefineMiddleware(Raising)], enable_intercept_global_exceptions=True
    )
    response = test_client_factory(unhandled).get("/order")
    assert response.status_code == 500
    assert response.json() == {"status_code": 500, "detail": "Internal Server Error"}  # never the exception text


class Refusing:
    """Middleware that refuses every request by raising an HTTPException (as CSRF does)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        from lilya.exceptions import NotAuthorized

        raise NotAuthorized(detail="go away")


def test_middleware_http_exception_is_answered_and_shown_to_the_test_client(
    test_client_factory: TestClientFactory,
) -> None:
    from lilya.exceptions import NotAuthorized

    app = Lilya(routes=[Path("/order", order)], middleware=[DefineMiddleware(Refusing)])
    with pytest.raises(NotAuthorized, match="go away"):
        test_client_factory(app).get("/order")
    response = test_client_factory(app, raise_server_exceptions=False).get("/order")
    assert (response.status_code, response.text) == (401, "go away")

    # Raised inside the app (not by its middleware), the app's own answer is all there is.
    async def refused() -> None:
        raise NotAuthorized(detail="not you")

    inside = Lilya(routes=[Path("/order", refused)], middleware=[DefineMiddleware(Tag, name="t")])
    assert test_client_factory(inside).get("/order").status_code == 401
    assert test_client_factory(Lilya(routes=[Path("/order", refused)])).get("/order").status_code == 401

    # Intercepted, the app's handlers answer it and nothing propagates.
    intercepted = Lilya(
        routes=[Path("/order", order)], middleware=[DefineMiddleware(Refusing)], enable_intercept_global_exceptions=True
    )
    assert test_client_factory(intercepted).get("/order").json() == {"status_code": 401, "detail": "go away"}


@pytest.mark.anyio
async def test_middleware_http_exception_stays_quiet_for_a_real_server() -> None:
    """A server that does not ask for them (no extension) only sees the 401: no traceback in its log."""
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    app = Lilya(routes=[Path("/order", order)], middleware=[DefineMiddleware(Refusing)])
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/order",
        "raw_path": b"/order",
        "root_path": "",
        "query_string": b"",
        "headers": [],
        "scheme": "http",
        "server": ("test", 80),
        "extensions": {"http.response.debug": {}},
    }
    await app(scope, receive, send)
    assert sent[0]["status"] == 401
    assert sent[1]["body"] == b"go away"


def test_before_and_after_request_hooks(test_client_factory: TestClientFactory) -> None:
    events: list[str] = []

    def before(scope: Scope, receive: Receive, send: Send) -> None:
        events.append(f"before {scope['path']}")

    async def after(scope: Scope, receive: Receive, send: Send) -> None:
        events.append(f"after {scope['path']}")

    async def handler() -> str:
        events.append("handler")
        return "ok"

    app = Lilya(routes=[Path("/h", handler)], before_request=[before], after_request=[after])
    test_client_factory(app).get("/h")
    assert events == ["before /h", "handler", "after /h"]


def test_max_body_size_and_root_path_reach_the_scope(test_client_factory: TestClientFactory) -> None:
    app = Lilya(routes=[Path("/scope", scope_view)], max_body_size=1024, root_path="/api")
    assert test_client_factory(app).get("/scope").json() == {"max": 1024, "root_path": "/api"}
    assert test_client_factory(Lilya(routes=[Path("/scope", scope_view)])).get("/scope").json()["max"] is None


def test_max_body_size_rejects_large_bodies(test_client_factory: TestClientFactory) -> None:
    async def echo(request: Request) -> dict[str, int]:
        return {"size": len(await request.body())}

    client = test_client_factory(Lilya(routes=[Path("/echo", echo, methods=["POST"])], max_body_size=10))
    assert client.post("/echo", content=b"x" * 10).json() == {"size": 10}
    assert client.post("/echo", content=b"x" * 11).status_code == 413


@pytest.mark.anyio
async def test_error_after_response_started_is_not_masked() -> None:
    async def half(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        raise RuntimeError("late")

    app = Lilya(routes=[Path("/half", lambda: None)])
    app.router = half  # type: ignore[assignment]
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/half", "headers": [], "query_string": b""}
    with pytest.raises(RuntimeError, match="late"):
        await app(scope, receive, send)
    assert [m["type"] for m in sent] == ["http.response.start"]


def test_g_is_fresh_per_request_and_seeded_by_populate_global_context(test_client_factory: TestClientFactory) -> None:
    from lilya.context import g

    async def count() -> dict[str, Any]:
        g.hits = getattr(g, "hits", 0) + 1
        return {"hits": g.hits, "user": getattr(g, "user", None)}

    client = test_client_factory(Lilya(routes=[Path("/count", count)]))
    assert client.get("/count").json() == {"hits": 1, "user": None}
    assert client.get("/count").json() == {"hits": 1, "user": None}

    async def seed(connection: Any) -> dict[str, Any]:
        return {"user": connection.headers.get("x-user")}

    seeded = test_client_factory(Lilya(routes=[Path("/count", count)], populate_global_context=seed))
    assert seeded.get("/count", headers={"x-user": "ann"}).json() == {"hits": 1, "user": "ann"}


def test_bare_classes_are_accepted_as_definitions(test_client_factory: TestClientFactory) -> None:
    class Mark:
        def __init__(self, app: ASGIApp) -> None:
            self.app = app

        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            scope.setdefault("order", []).append(type(self).__name__)
            await self.app(scope, receive, send)

    class Guard(Mark):
        pass

    app = Lilya(routes=[Path("/order", order)], middleware=[Mark], permissions=[Guard])
    assert test_client_factory(app).get("/order").json() == {"order": ["Mark", "Guard"]}


def test_g_works_for_a_lilya_app_mounted_in_starlette(test_client_factory: TestClientFactory) -> None:
    from starlette.applications import Starlette
    from starlette.routing import Mount

    from lilya.context import g

    async def use_g() -> dict[str, Any]:
        g.seen = True
        return {"seen": g.seen}

    outer = Starlette(routes=[Mount("/lilya", app=Lilya(routes=[Path("/g", use_g)]))])
    assert test_client_factory(outer).get("/lilya/g").json() == {"seen": True}


def test_scope_carries_the_app_and_its_router(test_client_factory: TestClientFactory) -> None:
    seen: dict[str, Any] = {}

    async def handler(request: Request) -> str:
        seen["app"], seen["router"] = request.scope["app"], request.scope["router"]
        return "ok"

    app = Lilya(routes=[Path("/", handler)])
    test_client_factory(app).get("/")
    assert seen == {"app": app, "router": app.router}


def test_websocket_exception_closes_with_its_code(test_client_factory: TestClientFactory) -> None:
    from lilya.exceptions import WebSocketException
    from lilya.routing import WebSocketPath
    from lilya.websockets import WebSocket, WebSocketDisconnect

    async def refuse(websocket: WebSocket) -> None:
        raise WebSocketException(code=4001, reason="nope")

    async def crash(websocket: WebSocket) -> None:
        await websocket.accept()
        raise ValueError("internal")

    client = test_client_factory(Lilya(routes=[WebSocketPath("/refuse", refuse), WebSocketPath("/crash", crash)]))
    with pytest.raises(WebSocketDisconnect) as info:
        with client.websocket_connect("/refuse") as ws:
            ws.receive_text()
    assert (info.value.code, info.value.reason) == (4001, "nope")
    with pytest.raises(ValueError, match="internal"):  # the server closes with 1011 and logs it
        with client.websocket_connect("/crash") as ws:
            ws.receive_text()


def test_the_stack_is_built_when_the_server_starts(test_client_factory: TestClientFactory) -> None:
    """Built with the lifespan, before any request (as Lilya and Starlette do): each middleware is
    instantiated exactly once, and adding one from a startup hook is a clear error."""
    built: list[str] = []

    class Counting(Tag):
        def __init__(self, app: ASGIApp, name: str) -> None:
            super().__init__(app, name)
            built.append(name)

    app = Lilya(routes=[Path("/order", order)])
    app.add_middleware(Counting, name="counted")
    with test_client_factory(app) as client:
        assert built == ["counted"]
        assert client.get("/order").json() == {"order": ["counted"]}
    assert built == ["counted"]

    late = Lilya(routes=[Path("/order", order)])
    late.add_event_handler("startup", lambda: late.add_middleware(Tag, name="from-startup"))
    with pytest.raises(RuntimeError, match="cannot be added once the application has started"):
        with test_client_factory(late):
            pass
