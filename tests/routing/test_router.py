"""The compiled router: matching, conversion failures as 404, 405/Allow, redirects, ordering."""

from __future__ import annotations

import uuid

import pytest

from lilya.requests import Request
from lilya.routing import Include, Path, Router
from lilya.types import Message, Scope
from tests.conftest import TestClientFactory


async def item(item_id: int) -> dict[str, object]:
    return {"id": item_id, "type": type(item_id).__name__}


async def price(value: float) -> dict[str, float]:
    return {"value": value}


async def by_uuid(uid: uuid.UUID) -> str:
    return str(uid)


async def static() -> str:
    return "static"


async def dynamic(name: str) -> str:
    return f"dynamic:{name}"


async def files(rest: str) -> str:
    return rest


async def with_request(request: Request, name: str) -> dict[str, object]:
    return {"name": name, "method": request.method}


def build_router() -> Router:
    return Router(
        routes=[
            Path("/items/{item_id:int}", item),
            Path("/price/{value:float}", price),
            Path("/u/{uid:uuid}", by_uuid),
            Path("/users/me", static),
            Path("/users/{name}", dynamic),
            Path("/files/{rest:path}", files),
            Path("/req/{name}", with_request, methods=["GET", "POST"]),
            Path("/post-only", static, methods=["POST"]),
            Path("/", static, name="root"),
        ]
    )


def test_int_param_is_converted(test_client_factory: TestClientFactory) -> None:
    response = test_client_factory(build_router()).get("/items/5")
    assert response.json() == {"id": 5, "type": "int"}


@pytest.mark.parametrize(
    "path",
    [
        "/items/abc",
        "/items/" + "9" * 5000,
        "/items/\u0663",
        "/items/\u00b2",
        "/items/-1",
        "/price/" + "9" * 400,
        "/price/1e999",
        "/u/not-a-uuid",
        "/u/" + "g" * 36,
        "/nope",
    ],
)
def test_conversion_failure_is_no_match_404(test_client_factory: TestClientFactory, path: str) -> None:
    response = test_client_factory(build_router()).get(path, follow_redirects=False)
    assert response.status_code == 404
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.text == "Not Found"


def test_float_and_uuid_params(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(build_router())
    assert client.get("/price/2.5").json() == {"value": 2.5}
    uid = uuid.uuid4()
    assert client.get(f"/u/{uid}").json() == str(uid)


def test_static_and_dynamic_siblings_and_path_param(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(build_router())
    assert client.get("/users/me").json() == "static"
    assert client.get("/users/bob").json() == "dynamic:bob"
    assert client.get("/files/a/b/c.txt").json() == "a/b/c.txt"
    assert client.get("/").json() == "static"


def test_declaration_order_wins_like_a_linear_scan(test_client_factory: TestClientFactory) -> None:
    router = Router(routes=[Path("/users/{name}", dynamic), Path("/users/me", static)])
    assert test_client_factory(router).get("/users/me").json() == "dynamic:me"


def test_405_lists_allowed_methods_and_get_implies_head(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(build_router())
    response = client.post("/users/me")
    assert response.status_code == 405
    assert response.text == "Method Not Allowed"
    assert response.headers["allow"] == "GET, HEAD"
    assert client.head("/users/me").status_code == 200
    assert client.get("/post-only").headers["allow"] == "POST"
    assert client.post("/req/x").json() == {"name": "x", "method": "POST"}


def test_full_match_later_beats_partial_match_earlier(test_client_factory: TestClientFactory) -> None:
    router = Router(routes=[Path("/x", static, methods=["POST"]), Path("/x", dynamic_get_only)])
    assert test_client_factory(router).get("/x").json() == "get"


async def dynamic_get_only() -> str:
    return "get"


def test_redirect_slashes_only_when_the_other_form_exists(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(build_router())
    response = client.get("/users/me/?q=1", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/users/me?q=1"  # relative: the Host never picks it
    assert client.get("/nothing/", follow_redirects=False).status_code == 404

    router = Router(routes=[Path("/slash/", static)], redirect_slashes=True)
    assert test_client_factory(router).get("/slash", follow_redirects=False).status_code == 200


def test_redirect_slashes_can_be_disabled(test_client_factory: TestClientFactory) -> None:
    router = Router(routes=[Path("/d", static)], redirect_slashes=False)
    assert test_client_factory(router).get("/d/", follow_redirects=False).status_code == 404


def test_add_route_recompiles(test_client_factory: TestClientFactory) -> None:
    router = Router(routes=[Path("/a", static)])
    client = test_client_factory(router)
    assert client.get("/b/1", follow_redirects=False).status_code == 404
    router.add_route("/b/{item_id:int}", item, name="b")
    assert client.get("/b/1").json() == {"id": 1, "type": "int"}
    assert router.path_for("b", item_id=1) == "/b/1"

    @router.post("/decorated/{name}")
    async def decorated(name: str) -> str:
        return name

    assert client.post("/decorated/z").json() == "z"


def test_routes_appended_directly_are_seen(test_client_factory: TestClientFactory) -> None:
    router = Router(routes=[])
    router.routes.append(Path("/late", static))
    assert test_client_factory(router).get("/late").json() == "static"


def test_mixed_segment_params(test_client_factory: TestClientFactory) -> None:
    async def fileinfo(name: str, ext: str) -> list[str]:
        return [name, ext]

    router = Router(routes=[Path("/f/{name}.{ext}", fileinfo), Path("/v{version:int}/x", item_version)])
    client = test_client_factory(router)
    assert client.get("/f/report.pdf").json() == ["report", "pdf"]
    assert client.get("/v2/x").json() == 2
    assert client.get("/vx/x", follow_redirects=False).status_code == 404


async def item_version(version: int) -> int:
    return version


def test_url_path_for_errors() -> None:
    from lilya.routing import NoMatchFound

    router = build_router()
    assert router.url_path_for("root") == "/"
    assert router.path_for("item", item_id=3) == "/items/3"
    with pytest.raises(NoMatchFound, match='No route exists for name "item" and params "".'):
        router.path_for("item")
    with pytest.raises(NoMatchFound):
        router.path_for("nope")


@pytest.mark.anyio
async def test_raw_asgi_lifespan_less_scope_types_and_bad_paths() -> None:
    router = build_router()
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    scope: Scope = {
        "type": "http",
        "method": "GET",
        "path": "/items/" + "1" * 100_000,
        "root_path": "",
        "headers": [],
        "query_string": b"",
    }
    await router(scope, receive, send)
    assert sent[0]["status"] == 404


def test_router_inside_include_with_root_path(test_client_factory: TestClientFactory) -> None:
    inner = Router(routes=[Path("/x/{name}", with_request)])
    router = Router(routes=[Include("/api", app=inner)])
    client = test_client_factory(router, root_path="/prefix")
    response = client.get("/prefix/api/x/a")
    assert response.json() == {"name": "a", "method": "GET"}
