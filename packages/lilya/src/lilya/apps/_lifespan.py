"""The lifespan of an application: its hooks and its ``lifespan`` context.

``app_lifespan(app)`` is one async context manager per application. It runs the startup
hooks and enters the user's ``lifespan`` (whose yielded mapping becomes ``request.state``).
Lilya apps mounted below it keep their own hooks to themselves, as in Lilya 0.29.
``lilya.routing.lifespan.serve_lifespan`` speaks the ASGI lifespan protocol around it (as it does
for a bare router).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from lilya.concurrency import enforce_async_callable


if TYPE_CHECKING:
    from lilya.apps._base import BaseLilya

__all__ = ["app_lifespan", "normalize_hooks", "run_hooks"]


def normalize_hooks(value: Any) -> list[Callable[[], Any]]:
    """Accept None, one callable or an iterable of callables; always return a new list."""
    if value is None:
        return []
    if callable(value):
        return [value]
    return list(value)


async def run_hooks(hooks: Iterable[Callable[[], Any]]) -> None:
    for hook in hooks:
        await enforce_async_callable(hook)()


@asynccontextmanager
async def app_lifespan(app: BaseLilya) -> AsyncIterator[dict[str, Any]]:
    """Start ``app``, yield the lifespan state, then stop it.

    Only the application the server serves runs this: a Lilya app mounted in another
    (``ChildLilya``, ``Include(app=Lilya(...))``) does not run its own hooks or ``lifespan``
    there, as in Lilya 0.29 and Starlette (give them to the parent to run them).
    """
    state: dict[str, Any] = {}
    # The whole tree is known now: a handler parameter nothing provides stops startup.
    from lilya.injection import check_wiring

    check_wiring(app)
    await run_hooks(app.on_startup)
    if app.lifespan is None:
        yield state
    else:
        async with app.lifespan(app) as yielded:
            if isinstance(yielded, Mapping):
                state.update(yielded)
            yield state
    await run_hooks(app.on_shutdown)
