"""Every layer of a middleware/permission stack works on its own copy of the scope (Lilya 0.29).

What a middleware writes is visible below it and never above it, nor in a sibling stack; routing
metadata (the matched route's template) still travels back up for response-side middleware.
"""

from __future__ import annotations

from typing import Any

from lilya.apps import ChildLilya, Lilya
from lilya.middleware import DefineMiddleware
from lilya.requests import Request
from lilya.responses import JSONResponse
from lilya.routing import Include, Path
from lilya.types import ASGIApp, Message, Receive, Scope, Send


class Writes:
    def __init__(self, app: ASGIApp, key: str, value: str) -> None:
        self.app, self.key, self.value = app, key, value

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope[self.key] = self.value
        scope["headers"].append((b"x-added", self.value.encode()))
        await self.app(scope, receive, send)


class Reports:
    """Adds a response header telling what its own scope holds under ``key`` when answering."""

    def __init__(self, app: ASGIApp, key: str, header: str) -> None:
        self.app, self.key, self.header = app, key, header.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def reporting_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                seen = str(scope.get(self.key, "-"))
                added = [v for k, v in scope["headers"] if k == b"x-added"]
                message["headers"] = [*message["headers"], (self.header, seen.encode()),
                                      (self.header + b"-headers", b",".join(added) or b"-")]
            await send(message)

        await self.app(scope, receive, reporting_send)


async def echo(request: Request) -> JSONResponse:
    return JSONResponse({"owner": request.scope.get("owner", "-"), "added": request.headers.getlist("x-added")})


def test_inner_middleware_writes_do_not_reach_outer_middleware(test_client_factory: Any) -> None:
    app = Lilya(
        routes=[Path("/", echo)],
        middleware=[
            DefineMiddleware(Reports, key="owner", header="x-outer"),
            DefineMiddleware(Writes, key="owner", value="inner"),
        ],
    )
    response = test_client_factory(app).get("/")
    assert response.json() == {"owner": "inner", "added": ["inner"]}
    assert response.headers["x-outer"] == "-"
    assert response.headers["x-outer-headers"] == "-"


def test_include_stack_and_child_app_stack_keep_their_own_values(test_client_factory: Any) -> None:
    child = ChildLilya(routes=[Path("/view", echo)], middleware=[DefineMiddleware(Writes, key="owner", value="child")])
    app = Lilya(
        routes=[
            Include(
                "/child",
                app=child,
                middleware=[
                    DefineMiddleware(Writes, key="owner", value="include"),
                    DefineMiddleware(Reports, key="owner", header="x-include"),
                ],
            )
        ]
    )
    response = test_client_factory(app).get("/child/view")
    assert response.json()["owner"] == "child"
    assert response.headers["x-include"] == "include"


def test_raw_asgi_app_writes_stay_inside_the_include(test_client_factory: Any) -> None:
    async def raw(scope: Scope, receive: Receive, send: Send) -> None:
        scope["owner"] = "raw"
        await JSONResponse({"owner": scope["owner"]})(scope, receive, send)

    app = Lilya(
        routes=[Include("/raw", app=raw, middleware=[DefineMiddleware(Reports, key="owner", header="x-include")])]
    )
    response = test_client_factory(app).get("/raw/")
    assert response.json() == {"owner": "raw"}
    assert response.headers["x-include"] == "-"


class Template:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def template_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                template = str(scope.get("route_path_template", "-")).encode()
                message["headers"] = [*message["headers"], (b"x-template", template)]
            await send(message)

        await self.app(scope, receive, template_send)


def test_route_template_travels_back_up_through_isolated_layers(test_client_factory: Any) -> None:
    app = Lilya(
        routes=[Path("/items/{item_id}", echo)],
        middleware=[DefineMiddleware(Template), DefineMiddleware(Writes, key="owner", value="x")],
    )
    response = test_client_factory(app).get("/items/3")
    assert response.headers["x-template"] == "/items/{item_id}"


class CatchesErrors:
    """Answers a 500 itself when the app below raises, reading the route from its own scope."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        except RuntimeError:
            template = str(scope.get("route_path_template", "-")).encode()
            await send({"type": "http.response.start", "status": 500, "headers": [(b"x-caught-at", template)]})
            await send({"type": "http.response.body", "body": b"caught"})


async def boom(request: Request) -> JSONResponse:
    raise RuntimeError("boom")


def test_route_template_reaches_every_layer_when_the_handler_raises(test_client_factory: Any) -> None:
    # The answer comes from a middleware, not from the handler: the layer above it must still
    # know the route when the first message passes it.
    app = Lilya(
        routes=[Path("/items/{item_id}", boom)],
        middleware=[
            DefineMiddleware(Template),
            DefineMiddleware(CatchesErrors),
            DefineMiddleware(Writes, key="k", value="v"),
        ],
    )
    response = test_client_factory(app).get("/items/3")
    assert response.status_code == 500
    assert response.headers["x-caught-at"] == "/items/{item_id}"
    assert response.headers["x-template"] == "/items/{item_id}"


def test_route_template_of_an_include_route_reaches_the_app_middleware(test_client_factory: Any) -> None:
    app = Lilya(
        routes=[
            Include(
                "/shop",
                routes=[Path("/items/{item_id}", echo)],
                middleware=[DefineMiddleware(Writes, key="owner", value="include")],
            )
        ],
        middleware=[DefineMiddleware(Template), DefineMiddleware(Reports, key="path_params", header="x-params")],
    )
    response = test_client_factory(app).get("/shop/items/3")
    assert response.json()["owner"] == "include"
    assert response.headers["x-template"] == "/items/{item_id}"
    assert response.headers["x-params"] == "{'item_id': '3'}"


def test_a_mount_that_passes_leaves_no_path_params_above_it(test_client_factory: Any) -> None:
    # The Include matches the prefix (and its parameter), finds nothing inside and lets the
    # router go on: the 404 must not carry the abandoned candidate's parameters upward.
    app = Lilya(
        routes=[Include("/items/{item_id}", routes=[Path("/known", echo)])],
        middleware=[DefineMiddleware(Reports, key="path_params", header="x-params")],
    )
    response = test_client_factory(app).get("/items/3/unknown")
    assert response.status_code == 404
    assert response.headers["x-params"] == "-"


class SendMarker:
    """Wraps ``send`` and leaves its wrapper in the scope, for the app below to compare."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def marked(message: Message) -> None:
            await send(message)

        scope["marked_send"] = marked
        await self.app(scope, receive, marked)


class Forwards:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


class ChecksSend:
    """Tells (in a response header) whether its ``send`` is the one ``SendMarker`` passed down."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        same = b"yes" if send is scope["marked_send"] else b"no"

        async def checked(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message["headers"], (b"x-same-send", same)]
            await send(message)

        await self.app(scope, receive, checked)


def test_isolation_adds_nothing_per_message(test_client_factory: Any) -> None:
    """A layer costs one scope copy per request: the messages go straight through (no send wrapper)."""
    stack = [
        DefineMiddleware(SendMarker),
        DefineMiddleware(Forwards),
        DefineMiddleware(Forwards),
        DefineMiddleware(ChecksSend),
    ]
    app = Lilya(routes=[Path("/", echo, middleware=stack)])
    response = test_client_factory(app).get("/")
    assert response.status_code == 200
    assert response.headers["x-same-send"] == "yes"


def test_a_mounted_foreign_app_writing_route_metadata_itself_is_seen_above(test_client_factory: Any) -> None:
    # Not a Lilya app: it writes the template straight into its scope, as another framework would.
    async def foreign(scope: Scope, receive: Receive, send: Send) -> None:
        scope["route_path_template"] = "/foreign/{x}"
        scope["owner"] = "foreign"
        await JSONResponse({"ok": True})(scope, receive, send)

    app = Lilya(
        routes=[Include("/f", app=foreign, middleware=[DefineMiddleware(Reports, key="owner", header="x-include")])],
        middleware=[DefineMiddleware(Template)],
    )
    response = test_client_factory(app).get("/f/anything")
    assert response.headers["x-template"] == "/foreign/{x}"
    assert response.headers["x-include"] == "-"


def test_a_stack_around_a_stack_adds_no_second_copy_between_them() -> None:
    from lilya.compose import DefinePermission, apply_asgi_stack

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        raise AssertionError("never called")  # pragma: no cover

    permissions = apply_asgi_stack(app, [DefinePermission(Forwards)])
    stack = apply_asgi_stack(permissions, [DefineMiddleware(Forwards)])
    assert stack.app.app is permissions  # type: ignore[attr-defined]
