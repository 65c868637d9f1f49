"""The vertical slice: app + routing + middleware + TestClient, on asyncio and trio."""

from __future__ import annotations

from lilya.apps import Lilya
from lilya.middleware import DefineMiddleware
from lilya.requests import Request
from lilya.responses import JSONResponse, PlainText, Response
from lilya.routing import Path
from lilya.types import ASGIApp, Message, Receive, Scope, Send
from tests.conftest import TestClientFactory


async def plain() -> PlainText:
    return PlainText("Hello, World!")


async def item(request: Request, item_id: int) -> JSONResponse:
    return JSONResponse({"id": item_id, "q": request.query_params.get("q")})


def returns_dict() -> dict[str, int]:  # sync handlers run in a worker thread
    return {"a": 1}


async def boom() -> Response:
    raise ValueError("secret detail")


class AddHeader:
    def __init__(self, app: ASGIApp, value: str) -> None:
        self.app = app
        self.value = value.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-added", self.value)]
            await send(message)

        await self.app(scope, receive, wrapped)


def build_app() -> Lilya:
    return Lilya(
        routes=[
            Path("/plaintext", plain),
            Path("/items/{item_id:int}", item),
            Path("/dict", returns_dict),
            Path("/boom", boom),
        ],
        middleware=[DefineMiddleware(AddHeader, value="yes")],
    )


def test_plaintext_through_middleware(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(build_app())
    response = client.get("/plaintext")
    assert response.status_code == 200
    assert response.text == "Hello, World!"
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.headers["x-added"] == "yes"


def test_typed_path_param_and_query(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(build_app())
    response = client.get("/items/5?q=x")
    assert response.json() == {"id": 5, "q": "x"}


def test_return_value_becomes_compact_json(test_client_factory: TestClientFactory) -> None:
    response = test_client_factory(build_app()).get("/dict")
    assert response.headers["content-type"] == "application/json"
    assert response.content == b'{"a":1}'


def test_unknown_path_is_404_and_bad_param_is_404(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(build_app())
    for path in ("/nope", "/items/abc", "/items/" + "9" * 5000):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.text == "Not Found"


def test_wrong_method_is_405_with_allow(test_client_factory: TestClientFactory) -> None:
    response = test_client_factory(build_app()).post("/plaintext")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"


def test_unhandled_error_is_generic_500(test_client_factory: TestClientFactory) -> None:
    client = test_client_factory(build_app(), raise_server_exceptions=False)
    response = client.get("/boom")
    assert response.status_code == 500
    assert response.text == "Internal Server Error"
    assert "secret" not in response.text

