"""Run blocking code off the event loop (anyio worker threads)."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from typing import Any, TypeVar

import anyio.to_thread

from lilya.compat import is_async_callable

__all__ = [
    "AsyncCallable",
    "T",
    "enforce_async_callable",
    "is_async_callable",
    "iterate_in_threadpool",
    "run_in_threadpool",
]

T = TypeVar("T")


async def run_in_threadpool(func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    if kwargs:
        func = functools.partial(func, **kwargs)
    return await anyio.to_thread.run_sync(func, *args)


def enforce_async_callable(func: Callable[..., Any]) -> Callable[..., Awaitable[Any]]:
    """Return an awaitable-returning callable: decided once, not on every call."""
    if is_async_callable(func):
        return func

    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        return await run_in_threadpool(func, *args, **kwargs)

    return wrapper


class AsyncCallable:
    """Wrap a sync or async callable (with bound keyword arguments) so that calling it is
    always awaitable; sync callables run in a worker thread. Decided once, at construction."""

    __slots__ = ("func", "kwargs", "is_async")

    def __init__(self, func: Callable[..., Any], **kwargs: Any) -> None:
        self.func = func
        self.kwargs = kwargs
        self.is_async = is_async_callable(func)

    async def run_in_threadpool(self, *args: Any, **kwargs: Any) -> Any:
        return await run_in_threadpool(self.func, *args, **{**self.kwargs, **kwargs})

    async def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self.is_async:
            return await self.func(*args, **{**self.kwargs, **kwargs})
        return await self.run_in_threadpool(*args, **kwargs)


class _StopIteration(Exception):
    pass


def _next(iterator: Iterator[T]) -> T:
    try:
        return next(iterator)
    except StopIteration:
        raise _StopIteration from None


async def iterate_in_threadpool(iterator: Iterable[T]) -> AsyncIterator[T]:
    it = iter(iterator)
    while True:
        try:
            yield await anyio.to_thread.run_sync(_next, it)
        except _StopIteration:
            break
