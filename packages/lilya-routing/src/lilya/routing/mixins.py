"""Decorators ``router.get("/x")`` etc. on top of ``add_route``/``add_websocket_route``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lilya.routing._reexports import lazy_reexports
from lilya.routing.options import HANDLER, HOOKS, STACK, HandlerOptions, RouteOptions, route_options

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = ["RoutingMethodsMixin"]

__getattr__ = lazy_reexports("DefineMiddleware", "DefinePermission")


def _verb(method: str) -> Callable[..., Callable[..., Any]]:
    def decorator(
        self: RoutingMethodsMixin, path: str, name: str | None = None, **options: Unpack[HandlerOptions]
    ) -> Callable[..., Any]:
        return self.forward_single_method_route(path, method, name, **options)

    decorator.__name__ = method.lower()
    decorator.__qualname__ = f"RoutingMethodsMixin.{method.lower()}"
    decorator.__doc__ = f"Register the decorated function for {method} requests on ``path``."
    return route_options(HandlerOptions, *HANDLER)(decorator)


class RoutingMethodsMixin:
    """HTTP verb decorators; the host class provides ``add_route`` and ``add_websocket_route``."""

    add_route: Callable[..., None]
    add_websocket_route: Callable[..., None]

    @route_options(HandlerOptions, *HANDLER)
    def route(
        self, path: str, methods: list[str], name: str | None = None, **options: Unpack[HandlerOptions]
    ) -> Callable[..., Any]:
        def register(func: Callable[..., Any]) -> Callable[..., Any]:
            self.add_route(path, func, methods, name, **options)
            return func

        return register

    @route_options(HandlerOptions, *HANDLER)
    def forward_single_method_route(
        self, path: str, method: str, name: str | None = None, **options: Unpack[HandlerOptions]
    ) -> Callable[..., Any]:
        return self.route(path, [method.upper()], name, **options)

    @route_options(RouteOptions, *STACK, *HOOKS)
    def websocket(self, path: str, name: str | None = None, **options: Unpack[RouteOptions]) -> Callable[..., Any]:
        def register(func: Callable[..., Any]) -> Callable[..., Any]:
            self.add_websocket_route(path, func, name, **options)
            return func

        return register

    get = _verb("GET")
    head = _verb("HEAD")
    post = _verb("POST")
    put = _verb("PUT")
    patch = _verb("PATCH")
    delete = _verb("DELETE")
    options = _verb("OPTIONS")
    trace = _verb("TRACE")
    query = _verb("QUERY")
