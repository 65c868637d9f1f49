"""Decorators ``router.get("/x")`` etc. on top of ``add_route``/``add_websocket_route``."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from lilya.routing._reexports import lazy_reexports

__all__ = ["RoutingMethodsMixin"]

__getattr__ = lazy_reexports("DefineMiddleware", "DefinePermission")


def _verb(method: str) -> Callable[..., Callable[..., Any]]:
    def decorator(
        self: Any,
        path: str,
        name: str | None = None,
        middleware: Sequence[Any] | None = None,
        permissions: Sequence[Any] | None = None,
        exception_handlers: Mapping[Any, Any] | None = None,
        dependencies: Any | None = None,
        include_in_schema: bool = True,
        before_request: Sequence[Callable[..., Any]] | None = None,
        after_request: Sequence[Callable[..., Any]] | None = None,
    ) -> Callable[..., Any]:
        forward: Callable[..., Callable[..., Any]] = self.forward_single_method_route
        return forward(
            path,
            method,
            name,
            middleware,
            permissions,
            exception_handlers,
            dependencies,
            include_in_schema,
            before_request,
            after_request,
        )

    decorator.__name__ = method.lower()
    decorator.__qualname__ = f"RoutingMethodsMixin.{method.lower()}"
    decorator.__doc__ = f"Register the decorated function for {method} requests on ``path``."
    return decorator


class RoutingMethodsMixin:
    """HTTP verb decorators; the host class provides ``add_route`` and ``add_websocket_route``."""

    add_route: Callable[..., None]
    add_websocket_route: Callable[..., None]

    def route(
        self,
        path: str,
        methods: list[str],
        name: str | None = None,
        middleware: Sequence[Any] | None = None,
        permissions: Sequence[Any] | None = None,
        exception_handlers: Mapping[Any, Any] | None = None,
        dependencies: Any | None = None,
        include_in_schema: bool = True,
        before_request: Sequence[Callable[..., Any]] | None = None,
        after_request: Sequence[Callable[..., Any]] | None = None,
    ) -> Callable[..., Any]:
        def register(func: Callable[..., Any]) -> Callable[..., Any]:
            self.add_route(
                path,
                func,
                methods=methods,
                name=name,
                middleware=middleware,
                permissions=permissions,
                exception_handlers=exception_handlers,
                dependencies=dependencies,
                include_in_schema=include_in_schema,
                before_request=before_request,
                after_request=after_request,
            )
            return func

        return register

    def forward_single_method_route(
        self,
        path: str,
        method: str,
        name: str | None = None,
        middleware: Sequence[Any] | None = None,
        permissions: Sequence[Any] | None = None,
        exception_handlers: Mapping[Any, Any] | None = None,
        dependencies: Any | None = None,
        include_in_schema: bool = True,
        before_request: Sequence[Callable[..., Any]] | None = None,
        after_request: Sequence[Callable[..., Any]] | None = None,
    ) -> Callable[..., Any]:
        return self.route(
            path,
            [method],
            name,
            middleware,
            permissions,
            exception_handlers,
            dependencies,
            include_in_schema,
            before_request,
            after_request,
        )

    def websocket(
        self,
        path: str,
        name: str | None = None,
        middleware: Sequence[Any] | None = None,
        permissions: Sequence[Any] | None = None,
        exception_handlers: Mapping[Any, Any] | None = None,
        dependencies: Any | None = None,
        before_request: Sequence[Callable[..., Any]] | None = None,
        after_request: Sequence[Callable[..., Any]] | None = None,
    ) -> Callable[..., Any]:
        def register(func: Callable[..., Any]) -> Callable[..., Any]:
            self.add_websocket_route(
                path,
                func,
                name=name,
                middleware=middleware,
                permissions=permissions,
                exception_handlers=exception_handlers,
                dependencies=dependencies,
                before_request=before_request,
                after_request=after_request,
            )
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
