"""Injection through a real app: dependencies at app, Include and Path level, and overrides."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lilya.apps import Lilya
from lilya.dependencies import Provide, Provides
from lilya.params import Query
from lilya.requests import Request
from lilya.routing import Include, Path
from tests.conftest import TestClientFactory


async def layered(a: str = Provides(), b: str = Provides(), c: str = Provides()) -> Any:  # type: ignore[assignment]
    return [a, b, c]


def build() -> Lilya:
    return Lilya(
        routes=[
            Include(
                "/inc",
                routes=[Path("/x", layered, dependencies={"c": Provide(lambda: "route-c")})],
                dependencies={"b": Provide(lambda: "inc-b"), "c": Provide(lambda: "inc-c")},
            )
        ],
        dependencies={"a": Provide(lambda: "app-a"), "b": Provide(lambda: "app-b")},
    )


def test_layers_and_overrides(test_client_factory: TestClientFactory) -> None:
    app = build()
    client = test_client_factory(app)
    assert client.get("/inc/x").json() == ["app-a", "inc-b", "route-c"]
    app.override_dependency("a", lambda: "over-a")
    app.override_dependency("c", lambda: "over-c")
    assert client.get("/inc/x").json() == ["over-a", "inc-b", "over-c"]
    app.reset_dependency_overrides()
    assert client.get("/inc/x").json() == ["app-a", "inc-b", "route-c"]


def test_path_params_query_and_generators(test_client_factory: TestClientFactory) -> None:
    events: list[str] = []

    def session() -> Iterator[str]:
        events.append("open")
        yield "s"
        events.append("close")

    async def item(
        request: Request, item_id: int, db: Any = Provides(), limit: Any = Query(default=10, cast=int),
    ) -> Any:
        events.append("handler")
        return {"id": item_id, "db": db, "limit": limit, "path": request.url.path}

    app = Lilya(routes=[Path("/items/{item_id:int}", item, dependencies={"db": Provide(session)})])
    client = test_client_factory(app)
    assert client.get("/items/3?limit=2").json() == {"id": 3, "db": "s", "limit": 2, "path": "/items/3"}
    assert events == ["open", "handler", "close"]
    assert client.get("/items/3?limit=x").status_code == 422
    assert client.get("/items/abc").status_code == 404
