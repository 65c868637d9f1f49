"""A framework-agnostic fan-out for the SSE scenario: one publisher, one bounded queue per subscriber."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
from anyio.streams.memory import MemoryObjectSendStream

__all__ = ["Broadcaster"]


class Broadcaster:
    def __init__(self) -> None:
        self.subscribers: set[MemoryObjectSendStream[str]] = set()

    async def run(self, interval: float) -> None:
        """Publish ``{"n", "ts"}`` every ``interval`` seconds; a full queue drops (slow subscriber)."""
        n = 0
        while True:
            await anyio.sleep(interval)
            n += 1
            payload = json.dumps({"n": n, "ts": time.time()})
            for subscriber in list(self.subscribers):
                try:
                    subscriber.send_nowait(payload)
                except (anyio.WouldBlock, anyio.BrokenResourceError, anyio.ClosedResourceError):
                    pass

    async def subscribe(self) -> AsyncIterator[str]:
        send, receive = anyio.create_memory_object_stream[str](16)
        self.subscribers.add(send)
        try:
            async with receive:
                async for payload in receive:
                    yield payload
        finally:
            self.subscribers.discard(send)

    @asynccontextmanager
    async def lifespan(self, app: Any) -> AsyncIterator[None]:
        """The app's lifespan: publish every 50 ms while the app runs."""
        async with anyio.create_task_group() as group:
            group.start_soon(self.run, 0.05)
            yield
            group.cancel_scope.cancel()
