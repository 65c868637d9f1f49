"""What ``get_openapi`` puts in the document: paths, operations, parameters, metadata."""

from __future__ import annotations

from typing import Any

import pytest

from lilya.apps import ChildLilya, Lilya
from lilya.contrib.openapi.decorator import openapi
from lilya.contrib.openapi.params import Query
from lilya.controllers import Controller
from lilya.routing import Include, Path, WebSocketPath
from tests.contrib.openapi._helpers import document, operation


async def list_books() -> list[str]:
    return []


async def book(book_id: int) -> dict[str, int]:
    return {"id": book_id}


class Shelf(Controller):
    @openapi(summary="Read the shelf")
    async def get(self) -> dict[str, str]:
        return {}

    async def delete(self) -> None:
        return None


def test_info_servers_and_tags_come_from_the_arguments() -> None:
    app = Lilya(routes=[Path("/books", list_books)])
    spec = document(
        app,
        summary="Books",
        description="All of them",
        terms_of_service="https://example.com/tos",
        contact={"name": "Ada"},
        license={"name": "MIT"},
        servers=[{"url": "https://api.example.com"}],
        tags=["books", {"name": "admin", "description": "staff only"}],
    )
    assert spec["openapi"] == "3.2.0"
    assert spec["info"] == {
        "title": "Test",
        "version": "1.0",
        "summary": "Books",
        "description": "All of them",
        "termsOfService": "https://example.com/tos",
        "contact": {"name": "Ada"},
        "license": {"name": "MIT"},
    }
    assert spec["servers"] == [{"url": "https://api.example.com"}]
    # A plain string tag becomes a Tag Object.
    assert spec["tags"] == [{"name": "books"}, {"name": "admin", "description": "staff only"}]


def test_an_undecorated_handler_is_documented_with_its_name() -> None:
    spec = document(Lilya(routes=[Path("/books", list_books)]))
    assert operation(spec, "/books") == {
        "operationId": "list_books",
        "deprecated": False,
        "parameters": [],
        "responses": {"200": {"description": "Successful response"}},
    }


def test_decorator_metadata_lands_in_the_operation() -> None:
    @openapi(
        summary="One book",
        description="By id",
        tags=["books"],
        deprecated=True,
        operation_id="getBook",
        response_description="The book",
    )
    async def get_book(book_id: int) -> dict[str, int]:
        return {"id": book_id}

    spec = document(Lilya(routes=[Path("/books/{book_id:int}", get_book)]))
    assert operation(spec, "/books/{book_id}") == {
        "operationId": "getBook",
        "summary": "One book",
        "description": "By id",
        "tags": ["books"],
        "deprecated": True,
        "parameters": [{"name": "book_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
        "responses": {"200": {"description": "The book"}},
    }


def test_status_code_names_the_default_response() -> None:
    @openapi(status_code=201, response_description="Created")
    async def create() -> None:
        return None

    spec = document(Lilya(routes=[Path("/books", create, methods=["POST"])]))
    assert operation(spec, "/books", "post")["responses"] == {"201": {"description": "Created"}}


def test_path_parameters_take_their_type_from_the_convertor() -> None:
    async def handler() -> None:
        return None

    spec = document(Lilya(routes=[Path("/a/{i:int}/{f:float}/{u:uuid}/{s}/{rest:path}", handler)]))
    params = {p["name"]: p["schema"] for p in operation(spec, "/a/{i}/{f}/{u}/{s}/{rest}")["parameters"]}
    assert params == {
        "i": {"type": "integer"},
        "f": {"type": "number"},
        "u": {"type": "string", "format": "uuid"},
        "s": {"type": "string"},
        "rest": {"type": "string"},
    }


def test_query_parameters_in_every_accepted_form() -> None:
    @openapi(
        query={
            "limit": Query(default=10, description="page size", schema={"type": "integer"}, required=True),
            "tags": {"schema": {"type": "array", "items": {"type": "string"}}, "explode": False},
        }
    )
    async def search() -> None:
        return None

    @openapi(query={"q"})
    async def find() -> None:
        return None

    spec = document(Lilya(routes=[Path("/search", search), Path("/find", find)]))
    assert operation(spec, "/search")["parameters"] == [
        {
            "name": "limit",
            "in": "query",
            "required": True,
            "schema": {"type": "integer"},
            "description": "page size",
            "style": "form",
            "explode": True,
        },
        {
            "name": "tags",
            "in": "query",
            "required": False,
            "schema": {"type": "array", "items": {"type": "string"}},
            "style": "form",
            "explode": False,
        },
    ]
    # A bare name is a string parameter.
    assert operation(spec, "/find")["parameters"] == [
        {"name": "q", "in": "query", "required": False, "schema": {"type": "string"}, "style": "form", "explode": True}
    ]


def test_includes_and_child_apps_are_flattened_into_full_paths() -> None:
    child = ChildLilya(routes=[Include("/shelf", routes=[Path("/books", list_books)])])
    nested = Lilya(routes=[Path("/deep", list_books)])
    app = Lilya(
        routes=[
            Include("/api/{version}", routes=[Path("/books/{book_id:int}", book)]),
            Include("/child", app=child),
            Include("/", routes=[Include("/lvl/", app=nested)]),
        ]
    )
    spec = document(app)
    assert set(spec["paths"]) == {"/api/{version}/books/{book_id}", "/child/shelf/books", "/lvl/deep"}
    names = [p["name"] for p in operation(spec, "/api/{version}/books/{book_id}")["parameters"]]
    assert names == ["version", "book_id"]


def test_excluded_routes_are_left_out() -> None:
    @openapi(include_in_schema=False)
    async def hidden_by_decorator() -> None:
        return None

    class Hidden(Controller):
        __exclude_from_openapi__ = True

        async def get(self) -> None:
            return None

    async def chat(websocket: Any) -> None:
        return None

    app = Lilya(
        routes=[
            Path("/shown", list_books),
            Path("/hidden-path", list_books, include_in_schema=False),
            Path("/hidden-decorator", hidden_by_decorator),
            Path("/hidden-controller", Hidden),
            Include("/hidden-include", routes=[Path("/x", list_books)], include_in_schema=False),
            WebSocketPath("/ws", chat),
        ]
    )
    assert set(document(app)["paths"]) == {"/shown"}


def test_controllers_document_the_methods_they_implement() -> None:
    app = Lilya(routes=[Path("/shelf", Shelf), Path("/only-get", Shelf, methods=["GET"])])
    spec = document(app)
    assert set(spec["paths"]["/shelf"]) == {"get", "delete"}
    assert operation(spec, "/shelf")["summary"] == "Read the shelf"
    assert operation(spec, "/shelf", "delete")["operationId"] == "delete"
    # Methods given on the route narrow what is documented.
    assert set(spec["paths"]["/only-get"]) == {"get"}


def test_head_is_never_documented_and_methods_are_lower_case() -> None:
    app = Lilya(routes=[Path("/books", list_books, methods=["GET", "HEAD", "PUT", "QUERY"])])
    assert set(document(app, valid=False)["paths"]["/books"]) == {"get", "put", "query"}


def test_generated_operation_ids_are_unique() -> None:
    app = Lilya(routes=[Path("/a", list_books, methods=["GET", "POST"]), Path("/b/{x}", list_books)])
    spec = document(app)  # the validator rejects duplicate operationIds
    ids = [op["operationId"] for item in spec["paths"].values() for op in item.values()]
    assert ids == ["list_books", "list_books_post_a", "list_books_get_b_x"]


def test_webhooks_are_passed_through() -> None:
    spec = document(Lilya(), webhooks=[{"url": "https://hook"}], valid=False)
    assert spec["webhooks"] == [{"url": "https://hook"}]


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0", "3.2.0"])
def test_the_document_validates_for_each_openapi_version(version: str) -> None:
    app = Lilya(routes=[Path("/books/{book_id:int}", book), Path("/shelf", Shelf)])
    assert document(app, openapi_version=version)["openapi"] == version
