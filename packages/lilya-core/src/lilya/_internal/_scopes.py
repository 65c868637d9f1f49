"""``scope_manager``: one shared instance per (dependency scope, dependency) for APP/GLOBAL
dependencies, with cleanup of generator-based factories at shutdown."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, cast

import anyio

__all__ = ["ScopeManager", "scope_manager"]

T = TypeVar("T")


class ScopeManager:
    """Caches dependency instances per scope; ``aclose()`` finalises them (last created first)."""

    def __init__(self) -> None:
        self._instances: dict[tuple[Any, Any], Any] = {}
        self._cleanup_callbacks: list[Callable[[], Awaitable[None]]] = []
        # Keys being created right now: a burst of first requests waits for the one creation.
        self._creating: dict[tuple[Any, Any], anyio.Event] = {}

    async def _call(self, fn: Callable[[], T | Awaitable[T]]) -> T:
        """Call ``fn``; await it and unwrap (async) generators, registering their cleanup."""
        result: Any = fn()
        if inspect.isawaitable(result):
            result = await result
        if inspect.isasyncgen(result):
            agen = result
            value = await agen.__anext__()

            async def finish_async() -> None:
                async for _ in agen:
                    pass

            self._cleanup_callbacks.append(finish_async)
            return cast(T, value)
        if inspect.isgenerator(result):
            gen = result
            value = next(gen)

            async def finish_sync() -> None:
                for _ in gen:
                    pass

            self._cleanup_callbacks.append(finish_sync)
            return cast(T, value)
        return cast(T, result)

    async def get_or_create(self, scope: Any, dependency: Callable[..., T], factory: Callable[[], Any]) -> T:
        """The shared instance for ``(scope, dependency)``, created once even when many tasks ask
        for it at the same time (the others wait; if the creation fails, the next one retries)."""
        key = (scope, dependency)
        while True:
            if key in self._instances:
                return cast(T, self._instances[key])
            pending = self._creating.get(key)
            if pending is None:
                break
            await pending.wait()
        done = self._creating[key] = anyio.Event()
        try:
            value = await self._call(factory)
            self._instances[key] = value
            return cast(T, value)
        finally:
            del self._creating[key]
            done.set()

    async def aclose(self) -> None:
        callbacks, self._cleanup_callbacks = self._cleanup_callbacks, []
        for callback in reversed(callbacks):
            await callback()
        self._instances.clear()

    def clear(self, scope: Any | None = None) -> None:
        if scope is None:
            self._instances.clear()
        else:
            self._instances = {k: v for k, v in self._instances.items() if k[0] != scope}


scope_manager = ScopeManager()
