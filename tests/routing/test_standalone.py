"""The Router as an ASGI app of its own: bare under uvicorn, inside Starlette, lifespan, hosts."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from lilya.exceptions import HTTPException
from lilya.requests import Request
from lilya.routing import Host, Path, Router
from tests.conftest import TestClientFactory
from tests._servers import running_server


async def hello(request: Request, name: str) -> dict[str, str]:
    return {"hello": name, "path": request.url.path}


async def teapot() -> None:
    raise HTTPException(status_code=418, detail="teapot")


def test_bare_router_under_uvicorn_with_lifespan() -> None:
    events: list[str] = []

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        events.append("lifespan-start")
        yield
        events.append("lifespan-stop")

    router = Router(routes=[Path("/hello/{name}", hello), Path("/teapot", teapot)], lifespan=lifespan)
    # Hooks registered after construction run around the lifespan.
    router.add_event_handler("on_startup", lambda: events.append("startup"))
    router.add_event_handler("on_shutdown", lambda: events.append("shutdown"))
    with running_server(router, lifespan="on") as base:
        assert events == ["startup", "lifespan-start"]
        with httpx.Client(base_url=base) as client:
            assert client.get("/hello/ann").json() == {"hello": "ann", "path": "/hello/ann"}
            missing = client.get("/hello/ann/x/y")
            assert (missing.status_code, missing.text) == (404, "Not Found")
            teapot_response = client.get("/teapot")
            assert (teapot_response.status_code, teapot_response.text) == (418, "teapot")
            assert client.post("/teapot").headers["allow"] == "GET, HEAD"
    assert events == ["startup", "lifespan-start", "lifespan-stop", "shutdown"]


def test_router_inside_starlette(test_client_factory: TestClientFactory) -> None:
    from starlette.applications import Starlette
    from starlette.routing import Mount

    router = Router(routes=[Path("/hello/{name}", hello), Path("/teapot", teapot)])
    app = Starlette(routes=[Mount("/lilya", app=router)])
    client = test_client_factory(app)
    assert client.get("/lilya/hello/bo").json() == {"hello": "bo", "path": "/lilya/hello/bo"}
    assert client.get("/lilya/nothing").status_code == 404
    assert client.get("/lilya/teapot").status_code == 418
    assert client.put("/lilya/hello/bo").status_code == 405


def test_lifespan_state_and_event_decorator(test_client_factory: TestClientFactory) -> None:
    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[dict[str, int]]:
        yield {"answer": 42}

    async def read_state(request: Request) -> int:
        return int(request.state.answer)

    router = Router(routes=[Path("/state", read_state)], lifespan=lifespan)
    seen: list[str] = []

    @router.on_event("on_startup")
    def started() -> None:
        seen.append("started")

    with test_client_factory(router) as client:
        assert seen == ["started"]
        assert client.get("/state").json() == 42


@pytest.mark.parametrize(
    "hooks", [{"on_startup": []}, {"on_shutdown": [print]}, {"on_startup": [print], "on_shutdown": []}]
)
def test_lifespan_and_hooks_given_together_are_refused_when_built(hooks: dict[str, Any]) -> None:
    """Lilya 0.29 asserts it in the constructor: which of the two owns startup would be a guess."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        yield  # pragma: no cover - never entered

    with pytest.raises(AssertionError, match="either 'lifespan' or 'on_startup'/'on_shutdown'"):
        Router(routes=[], lifespan=lifespan, **hooks)
    Router(routes=[], lifespan=lifespan, on_startup=None, on_shutdown=None)  # explicit None is fine


def test_failing_startup_is_reported(test_client_factory: TestClientFactory) -> None:
    def broken() -> None:
        raise RuntimeError("cannot start")

    router = Router(routes=[], on_startup=[broken])
    with pytest.raises(RuntimeError, match="cannot start"):
        with test_client_factory(router):
            pass  # pragma: no cover


def test_host_routing_and_reverse(test_client_factory: TestClientFactory) -> None:
    api = Router(routes=[Path("/users/{name}", hello, name="user")])
    router = Router(routes=[Host("{sub}.example.com", app=api, name="api"), Path("/hello/{name}", hello)])
    client = test_client_factory(router)
    assert client.get("/users/x", headers={"host": "eu.example.com:8080"}).json() == {"hello": "x", "path": "/users/x"}
    assert client.get("/users/x", headers={"host": "example.org"}).status_code == 404
    assert client.get("/hello/y", headers={"host": "example.org"}).json()["hello"] == "y"
    url = router.path_for("api:user", sub="eu", name="x")
    assert (url, url.host) == ("/users/x", "eu.example.com")
    assert str(url.make_absolute_url("https://example.com")) == "https://eu.example.com/users/x"


def test_a_port_in_a_host_template_is_not_matched_but_kept_for_reverse_urls(
    test_client_factory: TestClientFactory,
) -> None:
    """As in Lilya 0.29: ``Host("admin.local:9000")`` serves that host on any port (a proxy in
    front changes it), and ``path_for`` still builds URLs with the port written in the template."""
    admin = Router(routes=[Path("/panel/{name}", hello, name="panel")])
    router = Router(routes=[Host("admin.local:9000", app=admin, name="admin")])
    client = test_client_factory(router)
    for host in ("admin.local:9000", "admin.local", "admin.local:443"):
        assert client.get("/panel/a", headers={"host": host}).json() == {"hello": "a", "path": "/panel/a"}, host
    assert client.get("/panel/a", headers={"host": "other.local:9000"}).status_code == 404
    url = router.path_for("admin:panel", name="a")
    assert str(url.make_absolute_url("http://x")) == "http://admin.local:9000/panel/a"
