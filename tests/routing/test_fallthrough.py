"""Fall-through between routes: partial matches across routers, ContinueRouting, default apps."""

from __future__ import annotations

from lilya.exceptions import ContinueRouting
from lilya.requests import Request
from lilya.responses import PlainText
from lilya.routing import BasePath, Include, Path, Router
from lilya.types import Receive, Scope, Send
from tests.conftest import TestClientFactory


async def inner_post() -> str:
    return "inner-post"


async def outer_get() -> str:
    return "outer-get"


def test_partial_match_in_include_lets_a_later_full_match_win(test_client_factory: TestClientFactory) -> None:
    router = Router(
        routes=[
            Include("/api", routes=[Path("/x", inner_post, methods=["POST"])]),
            Path("/api/x", outer_get),
        ]
    )
    client = test_client_factory(router)
    assert client.get("/api/x").json() == "outer-get"
    assert client.post("/api/x").json() == "inner-post"
    response = client.delete("/api/x")
    assert (response.status_code, response.headers["allow"]) == (405, "POST")


def test_continue_routing_tries_the_next_candidate(test_client_factory: TestClientFactory) -> None:
    async def maybe(request: Request, name: str) -> str:
        if name == "skip":
            raise ContinueRouting()
        return f"first:{name}"

    async def second(request: Request, name: str) -> dict[str, object]:
        return {"second": name, "params": request.path_params}

    router = Router(routes=[Path("/{name}", maybe), Path("/{name}", second)])
    client = test_client_factory(router)
    assert client.get("/a").json() == "first:a"
    assert client.get("/skip").json() == {"second": "skip", "params": {"name": "skip"}}


def test_sub_router_not_found_can_fall_through(test_client_factory: TestClientFactory) -> None:
    inner = Router(routes=[Path("/known", outer_get)], default=BasePath.handle_not_found_fallthrough)
    router = Router(routes=[Include("/", app=inner), Path("/other", inner_post)])
    client = test_client_factory(router)
    assert client.get("/known").json() == "outer-get"
    assert client.get("/other").json() == "inner-post"


def test_default_app_serves_what_nothing_matched(test_client_factory: TestClientFactory) -> None:
    async def fallback(scope: Scope, receive: Receive, send: Send) -> None:
        await PlainText(f"default {scope['path']}", status_code=404)(scope, receive, send)

    client = test_client_factory(Router(routes=[Path("/a", outer_get)], default=fallback))
    assert client.get("/zzz").text == "default /zzz"


def test_a_route_is_an_asgi_app_on_its_own(test_client_factory: TestClientFactory) -> None:
    async def item(item_id: int) -> int:
        return item_id

    client = test_client_factory(Path("/items/{item_id:int}", item))
    assert client.get("/items/4").json() == 4
    assert client.get("/elsewhere").status_code == 404
