"""Turning a handler function into an ASGI endpoint, once, when the route is built.

Injection follows core's ``lilya.injection`` (dependencies, Query/Header/Cookie,
body inference...). Handlers whose parameters are only path parameters and the connection - the
common case - get a *direct plan* instead: the same values by the same rules, read straight from
``scope["path_params"]`` without building a resolution context (and without a ``Request`` when
the handler does not ask for one). Per request the endpoint resolves the prepared plan, awaits
the handler and sends its response (a non-Response return value goes through ``make_response``,
like Lilya: dict/list/str/None become JSON).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any

from lilya.concurrency import enforce_async_callable
from lilya.requests import Request
from lilya.responses import Response, make_response
from lilya.routing._errors import answer_raised
from lilya.types import ASGIApp, Receive, Scope, Send
from lilya.websockets import WebSocket, WebSocketDisconnect

__all__ = ["BaseHandler", "DirectPlan", "build_plan", "cleanup_factory"]

_CONNECTION_NAMES = frozenset({"request", "websocket"})


class _NoCleanup:
    async def aclose(self) -> None:
        return None


def _is_connection(name: str, annotation: Any) -> bool:
    if name in _CONNECTION_NAMES or annotation in ("Request", "WebSocket"):
        return True
    return isinstance(annotation, type) and issubclass(annotation, (Request, WebSocket))


class DirectPlan:
    """Path parameters by name and the connection, nothing else (see the module docstring)."""

    __slots__ = ("conn_names", "handler", "is_trivial", "path_names")

    def __init__(self, handler: Callable[..., Any], path_names: list[str], conn_names: list[str]) -> None:
        self.handler = enforce_async_callable(handler)
        self.path_names = tuple(path_names)
        self.conn_names = tuple(conn_names)
        self.is_trivial = not path_names and not conn_names

    @classmethod
    def fits(
        cls, handler: Callable[..., Any], path_params: set[str], dependencies: Mapping[str, Any] | None
    ) -> DirectPlan | None:
        """A direct plan when every parameter is a path param or the connection, else None."""
        try:
            signature = inspect.signature(handler)
        except (TypeError, ValueError):
            return None
        path_names: list[str] = []
        conn_names: list[str] = []
        for name, param in signature.parameters.items():
            if param.default is not param.empty or param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
                return None
            if name == "context" or (dependencies and name in dependencies):
                return None
            if _is_connection(name, param.annotation):
                conn_names.append(name)
            elif name in path_params:
                path_names.append(name)
            else:
                return None
        return cls(handler, path_names, conn_names)

    async def resolve(self, conn: Any, cleanup: Any = None) -> dict[str, Any]:
        params = conn.scope.get("path_params", {})
        kwargs = {name: params[name] for name in self.path_names}
        for name in self.conn_names:
            kwargs[name] = conn
        return kwargs


def build_plan(
    handler: Callable[..., Any],
    path_params: set[str],
    dependencies: Mapping[str, Any] | None,
    route: Any,
) -> Any:
    """The handler's injection plan (``resolve(conn, cleanup)``, ``handler``, ``is_trivial``)."""
    direct = DirectPlan.fits(handler, path_params, dependencies)
    if direct is not None:
        return direct
    from lilya.injection import build_handler_plan

    return build_handler_plan(handler, path_params=path_params, dependencies=dependencies, route=route)


def cleanup_factory() -> Callable[[], Any]:
    """What collects generator-dependency teardown per request (decided once per route)."""
    from lilya.dependencies import PureScope

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

    #: The injection plans this route serves, checked against the app's wiring at startup.
    handler_plans: tuple[Any, ...] = ()

    def http_endpoint(self, handler: Callable[..., Any], path_params: set[str]) -> ASGIApp:
        """An ASGI app that injects the handler's arguments and sends its (converted) result."""
        plan = build_plan(handler, path_params, self.dependencies, self)
        self.handler_plans = (plan,)
        if isinstance(plan, DirectPlan):
            return _direct_http(plan)
        call = plan.handler
        new_cleanup = cleanup_factory()

        async def endpoint(scope: Scope, receive: Receive, send: Send) -> None:
            request = Request(scope, receive, send)
            cleanup = new_cleanup()
            try:
                try:
                    result = await call(**await plan.resolve(request, cleanup))
                    response = result if isinstance(result, Response) else make_response(result)
                except Exception as exc:  # answered here, inside every middleware (see _errors)
                    await answer_raised(exc, scope, receive, send)
                    return
                await response(scope, receive, send)
            finally:
                await cleanup.aclose()

        return endpoint

    def websocket_endpoint(self, handler: Callable[..., Any], path_params: set[str]) -> ASGIApp:
        """An ASGI app that injects the WebSocket (and other arguments) into the handler."""
        plan = build_plan(handler, path_params, self.dependencies, self)
        self.handler_plans = (plan,)
        call = plan.handler
        new_cleanup = _NoCleanup if isinstance(plan, DirectPlan) else cleanup_factory()

        async def endpoint(scope: Scope, receive: Receive, send: Send) -> None:
            websocket = WebSocket(scope, receive, send)
            cleanup = new_cleanup()
            try:
                await call(**await plan.resolve(websocket, cleanup))
            except WebSocketDisconnect:
                pass  # the client left, or was closed for what it sent: the handler ends quietly
            finally:
                await cleanup.aclose()

        return endpoint


def _direct_http(plan: DirectPlan) -> ASGIApp:
    call, path_names, conn_names = plan.handler, plan.path_names, plan.conn_names

    if plan.is_trivial:

        async def trivial(scope: Scope, receive: Receive, send: Send) -> None:
            try:
                result = await call()
                response = result if isinstance(result, Response) else make_response(result)
            except Exception as exc:
                await answer_raised(exc, scope, receive, send)
                return
            await response(scope, receive, send)

        return trivial

    if len(path_names) + len(conn_names) == 1:
        # One argument (``user_id`` or ``request``): no comprehension, no loop per request.
        (only,) = path_names or conn_names
        by_path = bool(path_names)

        async def single(scope: Scope, receive: Receive, send: Send) -> None:
            value = scope["path_params"][only] if by_path else Request(scope, receive, send)
            try:
                result = await call(**{only: value})
                response = result if isinstance(result, Response) else make_response(result)
            except Exception as exc:
                await answer_raised(exc, scope, receive, send)
                return
            await response(scope, receive, send)

        return single

    async def direct(scope: Scope, receive: Receive, send: Send) -> None:
        params = scope["path_params"]
        kwargs = {name: params[name] for name in path_names}
        if conn_names:
            request = Request(scope, receive, send)
            for name in conn_names:
                kwargs[name] = request
        try:
            result = await call(**kwargs)
            response = result if isinstance(result, Response) else make_response(result)
        except Exception as exc:
            await answer_raised(exc, scope, receive, send)
            return
        await response(scope, receive, send)

    return direct
