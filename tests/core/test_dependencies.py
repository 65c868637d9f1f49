"""Dependency injection through handler plans: markers, layers, overrides, scopes, cleanup."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from lilya._internal._injection import UnresolvedParameter, build_handler_plan
from lilya._internal._scopes import scope_manager
from lilya.dependencies import Provide, Provides, Resolve, Scope, Security, wrap_dependency
from lilya.requests import Request
from lilya.websockets import WebSocket
from tests.conftest import TestClientFactory
from tests.core._injection_app import call_raw, plan_app


@pytest.fixture(autouse=True)
def _fresh_scopes() -> Iterator[None]:
    scope_manager.clear()
    yield
    scope_manager.clear()


def test_path_params_request_and_provides(test_client_factory: TestClientFactory) -> None:
    def get_db() -> str:
        return "db"

    async def handler(
        item_id: int, request: Request, db: str = Provides(), other: str = "kept",  # type: ignore[assignment]
    ) -> Any:
        return {"item_id": item_id, "path": request.url.path, "db": db, "other": other}

    app = plan_app(handler, path_params={"item_id": 5}, dependencies={"db": Provide(get_db)})
    assert test_client_factory(app).get("/x").json() == {"item_id": 5, "path": "/x", "db": "db", "other": "kept"}


class MyRequest(Request):
    pass


def test_connection_by_annotation_and_subclass(test_client_factory: TestClientFactory) -> None:
    async def handler(req: MyRequest, conn: "Request") -> Any:
        return {"same": req is conn, "method": req.method}

    assert test_client_factory(plan_app(handler)).get("/").json() == {"same": True, "method": "GET"}


def test_name_without_default_is_looked_up_in_every_layer(test_client_factory: TestClientFactory) -> None:
    async def handler(a: str, b: str, c: str, d: str) -> Any:
        return [a, b, c, d]

    app = plan_app(
        handler,
        dependencies={"a": Provide(lambda: "route-a")},
        include_dependencies=[{"b": Provide(lambda: "outer-b"), "c": "outer-c"}, {"b": Provide(lambda: "inner-b")}],
        app_dependencies={"a": Provide(lambda: "app-a"), "c": "app-c", "d": lambda: "app-d"},
    )
    # route beats include beats app; the innermost Include beats the outer one
    assert test_client_factory(app).get("/").json() == ["route-a", "inner-b", "outer-c", "app-d"]


def test_overrides_by_name_win(test_client_factory: TestClientFactory) -> None:
    async def handler(db: str = Provides()) -> Any:  # type: ignore[assignment]
        return db

    real, fake = Provide(lambda: "real"), wrap_dependency(lambda: "fake")
    app = plan_app(handler, dependencies={"db": real}, overrides={"db": fake})
    assert test_client_factory(app).get("/").json() == "fake"


def test_override_by_callable_replaces_a_resolve_marker(test_client_factory: TestClientFactory) -> None:
    def real() -> str:
        return "real"

    async def handler(value: str = Resolve(real)) -> Any:  # type: ignore[assignment]
        return value

    app = plan_app(handler, overrides={real: lambda: "swapped"})  # type: ignore[dict-item]
    assert test_client_factory(app).get("/").json() == "swapped"


def test_missing_dependency_names_the_handler(test_client_factory: TestClientFactory) -> None:
    async def handler(db: str = Provides()) -> Any:  # type: ignore[assignment]
        return db

    response = test_client_factory(plan_app(handler)).get("/")
    assert response.status_code == 500
    assert response.text == "Missing dependency 'db' for handler 'handler'"


def test_nested_dependencies_and_request_injection(test_client_factory: TestClientFactory) -> None:
    def settings() -> dict[str, int]:
        return {"factor": 3}

    def base(request: Request) -> int:
        return len(request.url.path)

    def by_single_positional(conn: Any) -> str:
        return str(conn.method)

    def computed(
        n: Any = Resolve(base), cfg: Any = Resolve(settings), method: Any = Resolve(by_single_positional),
    ) -> str:
        return f"{method}:{n * cfg['factor']}"

    async def handler(
        value: Any = Resolve(computed), guard: Any = Security(lambda: "ok", scopes=["read"]),
    ) -> Any:
        return {"value": value, "guard": guard}

    assert test_client_factory(plan_app(handler)).get("/abcd").json() == {"value": "GET:15", "guard": "ok"}
    assert Security(lambda: None, scopes=["a"]).scopes == ["a"]


def test_dependency_taking_another_by_name(test_client_factory: TestClientFactory) -> None:
    def get_engine() -> str:
        return "engine"

    def get_session(engine: str) -> str:
        return f"session({engine})"

    async def handler(session: str = Provides()) -> Any:  # type: ignore[assignment]
        return session

    app = plan_app(handler, dependencies={"session": Provide(get_session), "engine": Provide(get_engine)})
    assert test_client_factory(app).get("/").json() == "session(engine)"


def test_provide_with_explicit_arguments(test_client_factory: TestClientFactory) -> None:
    def make(prefix: str, *, suffix: str) -> str:
        return prefix + suffix

    async def handler(x: str = Provides()) -> Any:  # type: ignore[assignment]
        return x

    app = plan_app(handler, dependencies={"x": Provide(make, "a", suffix="b")})
    assert test_client_factory(app).get("/").json() == "ab"


def test_generator_dependencies_finish_after_the_response(test_client_factory: TestClientFactory) -> None:
    events: list[str] = []

    def sync_resource() -> Iterator[str]:
        events.append("sync open")
        yield "sync"
        events.append("sync close")

    async def async_resource() -> AsyncIterator[str]:
        events.append("async open")
        try:
            yield "async"
        finally:
            events.append("async close")

    async def handler(s: str = Provides(), a: str = Provides()) -> Any:  # type: ignore[assignment]
        events.append("handler")
        return [s, a]

    deps = {"s": Provide(sync_resource), "a": Provide(async_resource)}
    client = test_client_factory(plan_app(handler, dependencies=deps, events=events))
    assert client.get("/").json() == ["sync", "async"]
    # teardown runs after the body went out, last opened first
    assert events == ["sync open", "async open", "handler", "response sent", "async close", "sync close"]


def test_generator_cleanup_runs_when_the_handler_fails(test_client_factory: TestClientFactory) -> None:
    """The failure is thrown in at the ``yield``: ``except`` rolls back, ``else`` would commit."""
    events: list[str] = []

    def resource() -> Iterator[str]:
        try:
            yield "r"
        except ValueError:
            events.append("rollback")
            raise
        else:
            events.append("commit")
        finally:
            events.append("closed")

    async def async_resource() -> AsyncIterator[str]:
        try:
            yield "a"
        except ValueError as exc:
            events.append(f"async saw {exc}")
        else:
            events.append("async commit")

    async def handler(r: str = Provides(), a: str = Provides()) -> Any:  # type: ignore[assignment]
        raise ValueError("boom")

    app = plan_app(handler, dependencies={"r": Provide(resource), "a": Provide(async_resource)})
    client = test_client_factory(app, raise_server_exceptions=False)
    assert client.get("/").status_code == 500
    assert events == ["async saw boom", "rollback", "closed"]


def test_use_cache_keeps_a_request_independent_value(test_client_factory: TestClientFactory) -> None:
    calls: list[int] = []

    def counter() -> int:
        calls.append(1)
        return len(calls)

    shared = Provide(counter, use_cache=True)

    def left(n: int = shared) -> int:  # type: ignore[assignment]
        return n

    def right(n: int = shared) -> int:  # type: ignore[assignment]
        return n

    async def handler(a: int = Resolve(left), b: int = Resolve(right)) -> Any:  # type: ignore[assignment]
        return [a, b]

    client = test_client_factory(plan_app(handler))
    assert client.get("/").json() == [1, 1]
    # As in Lilya, the marker keeps a value that did not read the request across requests.
    assert client.get("/").json() == [1, 1]
    assert calls == [1]


def test_use_cache_never_shares_a_request_bound_value(test_client_factory: TestClientFactory) -> None:
    calls: list[str] = []

    def current_user(request: Request) -> str:
        calls.append(request.headers["x-user"])
        return request.headers["x-user"]

    def loader(user: str = Provide(current_user, use_cache=True)) -> str:  # type: ignore[assignment]
        return user

    user_marker = Provide(current_user, use_cache=True)

    async def handler(a: str = user_marker, b: str = Resolve(loader)) -> Any:  # type: ignore[assignment]
        return [a, b]

    client = test_client_factory(plan_app(handler))
    assert client.get("/", headers={"x-user": "ann"}).json() == ["ann", "ann"]
    assert client.get("/", headers={"x-user": "bob"}).json() == ["bob", "bob"]


def test_use_cache_never_shares_a_generator_value(test_client_factory: TestClientFactory) -> None:
    opened: list[int] = []

    def session() -> Any:
        opened.append(len(opened) + 1)
        yield opened[-1]

    marker = Provide(session, use_cache=True)

    async def handler(s: int = marker) -> Any:  # type: ignore[assignment]
        return s

    client = test_client_factory(plan_app(handler))
    assert [client.get("/").json(), client.get("/").json()] == [1, 2]


@pytest.mark.parametrize("scope", ["app", Scope.GLOBAL])
def test_app_and_global_scopes_create_once(test_client_factory: TestClientFactory, scope: Any) -> None:
    calls: list[int] = []

    def expensive() -> int:
        calls.append(1)
        return 42

    async def handler(v: int = Provides()) -> Any:  # type: ignore[assignment]
        return v

    client = test_client_factory(plan_app(handler, dependencies={"v": Provide(expensive, scope=scope)}))
    assert [client.get("/").json() for _ in range(3)] == [42, 42, 42]
    assert calls == [1]


def test_invalid_scope_name() -> None:
    with pytest.raises(ValueError, match="Invalid scope"):
        Provide(lambda: 1, scope="forever")


def test_plan_is_built_once_not_per_request(
    test_client_factory: TestClientFactory, monkeypatch: pytest.MonkeyPatch,
) -> None:
    def dep(request: Request) -> str:
        return request.method

    async def handler(item_id: int, value: str = Resolve(dep), db: str = Provides()) -> Any:  # type: ignore[assignment]
        return [item_id, value, db]

    app = plan_app(handler, path_params={"item_id": 1}, dependencies={"db": Provide(lambda: "db")})
    client = test_client_factory(app)
    assert client.get("/").json() == [1, "GET", "db"]  # warms the dependency plans

    def no_signature(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("inspect.signature called per request")

    monkeypatch.setattr(inspect, "signature", no_signature)
    assert client.get("/").json() == [1, "GET", "db"]


def test_trivial_plan() -> None:
    async def handler() -> None:
        return None

    plan = build_handler_plan(handler)
    assert plan.is_trivial


def test_sync_handler_runs_in_a_thread(test_client_factory: TestClientFactory) -> None:
    def handler(request: Request, db: str = Provides()) -> Any:  # type: ignore[assignment]
        return {"db": db, "path": request.url.path}

    app = plan_app(handler, dependencies={"db": Provide(lambda: "db")})
    assert test_client_factory(app).get("/s").json() == {"db": "db", "path": "/s"}


def test_websocket_injection(test_client_factory: TestClientFactory) -> None:
    from lilya.params import Query

    async def handler(
        websocket: WebSocket, room: str, name: Any = Query(default="anon"), db: Any = Provides(),
    ) -> None:
        await websocket.accept()
        await websocket.send_json({"room": room, "name": name, "db": db})
        await websocket.close()

    app = plan_app(handler, path_params={"room": "r1"}, dependencies={"db": Provide(lambda: "db")})
    with test_client_factory(app).websocket_connect("/ws?name=ann") as ws:
        assert ws.receive_json() == {"room": "r1", "name": "ann", "db": "db"}


@dataclass
class Item:
    name: str
    price: float


def test_infer_body_single_parameter(test_client_factory: TestClientFactory) -> None:
    async def handler(item: Item) -> Any:
        return {"name": item.name, "price": item.price, "type": type(item).__name__}

    client = test_client_factory(plan_app(handler, infer_body=True))
    assert client.post("/", json={"name": "pen", "price": 2}).json() == {"name": "pen", "price": 2, "type": "Item"}
    assert client.post("/", json={"item": {"name": "pen", "price": 2}}).json()["type"] == "Item"
    assert client.post("/", json={"nope": 1}).status_code == 422


def test_infer_body_several_parameters(test_client_factory: TestClientFactory) -> None:
    async def handler(item: Item, count: int, item_id: int) -> Any:
        return {"item": item.name, "count": count, "item_id": item_id}

    client = test_client_factory(plan_app(handler, infer_body=True, path_params={"item_id": 9}))
    ok = client.post("/", json={"item": {"name": "pen", "price": 1}, "count": "3"})
    assert ok.json() == {"item": "pen", "count": 3, "item_id": 9}
    missing = client.post("/", json={"item": {"name": "pen", "price": 1}})
    assert missing.status_code == 422
    assert "count" in missing.text
    assert client.post("/", content=b"{bad", headers={"content-type": "application/json"}).status_code in (400, 422)


def test_infer_body_prefers_dependencies(test_client_factory: TestClientFactory) -> None:
    async def handler(db: str, payload: dict[str, int]) -> Any:
        return {"db": db, "payload": payload}

    app = plan_app(handler, infer_body=True, app_dependencies={"db": "app-db"})
    assert test_client_factory(app).post("/", json={"a": 1}).json() == {"db": "app-db", "payload": {"a": 1}}


def test_context_parameter(test_client_factory: TestClientFactory) -> None:
    from lilya.context import Context

    route = object()

    async def handler(context: Context) -> Any:
        context.add_to_context("k", 1)
        data = context.get_context_data()
        return {"same_route": context.handler is route, "data": data, "path": context.request.url.path}

    app = plan_app(handler, route=route)
    assert test_client_factory(app).get("/c").json() == {"same_route": True, "data": {"k": 1}, "path": "/c"}


def test_unresolvable_dependency_parameter_is_named(test_client_factory: TestClientFactory) -> None:
    def needs_token(token: str, other: int) -> str:
        return token

    async def handler(value: str = Resolve(needs_token)) -> Any:  # type: ignore[assignment]
        return value

    response = test_client_factory(plan_app(handler)).get("/")
    assert response.status_code == 500
    assert response.text == "Could not resolve parameter 'token' of dependency 'needs_token'"


def test_infer_body_is_decided_by_the_app_unless_the_route_fixes_it() -> None:
    async def handler(item: Item) -> Any:
        return item

    assert build_handler_plan(handler).uses_body  # the app (or settings) decides per request
    assert build_handler_plan(handler, infer_body=True).uses_body
    assert not build_handler_plan(handler, infer_body=False).uses_body


@pytest.mark.anyio
async def test_concurrent_requests_keep_their_own_cached_values() -> None:
    import json

    import anyio.lowlevel

    async def current_path(request: Request) -> str:
        await anyio.sleep(0.005)  # let other requests interleave while resolving
        return request.url.path

    cached = Provide(current_path, use_cache=True)

    async def first(p: str = cached) -> str:  # type: ignore[assignment]
        await anyio.lowlevel.checkpoint()
        return p

    async def second(p: str = cached) -> str:  # type: ignore[assignment]
        return p

    async def handler(
        request: Request, a: str = Resolve(first), b: str = Resolve(second),  # type: ignore[assignment]
    ) -> Any:
        return [request.url.path, a, b]

    app = plan_app(handler)
    bodies: dict[str, Any] = {}

    async def one(path: str) -> None:
        bodies[path] = json.loads((await call_raw(app, path))[1])

    async with anyio.create_task_group() as tg:
        for i in range(30):
            tg.start_soon(one, f"/c{i}")
    assert all(body == [path, path, path] for path, body in bodies.items()) and len(bodies) == 30


def test_websocket_first_parameter_is_the_connection(test_client_factory: TestClientFactory) -> None:
    async def handler(socket: Any, db: Any = Provides()) -> None:
        await socket.accept()
        await socket.send_text(db)
        await socket.close()

    async def http_handler(socket: Any) -> Any:
        return socket

    client = test_client_factory(plan_app(handler, dependencies={"db": Provide(lambda: "db")}))
    with client.websocket_connect("/ws") as ws:
        assert ws.receive_text() == "db"
    # over HTTP the same name is a parameter nothing provides: a TypeError naming it (as in Lilya)
    with pytest.raises(UnresolvedParameter, match="Handler 'http_handler' needs 'socket'"):
        test_client_factory(plan_app(http_handler)).get("/")
    assert issubclass(UnresolvedParameter, TypeError)


def test_positional_only_parameters(test_client_factory: TestClientFactory) -> None:
    async def handler(request: Request, item_id: int, /, db: Any = Provides()) -> Any:
        return [request.method, item_id, db]

    def sync_handler(item_id: int, /) -> Any:
        return item_id

    app = plan_app(handler, path_params={"item_id": 4}, dependencies={"db": Provide(lambda: "db")})
    assert test_client_factory(app).get("/").json() == ["GET", 4, "db"]
    assert test_client_factory(plan_app(sync_handler, path_params={"item_id": 2})).get("/").json() == 2


def test_dependency_parameters_from_a_json_body(test_client_factory: TestClientFactory) -> None:
    def new_user(name: str, email: str) -> dict[str, str]:
        return {"name": name, "email": email}

    async def handler(request: Request, user: Any = Resolve(new_user)) -> Any:
        return {"user": user, "body": await request.json()}

    client = test_client_factory(plan_app(handler))
    payload = {"name": "ann", "email": "a@x"}
    assert client.post("/", json=payload).json() == {"user": payload, "body": payload}
    missing = client.post("/", json={"name": "ann"})
    assert (missing.status_code, missing.text) == (422, "Missing expected body key and/or payload for 'email'.")
    no_body = client.get("/")
    assert (no_body.status_code, no_body.text) == (500, "Could not resolve parameter 'name' of dependency 'new_user'")


class _BrokenInside:
    def __init__(self, name: str, size: int) -> None:  # two fields: a lone one would get the request
        raise ValueError("a bug in the class, not in the request")


def test_an_error_inside_a_body_built_class_stays_a_server_error(test_client_factory: TestClientFactory) -> None:
    from lilya.apps import Lilya as _App
    from lilya.dependencies import Provide as _Provide, Provides as _Provides
    from lilya.routing import Path as _Path

    async def handler(thing: _BrokenInside = _Provides()) -> str:
        return "unreachable"

    route = _Path("/", handler, methods=["POST"], dependencies={"thing": _Provide(_BrokenInside)})
    client = test_client_factory(_App(routes=[route]), raise_server_exceptions=False)
    assert client.post("/", json={"name": "x", "size": 1}).status_code == 500
    assert client.post("/", json={}).status_code == 422  # the request left the field out
