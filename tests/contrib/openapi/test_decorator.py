"""``@openapi`` records metadata, checks it when the module is imported, and leaves the handler as is."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from openapi_spec_validator import validate
from pydantic import BaseModel

from lilya.apps import Lilya
from lilya.contrib.openapi.datastructures import OpenAPIResponse
from lilya.contrib.openapi.decorator import OpenAPIMethod, get_signature, is_function, openapi
from lilya.contrib.openapi.params import Query
from lilya.controllers import Controller
from lilya.requests import Request
from lilya.routing import Path
from tests.conftest import TestClientFactory
from tests.contrib.openapi._helpers import document, operation


class Item(BaseModel):
    name: str


async def greet(name: str) -> dict[str, str]:
    return {"hello": name}


def test_the_handler_is_a_copy_with_the_same_behaviour(test_client_factory: TestClientFactory) -> None:
    documented = openapi(summary="Greet")(greet)
    assert documented is not greet and not hasattr(greet, "openapi_meta")
    assert documented.openapi_meta["summary"] == "Greet"  # type: ignore[attr-defined]
    assert inspect.signature(documented) == inspect.signature(greet)
    assert inspect.iscoroutinefunction(documented)
    assert (documented.__name__, documented.__qualname__) == (greet.__name__, greet.__qualname__)

    @openapi()
    def add(a: int, b: int = 2) -> int:
        return a + b

    assert add(1) == 3

    app = Lilya(routes=[Path("/hello/{name}", documented), Path("/sum/{a:int}", add)])
    client = test_client_factory(app)
    assert client.get("/hello/ada").json() == {"hello": "ada"}
    assert client.get("/sum/5").text == "7"


def test_controller_methods_keep_working(test_client_factory: TestClientFactory) -> None:
    class Items(Controller):
        @openapi(summary="Create", request_body=Item, responses={201: OpenAPIResponse(model=Item)})
        async def post(self, request: Request) -> Any:
            return Item(**await request.json()).model_dump()

        @openapi(summary="Version")
        @staticmethod
        def get() -> dict[str, int]:
            return {"version": 1}

    assert isinstance(Items.__dict__["get"], OpenAPIMethod)
    app = Lilya(routes=[Path("/items", Items)])
    client = test_client_factory(app)
    assert client.post("/items", json={"name": "pen"}).json() == {"name": "pen"}
    assert client.get("/items").json() == {"version": 1}
    spec = document(app)
    assert operation(spec, "/items", "post")["summary"] == "Create"
    assert operation(spec, "/items")["summary"] == "Version"


def test_non_function_callables_are_wrapped() -> None:
    class Callable:
        def __call__(self, value: int) -> int:
            return value * 2

    documented = openapi(summary="Twice")(Callable())
    assert documented(4) == 8
    assert documented.openapi_meta["summary"] == "Twice"  # type: ignore[attr-defined]


def test_helpers() -> None:
    class Holder:
        def method(self) -> None:
            return None

    assert is_function(greet)
    assert not is_function(Holder.method)
    assert not is_function(print)
    assert get_signature(greet) is get_signature(greet)


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"responses": {200: Item}}, TypeError),
        ({"responses": {99: OpenAPIResponse(model=Item)}}, ValueError),
        ({"query": {"q": ["a"]}}, ValueError),
        ({"query": ["q"]}, TypeError),
        ({"request_body": [Item, Item]}, ValueError),
        ({"request_body": "Item"}, TypeError),
        ({"security": [object()]}, (ValueError, ImportError)),
    ],
)
def test_wiring_mistakes_fail_when_decorating(options: dict[str, Any], error: type[Exception]) -> None:
    with pytest.raises(error):
        openapi(**options)


BEARER = {"type": "http", "scheme": "bearer", "bearerFormat": "JWT", "scheme_name": "bearer"}


def secured_app(**security: Any) -> Lilya:
    @openapi(security=[{"bearer": BEARER}, {"oauth2": ["read"]}], query={"q": Query()})
    async def secret() -> None:
        return None

    return Lilya(routes=[Path("/secret", secret)], **security)


def test_security_is_written_like_lilya_by_default() -> None:
    spec = document(secured_app(), valid=False)
    assert operation(spec, "/secret")["security"] == [{"bearer": BEARER, "oauth2": ["read"]}]
    # Only scheme objects are components; a list of scopes is a requirement, not a scheme.
    assert spec["components"]["securitySchemes"] == {"bearer": BEARER}


def test_strict_security_validates() -> None:
    spec = document(secured_app(), strict_security=True)
    assert operation(spec, "/secret")["security"] == [{"bearer": [], "oauth2": ["read"]}]
    assert spec["components"]["securitySchemes"] == {
        "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    }


def test_security_for_every_operation_from_the_config(test_client_factory: TestClientFactory) -> None:
    from lilya.contrib.openapi.config import OpenAPIConfig

    config = OpenAPIConfig(security=[{"bearer": BEARER}], strict_security=True)
    app = Lilya(routes=[Path("/hello/{name}", greet)], enable_openapi=True, openapi_config=config)
    spec = test_client_factory(app).get("/openapi.json").json()
    validate(spec)
    assert spec["security"] == [{"bearer": []}]
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert "security" not in operation(spec, "/hello/{name}")
