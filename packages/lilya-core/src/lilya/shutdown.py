"""Graceful shutdown: one process-wide signal that long-lived responses observe.

A server drains on SIGTERM: it stops accepting, waits for the open requests, then runs the
lifespan shutdown. An endless event stream or an idle WebSocket never ends on its own, so the
server would wait forever (or until its graceful timeout cuts connections mid-message). The
lifespan tells the app about startup, but about shutdown only *after* the connections closed, too
late. So the app learns it from the signal itself:

- ``shutdown`` (a :class:`GracefulShutdown`) is set once, from a signal handler or any thread.
- The router's lifespan chains the SIGTERM/SIGINT handlers of the server (uvicorn, gunicorn's
  uvicorn workers, ``lilya runserver``) while the app runs: the server still does its own
  draining, and ``shutdown`` is set the moment the signal arrives.
- Streaming responses and Server-Sent Events stop waiting for their next chunk and end the body
  cleanly at a message boundary; WebSockets waiting in ``receive()`` close with 1001 (going away).
- Anything else long-lived (a pub/sub channel, a polling loop) uses ``shutdown.cancel_on_set()``
  around its waits, ``until_shutdown(iterator)`` or ``await shutdown.wait()``.

Servers that do not run the app's lifespan, or handle signals without a Python handler, call
``shutdown.set()`` themselves (for example from a gunicorn ``worker_int`` hook).
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import AsyncGenerator, AsyncIterable, Callable, Iterable, Iterator
from types import FrameType
from typing import Any, TypeVar

import anyio

__all__ = ["GracefulShutdown", "shutdown", "until_shutdown"]

T = TypeVar("T")
SignalHandler = Callable[[int, FrameType | None], Any]


def _loop_caller(callback: Callable[[], None]) -> Callable[[], None]:
    """``callback`` wrapped to run in the current event loop when called from anywhere.

    Signal handlers and other threads must not touch the loop directly: asyncio gets
    ``call_soon_threadsafe``, trio its token (trio is only looked up when it is the running loop).
    """
    import asyncio  # here: a plain ``import lilya.apps`` (or a trio app) need not load asyncio

    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        token = sys.modules["trio"].lowlevel.current_trio_token()

        def in_trio() -> None:
            with contextlib.suppress(RuntimeError):  # trio.RunFinishedError: the loop is gone
                token.run_sync_soon(callback)

        return in_trio

    def in_asyncio() -> None:
        with contextlib.suppress(RuntimeError):  # the loop is closed
            loop.call_soon_threadsafe(callback)

    return in_asyncio


class GracefulShutdown:
    """A flag set once when the process begins a graceful shutdown; waiters are woken in their loop."""

    __slots__ = ("_is_set", "_wakers")

    def __init__(self) -> None:
        self._is_set = False
        self._wakers: dict[int, Callable[[], None]] = {}

    def is_set(self) -> bool:
        return self._is_set

    def set(self) -> None:
        """Start the shutdown: safe from a signal handler and from any thread; idempotent."""
        if self._is_set:
            return
        self._is_set = True
        for wake in list(self._wakers.values()):
            wake()

    def clear(self) -> None:
        """Forget a shutdown (tests, or a process that serves again after draining)."""
        self._is_set = False

    @contextlib.contextmanager
    def cancel_on_set(self) -> Iterator[anyio.CancelScope]:
        """A cancel scope that is cancelled when the shutdown starts (at once if it already has).

        Check ``scope.cancelled_caught`` afterwards to tell a shutdown from a normal end.
        """
        scope = anyio.CancelScope()
        key = id(scope)
        self._wakers[key] = _loop_caller(scope.cancel)  # registered before the check: no lost wake-up
        try:
            if self._is_set:
                scope.cancel()
            with scope:
                yield scope
        finally:
            del self._wakers[key]

    async def wait(self) -> None:
        """Return once the shutdown started."""
        with self.cancel_on_set():
            await anyio.sleep_forever()

    def install_signal_handlers(
        self, signals: Iterable[signal.Signals] = (signal.SIGTERM, signal.SIGINT)
    ) -> Callable[[], None]:
        """Chain a handler that sets the flag before the server's own handler; returns an undo.

        Only a Python handler that a server installed is chained (a default or ignored signal is
        left alone: there is nobody to drain), and only from the main thread (where signals land).
        """
        if threading.current_thread() is not threading.main_thread():
            return lambda: None
        installed: dict[signal.Signals, tuple[SignalHandler, SignalHandler]] = {}
        for signum in signals:
            previous = signal.getsignal(signum)
            if not callable(previous) or getattr(previous, "__lilya_shutdown__", False):
                continue
            handler = self._chain(previous)
            signal.signal(signum, handler)
            installed[signum] = (handler, previous)

        def restore() -> None:
            for signum, (handler, previous) in installed.items():
                if signal.getsignal(signum) is handler:
                    signal.signal(signum, previous)

        return restore

    @contextlib.contextmanager
    def observing_signals(
        self, signals: Iterable[signal.Signals] = (signal.SIGTERM, signal.SIGINT)
    ) -> Iterator[None]:
        """While the app runs (its lifespan): a fresh flag, set by the server's shutdown signals."""
        self.clear()
        restore = self.install_signal_handlers(signals)
        try:
            yield
        finally:
            restore()

    def _chain(self, previous: SignalHandler) -> SignalHandler:
        def handler(signum: int, frame: FrameType | None) -> Any:
            self.set()
            return previous(signum, frame)

        handler.__lilya_shutdown__ = True  # type: ignore[attr-defined]
        return handler


shutdown = GracefulShutdown()


async def until_shutdown(iterable: AsyncIterable[T], notifier: GracefulShutdown = shutdown) -> AsyncGenerator[T, None]:
    """Yield from ``iterable`` until it ends or the shutdown starts (checked while waiting for an item).

    The item being sent is never cut: the shutdown only ends the wait for the next one, so the
    response can finish at a message boundary. The scope is entered per item, so ``iterable`` must
    not yield from inside its own task group or cancel scope; for those, enclose the whole loop in
    ``cancel_on_set()`` and shield the sends (as the streaming responses do).
    """
    iterator = iterable.__aiter__()
    while True:
        with notifier.cancel_on_set() as scope:
            try:
                item = await iterator.__anext__()
            except StopAsyncIteration:
                return
        if scope.cancelled_caught:
            return
        yield item
