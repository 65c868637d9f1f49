"""A handler's exception is answered where it is raised, so route-level middleware sees the answer.

Lilya 0.29 (like Starlette) renders a handler's ``HTTPException`` inside the endpoint: the error
response then passes through the middleware of the ``Path``, of each ``Include`` and of the app,
and a header such a middleware adds is on it. The handler chosen is still the innermost level's.
"""

from __future__ import annotations

from typing import Any

import pytest

from lilya.apps import Lilya
from lilya.controllers import Controller
from lilya.exceptions import HTTPException, NotAuthorized, PermissionDenied
from lilya.middleware import DefineMiddleware
from lilya.requests import Request
from lilya.responses import PlainText, Response
from lilya.routing import Include, Path, Router
from lilya.types import ASGIApp, Message, Receive, Scope, Send
from tests.conftest import TestClientFactory


class Stamp:
    """Adds ``x-stamp: <label>`` to every response start; records exceptions that pass through it."""

    passed_through: list[str] = []

    def __init__(self, app: ASGIApp, label: str) -> None:
        self.app = app
        self.label = label.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def stamped(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), (b"x-stamp", self.label)]
            await send(message)

        try:
            await self.app(scope, receive, stamped)
        except Exception as exc:
            Stamp.passed_through.append(type(exc).__name__)
            raise


def stamp(label: str) -> DefineMiddleware:
    return DefineMiddleware(Stamp, label=label)


class Teapot(Exception):
    pass


async def forbidden() -> None:
    raise PermissionDenied()


async def teapot(request: Request) -> None:
    raise Teapot(request.url.path)


async def broken(item: int) -> None:
    raise RuntimeError(f"no item {item}")


def answer_teapot(request: Request, exc: Exception) -> Response:
    return PlainText(f"teapot at {exc}", status_code=418)


def labelled(label: str) -> Any:
    def answer(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return PlainText(f"{label} {exc.status_code}", status_code=exc.status_code or 500)

    return answer


@pytest.fixture(autouse=True)
def _fresh_record() -> None:
    Stamp.passed_through = []


def stamps(response: Any) -> list[str]:
    return [value for key, value in response.headers.multi_items() if key == "x-stamp"]


def test_http_errors_and_app_handlers_answer_inside_the_include_middleware(
    test_client_factory: TestClientFactory,
) -> None:
    app = Lilya(
        routes=[
            Include(
                "/inner",
                routes=[Path("/forbidden", forbidden), Path("/teapot", teapot)],
                middleware=[stamp("include")],
            ),
            Path("/forbidden", forbidden),
        ],
        middleware=[stamp("app")],
        exception_handlers={Teapot: answer_teapot},
    )
    client = test_client_factory(app)
    response = client.get("/inner/forbidden")
    assert response.status_code == 403
    assert stamps(response) == ["include", "app"]
    response = client.get("/inner/teapot")
    assert (response.status_code, response.text) == (418, "teapot at /inner/teapot")
    assert stamps(response) == ["include", "app"]
    assert stamps(client.get("/forbidden")) == ["app"]
    assert Stamp.passed_through == []  # no middleware saw an exception: they saw the answers


def test_the_innermost_level_with_a_handler_still_answers(test_client_factory: TestClientFactory) -> None:
    """Path handlers before Include handlers before the app's, even though all answer at the endpoint."""
    app = Lilya(
        routes=[
            Include(
                "/outer",
                routes=[
                    Include(
                        "/inner",
                        routes=[
                            Path("/plain", forbidden),
                            Path("/own", forbidden, exception_handlers={PermissionDenied: labelled("path")}),
                        ],
                        middleware=[stamp("inner")],
                    )
                ],
                exception_handlers={403: labelled("outer")},
            ),
            Path("/top", forbidden),
        ],
        exception_handlers={PermissionDenied: labelled("app")},
    )
    client = test_client_factory(app)
    plain = client.get("/outer/inner/plain")
    assert (plain.status_code, plain.text, stamps(plain)) == (403, "outer 403", ["inner"])
    own = client.get("/outer/inner/own")
    assert (own.status_code, own.text, stamps(own)) == (403, "path 403", ["inner"])
    top = client.get("/top")
    assert (top.status_code, top.text) == (403, "app 403")


def test_a_level_that_passed_does_not_lend_its_handlers_to_the_next_route(
    test_client_factory: TestClientFactory,
) -> None:
    """An Include whose routes do not match gives way; its handlers are not used for a sibling."""
    router = Router(
        routes=[
            Include("/shared", routes=[Path("/a", forbidden)], exception_handlers={403: labelled("include")}),
            Path("/shared/b", forbidden, middleware=[stamp("path")]),
        ]
    )
    client = test_client_factory(router)
    assert client.get("/shared/a").text == "include 403"
    response = client.get("/shared/b")
    assert (response.status_code, response.text, stamps(response)) == (403, str(PermissionDenied().detail), ["path"])


def test_a_standalone_router_answers_inside_route_middleware(test_client_factory: TestClientFactory) -> None:
    router = Router(routes=[Include("/api", routes=[Path("/no", forbidden)], middleware=[stamp("include")])])
    response = test_client_factory(router).get("/api/no")
    assert (response.status_code, stamps(response)) == (403, ["include"])


def test_errors_without_a_handler_still_reach_the_middleware_as_exceptions(
    test_client_factory: TestClientFactory,
) -> None:
    app = Lilya(routes=[Include("/m", routes=[Path("/{item:int}", broken)], middleware=[stamp("include")])])
    with pytest.raises(RuntimeError, match="no item 3"):
        test_client_factory(app).get("/m/3")
    response = test_client_factory(app, raise_server_exceptions=False).get("/m/3")
    assert (response.status_code, stamps(response)) == (500, [])
    assert Stamp.passed_through == ["RuntimeError", "RuntimeError"]


class Account(Controller):
    async def get(self) -> None:
        raise NotAuthorized(detail="log in first")


def test_a_controller_error_is_answered_inside_the_middleware_too(test_client_factory: TestClientFactory) -> None:
    app = Lilya(routes=[Include("/me", routes=[Path("/", Account)], middleware=[stamp("include")])])
    response = test_client_factory(app).get("/me/")
    assert (response.status_code, response.text, stamps(response)) == (401, "log in first", ["include"])
