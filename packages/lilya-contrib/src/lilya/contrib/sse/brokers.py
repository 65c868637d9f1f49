"""Brokers carry SSE messages between the processes serving one application.

`InProcessBroker` delivers inside this process (what a channel without a broker does too).
`RedisBroker` publishes on Redis pub/sub and runs one reader per process that hands every message
to the local channel of the same name, so an event broadcast by any worker reaches the subscribers
of all workers. It needs the `redis` package (``pip install "lilya-contrib[redis]"``) and asyncio
(redis-py's asyncio client).

```python
broker = RedisBroker("redis://localhost:6379/0")
manager = SSEChannelManager(broker=broker)
app = Lilya(routes=[...], lifespan=manager.lifespan)   # the reader runs with the app
```
"""

from __future__ import annotations

import abc
import importlib
import json
import logging
import weakref
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from typing import TYPE_CHECKING, Any

import anyio
from anyio.abc import TaskStatus

from lilya.exceptions import MissingDependency

if TYPE_CHECKING:
    from lilya.contrib.sse.channels import Eventdict, SSEChannel

__all__ = ["BrokerError", "InProcessBroker", "RedisBroker", "SSEBroker"]

logger = logging.getLogger("lilya.contrib.sse")


class BrokerError(RuntimeError):
    """The broker cannot publish right now (e.g. Redis is unreachable); the message was not sent."""


class SSEBroker(abc.ABC):
    """Routes a channel's broadcasts to the channels of the same name (here, or in other processes)."""

    def __init__(self) -> None:
        self._channels: dict[str, weakref.WeakSet[SSEChannel]] = {}

    def register(self, channel: SSEChannel) -> None:
        self._channels.setdefault(channel.name, weakref.WeakSet()).add(channel)

    def unregister(self, channel: SSEChannel) -> None:
        channels = self._channels.get(channel.name)
        if channels is not None:
            channels.discard(channel)
            if not channels:
                del self._channels[channel.name]

    def deliver(self, name: str, event: Eventdict) -> None:
        """Hand `event` to this process's channels called `name`."""
        for channel in list(self._channels.get(name, ())):
            channel.deliver(event)

    @abc.abstractmethod
    async def publish(self, name: str, event: Eventdict) -> None:
        """Send `event` to every channel called `name`, wherever it lives."""

    def check_running(self) -> None:
        """Raise when subscribers would never receive anything (the broker is not running)."""

    def running(self) -> AbstractAsyncContextManager[None]:
        """What must run while the application runs (nothing for an in-process broker)."""
        return nullcontext()


class InProcessBroker(SSEBroker):
    """Delivery inside this process: several channel objects of one name share their messages."""

    async def publish(self, name: str, event: Eventdict) -> None:
        self.deliver(name, event)


def _redis() -> Any:
    try:
        return importlib.import_module("redis.asyncio")
    except ImportError as exc:
        raise MissingDependency('RedisBroker needs redis: pip install "lilya-contrib[redis]"') from exc


class RedisBroker(SSEBroker):
    """Redis pub/sub between workers: channel `name` is the Redis channel `prefix + name`.

    Faults: publishing while Redis is unreachable raises `BrokerError` after a short bounded retry;
    the reader reconnects with exponential backoff (up to `max_reconnect_delay` seconds) and logs
    the outage once and the recovery once; an idle connection that does not answer a PING within
    `health_interval` seconds counts as lost (a Redis that hangs). Messages published during an outage are lost (pub/sub
    keeps nothing): clients resume with ``Last-Event-ID`` from the channel's `history`.
    """

    def __init__(
        self,
        url: str = "redis://localhost:6379/0",
        *,
        prefix: str = "lilya:sse:",
        reconnect_delay: float = 0.05,
        max_reconnect_delay: float = 5.0,
        timeout: float = 5.0,
        health_interval: float = 15.0,
    ) -> None:
        super().__init__()
        redis_asyncio = _redis()
        retry = importlib.import_module("redis.asyncio.retry").Retry
        backoff = importlib.import_module("redis.backoff")
        self._errors: tuple[type[BaseException], ...] = (
            importlib.import_module("redis.exceptions").ConnectionError,
            importlib.import_module("redis.exceptions").TimeoutError,
            OSError,
        )
        self.url = url
        self.prefix = prefix
        self.reconnect_delay = reconnect_delay
        self.max_reconnect_delay = max_reconnect_delay
        self.timeout = timeout
        self.health_interval = health_interval
        # Publishing: short timeouts and two quick retries, then BrokerError.
        self._publisher = redis_asyncio.Redis.from_url(
            url,
            socket_timeout=timeout,
            socket_connect_timeout=timeout,
            retry=retry(backoff.ExponentialBackoff(cap=0.2, base=0.02), 2),
        )
        # Reading: waits between messages (an idle connection is checked with PING); this class reconnects.
        self._subscriber = redis_asyncio.Redis.from_url(
            url, socket_connect_timeout=timeout, retry=retry(backoff.NoBackoff(), 0)
        )
        self._running = False
        self._reader_down = False
        self._publisher_down = False

    def check_running(self) -> None:
        if not self._running:
            raise RuntimeError(
                "RedisBroker is not running: pass lifespan=manager.lifespan to Lilya "
                "(or enter `async with broker.running():` in your lifespan)"
            )

    async def publish(self, name: str, event: Eventdict) -> None:
        try:
            payload = json.dumps(event, separators=(",", ":"))
        except (TypeError, ValueError) as exc:
            raise TypeError(f"Events sent through Redis must be JSON-serialisable: {exc}") from exc
        try:
            await self._publisher.publish(self.prefix + name, payload)
        except self._errors as exc:
            if not self._publisher_down:
                self._publisher_down = True
                logger.warning("SSE: cannot publish to Redis at %s: %s", self.url, exc)
            raise BrokerError(f"Redis at {self.url} is unavailable: {exc}") from exc
        if self._publisher_down:
            self._publisher_down = False
            logger.info("SSE: publishing to Redis at %s again", self.url)

    def _on_message(self, message: dict[str, Any]) -> None:
        channel = message["channel"]
        name = (channel.decode() if isinstance(channel, bytes) else str(channel))[len(self.prefix) :]
        try:
            event = json.loads(message["data"])
            if not isinstance(event, dict):
                raise ValueError("not an object")
        except ValueError as exc:
            logger.warning("SSE: ignoring a malformed message on Redis channel %r: %s", channel, exc)
            return
        self.deliver(name, event)

    async def _read(self, task_status: TaskStatus[None]) -> None:
        """Subscribe, deliver, and on a lost connection retry with a bounded backoff, forever."""
        delay = self.reconnect_delay
        started = False
        while True:
            pubsub = self._subscriber.pubsub(ignore_subscribe_messages=True)
            try:
                with anyio.fail_after(self.timeout):
                    await pubsub.psubscribe(self.prefix + "*")
                if self._reader_down:
                    self._reader_down = False
                    logger.info("SSE: Redis at %s is back; receiving again", self.url)
                delay = self.reconnect_delay
                if not started:
                    started = True
                    task_status.started()
                await self._receive(pubsub)
            except self._errors as exc:
                if not self._reader_down:
                    self._reader_down = True
                    logger.warning(
                        "SSE: lost Redis at %s (%s); reconnecting every %s s at most",
                        self.url,
                        exc,
                        self.max_reconnect_delay,
                    )
            finally:
                with anyio.CancelScope(shield=True), anyio.move_on_after(self.max_reconnect_delay):
                    await pubsub.aclose()
            if not started:  # Redis is down at startup: serve anyway, keep trying in the background
                started = True
                task_status.started()
            await anyio.sleep(delay)
            delay = min(delay * 2, self.max_reconnect_delay)

    async def _receive(self, pubsub: Any) -> None:
        """Deliver messages; a connection idle for `health_interval` must answer a PING within another."""
        awaiting_pong = False
        while True:
            message = await pubsub.get_message(timeout=self.health_interval)
            if message is None:
                if awaiting_pong:  # a Redis that hangs, or a connection silently gone
                    raise TimeoutError(f"no answer to PING within {self.health_interval} s")
                await pubsub.ping()
                awaiting_pong = True
                continue
            awaiting_pong = False
            if message.get("type") == "pmessage":
                self._on_message(message)

    @asynccontextmanager
    async def _run(self) -> AsyncIterator[None]:
        if self._running:
            raise RuntimeError("this RedisBroker is already running")
        try:
            async with anyio.create_task_group() as group:
                await group.start(self._read)
                self._running = True
                try:
                    yield
                finally:
                    self._running = False
                    group.cancel_scope.cancel()
        finally:
            with anyio.CancelScope(shield=True):
                await self._publisher.aclose()
                await self._subscriber.aclose()

    def running(self) -> AbstractAsyncContextManager[None]:
        """The reader task, for the lifetime of the block (the application's lifespan)."""
        return self._run()

    @property
    def connected(self) -> bool:
        """False while the reader has lost Redis and is reconnecting."""
        return self._running and not self._reader_down
