"""HTTP errors raised inside the app are answered inside the user's middleware (Lilya 0.29).

A logging or timing middleware sees the 404/405/403 response go by instead of an exception, and
the global interceptor's own handlers match an exception's exact class only.
"""

from __future__ import annotations

from typing import Any

from lilya.apps import Lilya
from lilya.exceptions import HTTPException, NotAuthorized, PermissionDenied
from lilya.middleware import DefineMiddleware
from lilya.permissions import DefinePermission
from lilya.responses import JSONResponse
from lilya.routing import Path
from lilya.types import ASGIApp, Message, Receive, Scope, Send


class StatusRecorder:
    """Remembers the status of every response that passes through it, and every exception."""

    seen: list[Any] = []

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def recording_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                StatusRecorder.seen.append(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        except Exception as exc:
            StatusRecorder.seen.append(type(exc).__name__)
            raise


class Refuse:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise PermissionDenied()


async def home() -> dict[str, str]:
    return {"ok": "yes"}


async def teapot() -> None:
    raise HTTPException(status_code=418, detail="short and stout")


def test_not_found_method_not_allowed_and_http_errors_pass_through_middleware(test_client_factory: Any) -> None:
    StatusRecorder.seen = []
    app = Lilya(
        routes=[Path("/", home), Path("/tea", teapot)],
        middleware=[DefineMiddleware(StatusRecorder)],
    )
    client = test_client_factory(app)
    assert client.get("/missing").status_code == 404
    assert client.post("/").status_code == 405
    response = client.get("/tea")
    assert (response.status_code, response.text) == (418, "short and stout")
    assert StatusRecorder.seen == [404, 405, 418]


def test_permission_denied_passes_through_middleware_as_plain_text(test_client_factory: Any) -> None:
    StatusRecorder.seen = []
    app = Lilya(
        routes=[Path("/", home)],
        middleware=[DefineMiddleware(StatusRecorder)],
        permissions=[DefinePermission(Refuse)],
    )
    response = test_client_factory(app).get("/")
    assert response.status_code == 403
    assert response.text == "You do not have permission to perform this action."
    assert StatusRecorder.seen == [403]


def test_bare_app_answers_http_errors_the_same_way(test_client_factory: Any) -> None:
    app = Lilya(routes=[Path("/", home)], permissions=[DefinePermission(Refuse)])
    response = test_client_factory(app).get("/")
    assert (response.status_code, response.text) == (403, "You do not have permission to perform this action.")


class DenyFromMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotAuthorized(detail="no header")


async def generic_http_handler(request: Any, exc: HTTPException) -> JSONResponse:
    return JSONResponse({"generic": exc.detail}, status_code=exc.status_code or 500)


def test_interceptor_matches_exact_exception_class_only(test_client_factory: Any) -> None:
    """An HTTPException handler does not catch NotAuthorized raised by middleware: JSON error body."""
    app = Lilya(
        routes=[Path("/", home)],
        middleware=[DefineMiddleware(DenyFromMiddleware)],
        exception_handlers={HTTPException: generic_http_handler},
        enable_intercept_global_exceptions=True,
    )
    response = test_client_factory(app).get("/")
    assert response.status_code == 401
    assert response.json() == {"status_code": 401, "detail": "no header"}


def test_interceptor_uses_handler_for_the_exact_class(test_client_factory: Any) -> None:
    app = Lilya(
        routes=[Path("/", home)],
        middleware=[DefineMiddleware(DenyFromMiddleware)],
        exception_handlers={NotAuthorized: generic_http_handler},
        enable_intercept_global_exceptions=True,
    )
    response = test_client_factory(app).get("/")
    assert (response.status_code, response.json()) == (401, {"generic": "no header"})


async def value_error_handler(request: Any, exc: ValueError) -> JSONResponse:
    return JSONResponse({"value_error": str(exc)}, status_code=422)


def test_value_error_handler_does_not_swallow_the_routers_404_and_405(test_client_factory: Any) -> None:
    """The router's 404/405 are plain HTTPExceptions (as in Lilya): a ValueError handler leaves them."""
    app = Lilya(routes=[Path("/", home)], exception_handlers={ValueError: value_error_handler})
    client = test_client_factory(app)
    assert (client.get("/missing").status_code, client.get("/missing").text) == (404, "Not Found")
    assert client.post("/").status_code == 405
    with_middleware = Lilya(
        routes=[Path("/", home)],
        middleware=[DefineMiddleware(StatusRecorder)],
        exception_handlers={ValueError: value_error_handler},
    )
    assert test_client_factory(with_middleware).get("/missing").status_code == 404
