"""Turn ``on_startup``/``on_shutdown`` hook lists (and/or a lifespan) into one lifespan factory.

Used where something must run an application's hooks outside the ASGI lifespan protocol
(the CLI's shell and directives); applications themselves use ``lilya.apps``' own lifespan.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from lilya.concurrency import enforce_async_callable
from lilya.exceptions import ImproperlyConfigured


Hooks = Sequence[Callable[[], Any]]


def resolve_lifespan(lifespan: Any) -> Any:
    """Check a ``lifespan`` once, when the app or router is built.

    A settings class may define ``def lifespan(self)`` returning the factory: that bound method is
    called here to get it. A generator function is a wiring mistake (it needs
    ``@asynccontextmanager``) and fails now rather than at the first startup.
    """
    if inspect.ismethod(lifespan) and not _takes_arguments(lifespan):
        lifespan = lifespan()
    if inspect.isasyncgenfunction(lifespan) or inspect.isgeneratorfunction(lifespan):
        raise ImproperlyConfigured(
            "async function generators are not allowed. Use @contextlib.asynccontextmanager instead."
        )
    return lifespan


def _takes_arguments(func: Callable[..., Any]) -> bool:
    try:
        return bool(inspect.signature(func).parameters)
    except (TypeError, ValueError):  # builtins without a signature: leave them alone
        return True


async def _run_all(hooks: Hooks | None) -> None:
    for hook in hooks or ():
        await enforce_async_callable(hook)()


class AsyncLifespanContextManager:
    """A lifespan factory (``factory(app)`` gives an async context manager) from hook lists."""

    def __init__(self, on_shutdown: Hooks | None = None, on_startup: Hooks | None = None) -> None:
        self.on_startup = list(on_startup or ())
        self.on_shutdown = list(on_shutdown or ())

    def __call__(self, app: Any = None) -> AbstractAsyncContextManager[None]:
        return self._lifespan()

    @asynccontextmanager
    async def _lifespan(self) -> AsyncIterator[None]:
        await _run_all(self.on_startup)
        try:
            yield
        finally:
            await _run_all(self.on_shutdown)


AyncLifespanContextManager = AsyncLifespanContextManager  # Lilya 0.29's spelling


def generate_lifespan_events(
    on_startup: Hooks | None = None,
    on_shutdown: Hooks | None = None,
    lifespan: Callable[[Any], AbstractAsyncContextManager[Any]] | None = None,
) -> Callable[[Any], AbstractAsyncContextManager[Any]]:
    """One lifespan: startup hooks, then ``lifespan`` (its state yielded), then shutdown hooks."""
    if lifespan is None:
        return AsyncLifespanContextManager(on_shutdown=on_shutdown, on_startup=on_startup)

    @asynccontextmanager
    async def combined(app: Any) -> AsyncIterator[Any]:
        await _run_all(on_startup)
        try:
            async with lifespan(app) as state:
                yield state
        finally:
            await _run_all(on_shutdown)

    return combined


handle_lifespan_events = generate_lifespan_events
