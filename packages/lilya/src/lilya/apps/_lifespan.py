"""The lifespan of an application: hooks, a ``lifespan`` context and mounted child apps.

``app_lifespan(app)`` is one async context manager per application. It runs the startup
hooks, enters the user's ``lifespan`` (whose yielded mapping becomes ``request.state``),
then enters the lifespans of Lilya apps mounted below it (``ChildLilya``, ``Include(app=...)``)
so a sub-application starts and stops with its parent. ``lilya.routing.lifespan.serve_lifespan``
speaks the ASGI lifespan protocol around it (as it does for a bare router).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping
from contextlib import AsyncExitStack, asynccontextmanager
from typing import TYPE_CHECKING, Any

from lilya.concurrency import enforce_async_callable


if TYPE_CHECKING:
    from lilya.apps._base import BaseLilya

__all__ = ["app_lifespan", "child_apps", "normalize_hooks", "run_hooks"]

_MAX_DEPTH = 32


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


def _mounted_apps(routes: Iterable[Any], depth: int) -> Iterator[Any]:
    """Yield ASGI apps mounted anywhere in a route tree (Include/Host ``app``, nested routes)."""
    if depth > _MAX_DEPTH:
        return
    for route in routes:
        app = getattr(route, "app", None)
        if app is not None and hasattr(app, "_lilya_lifespan"):
            yield app
            continue
        nested = getattr(route, "routes", None)
        if nested and nested is not routes:
            yield from _mounted_apps(nested, depth + 1)


def child_apps(app: BaseLilya) -> list[Any]:
    """Lilya applications mounted below ``app`` (direct children only; each handles its own)."""
    seen: set[int] = set()
    children: list[Any] = []
    for child in _mounted_apps(app.router.routes, 0):
        if id(child) not in seen and child is not app:
            seen.add(id(child))
            children.append(child)
    return children


@asynccontextmanager
async def app_lifespan(app: BaseLilya, *, outermost: bool = True) -> AsyncIterator[dict[str, Any]]:
    """Start ``app`` (and its mounted Lilya apps), yield the lifespan state, then stop them.

    The global ``lilya.lifecycle`` hooks run once, for the outermost application only.
    """
    state: dict[str, Any] = {}
    if outermost:  # the whole tree is known now: a handler parameter nothing provides stops startup
        from lilya.injection import check_wiring

        check_wiring(app)
    skip = () if outermost else app._global_hooks
    await run_hooks(hook for hook in app.on_startup if hook not in skip)
    async with AsyncExitStack() as stack:
        if app.lifespan is not None:
            yielded = await stack.enter_async_context(app.lifespan(app))
            if isinstance(yielded, Mapping):
                state.update(yielded)
        for child in child_apps(app):
            child_state = await stack.enter_async_context(child._lilya_lifespan(outermost=False))
            for key, value in child_state.items():
                state.setdefault(key, value)
        yield state
    await run_hooks(hook for hook in app.on_shutdown if hook not in skip)
