"""The core exception boundary (lilya._internal._exception_handlers) on plain ASGI apps."""

from __future__ import annotations

from typing import Any

import pytest

from lilya._internal._exception_handlers import (
    HandlerTable,
    default_handlers,
    lookup_exception_handler,
    wrap_app_handling_exceptions,
)
from lilya.exceptions import HTTPException, NotFound
from lilya.requests import Request
from lilya.responses import PlainText, Response
from lilya.types import Receive, Scope, Send
from tests.conftest import TestClientFactory


class Boom(ValueError):
    pass


def raising(exc: Exception) -> object:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        raise exc

    return app


async def on_value_error(request: Request, exc: Exception) -> Response:
    return PlainText(f"value: {exc}", status_code=422)


def on_teapot(request: Request, exc: Exception) -> Response:  # sync: runs in a thread
    return PlainText("sync teapot", status_code=418)


def test_mro_lookup_finds_nearest_base() -> None:
    handlers: dict[type[BaseException], Any] = {ValueError: on_value_error, Exception: on_teapot}
    assert lookup_exception_handler(handlers, Boom()) is on_value_error
    assert lookup_exception_handler(handlers, KeyError()) is on_teapot
    assert lookup_exception_handler({}, KeyError()) is None


def test_table_rejects_bad_keys() -> None:
    with pytest.raises(TypeError):
        HandlerTable({"nope": on_teapot})


def test_subclass_handled_by_base_handler(test_client_factory: TestClientFactory) -> None:
    app = wrap_app_handling_exceptions(raising(Boom("x")), {ValueError: on_value_error})  # type: ignore[arg-type]
    response = test_client_factory(app).get("/")
    assert response.status_code == 422
    assert response.text == "value: x"


def test_status_handler_wins_for_http_exception(test_client_factory: TestClientFactory) -> None:
    app = wrap_app_handling_exceptions(raising(HTTPException(status_code=418)), {418: on_teapot})  # type: ignore[arg-type]
    response = test_client_factory(app).get("/")
    assert response.status_code == 418
    assert response.text == "sync teapot"


def test_http_exception_rendered_as_plain_text(test_client_factory: TestClientFactory) -> None:
    exc = HTTPException(status_code=418, detail="teapot", headers={"x-tea": "earl grey"})
    app = wrap_app_handling_exceptions(raising(exc), default_handlers())  # type: ignore[arg-type]
    response = test_client_factory(app).get("/")
    assert response.status_code == 418
    assert response.text == "teapot"
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.headers["x-tea"] == "earl grey"


def test_no_body_status(test_client_factory: TestClientFactory) -> None:
    app = wrap_app_handling_exceptions(raising(HTTPException(status_code=304)), default_handlers())  # type: ignore[arg-type]
    response = test_client_factory(app).get("/")
    assert response.status_code == 304
    assert response.content == b""


def test_unhandled_exception_propagates(test_client_factory: TestClientFactory) -> None:
    app = wrap_app_handling_exceptions(raising(KeyError("k")), {ValueError: on_value_error})  # type: ignore[arg-type]
    with pytest.raises(KeyError):
        test_client_factory(app).get("/")


def test_exception_after_start_is_not_handled(test_client_factory: TestClientFactory) -> None:
    async def half(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        raise NotFound()

    app = wrap_app_handling_exceptions(half, default_handlers())
    with pytest.raises(NotFound):
        test_client_factory(app).get("/")


def test_handlers_from_scope_for_lilya_compat(test_client_factory: TestClientFactory) -> None:
    inner = wrap_app_handling_exceptions(raising(Boom("s")), None)  # type: ignore[arg-type]

    async def publisher(scope: Scope, receive: Receive, send: Send) -> None:
        scope["lilya.exception_handlers"] = ({ValueError: on_value_error}, {})
        await inner(scope, receive, send)

    response = test_client_factory(publisher).get("/")
    assert response.status_code == 422


def test_nested_boundaries_innermost_first(test_client_factory: TestClientFactory) -> None:
    inner = wrap_app_handling_exceptions(raising(KeyError("k")), {ValueError: on_value_error})  # type: ignore[arg-type]
    outer = wrap_app_handling_exceptions(inner, {KeyError: on_teapot})
    assert test_client_factory(outer).get("/").status_code == 418


def test_a_handler_still_hears_of_an_error_after_the_response(test_client_factory: TestClientFactory) -> None:
    """A background task failing after a complete 204: the app's handler runs (to log or count it),
    nothing more is sent, and the error still reaches the server."""
    from lilya.apps import Lilya
    from lilya.background import Task
    from lilya.responses import Response
    from lilya.routing import Path

    heard: list[str] = []

    def on_error(request: Any, exc: Exception) -> None:
        heard.append(str(exc))

    def fail() -> None:
        raise RuntimeError("after the response")

    async def endpoint() -> Response:
        return Response(status_code=204, background=Task(fail))

    app = Lilya(routes=[Path("/", endpoint)], exception_handlers={Exception: on_error})
    response = test_client_factory(app, raise_server_exceptions=False).get("/")
    assert response.status_code == 204 and heard == ["after the response"]
