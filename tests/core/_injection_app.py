"""A minimal route for testing injection plans and permissions without depending on routing.

It does what a Path does with core's pieces: build the plan once, resolve it per request with a
``PureScope`` torn down after the response, permissions inside an exception boundary.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from lilya._internal._exception_handlers import default_handlers, wrap_app_handling_exceptions
from lilya._internal._injection import build_handler_plan
from lilya._internal._middleware import apply_asgi_stack
from lilya.dependencies import PureScope
from lilya.requests import Request
from lilya.responses import Response, make_response
from lilya.types import ASGIApp, Receive, Scope, Send
from lilya.websockets import WebSocket
from tests._asgi import http_scope


class FakeApp:
    """Stands in for ``scope["app"]``: only ``dependencies`` is read by the resolver."""

    def __init__(self, dependencies: Mapping[str, Any] | None = None) -> None:
        self.dependencies = dict(dependencies or {})


def plan_app(
    handler: Callable[..., Any],
    *,
    path_params: Mapping[str, Any] | None = None,
    dependencies: Mapping[str, Any] | None = None,
    include_dependencies: Sequence[Mapping[str, Any]] = (),
    app_dependencies: Mapping[str, Any] | None = None,
    overrides: Mapping[str, Any] | None = None,
    permissions: Sequence[Any] | None = None,
    infer_body: bool = False,
    events: list[str] | None = None,
    route: Any = None,
) -> ASGIApp:
    params = dict(path_params or {})
    plan = build_handler_plan(
        handler, path_params=set(params), dependencies=dependencies, infer_body=infer_body, route=route
    )
    fake_app = FakeApp(app_dependencies)

    async def endpoint(scope: Scope, receive: Receive, send: Send) -> None:
        cleanup = PureScope()

        async def logging_send(message: Any) -> None:
            if events is not None and message["type"] == "http.response.body" and not message.get("more_body"):
                events.append("response sent")
            await send(message)

        try:
            if scope["type"] == "websocket":
                await plan.handler(**await plan.resolve(WebSocket(scope, receive, send), cleanup))
                return
            result = await plan.handler(**await plan.resolve(Request(scope, receive, send), cleanup))
            response = result if isinstance(result, Response) else make_response(result)
            await response(scope, receive, logging_send)
        finally:
            await cleanup.aclose()

    inner = wrap_app_handling_exceptions(apply_asgi_stack(endpoint, permissions), default_handlers())

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            return
        scope["app"] = fake_app
        scope["path_params"] = params
        if include_dependencies:
            scope["dependencies"] = list(include_dependencies)
        if overrides:
            scope["dependency_overrides"] = dict(overrides)
        await inner(scope, receive, send)

    return app


async def call_raw(
    app: ASGIApp, path: str = "/", *, query_string: bytes = b"", headers: Sequence[tuple[bytes, bytes]] = ()
) -> tuple[int, bytes]:
    """Send one GET as raw ASGI messages (bytes no client library would produce are fine).

    Returns the status and the body.
    """
    sent: list[Any] = []

    async def receive() -> Any:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        sent.append(message)

    scope = http_scope(path, headers=[(b"host", b"testserver"), *headers], query_string=query_string)
    await app(scope, receive, send)
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return sent[0]["status"], body
