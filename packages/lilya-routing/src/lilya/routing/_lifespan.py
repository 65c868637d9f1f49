"""Lifespan for a router used as an ASGI app: ``on_startup``/``on_shutdown`` hooks and ``lifespan``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from lilya.concurrency import enforce_async_callable
from lilya.shutdown import shutdown
from lilya.types import Receive, Scope, Send

__all__ = ["AsyncLifespan", "handle_lifespan_events", "serve_lifespan"]

LifespanFactory = Callable[[Any], AbstractAsyncContextManager[Any]]


class AsyncLifespan:
    """A lifespan context built from startup and shutdown hook lists (run in order)."""

    def __init__(
        self,
        on_startup: Sequence[Callable[[], Any]] | None = None,
        on_shutdown: Sequence[Callable[[], Any]] | None = None,
    ) -> None:
        self.on_startup = [enforce_async_callable(hook) for hook in on_startup or ()]
        self.on_shutdown = [enforce_async_callable(hook) for hook in on_shutdown or ()]

    def __call__(self, app: Any) -> AbstractAsyncContextManager[None]:
        return self._context()

    @asynccontextmanager
    async def _context(self) -> AsyncIterator[None]:
        for hook in self.on_startup:
            await hook()
        yield
        for hook in self.on_shutdown:
            await hook()


def handle_lifespan_events(
    on_startup: Sequence[Callable[[], Any]] | None = None,
    on_shutdown: Sequence[Callable[[], Any]] | None = None,
    lifespan: LifespanFactory | None = None,
) -> LifespanFactory | None:
    """One lifespan factory from hooks and/or a ``lifespan`` (hooks wrap it: startup first)."""
    if not on_startup and not on_shutdown:
        return lifespan
    hooks = AsyncLifespan(on_startup, on_shutdown)
    if lifespan is None:
        return hooks

    @asynccontextmanager
    async def combined(app: Any) -> AsyncIterator[Any]:
        async with hooks(app), lifespan(app) as state:
            yield state

    return combined


async def serve_lifespan(app: Any, factory: LifespanFactory | None, scope: Scope, receive: Receive, send: Send) -> None:
    """Speak the ASGI lifespan protocol around ``factory(app)``; failures are reported, not hidden.

    While the app runs, the server's SIGTERM/SIGINT handlers also set ``lilya.shutdown.shutdown``,
    so long-lived streams and WebSockets end when the server starts draining (not after).
    """
    started = False
    await receive()
    try:
        with shutdown.observing_signals():
            if factory is None:
                await send({"type": "lifespan.startup.complete"})
                started = True
                await receive()
            else:
                async with factory(app) as state:
                    if state is not None:
                        if "state" not in scope:
                            raise RuntimeError('The server does not support "state" in the lifespan scope.')
                        scope["state"].update(state)
                    await send({"type": "lifespan.startup.complete"})
                    started = True
                    await receive()
    except BaseException:
        import traceback  # here: only a failed lifespan needs it (importing Lilya stays light)

        message = traceback.format_exc()
        await send({"type": "lifespan.shutdown.failed" if started else "lifespan.startup.failed", "message": message})
        raise
    await send({"type": "lifespan.shutdown.complete"})
