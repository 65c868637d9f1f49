"""Controller: one method per verb, injection prepared per route, ``with_init``."""

from __future__ import annotations

from lilya.controllers import Controller
from lilya.requests import Request
from lilya.responses import PlainText
from lilya.routing import Path, Router
from tests.conftest import TestClientFactory


class Items(Controller):
    def __init__(self, prefix: str = "item") -> None:
        self.prefix = prefix

    async def get(self, request: Request, item_id: int) -> dict[str, object]:
        return {"item": f"{self.prefix}-{item_id}", "method": request.method}

    def post(self, item_id: int) -> PlainText:  # sync methods run in a worker thread
        return PlainText(f"created {item_id}", status_code=201)


def build_router() -> Router:
    return Router(
        routes=[
            Path("/items/{item_id:int}", Items, name="items"),
            Path("/custom/{item_id:int}", Items.with_init(prefix="custom"), name="custom"),
        ]
    )


def test_controller_dispatches_by_verb(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(build_router())
    assert client.get("/items/3").json() == {"item": "item-3", "method": "GET"}
    response = client.post("/items/4")
    assert (response.status_code, response.text) == (201, "created 4")
    assert client.head("/items/3").status_code == 200


def test_controller_405_lists_its_verbs(test_client_factory: TestClientFactory) -> None:
    response = test_client_factory(build_router()).delete("/items/3")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"  # as Lilya: the verbs it defines


def test_controller_with_init_and_names(test_client_factory: TestClientFactory) -> None:
    router = build_router()
    assert test_client_factory(router).get("/custom/1").json() == {"item": "custom-1", "method": "GET"}
    first, second = router.routes
    assert isinstance(first, Path) and isinstance(second, Path)
    assert first.methods is None
    assert second.handler.__name__ == "ItemsWithInit"
    assert router.path_for("items", item_id=9) == "/items/9"


def test_controller_instance_per_request(test_client_factory: TestClientFactory) -> None:
    seen: list[Controller] = []

    class Counter(Controller):
        async def get(self) -> int:
            seen.append(self)
            return len(seen)

    client = test_client_factory(Router(routes=[Path("/c", Counter)]))
    client.get("/c")
    client.get("/c")
    assert seen[0] is not seen[1]


def test_with_init_serves_each_request_with_the_real_class(test_client_factory: TestClientFactory) -> None:
    class Greeter(Controller):
        made = 0

        def __init__(self, *, greeting: str) -> None:
            type(self).made += 1
            self.greeting = greeting

        async def get(self) -> str:
            return self.greeting

    factory = Greeter.with_init(greeting="hey")
    assert factory() is factory()  # the factory itself is a single shared object
    client = test_client_factory(Router(routes=[Path("/", factory)]))
    assert [client.get("/").json(), client.get("/").json()] == ["hey", "hey"]
    assert Greeter.made == 2
    response = client.put("/")
    assert (response.status_code, response.headers["allow"]) == (405, "GET")


def test_with_init_factory_is_an_asgi_app(test_client_factory: TestClientFactory) -> None:
    class Answer(Controller):
        def __init__(self, value: int) -> None:
            self.value = value

        async def get(self) -> int:
            return self.value

    assert test_client_factory(Answer.with_init(42)()).get("/").json() == 42
    assert test_client_factory(Answer(7)).get("/").json() == 7


def test_405_inside_an_app_goes_through_its_handlers(test_client_factory: TestClientFactory) -> None:
    from lilya.apps import Lilya
    from lilya.exceptions import HTTPException
    from lilya.responses import JSONResponse

    class OnlyGet(Controller):
        async def get(self) -> str:
            return "ok"

    def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        return JSONResponse({"status": exc.status_code, "allow": (exc.headers or {}).get("Allow")}, status_code=405)

    app = Lilya(routes=[Path("/", OnlyGet)], exception_handlers={HTTPException: on_http})
    assert test_client_factory(app).post("/").json() == {"status": 405, "allow": "GET"}


def test_controller_class_dependencies_are_nearest(test_client_factory: TestClientFactory) -> None:
    from lilya.dependencies import Provide, Provides

    class Stats(Controller):
        dependencies = {"source": Provide(lambda: "controller"), "unit": lambda: "ms"}

        async def get(self, source: str, unit: str = Provides()) -> list[str]:  # type: ignore[assignment]
            return [source, unit]

    router = Router(routes=[Path("/s", Stats, dependencies={"source": Provide(lambda: "route")})])
    assert test_client_factory(router).get("/s").json() == ["controller", "ms"]


def test_controller_class_options_join_its_route(test_client_factory: TestClientFactory) -> None:
    from lilya.exceptions import NotFound, PermissionDenied
    from lilya.responses import JSONResponse
    from lilya.types import ASGIApp, Receive, Scope, Send

    calls: list[str] = []

    class NeedsKey:
        def __init__(self, app: ASGIApp) -> None:
            self.app = app

        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            if (b"x-key", b"1") not in scope["headers"]:
                raise PermissionDenied()
            await self.app(scope, receive, send)

    class Tag:
        def __init__(self, app: ASGIApp) -> None:
            self.app = app

        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            calls.append("middleware")
            await self.app(scope, receive, send)

    def before(scope: Scope, receive: Receive, send: Send) -> None:
        calls.append("before")

    def on_missing(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"handled": "controller"}, status_code=404)

    class Guarded(Controller):
        permissions = [NeedsKey]
        middleware = [Tag]
        exception_handlers = {NotFound: on_missing}
        before_request = [before]

        async def get(self) -> str:
            raise NotFound()

    client = test_client_factory(Router(routes=[Path("/g", Guarded)]))
    assert client.get("/g").status_code == 403
    response = client.get("/g", headers={"x-key": "1"})
    assert (response.status_code, response.json()) == (404, {"handled": "controller"})
    assert calls == ["middleware", "middleware", "before"]
