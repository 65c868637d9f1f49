"""Body inference (``infer_body``): JSON and form bodies into typed handler parameters."""

from __future__ import annotations

import logging

import io
import json
from dataclasses import dataclass
from typing import Any

import msgspec
import pydantic
import pytest

from lilya.apps import Lilya
from lilya.conf.global_settings import Settings
from lilya.controllers import Controller
from lilya.datastructures import DataUpload
from lilya.dependencies import Provide, Provides
from lilya.requests import Request
from lilya.responses import JSONResponse
from lilya.routing import Path
from tests.conftest import TestClientFactory


class Person(pydantic.BaseModel):
    name: str
    age: int


class Sku(msgspec.Struct):
    code: str


@dataclass
class Point:
    x: int
    y: int


class InferSettings(Settings):
    infer_body: bool = True


async def person_and_sku(person: Person, sku: Sku) -> dict[str, Any]:
    return {"name": person.name, "age": person.age, "code": sku.code}


def build(handler: Any, path: str = "/", **options: Any) -> Lilya:
    options.setdefault("infer_body", True)
    return Lilya(routes=[Path(path, handler, methods=["POST", "PUT"])], **options)


def test_off_by_default_a_model_parameter_is_a_startup_warning(
    test_client_factory: TestClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    """Lilya 0.29 builds such apps (to document them, say): the app starts, the log says which
    parameters wait for infer_body, and a request to them fails rather than guessing."""
    with caplog.at_level(logging.WARNING, logger="lilya"):
        with test_client_factory(build(person_and_sku, infer_body=False), raise_server_exceptions=False) as client:
            assert client.post("/", json={"person": {"name": "ann"}, "sku": {"code": "x1"}}).status_code == 500
    warned = [r.getMessage() for r in caplog.records if "request bodies" in r.getMessage()]
    assert len(warned) == 1 and "'person' of handler 'person_and_sku'" in warned[0]


@pytest.mark.parametrize("how", ["argument", "settings_module"])
def test_enabled_per_app(test_client_factory: TestClientFactory, how: str) -> None:
    options = {"infer_body": True} if how == "argument" else {"infer_body": False, "settings_module": InferSettings}
    client = test_client_factory(build(person_and_sku, **options))
    response = client.post("/", json={"person": {"name": "ann", "age": "3"}, "sku": {"code": "x1"}})
    assert response.json() == {"name": "ann", "age": 3, "code": "x1"}


def test_one_parameter_takes_the_whole_body_or_its_key(test_client_factory: TestClientFactory) -> None:
    async def handler(point: Point) -> dict[str, int]:
        return {"sum": point.x + point.y}

    client = test_client_factory(build(handler))
    assert client.post("/", json={"x": 1, "y": 2}).json() == {"sum": 3}
    assert client.post("/", json={"point": {"x": 4, "y": 5}}).json() == {"sum": 9}


def test_containers_of_models(test_client_factory: TestClientFactory) -> None:
    async def as_list(items: list[Sku]) -> Any:
        return [type(i).__name__ + ":" + i.code for i in items]

    async def as_map(items: dict[str, Sku]) -> Any:
        return {k: v.code for k, v in items.items()}

    async def as_tuple(items: tuple[Sku, ...]) -> Any:
        return {"tuple": isinstance(items, tuple), "codes": [i.code for i in items]}

    list_client = test_client_factory(build(as_list))
    assert list_client.post("/", json=[{"code": "a"}, {"code": "b"}]).json() == ["Sku:a", "Sku:b"]
    assert list_client.post("/", json={"items": [{"code": "c"}]}).json() == ["Sku:c"]
    map_client = test_client_factory(build(as_map))
    assert map_client.post("/", json={"k": {"code": "v"}}).json() == {"k": "v"}
    tuple_client = test_client_factory(build(as_tuple))
    assert tuple_client.post("/", json=[{"code": "t"}]).json() == {"tuple": True, "codes": ["t"]}


def test_form_keys_dotted_indexed_and_json_text(test_client_factory: TestClientFactory) -> None:
    async def handler(items: list[dict[str, Any]]) -> Any:
        return items

    client = test_client_factory(build(handler))
    form = {"items[0].code": "a", "items[0].meta": '{"n": 1}', "items[1].code": "b", "items[1].meta": "[2]"}
    assert client.post("/", data=form).json() == [{"code": "a", "meta": {"n": 1}}, {"code": "b", "meta": [2]}]

    async def nested(person: Person, sku: Sku) -> Any:
        return [person.name, person.age, sku.code]

    client = test_client_factory(build(nested))
    form = {"person.name": "bo", "person.age": "7", "sku": '{"code": "z"}'}
    assert client.post("/", data=form).json() == ["bo", 7, "z"]


def test_file_beside_a_model(test_client_factory: TestClientFactory) -> None:
    async def handler(person: Person, upload: DataUpload) -> Any:
        return {"name": person.name, "file": upload.filename, "size": len(await upload.read())}

    client = test_client_factory(build(handler))
    response = client.post(
        "/",
        data={"person": json.dumps({"name": "cy", "age": 1})},
        files={"upload": ("a.txt", io.BytesIO(b"hello"), "text/plain")},
    )
    assert response.json() == {"name": "cy", "file": "a.txt", "size": 5}


def test_huge_form_index_or_depth_is_rejected(test_client_factory: TestClientFactory) -> None:
    async def handler(items: list[Sku]) -> Any:
        return len(items)

    client = test_client_factory(build(handler))
    assert client.post("/", data={"items[99999999].code": "x"}).status_code == 422
    assert client.post("/", data={"items" + ".a" * 5000: "x"}).status_code == 422


@pytest.mark.parametrize(
    "payload",
    [
        {"person": {"name": "a"}, "sku": {"code": "c"}},  # pydantic: age missing
        {"person": {"name": "a", "age": 1}, "sku": {"code": 5}},  # msgspec: wrong type
        {"person": {"name": "a", "age": 1}},  # sku missing
        [1, 2],
    ],
)
def test_bad_body_is_422(test_client_factory: TestClientFactory, payload: Any) -> None:
    client = test_client_factory(build(person_and_sku))
    assert client.post("/", json=payload).status_code == 422


def test_empty_body_is_422(test_client_factory: TestClientFactory) -> None:
    async def handler(person: Person) -> Any:
        return person

    assert test_client_factory(build(handler)).post("/").status_code == 422


def test_a_handler_for_the_validation_error_answers_it(test_client_factory: TestClientFactory) -> None:
    async def on_invalid(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, pydantic.ValidationError)
        return JSONResponse({"errors": len(exc.errors())}, status_code=400)

    app = build(person_and_sku, exception_handlers={pydantic.ValidationError: on_invalid})
    response = test_client_factory(app).post("/", json={"person": {}, "sku": {"code": "c"}})
    assert (response.status_code, response.json()) == (400, {"errors": 2})


def test_dependencies_and_path_params_are_not_body(test_client_factory: TestClientFactory) -> None:
    async def handler(item_id: int, person: Person, service: str, extra: str = Provides()) -> Any:  # type: ignore[assignment]
        return [item_id, person.name, service, extra]

    app = Lilya(
        routes=[Path("/{item_id:int}", handler, methods=["POST"], dependencies={"service": Provide(lambda: "svc")})],
        dependencies={"extra": Provide(lambda: "ext")},
        infer_body=True,
    )
    assert test_client_factory(app).post("/4", json={"name": "d", "age": 2}).json() == [4, "d", "svc", "ext"]


def test_controller_methods_infer_their_body(test_client_factory: TestClientFactory) -> None:
    class People(Controller):
        async def put(self, person: Person) -> Any:
            return {"hello": person.name}

    app = Lilya(routes=[Path("/", People)], settings_module=InferSettings)
    assert test_client_factory(app).put("/", json={"name": "eve", "age": 5}).json() == {"hello": "eve"}


def test_models_are_encoded_in_responses(test_client_factory: TestClientFactory) -> None:
    async def echo(sku: Sku) -> Sku:
        return sku

    assert test_client_factory(build(echo)).post("/", json={"code": "r"}).json() == {"code": "r"}


def test_global_setting_applies_without_an_app(test_client_factory: TestClientFactory) -> None:
    from lilya.conf import override_settings
    from lilya.routing import Router

    async def handler(point: Point) -> int:
        return point.x * point.y

    router = Router(routes=[Path("/", handler, methods=["POST"])])
    with override_settings(infer_body=True):
        assert test_client_factory(router).post("/", json={"x": 3, "y": 4}).json() == 12


def test_a_route_handler_for_the_validation_error_answers_it(test_client_factory: TestClientFactory) -> None:
    def on_invalid(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, msgspec.ValidationError)
        return JSONResponse({"route": str(exc)}, status_code=400)

    async def handler(sku: Sku) -> Any:
        return sku

    app = Lilya(
        routes=[Path("/", handler, methods=["POST"], exception_handlers={msgspec.ValidationError: on_invalid})],
        infer_body=True,
    )
    response = test_client_factory(app).post("/", json={"code": 1})
    assert (response.status_code, response.json()) == (400, {"route": "Expected `str`, got `int` - at `$.code`"})
