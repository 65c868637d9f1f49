"""``scope_manager``: one shared instance per (dependency scope, dependency) for APP/GLOBAL
dependencies, with cleanup of generator-based factories at shutdown."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, cast

__all__ = ["ScopeManager", "scope_manager"]

T = TypeVar("T")


class ScopeManager:
    """Caches dependency instances per scope; ``aclose()`` finalises them (last created first)."""

    def __init__(self) -> None:
        self._instances: dict[tuple[Any, Any], Any] = {}
        self._cleanup_callbacks: list[Callable[[], Awaitable[None]]] = []

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
        key = (scope, dependency)
        if key in self._instances:
            return cast(T, self._instances[key])
        value = await self._call(factory)
        # Another task may have finished first while we awaited: keep the first instance.
        return cast(T, self._instances.setdefault(key, value))

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
