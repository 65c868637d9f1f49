"""The ASGI lifespan of a router or an application: hook lists, a ``lifespan`` and the protocol.

Public so ``lilya.apps`` serves its lifespan with the same ``serve_lifespan`` as the router."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager, nullcontext
from typing import Any

from lilya.lifespan import AsyncLifespanContextManager, generate_lifespan_events
from lilya.shutdown import shutdown
from lilya.types import Receive, Scope, Send

__all__ = ["AsyncLifespan", "LifespanFactory", "handle_lifespan_events", "serve_lifespan"]

LifespanFactory = Callable[[Any], AbstractAsyncContextManager[Any]]


class AsyncLifespan(AsyncLifespanContextManager):
    """Core's hook-list lifespan with the router's argument order (``on_startup`` first)."""

    def __init__(
        self,
        on_startup: Sequence[Callable[[], Any]] | None = None,
        on_shutdown: Sequence[Callable[[], Any]] | None = None,
    ) -> None:
        super().__init__(on_shutdown=on_shutdown, on_startup=on_startup)


def handle_lifespan_events(
    on_startup: Sequence[Callable[[], Any]] | None = None,
    on_shutdown: Sequence[Callable[[], Any]] | None = None,
    lifespan: LifespanFactory | None = None,
) -> LifespanFactory | None:
    """Core's ``generate_lifespan_events`` (startup hooks, ``lifespan``, shutdown hooks), or just
    ``lifespan`` (None included) when there are no hooks: the router then has nothing to wrap."""
    if not on_startup and not on_shutdown:
        return lifespan
    return generate_lifespan_events(on_startup, on_shutdown, lifespan)


async def serve_lifespan(app: Any, factory: LifespanFactory | None, scope: Scope, receive: Receive, send: Send) -> None:
    """Speak the ASGI lifespan protocol around ``factory(app)``; never leaves the server waiting.

    A mapping the lifespan yields becomes the ``state`` of every request. A failure is logged and
    reported as ``lifespan.startup.failed`` (or ``.shutdown.failed``), then re-raised (as Lilya
    0.29 and Starlette do): servers stop without logging it twice, and a TestClient raises the
    original exception in the test. While the app runs, the server's SIGTERM/SIGINT also set
    ``lilya.shutdown.shutdown``, so long-lived streams and WebSockets end when draining starts.
    """
    started = False
    message = await receive()
    if message["type"] != "lifespan.startup":  # pragma: no cover - protocol violation by the server
        return
    try:
        with shutdown.observing_signals():
            async with factory(app) if factory is not None else nullcontext() as state:
                if state:
                    if "state" not in scope:
                        raise RuntimeError('The server does not support "state" in the lifespan scope.')
                    scope["state"].update(state)
                await send({"type": "lifespan.startup.complete"})
                started = True
                await receive()
    except BaseException as exc:
        import logging
        import traceback  # here: only a failed lifespan needs them (importing Lilya stays light)

        logging.getLogger("lilya").exception("Application lifespan %s failed", "shutdown" if started else "startup")
        kind = "lifespan.shutdown.failed" if started else "lifespan.startup.failed"
        await send({"type": kind, "message": "".join(traceback.format_exception_only(type(exc), exc)).strip()})
        raise
    await send({"type": "lifespan.shutdown.complete"})
