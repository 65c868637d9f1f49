"""Route-level stacks (hooks, permissions, middleware, exception handlers), built once per route."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from lilya.compose import apply_asgi_stack
from lilya.concurrency import enforce_async_callable
from lilya.routing._errors import with_route_handlers
from lilya.types import ASGIApp, Receive, Scope, Send

__all__ = ["build_stack", "with_hooks", "with_limits"]


def with_hooks(
    app: ASGIApp,
    before_request: Sequence[Callable[..., Any]] | None,
    after_request: Sequence[Callable[..., Any]] | None,
) -> ASGIApp:
    """Run ``before_request`` hooks, then ``app``, then ``after_request`` hooks (each ``(scope, receive, send)``)."""
    # A hook given as a class (``before_request=[AuditHook]``) is instantiated once, here.
    before = [enforce_async_callable(hook() if isinstance(hook, type) else hook) for hook in before_request or ()]
    after = [enforce_async_callable(hook() if isinstance(hook, type) else hook) for hook in after_request or ()]
    if not before and not after:
        return app

    async def hooked(scope: Scope, receive: Receive, send: Send) -> None:
        for hook in before:
            await hook(scope, receive, send)
        await app(scope, receive, send)
        for hook in after:
            await hook(scope, receive, send)

    return hooked


def with_limits(app: ASGIApp, max_body_size: int | None = None, max_message_size: int | None = None) -> ASGIApp:
    """Publish this level's limits in the scope: ``lilya.max_body_size`` (``Request`` honours it)
    and ``lilya.max_message_size`` (``WebSocket`` honours it). ``None`` inherits the outer level's."""
    limits = {
        key: value
        for key, value in (("lilya.max_body_size", max_body_size), ("lilya.max_message_size", max_message_size))
        if value is not None
    }
    if not limits:
        return app
    assert all(value >= 0 for value in limits.values()), "size limits must be non-negative numbers of bytes"

    async def limited(scope: Scope, receive: Receive, send: Send) -> None:
        scope.update(limits)
        await app(scope, receive, send)

    return limited


def build_stack(
    app: ASGIApp,
    *,
    middleware: Sequence[Any] | None = None,
    permissions: Sequence[Any] | None = None,
    exception_handlers: Mapping[Any, Any] | None = None,
    before_request: Sequence[Callable[..., Any]] | None = None,
    after_request: Sequence[Callable[..., Any]] | None = None,
    max_body_size: int | None = None,
    max_message_size: int | None = None,
) -> ASGIApp:
    """exception handlers( middleware( permissions( hooks( app ) ) ) ), skipping empty layers."""
    app = with_hooks(app, before_request, after_request)
    app = apply_asgi_stack(app, permissions)
    app = apply_asgi_stack(app, middleware)
    if exception_handlers:
        app = with_route_handlers(app, exception_handlers)
    return with_limits(app, max_body_size, max_message_size)
