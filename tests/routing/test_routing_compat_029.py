"""Routing behaviours of Lilya 0.29 that code relies on (standalone apps, argument errors)."""

from __future__ import annotations

from typing import Any

import pytest

from lilya.exceptions import ImproperlyConfigured
from lilya.responses import PlainText
from lilya.routing import Host, Include, Path, Router, WebSocketPath
from lilya.types import Receive, Scope, Send
from lilya.websockets import WebSocket


async def named(name: str) -> str:
    return name


def test_an_asgi_object_as_handler_is_served_as_is(test_client_factory: Any) -> None:
    client = test_client_factory(Path("/", PlainText("served as an app")))
    response = client.post("/")  # an ASGI app object answers any method itself
    assert (response.status_code, response.text) == (200, "served as an app")
    assert test_client_factory(Path("/", PlainText("x"))).get("/other").status_code == 404


class Greeter:
    """An ASGI app object on a WebSocket route: its parameters are not injected."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive=receive, send=send)
        await websocket.accept()
        await websocket.send_json({"path": scope["path"]})
        await websocket.close()


def test_an_asgi_object_on_a_websocket_route(test_client_factory: Any) -> None:
    app = Router(routes=[Path("/", PlainText("http")), WebSocketPath("/", Greeter())])
    client = test_client_factory(app)
    assert client.get("/").text == "http"
    with client.websocket_connect("/") as session:
        assert session.receive_json() == {"path": "/"}


def test_str_value_with_a_slash_cannot_fill_a_path_parameter() -> None:
    router = Router(routes=[Path("/users/{name}", named, name="user")])
    assert router.path_for("user", name="ada") == "/users/ada"
    for bad in ("a/b", ""):
        with pytest.raises(AssertionError):
            router.path_for("user", name=bad)
        with pytest.raises(ValueError):
            router.path_for("user", name=bad)


def test_a_parameter_named_twice_is_refused_when_the_route_is_built() -> None:
    with pytest.raises(ValueError, match=r"^Duplicated param name id in the path /\{id\}/\{id\}$"):
        Path("/{id}/{id}", named)
    with pytest.raises(ValueError, match=r"Duplicated param names id, name in the path"):
        Path("/{id}/{name}/{id}/{name}", named)


def test_unnamed_host_repr() -> None:
    assert repr(Host("example.com", app=Router())).startswith("Host(host='example.com', name='', app=")


def test_include_arguments_errors() -> None:
    route = Path("/", named)
    with pytest.raises(AssertionError):
        Include("/", namespace="tests.routing.test_routing_compat_029", routes=[route])
    with pytest.raises(ImproperlyConfigured):
        Include("/", namespace="tests.routing.test_routing_compat_029", routes=[route])
    for wrong in (route, 2, Path):
        with pytest.raises(ImproperlyConfigured):
            Include("/", namespace=wrong)  # type: ignore[arg-type]


def test_include_helper_errors() -> None:
    from lilya.paths import include

    with pytest.raises(ImproperlyConfigured):
        include(1)  # type: ignore[arg-type]
    with pytest.raises(AssertionError):
        include("tests.routing.test_routing_compat_029", pattern="nothing_here")
    with pytest.raises(AssertionError):
        include("tests.routing.test_routing_compat_029", pattern="not_a_list")


not_a_list = Path("/", named)


async def listing() -> str:
    return "listing"


async def me() -> str:
    return "me"


def test_include_that_matches_nothing_lets_the_router_answer_405(test_client_factory: Any) -> None:
    app = Router(
        routes=[
            Path("/", listing, methods=["GET"]),
            Include("/", routes=[Path("/me", me)]),
            Include("/", routes=[Path("/other", me)]),
        ]
    )
    client = test_client_factory(app)
    response = client.post("/")
    assert response.status_code == 405
    assert set(response.headers["allow"].split(", ")) == {"GET", "HEAD"}
    assert client.get("/other").status_code == 200
    missing = client.get("/missing", follow_redirects=False)
    assert (missing.status_code, missing.text) == (404, "Not Found")


def test_websocket_route_after_an_include_that_matches_nothing(test_client_factory: Any) -> None:
    async def hello(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.send_text("hello")
        await websocket.close()

    app = Router(routes=[Include("/", routes=[Path("/page", me)]), WebSocketPath("/me", hello)])
    with test_client_factory(app).websocket_connect("/me") as session:
        assert session.receive_text() == "hello"


def test_continue_routing_after_sniffing_the_body(test_client_factory: Any) -> None:
    """A later handler may sniff the body an earlier one already read: no wait for more input."""
    from lilya.exceptions import ContinueRouting
    from lilya.requests import Request

    async def first(request: Request) -> dict[str, Any]:
        await request.sniff()
        data = await request.json()
        if "first" not in data:
            raise ContinueRouting()
        return data

    async def second(request: Request) -> dict[str, Any]:
        message, complete = await request.sniff()
        assert complete and message["body"]
        return {"second": await request.json()}

    app = Router(routes=[Path("/", first, methods=["POST"]), Path("/", second, methods=["POST"])])
    with test_client_factory(app) as client:
        assert client.post("/", json={"first": 1}).json() == {"first": 1}
        assert client.post("/", json={"x": 2}).json() == {"second": {"x": 2}}
