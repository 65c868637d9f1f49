"""Process-wide publish/subscribe used by ``lilya.decorators.observable``.

Each listener is analysed once, when it subscribes, to know which of the emitter's arguments it
accepts; emitting runs all listeners of an event concurrently (sync ones in worker threads).
"""

from __future__ import annotations

import functools
import inspect
import threading
from collections.abc import Callable
from typing import Any, ClassVar

import anyio
import anyio.to_thread

from lilya.compat import is_async_callable

__all__ = ["EventDispatcher"]


class _Listener:
    """A subscribed callable plus which of the emitter's arguments it accepts (decided once)."""

    __slots__ = ("func", "is_async", "keywords", "max_args", "positional_names")

    def __init__(self, func: Callable[..., Any]) -> None:
        self.func = func
        self.is_async = is_async_callable(func)
        self.max_args: int | None = None  # None: takes *args
        self.keywords: frozenset[str] | None = None  # None: takes **kwargs
        self.positional_names: tuple[str, ...] = ()
        try:
            parameters = list(inspect.signature(func).parameters.values())
        except (TypeError, ValueError):  # no introspectable signature: pass everything
            return
        kind = inspect.Parameter
        positional = [p for p in parameters if p.kind in (kind.POSITIONAL_ONLY, kind.POSITIONAL_OR_KEYWORD)]
        self.positional_names = tuple(p.name for p in positional)
        if not any(p.kind is kind.VAR_POSITIONAL for p in parameters):
            self.max_args = len(positional)
        if not any(p.kind is kind.VAR_KEYWORD for p in parameters):
            self.keywords = frozenset(p.name for p in parameters if p.kind is not kind.POSITIONAL_ONLY)

    def bind(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Callable[[], Any]:
        """A no-argument callable running the listener with the arguments it accepts."""
        call_args = args if self.max_args is None else args[: self.max_args]
        filled = self.positional_names[: len(call_args)]
        keywords = self.keywords
        call_kwargs = {
            name: value
            for name, value in kwargs.items()
            if (keywords is None or name in keywords) and name not in filled
        }
        return functools.partial(self.func, *call_args, **call_kwargs)


class EventDispatcher:
    """Named events -> listeners. Class-level (one per process); ``clear()`` resets it for tests."""

    _listeners: ClassVar[dict[str, list[_Listener]]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    @classmethod
    def add_listener(cls, event: str, func: Callable[..., Any]) -> None:
        """Subscribe without an event loop (used at decoration/import time)."""
        listener = _Listener(func)
        with cls._lock:
            cls._listeners.setdefault(event, []).append(listener)

    @classmethod
    async def subscribe(cls, event: str, func: Callable[..., Any]) -> None:
        """Call ``func`` whenever ``event`` is emitted (sync or async callable)."""
        cls.add_listener(event, func)

    @classmethod
    def unsubscribe(cls, event: str, func: Callable[..., Any]) -> None:
        """Stop calling ``func`` for ``event`` (no error when it was not subscribed)."""
        with cls._lock:
            listeners = cls._listeners.get(event, [])
            cls._listeners[event] = [listener for listener in listeners if listener.func is not func]

    @classmethod
    def listeners(cls, event: str) -> list[Callable[..., Any]]:
        """The callables subscribed to ``event``, in subscription order."""
        with cls._lock:
            return [listener.func for listener in cls._listeners.get(event, ())]

    @classmethod
    def clear(cls) -> None:
        """Forget every subscription (test isolation)."""
        with cls._lock:
            cls._listeners.clear()

    @classmethod
    async def emit(cls, event: str, *args: Any, **kwargs: Any) -> None:
        """Run every listener of ``event`` concurrently and wait for all of them.

        A listener's exception propagates to the emitter (in an ``ExceptionGroup`` when several fail).
        """
        with cls._lock:
            listeners = list(cls._listeners.get(event, ()))
        if not listeners:
            return
        if len(listeners) == 1:
            await _run(listeners[0].is_async, listeners[0].bind(args, kwargs))
            return
        async with anyio.create_task_group() as tg:
            for listener in listeners:
                tg.start_soon(_run, listener.is_async, listener.bind(args, kwargs))


async def _run(is_async: bool, call: Callable[[], Any]) -> None:
    if is_async:
        await call()
    else:
        await anyio.to_thread.run_sync(call)
