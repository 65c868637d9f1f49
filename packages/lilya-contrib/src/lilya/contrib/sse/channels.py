"""Named SSE channels with fan-out to every subscriber, bounded queues, heartbeats and resume.

A subscriber is a bounded in-memory queue (`max_queue` events). Publishing never waits for a
subscriber: one whose queue is full is a client that stopped reading, and it is dropped (its stream
ends; the browser reconnects, with ``Last-Event-ID`` to resume). So a slow client cannot hold the
others back, and memory per subscriber never grows past `max_queue` events.

With a broker (`lilya.contrib.sse.brokers`), `broadcast` goes through it and reaches the channel of
the same name in every worker; without one, it is delivered in this process only.
"""

from __future__ import annotations

import json
import logging
from collections import deque
from collections.abc import AsyncGenerator, Callable, Iterable
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import anyio
import anyio.lowlevel

if TYPE_CHECKING:
    from lilya.contrib.sse.brokers import SSEBroker

__all__ = ["Eventdict", "SSEChannel", "SSEChannelManager", "SSEMessage", "Subscription", "sse_manager"]

Eventdict = dict[str, Any]
DEFAULT_MAX_QUEUE = 256
logger = logging.getLogger("lilya.contrib.sse")


def _single_line(value: Any) -> str:
    """id/event fields cannot span lines: a line break would start a forged field."""
    return str(value).replace("\r", " ").replace("\n", " ")


@dataclass(slots=True)
class SSEMessage:
    """One event as the SSE protocol knows it: `data` (non-strings as compact JSON), `event`, `id`, `retry`."""

    data: Any
    event: str | None = None
    id: str | None = None
    retry: int | None = None

    def to_wire(self) -> str:
        """The event as it goes on the wire, ending with the blank line that dispatches it."""
        lines: list[str] = []
        if self.event:
            lines.append(f"event: {_single_line(self.event)}")
        if self.id:
            lines.append(f"id: {_single_line(self.id)}")
        if self.retry is not None:
            lines.append(f"retry: {int(self.retry)}")
        payload = self.data if isinstance(self.data, str) else json.dumps(self.data, separators=(",", ":"))
        lines.extend(f"data: {line}" for line in payload.splitlines() or [""])
        return "".join(f"{line}\n" for line in lines) + "\n"


def to_event(message: str | dict[str, Any] | SSEMessage) -> Eventdict:
    """The dict form `EventStreamResponse` sends: a string is the data of a "message" event."""
    if isinstance(message, SSEMessage):
        fields = {"id": message.id, "event": message.event, "data": message.data, "retry": message.retry}
        return {key: value for key, value in fields.items() if value is not None}
    if isinstance(message, str):
        return {"event": "message", "data": message}
    if isinstance(message, dict):
        return {"event": message.get("event", "message"), "data": message.get("data"), **message}
    raise TypeError(f"Unsupported message type: {type(message)} (use str, dict or SSEMessage)")


class SSEChannel:
    """A named channel: `broadcast` reaches every `listen()`-er (in every worker, with a broker).

    `history` keeps the last N events that have an ``id`` so a reconnecting client can resume
    (`listen(last_event_id=...)`); 0 keeps none.
    """

    def __init__(
        self,
        name: str,
        *,
        broker: SSEBroker | None = None,
        max_queue: int = DEFAULT_MAX_QUEUE,
        history: int = 0,
    ) -> None:
        if max_queue < 1:
            raise ValueError("max_queue must be at least 1")
        self.name = name
        self.max_queue = max_queue
        self._subscribers: set[Subscription] = set()
        self._history: deque[Eventdict] | None = deque(maxlen=history) if history > 0 else None
        self._broker = broker
        if broker is not None:
            broker.register(self)

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)

    async def broadcast(self, message: str | dict[str, Any] | SSEMessage) -> None:
        """Publish to every subscriber; through the broker (all workers) when there is one."""
        event = to_event(message)
        if self._broker is None:
            self.deliver(event)
            await anyio.lowlevel.checkpoint()  # let the woken subscribers run before the next broadcast
        else:
            await self._broker.publish(self.name, event)

    def deliver(self, event: Eventdict) -> None:
        """Hand `event` to this process's subscribers without waiting; drop the ones that are full."""
        if self._history is not None and event.get("id") is not None:
            self._history.append(event)
        for subscriber in list(self._subscribers):
            if not subscriber.offer(event):
                self._subscribers.discard(subscriber)
                subscriber.end()  # its listener drains what is queued, then ends
                logger.warning(
                    "SSE channel %r: a subscriber left %d events unread and was dropped", self.name, self.max_queue
                )

    def _replay(self, last_event_id: str | None) -> list[Eventdict]:
        if last_event_id is None or self._history is None:
            return []
        kept = list(self._history)
        for index, event in enumerate(kept):
            if str(event.get("id")) == last_event_id:
                return kept[index + 1 :]
        return kept  # the client missed more than is kept: send all that is

    def subscribe(self, *, heartbeat_interval: float | None = 15.0, last_event_id: str | None = None) -> Subscription:
        """Subscribe now and return the events as an async iterator (`aclose()` unsubscribes).

        Unlike `listen()`, the subscription exists as soon as this returns: create it in the handler,
        before the response starts, and no event published after the client saw the headers is missed.
        `last_event_id` (the ``Last-Event-ID`` request header) replays the kept `history` after it.
        """
        if self._broker is not None:
            self._broker.check_running()
        subscription = Subscription(self, heartbeat_interval)
        for event in self._replay(last_event_id)[-self.max_queue :]:  # what fits in the new queue
            subscription.offer(event)
        self._subscribers.add(subscription)
        return subscription

    async def listen(
        self, *, heartbeat_interval: float | None = 15.0, last_event_id: str | None = None
    ) -> AsyncGenerator[Eventdict, None]:
        """Subscribe (when iteration starts) and yield events as `EventStreamResponse` wants them.

        After `heartbeat_interval` seconds without an event, yields ``{"event": "heartbeat"}``
        (None: never). The subscription ends when the generator is closed (the client went away)
        or when the subscriber was dropped for reading too slowly.
        """
        subscription = self.subscribe(heartbeat_interval=heartbeat_interval, last_event_id=last_event_id)
        try:
            async for event in subscription:
                yield event
        finally:
            subscription.close()


class Subscription:
    """One subscriber's bounded queue, iterated asynchronously; ends when closed or dropped.

    A plain deque woken by an event rather than a memory stream: a listener cancelled while it waits
    never takes an event with it (a memory stream hands an item to a waiting receiver, and a
    cancellation at that moment loses it), and what is queued is handed out before a cancellation
    is honoured.
    """

    __slots__ = ("_channel", "_heartbeat_interval", "_queue", "_ready", "_ended", "_closed")

    def __init__(self, channel: SSEChannel, heartbeat_interval: float | None) -> None:
        self._channel = channel
        self._heartbeat_interval = heartbeat_interval
        self._queue: deque[Eventdict] = deque()
        self._ready: anyio.Event | None = None  # made by the waiting listener (needs a running loop)
        self._ended = False  # dropped: hand out what is queued, then stop
        self._closed = False

    def offer(self, event: Eventdict) -> bool:
        """Queue ``event``; False when the queue is full (or closed) and the subscriber should go."""
        if self._ended or self._closed or len(self._queue) >= self._channel.max_queue:
            return False
        self._queue.append(event)
        if self._ready is not None:
            self._ready.set()
        return True

    def end(self) -> None:
        """No more events: the listener drains the queue, then its iteration stops."""
        self._ended = True
        if self._ready is not None:
            self._ready.set()

    def __aiter__(self) -> Subscription:
        return self

    async def __anext__(self) -> Eventdict:
        while not self._queue:
            if self._ended or self._closed:
                self.close()
                raise StopAsyncIteration
            self._ready = ready = anyio.Event()
            if self._heartbeat_interval is None:
                await ready.wait()
                continue
            with anyio.move_on_after(self._heartbeat_interval):
                await ready.wait()
            if not ready.is_set():
                return {"event": "heartbeat", "data": "\N{BEATING HEART}"}
        event = self._queue.popleft()
        await anyio.lowlevel.cancel_shielded_checkpoint()  # a busy channel does not starve other tasks
        return event

    def close(self) -> None:
        """Unsubscribe (idempotent); what is still queued is discarded."""
        self._channel._subscribers.discard(self)
        self._closed = True
        self._queue.clear()
        if self._ready is not None:
            self._ready.set()

    async def aclose(self) -> None:
        self.close()

    def __del__(self) -> None:
        # A subscription dropped without being closed (the handler failed before responding).
        self.close()


class SSEChannelManager:
    """One `SSEChannel` per name, all sharing the manager's broker and limits.

    `lifespan` runs the broker (if any) with the application: ``Lilya(lifespan=manager.lifespan)``.
    """

    def __init__(
        self, *, broker: SSEBroker | None = None, max_queue: int = DEFAULT_MAX_QUEUE, history: int = 0
    ) -> None:
        self._channels: dict[str, SSEChannel] = {}
        self.broker = broker
        self._factory: Callable[[str], SSEChannel] = lambda name: SSEChannel(
            name, broker=broker, max_queue=max_queue, history=history
        )

    async def get_or_create(self, name: str) -> SSEChannel:
        channel = self._channels.get(name)
        if channel is None:
            channel = self._channels[name] = self._factory(name)
        return channel

    async def get_many(self, names: Iterable[str]) -> list[SSEChannel]:
        return [await self.get_or_create(name) for name in names]

    async def clear(self) -> None:
        """Forget every channel (their current subscribers keep listening until they leave)."""
        for channel in self._channels.values():
            if self.broker is not None:
                self.broker.unregister(channel)
        self._channels.clear()

    async def list_channels(self) -> list[str]:
        return list(self._channels)

    def __contains__(self, name: str) -> bool:
        return name in self._channels

    def lifespan(self, app: Any = None) -> AbstractAsyncContextManager[None]:
        """The broker's lifespan (a no-op context without a broker): pass as ``Lilya(lifespan=...)``."""
        return self.broker.running() if self.broker is not None else nullcontext()


sse_manager = SSEChannelManager()
