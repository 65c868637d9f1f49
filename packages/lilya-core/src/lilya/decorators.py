"""Function decorators: ``observable`` (emit/listen to named events) and ``cache`` (memoize with TTL)."""

from __future__ import annotations

import asyncio
import functools
import inspect
import json
import re
import sys
from collections.abc import Callable
from typing import Any

import anyio
import anyio.from_thread
import anyio.to_thread

from lilya._internal._encoders import json_encode
from lilya._internal._events import EventDispatcher
from lilya.compat import is_async_callable, md5_hexdigest
from lilya.conf._registry import get_settings
from lilya.logging import logger
from lilya.protocols.cache import CacheBackend
from lilya.serializers import serializer

__all__ = [
    "CacheBackend",
    "EventDispatcher",
    "cache",
    "generate_cache_key",
    "is_async_callable",
    "json_encode",
    "logger",
    "observable",
    "serializer",
]


def observable(send: list[str] | None = None, listen: list[str] | None = None) -> Callable[..., Any]:
    """Make a function emit events after it runs (``send``) and/or react to events (``listen``).

    ``listen`` subscribes the undecorated function right away (no event loop needed). The decorated
    function becomes async: it runs the original (sync functions in a worker thread), then emits every
    ``send`` event with the same arguments and waits for the listeners. A listener receives the
    arguments its signature accepts. ``EventDispatcher.clear()`` forgets every subscription.
    """
    sends = tuple(send or ())
    listens = tuple(listen or ())

    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        for event in listens:
            EventDispatcher.add_listener(event, func)
        func_is_async = is_async_callable(func)

        @functools.wraps(func)
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            if func_is_async:
                result = await func(*args, **kwargs)
            else:
                result = await anyio.to_thread.run_sync(functools.partial(func, *args, **kwargs))
            if len(sends) == 1:
                await EventDispatcher.emit(sends[0], *args, **kwargs)
            elif sends:
                async with anyio.create_task_group() as tg:
                    for event in sends:
                        tg.start_soon(functools.partial(EventDispatcher.emit, event, *args, **kwargs))
            return result

        return wrapper

    return decorator


_LOCALS = re.compile(r"\.<locals>\.")
_SCALARS = (str, int, float, bool, type(None))


def _encode_argument(value: Any) -> Any:
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, (set, frozenset)):
        return sorted((_encode_argument(item) for item in value), key=repr)
    return json_encode(value)


def _is_receiver(func: Callable[..., Any], first: Any) -> bool:
    """True when ``first`` is the ``self``/``cls`` of ``func`` (its class defines ``func``).

    Checking identity (through ``functools.wraps`` chains), not just the name, keeps
    ``def upper(s)`` called with a str from dropping its argument because ``str.upper`` exists.
    """
    name = getattr(func, "__name__", None)
    if name is None or isinstance(first, _SCALARS):
        return False
    owner = first if isinstance(first, type) else type(first)
    target = inspect.unwrap(func)
    for klass in owner.__mro__:
        attr = klass.__dict__.get(name)
        if attr is not None:
            return inspect.unwrap(getattr(attr, "__func__", attr)) is target
    return False


def generate_cache_key(func: Callable[..., Any], args: Any, kwargs: Any) -> str:
    """``"module.qualname:<md5 of the arguments>"``: stable across processes and keyword order.

    A leading ``self``/``cls`` (first argument that has the function as attribute) is left out so
    every instance shares entries; tuples and lists give the same key, sets are order-independent.
    """
    name = _LOCALS.sub(".", f"{func.__module__}.{func.__qualname__}")
    if args and _is_receiver(func, args[0]):
        args = args[1:]
    payload = json.dumps(
        [[_encode_argument(arg) for arg in args], {key: _encode_argument(kwargs[key]) for key in sorted(kwargs)}],
        separators=(",", ":"),
        default=repr,
    )
    return f"{name}:{md5_hexdigest(payload.encode(), usedforsecurity=False)}"


def _blocking(method: Callable[..., Any]) -> Callable[..., Any]:
    """Call an async backend method from sync code, inside or outside a running event loop."""

    def call(*args: Any) -> Any:
        if not _in_event_loop():
            return anyio.run(method, *args)
        with anyio.from_thread.start_blocking_portal() as portal:  # cannot nest a loop in this thread
            return portal.call(method, *args)

    return call


def _in_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:
        return True
    trio = sys.modules.get("trio")
    if trio is None:
        return False
    try:
        trio.lowlevel.current_root_task()
    except RuntimeError:
        return False
    return True


class cache:  # noqa: N801 - public name of the Lilya API
    """Memoize a sync or async function in a ``CacheBackend`` for ``ttl`` seconds.

    Defaults (``settings.cache_default_ttl``, ``settings.cache_backend``) are read once, when the
    decorator is created. Results equal to ``None`` are not cached. A failing backend never breaks
    the function: the error is logged and the function runs uncached.
    """

    def __init__(self, ttl: int | None = None, backend: CacheBackend | None = None) -> None:
        if ttl is None or backend is None:
            settings = get_settings()
            ttl = ttl if ttl is not None else settings.cache_default_ttl
            backend = backend if backend is not None else settings.cache_backend
        self.ttl = ttl
        self.backend = backend
        # Sync callers use the backend's own blocking API when it has one (no event loop needed).
        self._sync_get = getattr(backend, "sync_get", None) or _blocking(backend.get)
        self._sync_set = getattr(backend, "sync_set", None) or _blocking(backend.set)
        self._sync_delete = getattr(backend, "sync_delete", None) or _blocking(backend.delete)

    def __call__(self, func: Callable[..., Any]) -> Any:
        if is_async_callable(func):
            return self._wrap_async(func)
        return self._wrap_sync(func)

    def _wrap_async(self, func: Callable[..., Any]) -> Callable[..., Any]:
        backend, ttl = self.backend, self.ttl

        @functools.wraps(func)
        async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
            key = generate_cache_key(func, args, kwargs)
            try:
                cached = await backend.get(key)
            except Exception as exc:  # any backend failure (network, codec): run uncached
                logger.error(f"Cache backend failure in get(): {exc}", exc_info=True)
                cached = None
            if cached is not None:
                return cached
            result = await func(*args, **kwargs)
            try:
                await backend.set(key, result, ttl)
            except Exception as exc:  # same boundary as above
                logger.error(f"Cache backend failure in set(): {exc}", exc_info=True)
            return result

        return async_wrapper

    def _wrap_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        sync_get, sync_set, ttl = self._sync_get, self._sync_set, self.ttl

        @functools.wraps(func)
        def sync_wrapper(*args: Any, **kwargs: Any) -> Any:
            key = generate_cache_key(func, args, kwargs)
            try:
                cached = sync_get(key)
            except Exception as exc:  # any backend failure: run uncached
                logger.error(f"Cache backend failure in get(): {exc}", exc_info=True)
                cached = None
            if cached is not None:
                return cached
            result = func(*args, **kwargs)
            try:
                sync_set(key, result, ttl)
            except Exception as exc:  # same boundary as above
                logger.error(f"Cache backend failure in set(): {exc}", exc_info=True)
            return result

        return sync_wrapper

    def invalidate(self, func: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """Drop the entry cached for ``func(*args, **kwargs)`` (``func``: the decorated function)."""
        key = generate_cache_key(func, args, kwargs)
        try:
            self._sync_delete(key)
        except Exception as exc:  # backend failure: nothing cached to worry about beyond the log
            logger.error(f"Cache backend failure in delete(): {exc}", exc_info=True)
