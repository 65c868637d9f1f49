"""Turning a handler function into an ASGI endpoint, once, when the route is built.

The injection plan comes from core's ``lilya._internal._injection`` (path params, Request/WebSocket,
dependencies, Query/Header/Cookie). Per request the endpoint only resolves the prepared plan,
awaits the handler and sends its response (a non-Response return value goes through
``make_response``, like Lilya: dict/list/str/None become JSON).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any

from lilya.concurrency import enforce_async_callable
from lilya.requests import Request
from lilya.responses import Response, make_response
from lilya.types import ASGIApp, Receive, Scope, Send
from lilya.websockets import WebSocket

__all__ = ["BaseHandler", "build_plan", "cleanup_factory"]


class _NoCleanup:
    async def aclose(self) -> None:
        return None


class _SimplePlan:
    """Fallback while core's injection is unavailable: path params by name and the connection."""

    def __init__(self, handler: Callable[..., Any], path_params: set[str]) -> None:
        self.handler = enforce_async_callable(handler)
        self.path_names: list[str] = []
        self.conn_names: list[str] = []
        for name, param in inspect.signature(handler).parameters.items():
            if name in path_params:
                self.path_names.append(name)
            elif name in ("request", "websocket") or _is_connection(param.annotation):
                self.conn_names.append(name)
        self.is_trivial = not self.path_names and not self.conn_names

    async def resolve(self, conn: Any, cleanup: Any = None) -> dict[str, Any]:
        params = conn.scope.get("path_params", {})
        kwargs = {name: params[name] for name in self.path_names}
        for name in self.conn_names:
            kwargs[name] = conn
        return kwargs


def _is_connection(annotation: Any) -> bool:
    return annotation in (Request, WebSocket, "Request", "WebSocket") or (
        isinstance(annotation, type) and issubclass(annotation, (Request, WebSocket))
    )


def build_plan(
    handler: Callable[..., Any],
    path_params: set[str],
    dependencies: Mapping[str, Any] | None,
    route: Any,
) -> Any:
    """The handler's injection plan (``resolve(conn, cleanup)``, ``handler``, ``is_trivial``)."""
    try:
        from lilya._internal._injection import build_handler_plan
    except ImportError:
        return _SimplePlan(handler, path_params)
    return build_handler_plan(handler, path_params=path_params, dependencies=dependencies, route=route)


def cleanup_factory() -> Callable[[], Any]:
    """What collects generator-dependency teardown per request (decided once per route)."""
    try:
        from lilya.dependencies import PureScope
    except ImportError:
        return _NoCleanup
    return PureScope


class BaseHandler:
    """Shared by routes and controllers: prepares handler calls and serves their results."""

    handler: Any
    dependencies: Any = None

    @property
    def signature(self) -> inspect.Signature:
        return inspect.signature(self.handler)

    def handle_signature(self) -> None:
        """Fail at build time, not per request, when the handler cannot be inspected."""
        self.signature  # noqa: B018 - raises for objects without a signature

    def http_endpoint(self, handler: Callable[..., Any], path_params: set[str]) -> ASGIApp:
        """An ASGI app that injects the handler's arguments and sends its (converted) result."""
        plan = build_plan(handler, path_params, self.dependencies, self)
        call = plan.handler
        new_cleanup = cleanup_factory()

        if plan.is_trivial:

            async def trivial(scope: Scope, receive: Receive, send: Send) -> None:
                result = await call()
                response = result if isinstance(result, Response) else make_response(result)
                await response(scope, receive, send)

            return trivial

        async def endpoint(scope: Scope, receive: Receive, send: Send) -> None:
            request = Request(scope, receive, send)
            cleanup = new_cleanup()
            try:
                result = await call(**await plan.resolve(request, cleanup))
                response = result if isinstance(result, Response) else make_response(result)
                await response(scope, receive, send)
            finally:
                await cleanup.aclose()

        return endpoint

    def websocket_endpoint(self, handler: Callable[..., Any], path_params: set[str]) -> ASGIApp:
        """An ASGI app that injects the WebSocket (and other arguments) into the handler."""
        plan = build_plan(handler, path_params, self.dependencies, self)
        call = plan.handler
        new_cleanup = cleanup_factory()

        async def endpoint(scope: Scope, receive: Receive, send: Send) -> None:
            websocket = WebSocket(scope, receive, send)
            cleanup = new_cleanup()
            try:
                await call(**await plan.resolve(websocket, cleanup))
            finally:
                await cleanup.aclose()

        return endpoint
