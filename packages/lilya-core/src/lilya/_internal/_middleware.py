"""Building ASGI stacks (middleware, permissions) once, at startup; published by ``lilya.compose``.

Definitions iterate as ``cls, args, kwargs`` and are instantiated as ``cls(app, *args, **kwargs)``;
a bare class is accepted as ``cls(app)``. As in Lilya, every layer of a non-empty stack gets its
own copy of the scope: what a middleware writes into the scope is seen below it, never above it,
nor by a sibling stack (an Include's, a mounted app's).

The routing metadata (``ROUTE_SCOPE_KEYS``) is the exception: it must travel back up, so that a
response-side middleware (tracing, logging) sees which route ran. Each copy remembers the scope it
was copied from (``SCOPE_PARENT_KEY``), and the code that writes that metadata (routing, the
error-headers hook) hands it up the chain once with ``share_route_metadata``. A layer therefore
costs one scope copy per request and nothing per message. A bare stack costs nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from types import FunctionType, MethodType
from typing import Any, cast

from lilya.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "ROUTE_SCOPE_KEYS",
    "SCOPE_PARENT_KEY",
    "ScopeIsolationMiddleware",
    "apply_asgi_stack",
    "copy_scope",
    "isolated",
    "share_route_metadata",
]

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
_ROUTE_KEYS = frozenset(ROUTE_SCOPE_KEYS)

#: Private scope key: in a layer's copy of the scope, the scope it was copied from.
SCOPE_PARENT_KEY = "lilya.scope_parent"


def apply_asgi_stack(app: ASGIApp, stack: Sequence[Any] | None) -> ASGIApp:
    """Wrap ``app`` so the first definition of ``stack`` is the outermost layer, each layer isolated."""
    definitions = list(stack or ())
    if not definitions:
        return app
    # A controller class is instantiated by the layer around it; an app that already starts with
    # an isolated copy (the permissions' stack inside the middleware's) needs no second one. An
    # app that is not Lilya's (a mounted Starlette app, a raw ASGI function) may write route
    # metadata straight into its scope: its layer copies it back when it answers.
    if not isinstance(app, type) and not _is_isolated(app):
        app = isolated(app) if _shares_route_metadata(app) else ScopeIsolationMiddleware(app)
    for definition in reversed(definitions):
        if isinstance(definition, type):
            app = isolated(definition(app))
            continue
        cls, args, kwargs = definition
        app = isolated(cls(app, *args, **kwargs))
    return app


def _shares_route_metadata(app: Any) -> bool:
    """Whether ``app`` is Lilya's own (a router, a handler, an app): those call ``share_route_metadata``."""
    module = app.__module__ if isinstance(app, (FunctionType, MethodType)) else type(app).__module__
    return isinstance(module, str) and (module == "lilya" or module.startswith("lilya."))


def copy_scope(scope: Scope) -> Scope:
    """A copy of ``scope`` whose request headers are a list of its own (a layer may rewrite them)."""
    child = dict(scope)
    headers = child.get("headers")
    if headers is not None:
        child["headers"] = headers[:] if type(headers) is list else _own_headers(headers)
    child[SCOPE_PARENT_KEY] = scope
    return child


def _own_headers(headers: Any) -> list[Any]:
    """Request headers given as another container (a ``Header`` object...) as a list of pairs."""
    items = getattr(headers, "encoded_multi_items", None)
    return list(items()) if items is not None else list(headers)


def share_route_metadata(scope: Scope, keys: Iterable[str]) -> None:
    """Hand the routing metadata among ``keys`` from ``scope`` to every scope it was copied from.

    Called by whoever has just written (or removed) those keys in ``scope``; other keys are
    ignored. Costs one dict lookup when ``scope`` is not a layer's copy.
    """
    parent = scope.get(SCOPE_PARENT_KEY)
    if parent is None:
        return
    shared = [key for key in keys if key in _ROUTE_KEYS]
    if not shared:
        return
    present = {key: scope[key] for key in shared if key in scope}
    absent = [key for key in shared if key not in present]
    while parent is not None:
        parent.update(present)
        for key in absent:
            parent.pop(key, None)
        parent = parent.get(SCOPE_PARENT_KEY)


def isolated(app: ASGIApp) -> ASGIApp:
    """``app`` behind one stack layer: it gets its own copy of the scope (as ``copy_scope`` makes).

    A closure rather than an object with ``__call__``: calling a function is the cheaper call, and
    this runs once per layer per request. The layer shows the wrapped app as ``.app``.
    """

    async def isolated_layer(scope: Scope, receive: Receive, send: Send) -> None:
        child = dict(scope)
        headers = child.get("headers")
        if type(headers) is list:  # copy_scope, inlined: the common case
            child["headers"] = headers[:]
        elif headers is not None:
            child["headers"] = _own_headers(headers)
        child[SCOPE_PARENT_KEY] = scope
        await app(child, receive, send)

    setattr(isolated_layer, "app", app)  # noqa: B010 (a function attribute mypy cannot declare)
    return isolated_layer


def _is_isolated(app: Any) -> bool:
    """Whether ``app`` already starts with its own scope copy (a stack layer or the standalone one)."""
    return isinstance(app, ScopeIsolationMiddleware) or getattr(app, "__code__", None) is _LAYER_CODE


class ScopeIsolationMiddleware:
    """Give the wrapped app its own copy of the scope, so its edits cannot leak upstream.

    The standalone form of a stack layer, for apps composed by hand: besides the metadata shared
    up the chain (``share_route_metadata``), it copies back whatever the wrapped app wrote under
    ``ROUTE_SCOPE_KEYS`` directly, before the first message goes out and again when it returns.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    def sync_route_metadata(self, source_scope: Scope, target_scope: Scope) -> None:
        copied = [key for key in ROUTE_SCOPE_KEYS if key in source_scope]
        for key in copied:
            target_scope[key] = source_scope[key]
        share_route_metadata(target_scope, copied)  # and on to the layers above, if any

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


# The code object every layer made by ``isolated`` shares: how ``_is_isolated`` recognises one.
_LAYER_CODE = getattr(isolated(cast("ASGIApp", None)), "__code__", None)
