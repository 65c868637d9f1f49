"""Building ASGI stacks (middleware, permissions) once, at startup; published by ``lilya.compose``.

Definitions iterate as ``cls, args, kwargs`` and are instantiated as ``cls(app, *args, **kwargs)``;
a bare class is accepted as ``cls(app)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lilya.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["ROUTE_SCOPE_KEYS", "ScopeIsolationMiddleware", "apply_asgi_stack"]

# What routing writes into a scope that response-side middleware (tracing, logging) may read.
ROUTE_SCOPE_KEYS = ("route", "router", "path_params", "handler", "endpoint", "route_root_path")


def apply_asgi_stack(app: ASGIApp, stack: Sequence[Any] | None) -> ASGIApp:
    """Wrap ``app`` so the first definition of ``stack`` is the outermost layer."""
    for definition in reversed(list(stack or ())):
        if isinstance(definition, type):
            app = definition(app)
            continue
        cls, args, kwargs = definition
        app = cls(app, *args, **kwargs)
    return app


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
        child = dict(scope)
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
