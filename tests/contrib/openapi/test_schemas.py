"""Schemas of responses and request bodies: pydantic models, dataclasses, msgspec Structs."""

from __future__ import annotations

import dataclasses
from typing import Any

import msgspec
import pytest
from pydantic import BaseModel

from lilya.apps import Lilya
from lilya.contrib.openapi.datastructures import OpenAPIResponse
from lilya.contrib.openapi.decorator import openapi
from lilya.routing import Path
from tests.contrib.openapi._helpers import document, operation


class Author(BaseModel):
    name: str


class Book(BaseModel):
    title: str
    author: Author


class Problem(BaseModel):
    detail: str


@dataclasses.dataclass
class Loan:
    book_id: int
    days: int = 14


class Review(msgspec.Struct):
    stars: int
    text: str = ""


class Upload(BaseModel):
    name: str
    file: bytes


def app_with(handler: Any, methods: list[str] | None = None) -> Lilya:
    return Lilya(routes=[Path("/x", handler, methods=methods or ["POST"])])


def test_response_models_are_components_referred_to_by_ref() -> None:
    @openapi(
        responses={
            200: OpenAPIResponse(model=[Book], description="Books"),
            404: OpenAPIResponse(model=Problem, description="No such book"),
        }
    )
    async def handler() -> None:
        return None

    spec = document(app_with(handler, ["GET"]))
    assert operation(spec, "/x")["responses"] == {
        "200": {
            "description": "Books",
            "content": {
                "application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Book"}}}
            },
        },
        "404": {
            "description": "No such book",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
        },
    }
    # Nested models are components too.
    assert set(spec["components"]["schemas"]) == {"Book", "Author", "Problem"}
    assert spec["components"]["schemas"]["Book"]["properties"]["author"] == {"$ref": "#/components/schemas/Author"}


def test_a_request_body_model_is_inline_and_its_nested_models_are_components() -> None:
    @openapi(request_body=Book)
    async def handler() -> None:
        return None

    spec = document(app_with(handler))
    schema = operation(spec, "/x", "post")["requestBody"]["content"]["application/json"]["schema"]
    assert schema["title"] == "Book"
    assert schema["properties"]["author"] == {"$ref": "#/components/schemas/Author"}
    assert set(spec["components"]["schemas"]) == {"Author"}


def test_list_request_bodies_in_both_spellings() -> None:
    @openapi(request_body=[Problem])
    async def short() -> None:
        return None

    @openapi(request_body=list[Problem])
    async def long() -> None:
        return None

    for handler in (short, long):
        spec = document(app_with(handler))
        schema = operation(spec, "/x", "post")["requestBody"]["content"]["application/json"]["schema"]
        assert schema == {"type": "array", "items": {"$ref": "#/components/schemas/Problem"}}


def test_binary_fields_make_the_body_multipart_unless_a_media_type_is_given() -> None:
    @openapi(request_body=Upload)
    async def upload() -> None:
        return None

    @openapi(request_body=Upload, media_type="application/octet-stream")
    async def raw() -> None:
        return None

    content = operation(document(app_with(upload)), "/x", "post")["requestBody"]["content"]
    assert content["multipart/form-data"]["schema"]["properties"]["file"]["format"] == "binary"
    assert set(operation(document(app_with(raw)), "/x", "post")["requestBody"]["content"]) == {
        "application/octet-stream"
    }


def test_request_body_dicts_json_schema_or_whole_request_body() -> None:
    whole = {"required": True, "content": {"text/plain": {"schema": {"type": "string"}}}}

    @openapi(request_body=whole)
    async def as_written() -> None:
        return None

    @openapi(request_body={"type": "object", "properties": {"f": {"type": "string", "format": "binary"}}})
    async def schema() -> None:
        return None

    assert operation(document(app_with(as_written)), "/x", "post")["requestBody"] == whole
    body = operation(document(app_with(schema)), "/x", "post")["requestBody"]
    assert list(body["content"]) == ["multipart/form-data"]


def test_a_request_body_is_only_documented_for_methods_that_take_one() -> None:
    @openapi(request_body=Problem)
    async def handler() -> None:
        return None

    spec = document(app_with(handler, ["GET", "PUT", "PATCH", "DELETE"]))
    with_body = {method for method, op in spec["paths"]["/x"].items() if "requestBody" in op}
    assert with_body == {"put", "patch"}


def test_dataclasses_and_msgspec_structs_are_described() -> None:
    @openapi(request_body=Review, responses={200: OpenAPIResponse(model=Loan, description="The loan")})
    async def handler() -> None:
        return None

    spec = document(app_with(handler))
    body = operation(spec, "/x", "post")["requestBody"]["content"]["application/json"]["schema"]
    assert body["title"] == "Review"
    assert body["required"] == ["stars"]
    assert body["properties"]["stars"]["type"] == "integer"
    assert body["properties"]["text"]["default"] == ""
    loan = spec["components"]["schemas"]["Loan"]
    assert loan["required"] == ["book_id"]
    assert loan["properties"]["days"]["default"] == 14


def test_models_with_the_same_name_get_distinct_components() -> None:
    def make() -> type[BaseModel]:
        class Problem(BaseModel):
            code: int

        return Problem

    other = make()

    @openapi(
        responses={
            400: OpenAPIResponse(model=Problem, description="ours"),
            409: OpenAPIResponse(model=other, description="theirs"),
        }
    )
    async def handler() -> None:
        return None

    spec = document(app_with(handler, ["GET"]))
    responses = operation(spec, "/x")["responses"]
    refs = {code: r["content"]["application/json"]["schema"]["$ref"] for code, r in responses.items()}
    assert refs["400"] != refs["409"]
    assert len(spec["components"]["schemas"]) == 2


def test_a_type_pydantic_cannot_describe_is_documented_as_any_value(caplog: pytest.LogCaptureFixture) -> None:
    class Opaque:
        pass

    class Unfinished(BaseModel):
        later: "NeverDefined"  # noqa: F821 - an unresolved forward reference

    @openapi(
        responses={
            200: OpenAPIResponse(model=Opaque, description="opaque"),
            201: OpenAPIResponse(model=Unfinished, description="unfinished"),
        }
    )
    async def handler() -> None:
        return None

    responses = operation(document(app_with(handler, ["GET"])), "/x")["responses"]
    assert responses["200"]["content"] == {"application/json": {"schema": {}}}
    assert responses["201"]["content"] == {"application/json": {"schema": {}}}
    assert len([r for r in caplog.records if "documented as any value" in r.getMessage()]) == 2


@pytest.mark.parametrize("model", [[Book, Problem], []])
def test_a_response_list_holds_exactly_one_model(model: Any) -> None:
    with pytest.raises(ValueError, match="ONE model"):
        OpenAPIResponse(model=model)
