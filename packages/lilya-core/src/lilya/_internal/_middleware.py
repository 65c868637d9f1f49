"""Building ASGI stacks (middleware, permissions) once, at startup; published by ``lilya.compose``.

Definitions iterate as ``cls, args, kwargs`` and are instantiated as ``cls(app, *args, **kwargs)``;
a bare class is accepted as ``cls(app)``. As in Lilya, every layer of a non-empty stack gets its
own copy of the scope (``ScopeIsolationMiddleware``): what a middleware writes into the scope is
seen below it, never above it, nor by a sibling stack (an Include's, a mounted app's). A bare
stack costs nothing; each layer costs one scope copy per request.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lilya.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["ROUTE_SCOPE_KEYS", "ScopeIsolationMiddleware", "apply_asgi_stack", "copy_scope"]

# What routing writes into a scope that response-side middleware (tracing, logging) may read.
# The error headers (CORS) go back up too, so an error answered outside a layer still carries them.
ROUTE_SCOPE_KEYS = (
    "route",
    "route_path_template",
    "router",
    "path_params",
    "handler",
    "endpoint",
    "route_root_path",
    "lilya.error_headers",
)


def apply_asgi_stack(app: ASGIApp, stack: Sequence[Any] | None) -> ASGIApp:
    """Wrap ``app`` so the first definition of ``stack`` is the outermost layer, each layer isolated."""
    definitions = list(stack or ())
    if not definitions:
        return app
    if not isinstance(app, type):  # a controller class is instantiated by the layer around it
        app = ScopeIsolationMiddleware(app)
    for definition in reversed(definitions):
        if isinstance(definition, type):
            app = ScopeIsolationMiddleware(definition(app))
            continue
        cls, args, kwargs = definition
        app = ScopeIsolationMiddleware(cls(app, *args, **kwargs))
    return app


def copy_scope(scope: Scope) -> Scope:
    """A copy of ``scope`` whose request headers are a list of its own (a layer may rewrite them)."""
    child = dict(scope)
    headers = child.get("headers")
    if headers is not None:
        if type(headers) is list:  # the ASGI form: the common case, kept cheap
            child["headers"] = headers[:]
        else:
            items = getattr(headers, "encoded_multi_items", None)
            child["headers"] = list(items()) if items is not None else list(headers)
    return child


class ScopeIsolationMiddleware:
    """Give the wrapped app its own copy of the scope, so its edits cannot leak upstream.

    Only the routing metadata in ``ROUTE_SCOPE_KEYS`` is copied back, before the first message
    goes out and again when the app returns, so outer middleware can still see which route ran.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    def sync_route_metadata(self, source_scope: Scope, target_scope: Scope) -> None:
        for key in ROUTE_SCOPE_KEYS:
            if key in source_scope:
                target_scope[key] = source_scope[key]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        child = copy_scope(scope)
        synced = False

        async def send_after_sync(message: Message) -> None:
            nonlocal synced
            if not synced:
                self.sync_route_metadata(child, scope)
                synced = True
            await send(message)

        try:
            await self.app(child, receive, send_after_sync)
        finally:
            self.sync_route_metadata(child, scope)
