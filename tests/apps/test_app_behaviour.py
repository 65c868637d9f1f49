"""behaviour.md rows 1-18, each through a ``Lilya`` application."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from lilya.apps import Lilya
from lilya.exceptions import HTTPException, PermissionDenied
from lilya.permissions.base import DefinePermission
from lilya.requests import Request
from lilya.routing import Include, Path
from lilya.types import ASGIApp, Receive, Scope, Send
from tests.conftest import TestClientFactory


def returns_dict() -> dict[str, int]:
    return {"a": 1}


async def returns_str() -> str:
    return "hello"


async def returns_none() -> None:
    return None


async def returns_list() -> list[int]:
    return [1, 2]


async def typed(item_id: int) -> dict[str, object]:
    return {"item_id": item_id, "type": type(item_id).__name__}


async def query(request: Request) -> dict[str, object]:
    return {"dict": dict(request.query_params), "all": request.query_params.getall("a")}


async def value_error() -> None:
    raise ValueError("secret detail")


async def teapot() -> None:
    raise HTTPException(status_code=418, detail="teapot")


async def plain() -> str:
    return "d"


async def read_json(request: Request) -> dict[str, object]:
    return {"json": await request.json()}


class Deny:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/private"):
            raise PermissionDenied()
        await self.app(scope, receive, send)


def build() -> Lilya:
    return Lilya(
        routes=[
            Path("/dict", returns_dict),
            Path("/str", returns_str),
            Path("/none", returns_none),
            Path("/list", returns_list),
            Path("/items/{item_id:int}", typed),
            Path("/q", query),
            Path("/value-error", value_error),
            Path("/teapot", teapot),
            Path("/d", plain),
            Path("/json", read_json, methods=["POST"]),
            Path("/private", plain),
            Include("/inc", routes=[Path("/x", plain, name="x")], name="inc"),
        ],
        permissions=[DefinePermission(Deny)],
    )


@pytest.mark.parametrize(
    ("path", "body"),
    [("/dict", b'{"a":1}'), ("/str", b'"hello"'), ("/none", b"null"), ("/list", b"[1,2]")],
)
def test_rows_1_to_4_return_values_become_compact_json(
    test_client_factory: TestClientFactory, path: str, body: bytes
) -> None:
    response = test_client_factory(build()).get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.content == body


def test_rows_5_6_typed_path_param(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(build())
    assert client.get("/items/5").json() == {"item_id": 5, "type": "int"}
    missing = client.get("/items/abc")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "text/plain; charset=utf-8"
    assert missing.text == "Not Found"


def test_row_7_query_params_keep_first_value(test_client_factory: TestClientFactory) -> None:
    assert test_client_factory(build()).get("/q?a=1&a=2&b=3").json() == {
        "dict": {"a": "1", "b": "3"},
        "all": ["1", "2"],
    }


def test_row_8_unhandled_error_is_generic_500(test_client_factory: TestClientFactory) -> None:
    response = test_client_factory(build(), raise_server_exceptions=False).get("/value-error")
    assert response.status_code == 500
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.text == "Internal Server Error"


def test_row_8_error_reaches_the_test_client_by_default(test_client_factory: TestClientFactory) -> None:
    with pytest.raises(ValueError, match="secret detail"):
        test_client_factory(build()).get("/value-error")


def test_row_9_http_exception(test_client_factory: TestClientFactory) -> None:
    response = test_client_factory(build()).get("/teapot")
    assert (response.status_code, response.text) == (418, "teapot")
    assert response.headers["content-type"] == "text/plain; charset=utf-8"


def test_row_10_no_route(test_client_factory: TestClientFactory) -> None:
    response = test_client_factory(build()).get("/nope")
    assert (response.status_code, response.text) == (404, "Not Found")


def test_row_11_method_not_allowed(test_client_factory: TestClientFactory) -> None:
    response = test_client_factory(build()).post("/d")
    assert (response.status_code, response.text) == (405, "Method Not Allowed")
    assert response.headers["allow"] == "GET, HEAD"


def test_row_12_redirect_slashes(test_client_factory: TestClientFactory) -> None:
    response = test_client_factory(build()).get("/d/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].endswith("/d")


def test_row_12_redirect_slashes_off(test_client_factory: TestClientFactory) -> None:
    app = Lilya(routes=[Path("/d", plain)], redirect_slashes=False)
    assert test_client_factory(app).get("/d/", follow_redirects=False).status_code == 404


def test_row_13_include_and_names(test_client_factory: TestClientFactory) -> None:
    app = build()
    assert test_client_factory(app).get("/inc/x").status_code == 200
    assert app.path_for("inc:x") == "/inc/x"
    assert app.url_path_for("inc:x") == "/inc/x"


def test_rows_14_15_json_body(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(build())
    assert client.post("/json", content=b"").json() == {"json": None}
    assert client.post("/json", content=b"{bad").status_code == 400


def test_row_16_path_params_and_request_by_annotation(test_client_factory: TestClientFactory) -> None:
    async def handler(request: Request, name: str) -> dict[str, str]:
        return {"name": name, "method": request.method}

    app = Lilya(routes=[Path("/hi/{name}", handler)])
    assert test_client_factory(app).get("/hi/ann").json() == {"name": "ann", "method": "GET"}


def test_row_17_permission_denial_is_403_through_handlers(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(build())
    assert client.get("/d").status_code == 200
    denied = client.get("/private")
    assert denied.status_code == 403

    app = build()
    app.add_exception_handler(403, lambda request, exc: _json({"denied": request.url.path}, 403))
    assert test_client_factory(app).get("/private").json() == {"denied": "/private"}


def _json(content: object, status_code: int) -> object:
    from lilya.responses import JSONResponse

    return JSONResponse(content, status_code=status_code)


def test_row_18_hooks_and_lifespan_together(test_client_factory: TestClientFactory) -> None:
    events: list[str] = []

    @asynccontextmanager
    async def lifespan(app: Lilya) -> AsyncIterator[None]:
        events.append("enter")
        yield
        events.append("exit")

    app = Lilya(
        routes=[Path("/d", plain)],
        on_startup=[lambda: events.append("startup-1"), lambda: events.append("startup-2")],
        on_shutdown=[lambda: events.append("shutdown-1"), lambda: events.append("shutdown-2")],
        lifespan=lifespan,
    )
    with test_client_factory(app) as client:
        assert events == ["startup-1", "startup-2", "enter"]
        client.get("/d")
    assert events == ["startup-1", "startup-2", "enter", "exit", "shutdown-1", "shutdown-2"]
