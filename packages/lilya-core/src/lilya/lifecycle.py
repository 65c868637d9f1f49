"""Process-wide startup/shutdown hooks, registered by decorator and run by the app's lifespan.

Libraries can register ``@on_startup``/``@on_shutdown`` hooks at import time without holding an app;
every Lilya app runs the registered hooks (after its own ``on_startup``, before its own
``on_shutdown``) when its lifespan starts and stops. ``LifecycleRegistry.clear()`` (or
``lilya.lifecycle._registry.clear()``) resets the global registry between tests.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

__all__ = ["Hook", "LifecycleRegistry", "get_hooks", "on_shutdown", "on_startup", "run_hooks"]

Hook = Callable[[], Any] | Callable[[], Awaitable[Any]]
HookT = TypeVar("HookT", bound=Callable[[], Any])


class LifecycleRegistry:
    """Ordered startup and shutdown hooks (sync or async callables taking no argument)."""

    __slots__ = ("_cleared", "shutdown", "startup")

    def __init__(self) -> None:
        self.startup: list[Hook] = []
        self.shutdown: list[Hook] = []
        self._cleared = False

    def on_startup(self, func: HookT) -> HookT:
        """Register ``func`` to run at startup; returns it, so it works as a decorator."""
        _check_hook(func)
        self.startup.append(func)
        return func

    def on_shutdown(self, func: HookT) -> HookT:
        """Register ``func`` to run at shutdown; returns it, so it works as a decorator."""
        _check_hook(func)
        self.shutdown.append(func)
        return func

    def get_hooks(self) -> dict[str, list[Hook]]:
        """Copies of both lists, so callers cannot change the registry by accident."""
        return {"startup": list(self.startup), "shutdown": list(self.shutdown)}

    def clear(self) -> None:
        """Forget every hook (test isolation)."""
        self.startup.clear()
        self.shutdown.clear()
        self._cleared = True


def _check_hook(func: Any) -> None:
    if not callable(func):
        raise TypeError(f"A lifecycle hook must be callable, got {func!r}.")


_registry = LifecycleRegistry()


def on_startup(func: HookT) -> HookT:
    """Register a global startup hook (decorator)."""
    return _registry.on_startup(func)


def on_shutdown(func: HookT) -> HookT:
    """Register a global shutdown hook (decorator)."""
    return _registry.on_shutdown(func)


def get_hooks() -> dict[str, list[Hook]]:
    """The global hooks: ``{"startup": [...], "shutdown": [...]}``."""
    return _registry.get_hooks()


def _clear_for_tests_only() -> None:
    """Forget every global hook: Lilya 0.29's name for resetting the registry between tests."""
    _registry.clear()


async def run_hooks(hooks: list[Hook]) -> None:
    """Run ``hooks`` one after another, awaiting those that return an awaitable."""
    for hook in hooks:
        result = hook()
        if inspect.isawaitable(result):
            await result
