"""Include: nesting, namespaces, foreign ASGI apps, reverse lookup and per-level stacks."""

from __future__ import annotations

from typing import Any

import pytest

from lilya.exceptions import HTTPException, PermissionDenied
from lilya.middleware import DefineMiddleware
from lilya.permissions import DefinePermission
from lilya.requests import Request
from lilya.responses import PlainText, Response
from lilya.routing import Include, NoMatchFound, Path, Router
from lilya.types import ASGIApp, Message, Receive, Scope, Send
from tests.conftest import TestClientFactory


async def x() -> str:
    return "x"


async def show_scope(request: Request) -> dict[str, Any]:
    return {"path": request.url.path, "root_path": request.scope["root_path"], "params": request.path_params}


def nested_router() -> Router:
    return Router(
        routes=[
            Include(
                "/inc",
                routes=[
                    Path("/x", x, name="x"),
                    Include("/deep/{tenant}", routes=[Path("/y/{a}", show_scope, name="y")], name="deep"),
                ],
                name="inc",
            ),
            Include("/mod", namespace="tests.routing.route_module", name="mod"),
            Include("/admin", namespace="tests.routing.route_module", pattern="admin_patterns", name="admin"),
        ]
    )


def test_nested_includes_route_and_reverse(test_client_factory: TestClientFactory) -> None:
    router = nested_router()
    client = test_client_factory(router)
    assert client.get("/inc/x").json() == "x"
    assert client.get("/inc/deep/acme/y/1").json() == {
        "path": "/inc/deep/acme/y/1",
        "root_path": "/inc/deep/acme",
        "params": {"tenant": "acme", "a": "1"},
    }
    assert router.path_for("inc:x") == "/inc/x"
    assert router.path_for("inc:deep:y", tenant="acme", a="b") == "/inc/deep/acme/y/b"
    with pytest.raises(NoMatchFound):
        router.path_for("inc:deep:y", a="b")


def test_include_without_trailing_slash_redirects_like_lilya(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(nested_router())
    response = client.get("/inc", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/inc/"
    assert client.get("/inc/", follow_redirects=False).status_code == 404
    assert client.get("/inc/x/", follow_redirects=False).headers["location"] == "/inc/x"


def test_namespace_modules_and_patterns(test_client_factory: TestClientFactory) -> None:
    router = nested_router()
    client = test_client_factory(router)
    assert client.get("/mod/").json() == ["a", "b"]
    assert client.get("/mod/7").json() == {"pk": 7}
    assert client.get("/admin/panel").json() == ["a", "b"]
    assert router.path_for("mod:detail", pk=7) == "/mod/7"
    assert router.path_for("admin:panel") == "/admin/panel"
    assert router.path_for("mod", path="/anything") == "/mod/anything"


def test_include_needs_exactly_one_source() -> None:
    from lilya.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        Include("/a")
    with pytest.raises(ImproperlyConfigured):
        Include("/a", app=Router(), routes=[])


def test_include_mounts_starlette_and_import_strings(test_client_factory: TestClientFactory) -> None:
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    async def hello(request: Any) -> PlainTextResponse:
        return PlainTextResponse(f"starlette {request.url.path} {request.path_params['n']}")

    starlette_app = Starlette(routes=[Route("/hi/{n}", hello)])
    router = Router(
        routes=[Include("/star", app=starlette_app), Include("/str", app="tests.routing.test_include.raw_app")]
    )
    client = test_client_factory(router)
    assert client.get("/star/hi/3").text == "starlette /star/hi/3 3"
    assert client.get("/str/anything").text == "raw /str"
    router.routes.append(Include("/lilya", routes=[Path("/x", x, name="x")], name="lilya"))
    assert router.path_for("lilya:x") == "/lilya/x"  # the Starlette mount before it is skipped


def test_reverse_reaches_into_a_mounted_starlette_app(test_client_factory: TestClientFactory) -> None:
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Mount, Route

    from lilya.apps import Lilya
    from lilya.compat import reverse
    from lilya.routing import Host

    async def item(request: Any) -> PlainTextResponse:
        return PlainTextResponse(f"item {request.path_params['n']}")

    foreign = Starlette(routes=[Route("/item/{n:int}", item, name="item"), Mount("/sub", routes=[], name="sub")])
    app = Lilya(
        routes=[
            Include("/unnamed", app=Starlette(routes=[])),  # asked first; says "not mine" its own way
            Include("/ext", app=foreign, name="ext"),
            Host("api.example.com", app=foreign, name="api"),
        ]
    )
    url = reverse("ext:item", app=app, path_params={"n": 7})
    assert url == "/ext/item/7"
    assert test_client_factory(app).get(url).text == "item 7"
    assert app.path_for("api:item", n=2).make_absolute_url("http://x") == "http://api.example.com/item/2"
    with pytest.raises(NoMatchFound):
        app.path_for("ext:missing")
    with pytest.raises(NoMatchFound):
        app.path_for("api:missing")


async def raw_app(scope: Scope, receive: Receive, send: Send) -> None:
    await PlainText(f"raw {scope['root_path']}")(scope, receive, send)


class Tag:
    """Middleware adding ``x-tag`` (outer layers are listed first)."""

    def __init__(self, app: ASGIApp, tag: str) -> None:
        self.app = app
        self.tag = tag.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def tagged(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                previous = [v for k, v in headers if k == b"x-tag"]
                headers = [(k, v) for k, v in headers if k != b"x-tag"]
                headers.append((b"x-tag", b",".join([self.tag, *previous])))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, tagged)


class OnlyWithHeader:
    """Permission: needs ``x-allow: yes``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (b"x-allow", b"yes") not in scope.get("headers", []):
            raise PermissionDenied()
        await self.app(scope, receive, send)


def denied(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return PlainText(f"denied at {request.url.path}", status_code=exc.status_code or 500)


def test_middleware_permissions_and_handlers_at_include_and_path(test_client_factory: TestClientFactory) -> None:
    router = Router(
        routes=[
            Include(
                "/api",
                routes=[
                    Path("/open", x, middleware=[DefineMiddleware(Tag, tag="path")]),
                    Path("/closed", x, permissions=[DefinePermission(OnlyWithHeader)]),
                ],
                middleware=[DefineMiddleware(Tag, tag="include")],
                exception_handlers={PermissionDenied: denied},
            )
        ]
    )
    client = test_client_factory(router)
    assert client.get("/api/open").headers["x-tag"] == "include,path"
    response = client.get("/api/closed")
    assert response.status_code == 403
    assert response.text == "denied at /api/closed"
    assert client.get("/api/closed", headers={"x-allow": "yes"}).json() == "x"


def test_permissions_at_include_level(test_client_factory: TestClientFactory) -> None:
    router = Router(
        routes=[
            Include(
                "/p",
                routes=[Path("/a", x)],
                permissions=[DefinePermission(OnlyWithHeader)],
                exception_handlers={403: denied},
            )
        ]
    )
    client = test_client_factory(router)
    assert client.get("/p/a").status_code == 403
    assert client.get("/p/a", headers={"x-allow": "yes"}).status_code == 200


def test_path_exception_handlers_take_precedence(test_client_factory: TestClientFactory) -> None:
    async def boom() -> None:
        raise ValueError("nope")

    def on_value_error(request: Request, exc: Exception) -> Response:
        return PlainText("handled", status_code=422)

    router = Router(routes=[Path("/boom", boom, exception_handlers={ValueError: on_value_error})])
    response = test_client_factory(router).get("/boom")
    assert (response.status_code, response.text) == (422, "handled")


def test_route_level_handlers_match_status_or_exact_class(test_client_factory: TestClientFactory) -> None:
    """As in Lilya: a route level's handler for a base class is no catch-all, so the app's handler
    for the exact class still answers; a route level's status key also covers status-less errors."""
    from lilya.apps import Lilya
    from lilya.exceptions import LilyaException, NotAuthorized

    def answer(layer: str) -> Any:
        def handler(request: Request, exc: Exception) -> Response:
            return PlainText(f"{layer}:{type(exc).__name__}", status_code=400)

        return handler

    raised: dict[str, Exception] = {
        "denied": PermissionDenied(),
        "unauthorized": NotAuthorized(),
        "lilya": LilyaException(),
        "value": ValueError("boom"),
        "key": KeyError("k"),
    }

    async def fail(request: Request) -> None:
        raise raised[request.path_params["what"]]

    app = Lilya(
        routes=[
            Include(
                "/",
                routes=[
                    Path("/fail/{what}", fail, exception_handlers={LilyaException: answer("path")}),
                    Path("/status/{what}", fail, exception_handlers={500: answer("path-500")}),
                ],
                exception_handlers={NotAuthorized: answer("include"), HTTPException: answer("include-base")},
            )
        ],
        exception_handlers={PermissionDenied: answer("app"), KeyError: answer("app")},
    )
    client = test_client_factory(app)
    assert client.get("/fail/denied").text == "app:PermissionDenied"
    assert client.get("/fail/unauthorized").text == "include:NotAuthorized"
    assert client.get("/fail/lilya").text == "path:LilyaException"
    assert client.get("/fail/key").text == "app:KeyError"
    assert client.get("/status/value").text == "path-500:ValueError"  # no status: counts as a 500
    assert client.get("/status/key").text == "path-500:KeyError"
    assert client.get("/status/denied").text == "app:PermissionDenied"  # its status is 403


def test_route_level_base_class_handler_leaves_subclasses_to_the_app(
    test_client_factory: TestClientFactory,
) -> None:
    from lilya.apps import Lilya

    closed = Path(
        "/closed", x, permissions=[DefinePermission(OnlyWithHeader)], exception_handlers={HTTPException: denied}
    )
    app = Lilya(routes=[closed])
    response = test_client_factory(app).get("/closed")
    assert (response.status_code, response.text) == (403, "You do not have permission to perform this action.")


def test_before_and_after_request_hooks_run_around_the_handler(test_client_factory: TestClientFactory) -> None:
    calls: list[str] = []

    def before_sync(scope: Scope, receive: Receive, send: Send) -> None:
        calls.append("include-before")

    async def before(scope: Scope, receive: Receive, send: Send) -> None:
        calls.append("path-before")

    async def after(scope: Scope, receive: Receive, send: Send) -> None:
        calls.append("path-after")

    async def handler() -> str:
        calls.append("handler")
        return "ok"

    router = Router(
        routes=[
            Include(
                "/h",
                routes=[Path("/x", handler, before_request=[before], after_request=[after])],
                before_request=[before_sync],
            )
        ]
    )
    assert test_client_factory(router).get("/h/x").json() == "ok"
    assert calls == ["include-before", "path-before", "handler", "path-after"]


def test_max_body_size_at_include_and_path(test_client_factory: TestClientFactory) -> None:
    async def size(request: Request) -> dict[str, Any]:
        return {"limit": request.scope.get("lilya.max_body_size")}

    async def read(request: Request) -> int:
        return len(await request.body())

    router = Router(
        routes=[
            Include("/small", routes=[Path("/size", size), Path("/read", read, methods=["POST"])], max_body_size=10),
            Path("/tiny", read, methods=["POST"], max_body_size=3),
        ]
    )
    client = test_client_factory(router)
    assert client.get("/small/size").json() == {"limit": 10}
    assert client.post("/small/read", content=b"12345").json() == 5
    assert client.post("/small/read", content=b"x" * 11).status_code == 413
    assert client.post("/tiny", content=b"1234").status_code == 413


def test_include_dependencies_reach_the_scope(test_client_factory: TestClientFactory) -> None:
    async def deps(request: Request) -> int:
        return len(request.scope.get("dependencies", []))

    router = Router(routes=[Include("/d", routes=[Path("/x", deps)], dependencies={"token": "abc"})])
    assert test_client_factory(router).get("/d/x").json() == 1
